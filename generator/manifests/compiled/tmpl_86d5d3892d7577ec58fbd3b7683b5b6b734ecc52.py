from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/destinationrule.yaml'

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
    yield 'apiVersion: networking.istio.io/v1\nkind: DestinationRule\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield '\nspec:\n  host: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    if (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'outlier_errors') or environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'istio_mutual')):
        pass
        yield '\n  trafficPolicy:'
        if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'istio_mutual'):
            pass
            yield '\n    # Proxyless clients send mTLS only when told to; under STRICT they must be.\n    tls:\n      mode: ISTIO_MUTUAL'
        if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'outlier_errors'):
            pass
            yield '\n    # From the client-side circuit breaker settings found in the sources.\n    outlierDetection:\n      consecutive5xxErrors: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'outlier_errors'))
            yield '\n      interval: 10s\n      baseEjectionTime: 30s\n      maxEjectionPercent: 50'
    yield '\n  subsets:'
    for l_1_s in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'subsets'):
        _loop_vars = {}
        pass
        yield '\n    - name: '
        yield str(environment.getattr(l_1_s, 'name'))
        yield '\n      labels: '
        yield str(t_1(context.eval_ctx, environment.getattr(l_1_s, 'labels')))
    l_1_s = missing
    yield '\n'

blocks = {}
debug_info = '1=19&5=23&6=25&7=27&9=29&10=30&12=33&17=36&20=39&27=42&28=46&29=48'
