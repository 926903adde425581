from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'service/{{cookiecutter.name}}/deployment.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_c = l_0_probe = missing
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
    def macro(l_1_p):
        t_2 = []
        if l_1_p is missing:
            l_1_p = undefined("parameter 'p' was not provided", name='p')
        pass
        if environment.getattr(l_1_p, 'path'):
            pass
            t_2.extend((
                '\n            httpGet:\n              path: ',
                str(t_1(context.eval_ctx, environment.getattr(l_1_p, 'path'))),
                '\n              port: ',
                str(t_1(context.eval_ctx, environment.getattr(l_1_p, 'port'))),
            ))
        else:
            pass
            t_2.extend((
                '\n            tcpSocket:\n              port: ',
                str(t_1(context.eval_ctx, environment.getattr(l_1_p, 'port'))),
            ))
        t_2.extend((
            '\n            periodSeconds: ',
            str(environment.getattr(l_1_p, 'period')),
            '\n            timeoutSeconds: ',
            str(environment.getattr(l_1_p, 'timeout')),
            '\n            failureThreshold: ',
            str(environment.getattr(l_1_p, 'failure')),
        ))
        return concat(t_2)
    context.exported_vars.add('probe')
    context.vars['probe'] = l_0_probe = Macro(environment, macro, 'probe', ('p',), False, False, False, context.eval_ctx.autoescape)
    yield '\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'name'))
    yield '\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'workload_annotations'):
        pass
        yield '\n  annotations: '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'workload_annotations')))
    yield '\nspec:\n  replicas: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'replicas'))
    yield '\n  revisionHistoryLimit: 5\n  # The selector includes the version label so a v2 Deployment can run next to this one\n  # behind the same Service (whose selector is app only) for Istio canaries.\n  selector:\n    matchLabels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'selector')))
    yield '\n  strategy:\n    type: RollingUpdate\n    rollingUpdate:\n      maxSurge: 1\n      maxUnavailable: 0\n  template:\n    metadata:\n      labels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'pod_labels')))
    yield '\n      annotations: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'pod_annotations')))
    yield '\n    spec:\n      serviceAccountName: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'app'))
    yield '\n      automountServiceAccountToken: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'automount_token')))
    yield '\n      # Service links would inject e.g. SERVER_PORT=tcp://... for a Service named "server",\n      # which Spring\'s relaxed binding reads as server.port.\n      enableServiceLinks: false\n      terminationGracePeriodSeconds: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'termination_grace_seconds'))
    yield '\n      securityContext:\n        runAsNonRoot: true\n        runAsUser: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'uid'))
    yield '\n        runAsGroup: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'uid'))
    yield '\n        fsGroup: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'uid'))
    yield '\n        seccompProfile:\n          type: RuntimeDefault\n      topologySpreadConstraints:\n        - maxSkew: 1\n          topologyKey: kubernetes.io/hostname\n          whenUnsatisfiable: ScheduleAnyway\n          labelSelector:\n            matchLabels: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'selector')))
    yield '\n      containers:\n        - name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'app'))
    yield '\n          image: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'image')))
    yield "\n          # Always: a re-pushed tag is picked up; the node's cache still serves an unchanged digest.\n          imagePullPolicy: Always\n          ports:"
    for l_1_p in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'container_ports'):
        _loop_vars = {}
        pass
        yield '\n            - name: '
        yield str(environment.getattr(l_1_p, 'name'))
        yield '\n              containerPort: '
        yield str(environment.getattr(l_1_p, 'port'))
        yield '\n              protocol: TCP'
    l_1_p = missing
    yield '\n          env:'
    for l_1_e in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'env'):
        _loop_vars = {}
        pass
        yield '\n            - name: '
        yield str(t_1(context.eval_ctx, environment.getattr(l_1_e, 'name')))
        if environment.getattr(l_1_e, 'field_path'):
            pass
            yield '\n              valueFrom:\n                fieldRef:\n                  fieldPath: '
            yield str(environment.getattr(l_1_e, 'field_path'))
        elif environment.getattr(l_1_e, 'secret'):
            pass
            yield '\n              valueFrom:\n                secretKeyRef:\n                  name: '
            yield str(t_1(context.eval_ctx, environment.getattr(environment.getattr(l_1_e, 'secret'), 'name')))
            yield '\n                  key: '
            yield str(t_1(context.eval_ctx, environment.getattr(environment.getattr(l_1_e, 'secret'), 'key')))
        else:
            pass
            yield '\n              value: '
            yield str(t_1(context.eval_ctx, environment.getattr(l_1_e, 'value')))
    l_1_e = missing
    yield '\n          resources: '
    yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'resources')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'startup'):
        pass
        yield '\n          startupProbe:'
        yield str(context.call((undefined(name='probe') if l_0_probe is missing else l_0_probe), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'startup')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'liveness'):
        pass
        yield '\n          livenessProbe:'
        yield str(context.call((undefined(name='probe') if l_0_probe is missing else l_0_probe), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'liveness')))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'readiness'):
        pass
        yield '\n          readinessProbe:'
        yield str(context.call((undefined(name='probe') if l_0_probe is missing else l_0_probe), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'readiness')))
    yield '\n          lifecycle:\n            # Give kube-proxy and the Envoy sidecars time to drop this pod from their\n            # endpoints before the JVM stops accepting requests.\n            preStop:\n              exec:\n                command: ["sh", "-c", "sleep 10"]\n          securityContext:\n            allowPrivilegeEscalation: false\n            privileged: false\n            readOnlyRootFilesystem: true\n            runAsNonRoot: true\n            capabilities:\n              drop: ["ALL"]\n          volumeMounts:\n            - name: tmp\n              mountPath: /tmp'
    for l_1_d in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'writable_dirs'):
        _loop_vars = {}
        pass
        yield '\n            - name: '
        yield str(environment.getattr(l_1_d, 'name'))
        yield '\n              mountPath: '
        yield str(environment.getattr(l_1_d, 'path'))
    l_1_d = missing
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'config_mount'):
        pass
        yield '\n            - name: config\n              mountPath: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'config_mount'))
        yield '\n              readOnly: true'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'secret_files'):
        pass
        yield '\n            - name: secrets\n              mountPath: '
        yield str(environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'secret_files'), 'mount'))
        yield '\n              readOnly: true'
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'shared_mount'):
        pass
        yield '\n            - name: shared-config\n              mountPath: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'shared_mount'))
        yield '\n              readOnly: true'
    yield '\n      volumes:\n        # The root filesystem is read-only; the JVM and Spring Boot need a writable /tmp.\n        - name: tmp\n          emptyDir:\n            sizeLimit: 256Mi'
    for l_1_d in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'writable_dirs'):
        _loop_vars = {}
        pass
        yield '\n        - name: '
        yield str(environment.getattr(l_1_d, 'name'))
        yield '\n          emptyDir:\n            sizeLimit: '
        yield str(environment.getattr(l_1_d, 'size'))
    l_1_d = missing
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'config_mount'):
        pass
        yield '\n        - name: config\n          configMap:\n            name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'config_name'))
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'secret_files'):
        pass
        yield '\n        # Secrets as files, one per value, named after the ${ENV} reference that reads it\n        # (spring.config.import: configtree:), so no secret sits in the environment.\n        - name: secrets\n          projected:\n            sources:'
        for l_1_src in environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'secret_files'), 'sources'):
            _loop_vars = {}
            pass
            yield '\n              - secret:\n                  name: '
            yield str(t_1(context.eval_ctx, environment.getattr(l_1_src, 'name')))
            yield '\n                  items:'
            for l_2_i in environment.getattr(l_1_src, 'files'):
                _loop_vars = {}
                pass
                yield '\n                    - key: '
                yield str(t_1(context.eval_ctx, environment.getattr(l_2_i, 'key')))
                yield '\n                      path: '
                yield str(t_1(context.eval_ctx, environment.getattr(l_2_i, 'path')))
            l_2_i = missing
        l_1_src = missing
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'shared_mount'):
        pass
        yield '\n        - name: shared-config\n          configMap:\n            name: application'
    yield '\n'

blocks = {}
debug_info = '3=19&4=22&5=27&7=31&8=33&11=39&13=43&14=45&15=47&20=53&21=55&22=57&23=58&24=61&27=63&32=65&40=67&41=69&43=71&44=73&48=75&51=77&52=79&53=81&61=83&63=85&64=87&68=89&69=93&70=95&74=99&75=103&76=104&79=107&80=108&83=111&84=113&86=117&89=120&90=121&91=124&93=125&94=128&96=129&97=132&115=134&116=138&117=140&119=142&121=145&124=147&126=150&129=152&131=155&139=158&140=162&142=164&144=166&147=169&149=170&155=173&157=177&159=179&160=183&161=185&165=188'
