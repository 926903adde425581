from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'kiali/{{cookiecutter.name}}/virtualservice.yaml'

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
    if (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'mode') == 'gateway'):
        pass
        yield '\napiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: kiali\n  namespace: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'kiali_namespace'))
        yield '\n  labels: '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
        yield '\nspec:\n  hosts:\n    - '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'host')))
        yield '\n  gateways:\n    - kiali\n  http:\n    - name: kiali\n      route:\n        - destination:\n            host: kiali.'
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'kiali_namespace'))
        yield '.svc.cluster.local\n            port:\n              number: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port'))
    yield '\n'

blocks = {}
debug_info = '1=19&2=22&7=25&8=27&11=29&18=31&20=33'
