from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'namespace/{{cookiecutter.name}}/rbac.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_kind = resolve('kind')
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
    if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rbac'):
        pass
        l_0_kind = ('ClusterRole' if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'cluster_wide') else 'Role')
        context.vars['kind'] = l_0_kind
        context.exported_vars.add('kind')
        yield '\napiVersion: rbac.authorization.k8s.io/v1\nkind: '
        yield str((undefined(name='kind') if l_0_kind is missing else l_0_kind))
        yield '\nmetadata:\n  name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'role_name'))
        if (not environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'cluster_wide')):
            pass
            yield '\n  namespace: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
        yield '\n  labels:\n    app.kubernetes.io/part-of: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'part_of'))
        yield '\n    app.kubernetes.io/managed-by: meshify\nrules:'
        for l_1_r in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'rules'):
            _loop_vars = {}
            pass
            yield '\n  - apiGroups: '
            yield str(t_1(context.eval_ctx, environment.getattr(l_1_r, 'apiGroups')))
            yield '\n    resources: '
            yield str(t_1(context.eval_ctx, environment.getattr(l_1_r, 'resources')))
            yield '\n    verbs: ["get", "list", "watch"]'
        l_1_r = missing
        yield '\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: '
        yield str((undefined(name='kind') if l_0_kind is missing else l_0_kind))
        yield 'Binding\nmetadata:\n  name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'role_name'))
        if (not environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'cluster_wide')):
            pass
            yield '\n  namespace: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
        yield '\n  labels:\n    app.kubernetes.io/part-of: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'part_of'))
        yield '\n    app.kubernetes.io/managed-by: meshify\nsubjects:'
        for l_1_s in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'subjects'):
            _loop_vars = {}
            pass
            yield '\n  - kind: ServiceAccount\n    name: '
            yield str(l_1_s)
            yield '\n    namespace: '
            yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
        l_1_s = missing
        yield '\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: '
        yield str((undefined(name='kind') if l_0_kind is missing else l_0_kind))
        yield '\n  name: '
        yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'role_name'))
    yield '\n'

blocks = {}
debug_info = '1=20&5=23&6=25&8=29&10=31&11=32&12=35&15=37&18=39&19=43&20=45&25=49&27=51&28=52&29=55&32=57&35=59&37=63&38=65&42=68&43=70'
