from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'assembly.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_assembly = resolve('assembly')
    l_0_start_script = resolve('start_script')
    l_0_target = resolve('target')
    l_0_classpath = resolve('classpath')
    l_0_main_class = resolve('main_class')
    pass
    template = environment.get_template('build.j2', 'assembly.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield '# The assembly ('
    yield str(environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'descriptor'))
    yield ') unpacked as it is installed by hand'
    if (undefined(name='start_script') if l_0_start_script is missing else l_0_start_script):
        pass
        yield '; '
        yield str((undefined(name='start_script') if l_0_start_script is missing else l_0_start_script))
        yield ' is not\n# run: the container runs its main class in the foreground, sized by the container limits'
    yield '.\nRUN set -eu; set -- /src/'
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield '/'
    yield str(environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'archive'))
    yield '; \\\n    [ $# -eq 1 ] && [ -e "$1" ] || { echo "expected one '
    yield str(environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'archive'))
    yield ' in '
    yield str((undefined(name='target') if l_0_target is missing else l_0_target))
    yield ', found: $*" >&2; exit 1; }; \\\n    mkdir -p /x /app; \\'
    if (environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'format') == 'dir'):
        pass
        yield '\n    cp -R "$1"/. /x/; \\'
    elif (environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'format') in ('tar.gz', 'tgz')):
        pass
        yield '\n    tar -xzf "$1" -C /x; \\'
    elif (environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'format') == 'tar'):
        pass
        yield '\n    tar -xf "$1" -C /x; \\'
    else:
        pass
        yield '\n    cd /x && jar xf "$1" && cd /src; \\'
    if environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'base'):
        pass
        yield '\n    set -- /x/'
        yield str(environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'base'))
        yield '; [ $# -eq 1 ] && [ -d "$1" ] || { echo "expected the folder '
        yield str(environment.getattr((undefined(name='assembly') if l_0_assembly is missing else l_0_assembly), 'base'))
        yield ' in the assembly" >&2; exit 1; }; \\\n    cp -R "$1"/. /app/'
    else:
        pass
        yield '\n    cp -R /x/. /app/'
    yield '\n'
    template = environment.get_template('runtime.j2', 'assembly.j2')
    gen = template.root_render_func(template.new_context(context.get_all(), True, {}))
    try:
        for event in gen:
            yield event
    finally: gen.close()
    yield 'ENTRYPOINT ["java", "-cp", "'
    yield str((undefined(name='classpath') if l_0_classpath is missing else l_0_classpath))
    yield '", "'
    yield str((undefined(name='main_class') if l_0_main_class is missing else l_0_main_class))
    yield '"]\n'

blocks = {}
debug_info = '1=16&2=23&4=31&5=35&7=39&9=42&11=45&16=51&17=54&22=62&23=69'
