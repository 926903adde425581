"""Dockerfiles per packaging shape (``Deployable.shape``), rendered from templates/dockerfile/<shape>.j2.

Every image is multi-stage (Maven from the repository root, then a JRE or Tomcat runtime),
runs as a non-root user, sizes the JVM from the container limits and keeps temporary files
and the home directory on /tmp.
"""
from __future__ import annotations

import functools
from pathlib import PurePosixPath

from ..model import Deployable
from ..rules.deployables import TOMCAT_HOME, Image

TEMPLATES = {"boot": "jar.j2", "fat-jar": "jar.j2", "classpath": "classpath.j2", "assembly": "assembly.j2", "war": "war.j2"}
DESCRIPTIONS = {
    "boot": "Spring Boot executable {ext}",
    "fat-jar": "a jar with its dependencies and a Main-Class",
    "classpath": "a jar and its dependencies, main class {main}",
    "assembly": "an assembly, main class {main}",
    "war": "a war on Tomcat {tomcat}",
}


@functools.lru_cache(maxsize=1)
def _env():
    from jinja2 import Environment, StrictUndefined

    from .precompile import Loader
    from .render import templates_dir

    return Environment(loader=Loader(templates_dir(), "dockerfile"), undefined=StrictUndefined,
                       keep_trailing_newline=True, autoescape=False)


def render(dep: Deployable, name: str, image: Image, ports: list[int]) -> bytes:
    """The Dockerfile of one deployable, to be written at ``dep.dockerfile``."""
    return render_context(*context(dep, name, image, ports))


def render_context(template: str, ctx: dict) -> bytes:
    return _env().get_template(template).render(**ctx).encode("utf-8")


def context(dep: Deployable, name: str, image: Image, ports: list[int]) -> tuple[str, dict]:
    """The template and the values a deployable's Dockerfile is rendered from (no Jinja needed)."""
    from .render import APP_UID, JAVA_TOOL_OPTIONS

    module = PurePosixPath(dep.module).as_posix()
    root = module in ("", ".")
    # Maven runs in the reactor that lists the module: the repository root's, or an independent project's
    reactor = PurePosixPath(dep.reactor).as_posix()
    if reactor in ("", "."):
        reactor, project_module = ".", ("" if root else module)
    else:
        project_module = "" if module == reactor else PurePosixPath(module).relative_to(reactor).as_posix()
    target = "target" if root else f"{module}/target"
    ext = PurePosixPath(dep.artifact).suffix.lstrip(".") or "jar"
    asm = dep.assembly
    classpath = ""
    if asm is not None:
        parts = [f"/app/{c}".rstrip("/") for c in asm.conf] + [f"/app/{d}/*".replace("//", "/") for d in asm.lib]
        classpath = ":".join(dict.fromkeys(parts))
    return TEMPLATES[dep.shape], dict(
        name=name,
        module=module,
        root=root,
        reactor=reactor,
        project_module=project_module,
        dockerfile=dep.dockerfile,
        description=DESCRIPTIONS[dep.shape].format(ext=ext, main=dep.main_class, tomcat=image.tomcat),
        build_image=image.build,
        run_image=image.run,
        target=target,
        artifact=dep.artifact,
        app_file=f"app.{ext}",
        copy_dependencies=dep.shape == "classpath",
        main_class=dep.main_class or "",
        assembly=asm,
        start_script=dep.start_script,
        classpath=classpath,
        war_name=dep.war_name,
        context_path=dep.context_path,
        tomcat=image.tomcat,
        tomcat_home=TOMCAT_HOME,
        servlet=(dep.servlet or "javax").split("-")[0],
        java_tool_options=JAVA_TOOL_OPTIONS,
        uid=APP_UID,
        ports=sorted(set(ports)),
    )
