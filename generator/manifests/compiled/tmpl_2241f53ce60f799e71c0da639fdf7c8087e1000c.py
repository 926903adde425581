from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'kiali/{{cookiecutter.name}}/service-nodeport.yaml'

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
    if (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'mode') == 'nodeport'):
        pass
        yield "\n# Kiali on every node's address: kubectl -n "
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'kiali_namespace'))
        yield ' get service kiali-nodeport\n# shows the node port Kubernetes picked (30000-32767); open http://<node>:<node port>/kiali.\napiVersion: v1\nkind: Service\nmetadata:\n  name: kiali-nodeport\n  namespace: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'kiali_namespace'))
        yield '\n  labels: '
        yield str(t_1(context.eval_ctx, environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'labels')))
        yield "\nspec:\n  type: NodePort\n  # the labels of the Kiali server that Istio's addon and Kiali's Helm chart install\n  selector:\n    app.kubernetes.io/name: kiali\n    app.kubernetes.io/instance: kiali\n  ports:\n    - name: http\n      port: "
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port'))
        yield '\n      targetPort: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'port'))
        yield '\n      protocol: TCP'
    yield '\n'

blocks = {}
debug_info = '1=19&2=22&3=25&9=27&10=29&19=31&20=33'
