from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'runtime.j2'

def root(context, missing=missing):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_run_image = resolve('run_image')
    l_0_java_tool_options = resolve('java_tool_options')
    l_0_uid = resolve('uid')
    l_0_ports = resolve('ports')
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    pass
    yield '\nFROM '
    yield str((undefined(name='run_image') if l_0_run_image is missing else l_0_run_image))
    yield '\nWORKDIR /app\nCOPY --from=build /app/ /app/\n# The JVM sizes its heap from the container memory limit; the root filesystem is read-only\n# in Kubernetes, so temporary files and the home directory are on the /tmp volume.\nENV JAVA_TOOL_OPTIONS="'
    yield str((undefined(name='java_tool_options') if l_0_java_tool_options is missing else l_0_java_tool_options))
    yield '"\nUSER '
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    yield ':'
    yield str((undefined(name='uid') if l_0_uid is missing else l_0_uid))
    if (undefined(name='ports') if l_0_ports is missing else l_0_ports):
        pass
        yield '\nEXPOSE '
        yield str(t_1(context.eval_ctx, (undefined(name='ports') if l_0_ports is missing else l_0_ports), ' '))
    yield '\n'

blocks = {}
debug_info = '2=22&7=24&8=26&9=29&10=32'
