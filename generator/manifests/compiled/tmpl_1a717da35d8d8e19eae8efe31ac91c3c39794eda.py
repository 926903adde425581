from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'overlay/{{cookiecutter.name}}/kustomization.yaml'

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
    yield "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../base\n# Example: replace each image's tag with the one you build and push.\nimages:"
    for l_1_i in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'images'):
        _loop_vars = {}
        pass
        yield '\n  - name: '
        yield str(t_1(context.eval_ctx, environment.getattr(l_1_i, 'name')))
        yield '\n    newTag: '
        yield str(t_1(context.eval_ctx, environment.getattr(l_1_i, 'newTag')))
    l_1_i = missing
    yield '\n'

blocks = {}
debug_info = '1=19&8=23&9=27&10=29'
