from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/networkpolicy.yaml'

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
    yield 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield '\nspec:\n  podSelector:\n    matchLabels:\n      app: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  policyTypes:\n    - Ingress\n  ingress:\n    # The Service ports.\n    - ports:'
    for l_1_p in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'service_ports'):
        _loop_vars = {}
        pass
        yield '\n        - port: '
        yield str(environment.getattr(l_1_p, 'port'))
        yield '\n          protocol: TCP'
    l_1_p = missing
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'peer_ports'):
        pass
        yield "\n    # Ports other pods dial on this pod directly, outside the Service (e.g. Dubbo's metadata service).\n    - ports:"
        for l_1_p in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'peer_ports'):
            _loop_vars = {}
            pass
            yield '\n        - port: '
            yield str(environment.getattr(l_1_p, 'port'))
            yield '\n          protocol: TCP'
        l_1_p = missing
    yield '\n    # Istio sidecar: 15020 status/rewritten app probes, 15021 sidecar health, 15090 Envoy metrics.\n    - ports:\n        - port: 15020\n          protocol: TCP\n        - port: 15021\n          protocol: TCP\n        - port: 15090\n          protocol: TCP\n'

blocks = {}
debug_info = '1=19&11=23&12=25&13=27&17=29&23=31&24=35&27=38&30=41&31=45'
