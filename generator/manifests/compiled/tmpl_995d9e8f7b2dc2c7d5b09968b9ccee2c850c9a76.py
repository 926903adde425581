from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/service.yaml'

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
    yield 'apiVersion: v1\nkind: Service\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield "\nspec:\n  type: ClusterIP\n  # app only, without version: every version of the workload (v1, a v2 canary) is behind\n  # this Service, and Istio's DestinationRule subsets split traffic between them.\n  selector:\n    app: "
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  ports:'
    for l_1_p in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'service_ports'):
        _loop_vars = {}
        pass
        yield '\n    - name: '
        yield str(environment.getattr(l_1_p, 'name'))
        yield '\n      port: '
        yield str(environment.getattr(l_1_p, 'port'))
        yield '\n      targetPort: '
        yield str(environment.getattr(l_1_p, 'name'))
        yield '\n      protocol: TCP'
    l_1_p = missing
    yield '\n'

blocks = {}
debug_info = '1=19&9=23&10=25&11=27&17=29&19=31&20=35&21=37&22=39'
