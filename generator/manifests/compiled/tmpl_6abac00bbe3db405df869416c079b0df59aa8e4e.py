from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'eastwest/{{cookiecutter.name}}/gateway.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_c = missing
    try:
        t_1 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    l_0_c = environment.getattr((undefined(name='cookiecutter') if l_0_cookiecutter is missing else l_0_cookiecutter), '_ctx')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    yield "# The cross-network Gateway of Istio's multi-network install: the east-west gateway passes mTLS\n# through (AUTO_PASSTHROUGH, SNI) to the services of namespace "
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield ' only, not to\n# every *.local host. The gateway itself (istio: eastwestgateway), the shared root CA and the\n# remote secrets are installation steps: Istio\'s "Install Multi-Primary on different networks".\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: cross-network-'
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'gateway_namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield '\nspec:\n  selector:\n    istio: eastwestgateway\n  servers:\n    - port:\n        number: 15443\n        name: tls\n        protocol: TLS\n      tls:\n        mode: AUTO_PASSTHROUGH\n      hosts:\n        - '
    yield str(t_1(context.eval_ctx, str_join(('*.', environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'), '.svc.cluster.local', ))))
    yield '\n'

blocks = {}
debug_info = '1=19&3=23&9=25&10=27&11=29&23=31'
