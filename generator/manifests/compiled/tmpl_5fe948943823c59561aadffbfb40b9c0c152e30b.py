from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'namespace/{{cookiecutter.name}}/namespace.yaml'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_cookiecutter = resolve('cookiecutter')
    l_0_c = missing
    pass
    l_0_c = environment.getattr((undefined(name='cookiecutter') if l_0_cookiecutter is missing else l_0_cookiecutter), '_ctx')
    context.vars['c'] = l_0_c
    context.exported_vars.add('c')
    yield 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels:\n    # Istio injects a sidecar into every pod created here (pods also carry\n    # sidecar.istio.io/inject: "true" as a fallback).\n    istio-injection: enabled\n    app.kubernetes.io/part-of: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'part_of'))
    yield '\n    app.kubernetes.io/managed-by: meshify\n'

blocks = {}
debug_info = '1=13&5=17&10=19'
