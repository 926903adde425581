from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'classpath.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_target = resolve('target')
    l_0_artifact = resolve('artifact')
    l_0_main_class = resolve('main_class')
    pass
    template = environment.get_template('build.j2', 'classpath.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '# The jar and its runtime dependencies (copied by maven-dependency-plugin into target/dependency).\nRUN set -eu; set -- '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield '/'
    yield str((undefined(name='artifact') if l_0_artifact is missing else l_0_artifact))
    yield '; \\\n    [ $# -eq 1 ] && [ -f "$1" ] || { echo "expected one '
    yield str((undefined(name='artifact') if l_0_artifact is missing else l_0_artifact))
    yield ' in '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield ', found: $*" >&2; exit 1; }; \\\n    mkdir -p /app/lib && cp "$1" /app/app.jar; \\\n    if [ -d '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield '/dependency ]; then cp '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield '/dependency/*.jar /app/lib/; fi\n'
    template = environment.get_template('runtime.j2', 'classpath.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield 'ENTRYPOINT ["java", "-cp", "/app/app.jar:/app/lib/*", "'
    yield str((undefined(name='main_class') if l_0_main_class is missing else l_0_main_class))
    yield '"]\n'

blocks = {}
debug_info = '1=14&3=21&4=25&6=29&7=33&8=40'
