from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/authorizationpolicy.yaml'

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
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'deny_qos'):
        pass
        yield '\napiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata:\n  name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
        yield '-deny-qos\n  namespace: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
        yield '\n  labels: '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
        yield '\nspec:\n  selector:\n    matchLabels:\n      app: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
        yield '\n  action: DENY\n  rules:\n    - to:\n        - operation:\n            ports:\n              - "'
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'deny_qos'))
        yield '"'
    yield '\n'

blocks = {}
debug_info = '1=19&26=22&30=25&31=27&32=29&36=31&42=33'
