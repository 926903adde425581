from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'war.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_target = resolve('target')
    l_0_artifact = resolve('artifact')
    l_0_war_name = resolve('war_name')
    l_0_tomcat = resolve('tomcat')
    l_0_servlet = resolve('servlet')
    l_0_context_path = resolve('context_path')
    l_0_run_image = resolve('run_image')
    l_0_java_tool_options = resolve('java_tool_options')
    l_0_tomcat_home = resolve('tomcat_home')
    l_0_uid = resolve('uid')
    l_0_ports = resolve('ports')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    template = environment.get_template('build.j2', 'war.j2')
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
    yield str((undefined(name='war_name') if l_0_war_name is missing else l_0_war_name))
    yield '\n\n# Tomcat '
    yield str((undefined(name='tomcat') if l_0_tomcat is missing else l_0_tomcat))
    yield ' ('
    yield str((undefined(name='servlet') if l_0_servlet is missing else l_0_servlet))
    yield '.servlet), serving the war at '
    yield str((undefined(name='context_path') if l_0_context_path is missing else l_0_context_path))
    yield '.\nFROM '
    yield str((undefined(name='run_image') if l_0_run_image is missing else l_0_run_image))
    yield '\nWORKDIR /app\nCOPY --from=build /app/'
    yield str((undefined(name='war_name') if l_0_war_name is missing else l_0_war_name))
    yield ' /app/'
    yield str((undefined(name='war_name') if l_0_war_name is missing else l_0_war_name))
    yield '\n# The JVM sizes its heap from the container memory limit; the root filesystem is read-only\n# in Kubernetes: Tomcat\'s temp, work, logs, webapps and conf/Catalina folders are volumes,\n# /tmp is the home. Without them (docker run), webapps and conf/Catalina are the user\'s.\nENV JAVA_TOOL_OPTIONS="'
    yield str((undefined(name='java_tool_options') if l_0_java_tool_options is missing else l_0_java_tool_options))
    yield '"\nRUN mkdir -p '
    yield str((undefined(name='tomcat_home') if l_0_tomcat_home is missing else l_0_tomcat_home))
    yield '/conf/Catalina && chown '
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    yield ':'
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    yield ' '
    yield str((undefined(name='tomcat_home') if l_0_tomcat_home is missing else l_0_tomcat_home))
    yield '/webapps '
    yield str((undefined(name='tomcat_home') if l_0_tomcat_home is missing else l_0_tomcat_home))
    yield '/conf/Catalina\nUSER '
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    yield ':'
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    if (undefined(name='ports') if l_0_ports is missing else l_0_ports):
        pass
        yield '\nEXPOSE '
        yield str(t_1(context.eval_ctx, (undefined(name='ports') if l_0_ports is missing else l_0_ports), ' '))
    yield '\n# webapps/ is an empty volume when the pod starts: put the war there, Tomcat unpacks it beside.\nENTRYPOINT ["/bin/sh", "-c", "cp -p /app/'
    yield str((undefined(name='war_name') if l_0_war_name is missing else l_0_war_name))
    yield ' \\"$CATALINA_HOME/webapps/'
    yield str((undefined(name='war_name') if l_0_war_name is missing else l_0_war_name))
    yield '\\" && exec catalina.sh run"]\n'

blocks = {}
debug_info = '1=28&2=35&3=39&4=43&6=45&7=51&9=53&13=57&14=59&15=69&16=72&17=75&20=77'
