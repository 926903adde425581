from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/gateway.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_owner = resolve('owner')
    l_0_host = resolve('host')
    l_0_c = missing
    try:
        t_1 = environment.filters['default']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'default' found.")
    try:
        t_2 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    pass
    l_0_c = environment.getattr((undefined(name='cookiecutter') if l_0_cookiecutter is missing else l_0_cookiecutter), '_ctx')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'gateway'):
        pass
        l_0_owner = t_1(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ingress_gateway'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
        context.vars['owner'] = l_0_owner
        context.exported_vars.add('owner')
        l_0_host = t_1(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'ingress_host'), '*')
        context.vars['host'] = l_0_host
        context.exported_vars.add('host')
        if ((undefined(name='owner') if l_0_owner is missing else l_0_owner) == environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name')):
            pass
            yield '\napiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata:\n  name: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
            yield '\n  namespace: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
            yield '\n  labels: '
            yield str(t_2(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
            yield '\nspec:\n  selector:\n    istio: ingressgateway\n  servers:\n    - port:\n        number: 80\n        name: http\n        protocol: HTTP\n      hosts:\n        - "*"\n---'
        yield '\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
        yield '-ingress\n  namespace: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
        yield '\n  labels: '
        yield str(t_2(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
        yield '\nspec:\n  hosts:\n    - "'
        yield str((undefined(name='host') if l_0_host is missing else l_0_host))
        yield '"\n  gateways:\n    - '
        yield str((undefined(name='owner') if l_0_owner is missing else l_0_owner))
        yield '\n  http:\n    - name: ingress\n      route:\n        - destination:\n            host: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
        yield '\n            subset: v1\n            port:\n              number: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'gateway_port'))
    yield '\n'

blocks = {}
debug_info = '1=27&4=30&5=32&6=35&7=38&11=41&12=43&13=45&31=48&32=50&33=52&36=54&38=56&43=58&46=60'
