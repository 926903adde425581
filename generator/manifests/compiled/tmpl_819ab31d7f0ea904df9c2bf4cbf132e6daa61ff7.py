from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'namespace/{{cookiecutter.name}}/peer-authentication.yaml'

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
    yield 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata:\n  # "default" with no selector: the policy for the whole namespace.\n  name: default\n  namespace: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'namespace'))
    yield '\n  labels:\n    app.kubernetes.io/part-of: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'part_of'))
    yield '\n    app.kubernetes.io/managed-by: meshify\nspec:\n  mtls:\n    mode: '
    yield str(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'mtls'))
    yield '\n'

blocks = {}
debug_info = '1=13&7=17&9=19&13=21'
