from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'jar.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_target = resolve('target')
    l_0_artifact = resolve('artifact')
    l_0_app_file = resolve('app_file')
    pass
    template = environment.get_template('build.j2', 'jar.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield 'RUN set -eu; set -- '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield '/'
    yield str((undefined(name='artifact') if l_0_artifact is missing else l_0_artifact))
    yield '; \\\n    [ $# -eq 1 ] && [ -f "$1" ] || { echo "expected one '
    yield str((undefined(name='artifact') if l_0_artifact is missing else l_0_artifact))
    yield ' in '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield ', found: $*" >&2; exit 1; }; \\\n    mkdir -p /app && cp "$1" /app/'
    yield str((undefined(name='app_file') if l_0_app_file is missing else l_0_app_file))
    yield '\n'
    template = environment.get_template('runtime.j2', 'jar.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield 'ENTRYPOINT ["java", "-jar", "/app/'
    yield str((undefined(name='app_file') if l_0_app_file is missing else l_0_app_file))
    yield '"]\n'

blocks = {}
debug_info = '1=14&2=21&3=25&4=29&5=31&6=38'
