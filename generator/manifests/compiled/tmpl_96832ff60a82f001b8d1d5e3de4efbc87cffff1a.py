from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/virtualservice.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_c = l_0_destinations = missing
    try:
        t_1 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    try:
        t_2 = environment.tests['defined']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No test named 'defined' found.")
    pass
    l_0_c = environment.getattr((undefined(name='cookiecutter') if l_0_cookiecutter is missing else l_0_cookiecutter), '_ctx')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    yield 'apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    yield '\nspec:\n  hosts:\n    - '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    def macro(l_1_route):
        t_3 = []
        if l_1_route is missing:
            l_1_route = undefined("parameter 'route' was not provided", name='route')
        pass
        for l_2_d in l_1_route:
            _loop_vars = {}
            pass
            t_3.extend((
                '\n        - destination:\n            host: ',
                str(environment.getattr(environment.getattr(l_2_d, 'destination'), 'host')),
                '\n            subset: ',
                str(environment.getattr(environment.getattr(l_2_d, 'destination'), 'subset')),
            ))
            if t_2(environment.getattr(environment.getattr(l_2_d, 'destination'), 'port')):
                pass
                t_3.extend((
                    '\n            port:\n              number: ',
                    str(environment.getattr(environment.getattr(environment.getattr(l_2_d, 'destination'), 'port'), 'number')),
                ))
            if t_2(environment.getattr(l_2_d, 'weight')):
                pass
                t_3.extend((
                    '\n          weight: ',
                    str(environment.getattr(l_2_d, 'weight')),
                ))
        l_2_d = missing
        return concat(t_3)
    context.exported_vars.add('destinations')
    context.vars['destinations'] = l_0_destinations = Macro(environment, macro, 'destinations', ('route',), False, False, False, context.eval_ctx.autoescape)
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'http_route'):
        pass
        yield '\n  # Routes in a fixed order, so that an overlay patch can address them by index: header\n  # matches first (one per version a request header selects), the default route last.\n  http:'
        for l_1_r in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'http_routes'):
            l_1_p = missing
            _loop_vars = {}
            pass
            yield '\n    - name: '
            yield str(environment.getattr(l_1_r, 'name'))
            if t_2(environment.getattr(l_1_r, 'match')):
                pass
                yield '\n      match:'
                for l_2_m in environment.getattr(l_1_r, 'match'):
                    _loop_vars = {}
                    pass
                    if t_2(environment.getattr(l_2_m, 'headers')):
                        pass
                        yield '\n        - headers: '
                        yield str(t_1(context.eval_ctx, environment.getattr(l_2_m, 'headers')))
                        if t_2(environment.getattr(l_2_m, 'sourceLabels')):
                            pass
                            yield '\n          sourceLabels: '
                            yield str(t_1(context.eval_ctx, environment.getattr(l_2_m, 'sourceLabels')))
                    else:
                        pass
                        yield '\n        - sourceLabels: '
                        yield str(t_1(context.eval_ctx, environment.getattr(l_2_m, 'sourceLabels')))
                l_2_m = missing
            yield '\n      route:'
            yield str(context.call((undefined(name='destinations') if l_0_destinations is missing else l_0_destinations), environment.getattr(l_1_r, 'route'), _loop_vars=_loop_vars))
            l_1_p = (environment.getattr(l_1_r, 'policy') if t_2(environment.getattr(l_1_r, 'policy')) else environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'route_policy'))
            _loop_vars['p'] = l_1_p
            if environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'timeout'):
                pass
                yield '\n      # Timeouts and retries come from the client-side settings found in the sources\n      # (Feign/Ribbon/Resilience4j, Dubbo timeout/retries); remove them there.\n      timeout: '
                yield str(environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'timeout'))
            if environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'retries'):
                pass
                yield '\n      retries: '
                yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='p') if l_1_p is missing else l_1_p), 'retries')))
        l_1_r = l_1_p = missing
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'tcp_ports'):
        pass
        yield '\n  # Plain TCP ports (e.g. the dubbo protocol): Istio routes connections, not requests.\n  tcp:'
        for l_1_r in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'tcp_routes'):
            _loop_vars = {}
            pass
            yield '\n    - match:\n        - port: '
            yield str(environment.getattr(l_1_r, 'port'))
            yield '\n      route:'
            yield str(context.call((undefined(name='destinations') if l_0_destinations is missing else l_0_destinations), environment.getattr(l_1_r, 'route'), _loop_vars=_loop_vars))
        l_1_r = missing
    yield '\n'

blocks = {}
debug_info = '1=25&5=29&6=31&7=33&10=35&11=36&12=41&14=46&15=48&16=50&18=54&20=56&21=60&25=66&29=69&30=74&31=75&33=78&34=81&35=84&36=85&37=88&40=92&44=95&45=96&46=98&49=101&51=102&52=105&56=107&59=110&61=114&62=116'
