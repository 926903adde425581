from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'external/{{cookiecutter.name}}/serviceentry.yaml'

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
    yield 'apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield '\nspec:\n  hosts:'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'address'):
        pass
        yield '\n    # An IP address has no host name: Envoy matches the traffic by address and port,\n    # and this host only names the entry.'
    yield '\n    - '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'host')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'address'):
        pass
        yield '\n  addresses:\n    - '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'address')))
    yield '\n  location: MESH_EXTERNAL\n  ports:\n    - number: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port'))
    yield '\n      name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port_name'))
    yield '\n      protocol: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port_protocol'))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'address'):
        pass
        yield '\n  resolution: STATIC\n  endpoints:\n    - address: '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'address')))
    else:
        pass
        yield '\n  resolution: DNS'
    yield '\n'

blocks = {}
debug_info = '1=19&7=23&8=25&9=27&12=29&16=33&17=34&19=37&23=39&24=41&25=43&26=44&29=47'
