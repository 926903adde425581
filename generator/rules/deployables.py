"""Deployable modules: which modules run, how each is packaged, from which main class, on which
Java release, and which images run it.

A module is deployable when it is built to run: a Spring Boot repackage, a war, a shade or
assembly with a main class, a start script that launches one, or a main() that starts an
application (a Spring context, the Dubbo container, SpringApplication). A utility class with
a main() alone does not make a library deployable.

Shapes (``Deployable.shape``):

- ``boot``: Spring Boot repackage (jar, or a war with no servlet initializer): ``java -jar``.
- ``fat-jar``: shade with a Main-Class, or the assembly ``jar-with-dependencies``: ``java -jar``.
- ``assembly``: an assembly descriptor that lays out ``lib/`` (and a start script):
  its real main class with ``lib/`` on the classpath.
- ``classpath``: a plain jar; its dependencies are copied beside it: ``java -cp`` and the main.
- ``war``: a war for a servlet container (a Spring Boot war with a
  ``SpringBootServletInitializer`` too): Tomcat of the line its servlet API needs.

Images come only from ``TEMURIN`` and ``TOMCAT``, lines known to exist; a release outside
them is reported, never guessed. Every migration asks these questions the same way.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from ..editors.pom import PomDocument
from ..editors.xml import XmlDocument, local
from ..errors import MeshifyError
from ..model import Assembly, Deployable, Finding, dns1035
from ..workspace import Module, Workspace

# --------------------------------------------------------------------------- image allow-list

# Temurin releases with both images: maven:3.9-eclipse-temurin-N (build) and eclipse-temurin:N-jre (run).
TEMURIN = ("8", "11", "17", "21", "25")
# Official Tomcat image lines and the Temurin JREs each is published on: tomcat:<line>-jre<N>-temurin.
TOMCAT = {"9.0": ("8", "11", "17"), "10.1": ("17", "21"), "11.0": ("17", "21")}
# Which Tomcat line serves which servlet API: javax (Servlet <= 4.0) needs 9; jakarta 5.0/6.0
# runs on 10.1; Servlet 6.1 (Spring Framework 7, Spring Boot 4) needs 11.
SERVLET_TOMCAT = {"javax": "9.0", "jakarta": "10.1", "jakarta-6.1": "11.0"}
DEFAULT_JAVA = DEFAULT_RELEASE = "17"
SPRING_BOOT_APPLICATION = ("SpringBootApplication",)
_PLAIN_MAIN = re.compile(r"\bpublic\s+static\s+void\s+main\s*\(")
TOMCAT_HOME = "/usr/local/tomcat"
TOMCAT_PORT = 8080


def build_image(release: str) -> str:
    return f"maven:3.9-eclipse-temurin-{release}"


def jre_image(release: str) -> str:
    return f"eclipse-temurin:{release}-jre"


def tomcat_image(line: str, jre: str) -> str:
    return f"tomcat:{line}-jre{jre}-temurin"


def normalise_release(raw: str | None) -> str | None:
    """'1.8' -> '8', '11' -> '11', '17.0.2' -> '17'; None when it is not a release."""
    m = re.fullmatch(r"\s*(?:1\.)?(\d+)(?:[._]\d+)*\s*", raw or "")
    return m.group(1) if m else None


# Releases below the oldest line that its JDK still compiles (javac 8 takes -source/-target 1.5 to 1.7)
# and its JRE runs: they build and run on Temurin 8.
OLDER_RELEASES = ("5", "6", "7")


def runtime_release(release: str) -> str | None:
    """The Temurin release that runs bytecode of ``release``: itself, or the next line known to exist
    (Java 5 to 7 run on 8)."""
    if not release.isdigit():
        return None
    if release in OLDER_RELEASES:
        return TEMURIN[0]
    for r in TEMURIN:
        if int(r) >= int(release):
            return r if int(release) >= int(TEMURIN[0]) else None
    return None


def tomcat_jre(line: str, release: str) -> str | None:
    """The JRE of a published ``tomcat:<line>`` image that runs bytecode of ``release``."""
    if not release.isdigit():
        return None
    return next((j for j in TOMCAT[line] if int(j) >= int(release)), None)


# --------------------------------------------------------------------------- model


@dataclass(frozen=True)
class Image:
    """The images a deployable builds and runs on, from the allow-list."""

    build: str
    run: str
    tomcat: str | None = None  # Tomcat line for a war


@dataclass
class _Main:
    cls: str  # fully qualified
    path: str
    line: int
    kind: str  # boot | app | utility
    xml: list[str] = field(default_factory=list)  # resources named in it that end in .xml


# --------------------------------------------------------------------------- images


def images(dep: Deployable) -> tuple[Image | None, Finding | None]:
    """The build and runtime images of a deployable, or a finding that says why there is none."""
    pom = _pom_path(dep.module)
    release = dep.release
    rt = runtime_release(release)
    if rt is None:
        return None, Finding(
            "java-release-unknown",
            f"{dep.module}: Java release {release!r} has no known image (Temurin {', '.join(TEMURIN)}); "
            "no Dockerfile written. Set maven.compiler.release to one of them.",
            pom,
        )
    note = None
    if release in OLDER_RELEASES:
        note = Finding("java-release-raised", f"{dep.module}: Java {release} bytecode builds and runs on the Java {rt} images "
                       f"(the oldest Temurin line; JDK {rt} still compiles for {release}, with a warning)", pom, severity="info")
    if dep.shape != "war":
        return Image(build_image(rt), jre_image(rt)), note
    line = SERVLET_TOMCAT[dep.servlet or "javax"]
    jre = tomcat_jre(line, release)
    if jre is None:
        return None, Finding(
            "tomcat-image-unknown",
            f"{dep.module}: no Tomcat {line} image runs Java {release} (published on JRE {', '.join(TOMCAT[line])}); "
            "no Dockerfile written.",
            pom,
        )
    return Image(build_image(runtime_release(jre) or jre), tomcat_image(line, jre), line), note


# --------------------------------------------------------------------------- detection


def declared_release(ws: Workspace, mod: Module) -> tuple[str, Finding | None]:
    """The module's Java release, normalised, from the compiler settings Maven itself reads
    (``maven.compiler.release``, ``java.version``, ``maven.compiler.target``/``source``, the compiler
    plugin, Spring Boot's parent); as written when it is no release (``images`` reports it)."""
    props = ws.properties(mod)
    raw = None
    for key in ("maven.compiler.release", "java.version", "maven.compiler.target", "maven.compiler.source"):
        if key in props:
            raw = ws.resolve(mod, props[key][0])
            break
    if raw is None:
        for m in mod.chain():
            for _plugin, el in _plugins(m.pom, "maven-compiler-plugin"):
                for name in ("release", "target", "source"):
                    v = m.pom.text_of(m.pom.path_find(el, "configuration", name))
                    if v:
                        raw = ws.resolve(mod, v)
                        break
                if raw:
                    break
            if raw:
                break
    if raw is None:
        boot = _boot_version(ws, mod)
        if boot:
            # Spring Boot's parent sets java.version: 1.8 up to 2.x, 17 from 3.0
            return ("8" if boot[0] < 3 else "17"), None
        return DEFAULT_RELEASE, None  # Maven builds it with whatever JDK runs it: the images use the default
    release = normalise_release(raw)
    if release is None:
        return raw or "", None  # images() reports it
    return release, None


def detect(ws: Workspace, mod: Module, mains: dict[str, str] | None = None) -> tuple[list[Deployable], list[Finding]]:
    """The deployables of one module (none, one, or one per application main), with findings.

    ``mains``: service name -> main class, from ``[services.NAME] main = "..."`` in meshify.toml;
    it decides which mains of a module with several are deployed and under which names.
    """
    pom = mod.pom
    if pom.packaging in ("pom", "maven-plugin", "ear", "ejb", "rar", "bundle"):
        return [], []
    release, release_finding = declared_release(ws, mod)
    deployables, findings = _detect(ws, mod, mains, release)
    top = mod
    while top.aggregator is not None and top.aggregator is not top:
        top = top.aggregator
    if top.dir not in ("", "."):
        deployables = [replace(d, reactor=top.dir) for d in deployables]
    if deployables and release_finding:
        findings.insert(0, release_finding)
    return deployables, findings


def _detect(ws: Workspace, mod: Module, mains: dict[str, str] | None, release: str) -> tuple[list[Deployable], list[Finding]]:
    findings: list[Finding] = []
    pom = mod.pom
    found = _mains(ws, mod)
    final = _final_name(ws, mod)
    base = dict(module=mod.dir, release=release)

    if pom.packaging == "war":
        servlet = _servlet_api(ws, mod)
        boot = _boot_repackage(ws, mod)
        initializer = _servlet_initializer(ws, mod)
        if boot is not None and initializer is None:
            cls = _boot_classifier(boot[1])
            return [Deployable(shape="boot", evidence=boot[0], artifact=_artifact(final, cls, "war"),
                               main_class=_first(found, "boot"), **base)], findings
        evidence = initializer or f"{pom.path}:{pom.line(pom.child(pom.root, 'packaging'))}: <packaging>war</packaging>"
        return [Deployable(shape="war", evidence=evidence, artifact=_artifact(final, None, "war"), servlet=servlet,
                           context_path=_context_path(ws, mod), main_class=None, **base)], findings

    boot = _boot_repackage(ws, mod)
    if boot is not None:
        return [Deployable(shape="boot", evidence=boot[0], artifact=_artifact(final, _boot_classifier(boot[1]), "jar"),
                           main_class=_plugin_main(ws, mod, "spring-boot-maven-plugin") or _first(found, "boot"), **base)], findings

    shade = _shade(ws, mod, final)
    if shade is not None:
        return [replace(shade, **base)], findings

    assembly = _assembly(ws, mod, final, found, findings)
    if assembly is not None:
        return [replace(assembly, **base)], findings

    manifest_main = _plugin_main(ws, mod, "maven-jar-plugin")
    apps = [m for m in found if m.kind in ("boot", "app")]
    if manifest_main:
        el = _plugins(pom, "maven-jar-plugin")
        line = pom.line(el[0][1]) if el else 1
        return [Deployable(shape="classpath", evidence=f"{pom.path}:{line}: maven-jar-plugin Main-Class {manifest_main}",
                           main_class=manifest_main, artifact=_artifact(final, None, "jar"), **base)], findings
    if not apps:
        for m in found:
            findings.append(Finding(
                "main-not-deployable",
                f"{m.cls} has a main() that starts no application; {mod.dir} is treated as a library (no Deployment)",
                m.path, m.line, severity="info",
            ))
        return [], findings
    if _is_dependency_of_another_module(ws, mod) and not any(m.kind == "boot" for m in apps):
        for m in apps:
            findings.append(Finding(
                "main-not-deployable",
                f"{m.cls} starts an application, but other modules depend on {mod.artifact_id}; treated as a library",
                m.path, m.line, severity="info",
            ))
        return [], findings
    deployables = [Deployable(shape="classpath", evidence=f"{m.path}:{m.line}: "
                              + ("a Spring Boot application" if m.kind == "boot" else "main() starts an application context"),
                              main_class=m.cls, artifact=_artifact(final, None, "jar"), sources=tuple(m.xml), **base)
                   for m in apps]
    if len(deployables) == 1:
        return deployables, findings
    return _name_mains(ws, mod, deployables, mains or {}, {m.cls: m.path for m in apps}), findings


def packaging(deployables) -> dict[str, str]:
    """Module -> how it is deployed (its shapes, for the report): ``boot``, ``fat-jar``, ``assembly``,
    ``classpath`` or ``war``, whatever the pom's <packaging> says."""
    shapes: dict[str, set[str]] = {}
    for d in deployables:
        if d is not None:
            shapes.setdefault(d.module, set()).add(d.shape)
    return {m: ", ".join(sorted(s)) for m, s in sorted(shapes.items())}


def module_deployables(ws: Workspace, mod: Module, overrides: dict | None = None) -> list[Deployable]:
    """``detect`` with the mains chosen in meshify.toml (``[services.NAME] main = "..."``, given as the
    options' ``overrides``); its findings go to the workspace."""
    mains = {name: o["main"] for name, o in (overrides or {}).items() if isinstance(o, dict) and isinstance(o.get("main"), str)}
    found, findings = detect(ws, mod, mains)
    for f in findings:
        ws.finding(f.code, f.message, f.path, f.line, f.severity)
    return found


def _name_mains(ws: Workspace, mod: Module, deps: list[Deployable], chosen: dict[str, str], files: dict[str, str]) -> list[Deployable]:
    """``files``: the source file of each main class."""
    by_main = {v: k for k, v in chosen.items()}
    out: list[Deployable] = []
    for d in deps:
        if d.main_class in by_main:
            out.append(replace(d, name=dns1035(by_main[d.main_class])))
            continue
        names = sorted({n for x in d.sources for n in _application_names(ws, x)})
        if not names:  # configured in code (Dubbo's API: ApplicationConfig, ApplicationBuilder, DubboBootstrap)
            names = _api_application_names(ws, files.get(d.main_class or "", ""))
        out.append(replace(d, name=dns1035(names[0]) if len(names) == 1 else None))
    names = [d.name for d in out]
    if None in names or len(set(names)) != len(names):
        listing = ", ".join(f"{d.main_class} ({d.name or 'no application name'})" for d in out)
        example = out[0].main_class
        raise MeshifyError(
            f"{mod.dir} holds several applications whose names cannot be told apart: {listing}",
            _pom_path(mod.dir),
            hint=f'name each in meshify.toml: [services.NAME] main = "{example}"',
        )
    return sorted(out, key=lambda d: d.name or "")


def _application_names(ws: Workspace, rel: str) -> list[str]:
    if not ws.exists(rel):
        return []
    doc = ws.doc(rel)
    if not isinstance(doc, XmlDocument):
        from ..editors import config as cfg

        if not isinstance(doc, (cfg.PropertiesDocument, cfg.YamlDocument)):
            return []
        name = cfg.get(doc, "dubbo.application.name")  # a @PropertySource of the main's configuration
        return [name] if name and "${" not in name else []
    return [el.get("name") for el in doc.root.iter() if isinstance(el.tag, str) and local(el) == "application" and el.get("name")]


# the application name a main gives Dubbo's API, as a string literal (masked: the literal's quotes stay)
_API_NAME = re.compile(r'new\s+ApplicationConfig\s*\(\s*"'
                       r'|ApplicationBuilder\s*\.\s*newBuilder\s*\(\s*\)(?:\s*\.\s*\w+\s*\([^()]*\))*?\s*\.\s*name\s*\(\s*"'
                       r'|DubboBootstrap\s*\.\s*getInstance\s*\(\s*\)\s*\.\s*application\s*\(\s*"')


def _api_application_names(ws: Workspace, rel: str) -> list[str]:
    """The application names a main class's source gives Dubbo's API as string literals."""
    if not rel.endswith(".java") or not ws.exists(rel):
        return []
    doc = ws.doc(rel)
    values = {doc.literal(m.end()) for m in _API_NAME.finditer(doc.masked)}
    return sorted(v for v in values if v and "${" not in v)


# --------------------------------------------------------------------------- pom reading


def _pom_path(module: str) -> str:
    return "pom.xml" if module in ("", ".") else f"{PurePosixPath(module).as_posix()}/pom.xml"


def _plugins(pom: PomDocument, artifact: str) -> list[tuple[object, object]]:
    out = []
    for p in pom.plugins():
        if p.artifact == artifact:
            out.append((p, p.el))
    return out


def _module_plugins(ws: Workspace, mod: Module, artifact: str) -> list[tuple[Module, object]]:
    """The plugin as the module sees it: its own declaration, then its in-repo parents' (build/plugins)."""
    out = []
    for m in mod.chain():
        for _, el in _plugins(m.pom, artifact):
            out.append((m, el))
    return out


def _skipped(m: Module, el) -> bool:
    return (m.pom.text_of(m.pom.path_find(el, "configuration", "skip")) or "").strip() == "true"


def _goals(m: Module, el) -> list[str]:
    ex = m.pom.child(el, "executions")
    out = []
    for e in m.pom.children(ex, "execution") if ex is not None else []:
        goals = m.pom.child(e, "goals")
        out += [m.pom.text_of(g) or "" for g in (m.pom.children(goals, "goal") if goals is not None else [])]
    return out


def _boot_version(ws: Workspace, mod: Module) -> tuple[int, int] | None:
    ext = ws.external_parent(mod)
    raw = None
    if ext and ext[0] == "org.springframework.boot":
        raw = ext[2]
    else:
        for d, m in ws.bom_imports(mod):
            if d.group == "org.springframework.boot" and d.artifact == "spring-boot-dependencies":
                raw = ws.resolve(m, d.version)
                break
    m = re.match(r"(\d+)\.(\d+)", raw or "")
    return (int(m.group(1)), int(m.group(2))) if m else None


# Parents that bind spring-boot-maven-plugin's repackage goal: spring-boot-starter-parent and the
# Spring Cloud release train's own parent, which inherits from it (Angel..Hoxton, Boot 1.2..2.3).
_REPACKAGING_PARENTS = {("org.springframework.boot", "spring-boot-starter-parent"),
                        ("org.springframework.cloud", "spring-cloud-starter-parent")}


def _boot_repackage(ws: Workspace, mod: Module) -> tuple[str, tuple[Module, object]] | None:
    """(evidence, plugin) when spring-boot-maven-plugin repackages this module's artifact."""
    ext = ws.external_parent(mod)
    starter_parent = bool(ext and tuple(ext[:2]) in _REPACKAGING_PARENTS)
    for m, el in _module_plugins(ws, mod, "spring-boot-maven-plugin"):
        if m is not mod and m.pom.packaging != "pom":
            continue
        if _skipped(m, el):
            return None
        if starter_parent or "repackage" in _goals(m, el):
            return f"{m.pom.path}:{m.pom.line(el)}: spring-boot-maven-plugin repackage", (m, el)
    return None


def _boot_classifier(plugin: tuple[Module, object]) -> str | None:
    m, el = plugin
    c = m.pom.text_of(m.pom.path_find(el, "configuration", "classifier"))
    if c:
        return c
    ex = m.pom.child(el, "executions")
    for e in m.pom.children(ex, "execution") if ex is not None else []:
        c = m.pom.text_of(m.pom.path_find(e, "configuration", "classifier"))
        if c:
            return c
    return None


def _plugin_main(ws: Workspace, mod: Module, artifact: str) -> str | None:
    for m, el in _module_plugins(ws, mod, artifact):
        for holder in _configurations(m, el):
            v = m.pom.text_of(m.pom.path_find(holder, "archive", "manifest", "mainClass")) or m.pom.text_of(m.pom.child(holder, "mainClass"))
            if v:
                return ws.resolve(mod, v)
    return None


def _configurations(m: Module, el) -> list:
    out = []
    c = m.pom.child(el, "configuration")
    if c is not None:
        out.append(c)
    ex = m.pom.child(el, "executions")
    for e in m.pom.children(ex, "execution") if ex is not None else []:
        c = m.pom.child(e, "configuration")
        if c is not None:
            out.append(c)
    return out


def _final_name(ws: Workspace, mod: Module) -> str:
    for m in mod.chain():
        el = m.pom.path_find(m.pom.root, "build", "finalName")
        if el is not None and m.pom.text_of(el):
            return _glob(ws.resolve(mod, m.pom.text_of(el).replace("${project.artifactId}", mod.artifact_id)
                                    .replace("${artifactId}", mod.artifact_id)) or "")
    version = ws.resolve(mod, mod.pom.version) or ""
    return _glob(f"{mod.artifact_id}-{version}")


def _glob(name: str) -> str:
    """A file name with what meshify cannot resolve (``${revision}``) left to a shell glob."""
    return re.sub(r"\$\{[^}]*\}", "*", name)


def _artifact(final: str, classifier: str | None, ext: str) -> str:
    return f"{final}-{classifier}.{ext}" if classifier else f"{final}.{ext}"


def _shade(ws: Workspace, mod: Module, final: str) -> Deployable | None:
    for m, el in _module_plugins(ws, mod, "maven-shade-plugin"):
        if m is not mod:
            continue
        for holder in _configurations(m, el):
            for t in holder.iter():
                if isinstance(t.tag, str) and local(t) == "transformer" and "ManifestResourceTransformer" in (t.get("implementation") or ""):
                    main = m.pom.text_of(m.pom.child(t, "mainClass"))
                    if main:
                        attached = (m.pom.text_of(m.pom.child(holder, "shadedArtifactAttached")) or "") == "true"
                        cls = (m.pom.text_of(m.pom.child(holder, "shadedClassifierName")) or "shaded") if attached else None
                        return Deployable(module=mod.dir, shape="fat-jar", release="",
                                          evidence=f"{m.pom.path}:{m.pom.line(el)}: maven-shade-plugin Main-Class {main}",
                                          main_class=ws.resolve(mod, main), artifact=_artifact(final, cls, "jar"))
    return None


# --------------------------------------------------------------------------- assembly

_SCRIPT_DIRS = ("src/main/bin", "src/main/scripts", "src/main/assembly/bin", "src/bin", "bin")
_FQCN = re.compile(r"(?<![\w.$/-])((?:[a-z_][\w]*\.)+[A-Z][\w$]*)(?![\w.])")
CONTAINER_MAINS = ("com.alibaba.dubbo.container.Main", "org.apache.dubbo.container.Main")


def _assembly(ws: Workspace, mod: Module, final: str, found: list[_Main], findings: list[Finding]) -> Deployable | None:
    for m, el in _module_plugins(ws, mod, "maven-assembly-plugin"):
        if m is not mod:
            continue
        for holder in _configurations(m, el):
            refs = [m.pom.text_of(r) for r in holder.iter() if isinstance(r.tag, str) and local(r) == "descriptorRef"]
            if "jar-with-dependencies" in refs:
                main = _plugin_main(ws, mod, "maven-assembly-plugin")
                if main:
                    return Deployable(module=mod.dir, shape="fat-jar", release="",
                                      evidence=f"{m.pom.path}:{m.pom.line(el)}: maven-assembly-plugin jar-with-dependencies, Main-Class {main}",
                                      main_class=main, artifact=f"{final}-jar-with-dependencies.jar")
            descriptors = [m.pom.text_of(r) for r in holder.iter() if isinstance(r.tag, str) and local(r) == "descriptor"]
            for rel in descriptors:
                if not rel:
                    continue
                path = str(PurePosixPath(mod.dir) / ws.resolve(mod, rel).replace("${basedir}/", "").replace("${project.basedir}/", ""))
                if not ws.exists(path):
                    findings.append(Finding("assembly-descriptor-missing", f"assembly descriptor {rel} not found", m.pom.path, m.pom.line(el)))
                    continue
                asm = _read_descriptor(ws, mod, path, holder, m, final)
                if asm is None:
                    continue
                main, script = _assembly_main(ws, mod, asm, found)
                if main is None:
                    findings.append(Finding(
                        "assembly-main-unknown",
                        f"{mod.dir}: the assembly {path} names no main class (start script, Main-Class or an application main()); "
                        "not deployed. Set it in meshify.toml: [services.NAME] main = \"...\"",
                        path, severity="warning",
                    ))
                    return None
                return Deployable(module=mod.dir, shape="assembly", release="", main_class=main, assembly=asm,
                                  start_script=script, artifact=asm.archive,
                                  evidence=f"{script or path}: assembly runs {main}")
    return None


def _read_descriptor(ws: Workspace, mod: Module, path: str, holder, m: Module, final: str) -> Assembly | None:
    doc = ws.doc(path, XmlDocument)
    root = doc.root
    t = lambda el, n: (doc.text_of(doc.child(el, n)) or "").strip()  # noqa: E731
    asm_id = t(root, "id")
    formats = [doc.text_of(f) or "" for f in doc.children(doc.child(root, "formats"), "format")] if doc.child(root, "formats") is not None else []
    fmt = next((f for f in ("dir", "tar.gz", "tgz", "tar", "zip") if f in formats), None)
    if fmt is None:
        return None
    final_name = m.pom.text_of(m.pom.child(holder, "finalName"))
    final_name = _glob(ws.resolve(mod, final_name)) if final_name else final
    append = (m.pom.text_of(m.pom.child(holder, "appendAssemblyId")) or "true").strip() != "false"
    stem = f"{final_name}-{asm_id}" if append and asm_id else final_name
    archive = stem if fmt == "dir" else f"{stem}.{fmt}"
    include_base = t(root, "includeBaseDirectory") != "false"
    base = (t(root, "baseDirectory") or final) if include_base else ""
    base = _glob(ws.resolve(mod, base.replace("${project.build.finalName}", final)) or "")

    def out_dir(el) -> str:
        return t(el, "outputDirectory").strip("/").replace("${file.separator}", "/")

    lib: list[str] = []
    conf: list[str] = []
    scripts: list[str] = []
    sets = doc.child(root, "dependencySets")
    for ds in doc.children(sets, "dependencySet") if sets is not None else []:
        lib.append(out_dir(ds))
    filesets = doc.child(root, "fileSets")
    for fs in doc.children(filesets, "fileSet") if filesets is not None else []:
        src = t(fs, "directory").replace("${project.basedir}/", "").replace("${basedir}/", "").strip("/")
        dest = out_dir(fs)
        if src in ("target", "${project.build.directory}"):
            lib.append(dest)
        elif src.endswith(("bin", "scripts")) or "bin" in PurePosixPath(dest).parts:
            src_dir = str(PurePosixPath(mod.dir) / src)
            scripts += [f for f in ws.walk(src_dir, (".sh", "")) if f.endswith(".sh") or "." not in PurePosixPath(f).name]
        elif src.endswith(("resources", "conf", "config")):
            conf.append(dest)
    return Assembly(descriptor=path, archive=archive, format=fmt, base=base,
                    lib=tuple(dict.fromkeys(lib)) or ("lib",), conf=tuple(dict.fromkeys(conf)), scripts=tuple(sorted(set(scripts))))


def _assembly_main(ws: Workspace, mod: Module, asm: Assembly, found: list[_Main]) -> tuple[str | None, str | None]:
    own = {m.cls for m in found}
    for script in asm.scripts:
        text = ws.doc(script).text
        for line in text.splitlines():
            code = line.split("#", 1)[0]
            for cls in _FQCN.findall(code):
                if cls in CONTAINER_MAINS or cls in own:
                    return cls, script
    main = _plugin_main(ws, mod, "maven-jar-plugin")
    if main:
        return main, None
    apps = [m for m in found if m.kind in ("boot", "app")]
    return (apps[0].cls, None) if len(apps) == 1 else (None, None)


# --------------------------------------------------------------------------- wars


def _servlet_api(ws: Workspace, mod: Module) -> str:
    """javax or jakarta (jakarta-6.1 for Servlet 6.1), from the sources, then the dependencies."""
    javax = jakarta = False
    for f in ws.java_files(mod, test=False):
        text = ws.doc(f).text
        javax |= "import javax.servlet" in text
        jakarta |= "import jakarta.servlet" in text
    boot = _boot_version(ws, mod)
    deps = [d for m in mod.chain() for d in m.pom.dependencies()]
    for d in deps:
        v = ws.resolve(mod, d.version) or ""
        if d.group == "jakarta.servlet" and d.artifact == "jakarta.servlet-api":
            major = re.match(r"(\d+)(?:\.(\d+))?", v)
            if major and int(major.group(1)) >= 5:
                if (int(major.group(1)), int(major.group(2) or 0)) >= (6, 1):
                    return "jakarta-6.1"
                jakarta = True
            elif major:
                javax = True  # jakarta.servlet-api 4.x still has the javax packages
        elif d.artifact in ("javax.servlet-api", "servlet-api") and d.group in ("javax.servlet", "org.apache.tomcat"):
            javax = True
    if boot:
        if boot[0] >= 4:
            return "jakarta-6.1"
        return "jakarta" if boot[0] == 3 else "javax"
    if jakarta and not javax:
        return "jakarta"
    if not javax and _webxml_jakarta(ws, mod):
        return "jakarta"
    return "javax"


def _webxml_jakarta(ws: Workspace, mod: Module) -> bool:
    rel = mod.rel("src", "main", "webapp", "WEB-INF", "web.xml")
    return ws.exists(rel) and "jakarta.ee/xml/ns/jakartaee" in ws.doc(rel).text


def _servlet_initializer(ws: Workspace, mod: Module) -> str | None:
    for f in ws.java_files(mod, test=False):
        doc = ws.doc(f)
        m = re.search(r"\bextends\s+(?:[\w.]+\.)?SpringBootServletInitializer\b", doc.masked)
        if m:
            return f"{f}:{doc.line_of(m.start())}: extends SpringBootServletInitializer"
    return None


def _context_path(ws: Workspace, mod: Module) -> str:
    """Where the project says it is served: tomcat7/tomcat-maven-plugin <path>, jetty <contextPath>,
    or Spring Boot's server.servlet.context-path; ROOT otherwise."""
    for artifact, names in (("tomcat7-maven-plugin", ("path",)), ("tomcat-maven-plugin", ("path",)),
                            ("jetty-maven-plugin", ("contextPath",)), ("maven-jetty-plugin", ("contextPath",))):
        for m, el in _module_plugins(ws, mod, artifact):
            for holder in _configurations(m, el):
                for n in names:
                    v = m.pom.text_of(m.pom.child(holder, n)) or m.pom.text_of(m.pom.path_find(holder, "webApp", n))
                    if v:
                        return _clean_path(ws.resolve(mod, v) or "/")
    from ..editors import config as cfg

    for f in ws.config_files(mod):
        if "-" in PurePosixPath(f).stem:  # profile documents do not decide the default
            continue
        for key in ("server.servlet.context-path", "server.context-path"):
            v = cfg.get(ws.doc(f), key)
            if v:
                return _clean_path(str(v))
    return "/"


_WEB_SOURCE = re.compile(r"@(?:Rest)?Controller\b|@WebServlet\b|\bextends\s+(?:[\w.]+\.)?HttpServlet\b|@Path\b")


def serves_http(ws: Workspace, mod: Module) -> bool:
    """Whether a war answers HTTP requests of its own (a servlet in web.xml, a controller or servlet
    class, pages under src/main/webapp), not only runs a listener such as a Dubbo provider's."""
    webapp = mod.rel("src", "main", "webapp")
    web_xml = f"{webapp}/WEB-INF/web.xml"
    if ws.exists(web_xml):
        doc = ws.doc(web_xml, XmlDocument)
        if any(isinstance(el.tag, str) and local(el) == "servlet" for el in doc.root.iter()):
            return True
    if any("/WEB-INF/" not in f and "/META-INF/" not in f for f in ws.walk(webapp, (".jsp", ".html", ".htm"))):
        return True
    return any(_WEB_SOURCE.search(ws.doc(f).masked) for f in ws.java_files(mod, test=False))


_WEB_SERVLET = re.compile(r'@WebServlet\s*\(\s*(?:(?:value|urlPatterns)\s*=\s*)?\{?\s*"([^"*]+)"')
WELCOME_FILES = ("index.html", "index.htm", "index.jsp")


def war_probe_path(ws: Workspace, mod: Module, dep: Deployable) -> tuple[str | None, str]:
    """A path a plain web war answers with a page of its own, under its context path, and where that
    was read: a welcome file at the root of src/main/webapp, else the first exact servlet mapping
    (web.xml, then @WebServlet); (None, why) when the war names none."""
    base = "" if dep.context_path == "/" else dep.context_path
    webapp = mod.rel("src", "main", "webapp")
    for name in WELCOME_FILES:
        if ws.exists(f"{webapp}/{name}"):
            return f"{base}/", f"{webapp}/{name}"
    web_xml = f"{webapp}/WEB-INF/web.xml"
    if ws.exists(web_xml):
        doc = ws.doc(web_xml, XmlDocument)
        for el in doc.root.iter():
            if isinstance(el.tag, str) and local(el) == "url-pattern":
                pattern = (doc.text_of(el) or "").strip()
                if pattern.startswith("/") and "*" not in pattern and pattern != "/":
                    return base + pattern, f"{web_xml}:{doc.line(el)}"
    for f in ws.java_files(mod, test=False):
        doc = ws.doc(f)
        m = _WEB_SERVLET.search(doc.text)
        if m and m.group(1).startswith("/") and m.group(1) != "/":
            return base + m.group(1), f"{f}:{doc.line_of(m.start())}"
    return None, "no welcome file (index.html, index.jsp) and no exact servlet mapping"


def _clean_path(p: str) -> str:
    p = "/" + p.strip().strip("/")
    return "/" if p in ("/", "/ROOT") or "$" in p else p


# --------------------------------------------------------------------------- sources

_MAIN = re.compile(r"\bpublic\s+static\s+void\s+main\s*\(\s*(?:final\s+)?String\s*(?:\[\s*\]|\.\.\.)")
_APP_START = re.compile(
    r"\b(?:ClassPathXmlApplicationContext|FileSystemXmlApplicationContext|GenericXmlApplicationContext|"
    r"AnnotationConfigApplicationContext|SpringApplication\s*\.\s*run|SpringApplicationBuilder|DubboBootstrap|"
    r"(?:com\.alibaba|org\.apache)\.dubbo\.container\.Main\s*\.\s*main|Main\s*\.\s*main\s*\(|"
    r"ServiceConfig\b[\s\S]*\.\s*export\s*\(\s*\))"  # Dubbo's API: a provider that exports a ServiceConfig and stays up
)
_CLASS = re.compile(r"\b(?:class|enum|record)\s+([A-Za-z_$][\w$]*)")


def _mains(ws: Workspace, mod: Module) -> list[_Main]:
    out = []
    for f in ws.java_files(mod, test=False):
        doc = ws.doc(f)
        masked = doc.masked
        m = _MAIN.search(masked)
        pkg = re.search(r"^\s*package\s+([\w.]+)\s*;", masked, re.M)
        cls_m = _CLASS.search(masked)
        cls = (f"{pkg.group(1)}." if pkg else "") + (cls_m.group(1) if cls_m else PurePosixPath(f).stem)
        if not m:
            # an application class without its own main() (a war's, or started by a launcher)
            ann = doc.annotations("SpringBootApplication", "SpringCloudApplication")
            if ann:
                out.append(_Main(cls, f, doc.line_of(ann[0].start), "boot"))
            continue
        body = _body(masked, m.end())
        kind = "utility"
        if doc.annotations("SpringBootApplication", "SpringCloudApplication") or re.search(r"SpringApplication\s*\.\s*run|SpringApplicationBuilder", body):
            kind = "boot"
        elif _APP_START.search(body) and ("Main.main" not in body or "dubbo.container" in doc.text):
            kind = "app"
        raw_body = doc.text[m.end(): m.end() + len(body)]
        xml = [_classpath_resource(mod, s) for s in re.findall(r'"([^"]+\.xml)"', raw_body)]
        for config in re.findall(r"\b([A-Z][\w$]*)\s*\.\s*class\b", body):
            xml += [_classpath_resource(mod, s) for s in _config_class_resources(ws, mod, config)]
        out.append(_Main(cls, f, doc.line_of(m.start()), kind, list(dict.fromkeys(x for x in xml if x))))
    return out


_CONFIG_RESOURCE = re.compile(r"@(?:[\w.]+\.)?(?:PropertySource|ImportResource)\b")
_CLASS_DECL = re.compile(r"\bclass\s+(?=(\w+))")  # the name is looked at, not consumed: matches start where the per-name pattern's do


def _class_declarations(masked: str, name: str):
    """The matches of ``\\bclass\\s+NAME\\b``: through one pattern for every plain name (not one compiled
    for each class a main refers to, in every module); a name with a ``$`` gets its own."""
    if re.fullmatch(r"\w+", name):
        return (m for m in _CLASS_DECL.finditer(masked) if m.group(1) == name)
    return re.finditer(rf"\bclass\s+{re.escape(name)}\b", masked)


def _config_class_resources(ws: Workspace, mod: Module, name: str) -> list[str]:
    """The resources an annotated configuration class loads (``@PropertySource``, ``@ImportResource``):
    ``new AnnotationConfigApplicationContext(ProviderConfiguration.class)`` reads its application name there."""
    out: list[str] = []
    for f in ws.java_files(mod, test=False):
        doc = ws.doc(f)
        for m in _class_declarations(doc.masked, name):
            head = doc.masked[: m.start()]
            start, depth = m.start(), 0
            while start > 0:  # back to the end of the previous declaration, over the annotations' arguments
                c = head[start - 1]
                depth += c == ")"
                depth -= c == "("
                if depth == 0 and c in ";{}":
                    break
                start -= 1
            for a in _CONFIG_RESOURCE.finditer(head, start):
                seg_end = doc.masked.find(")", a.end())
                raw = doc.text[a.end(): seg_end if seg_end > 0 else m.start()]
                out += re.findall(r'"([^"]+\.(?:xml|properties|ya?ml))"', raw)
    return out


def _body(masked: str, start: int) -> str:
    i = masked.find("{", start)
    if i < 0:
        return ""
    depth = 0
    for j in range(i, len(masked)):
        if masked[j] == "{":
            depth += 1
        elif masked[j] == "}":
            depth -= 1
            if depth == 0:
                return masked[i: j + 1]
    return masked[i:]


def _classpath_resource(mod: Module, s: str) -> str | None:
    s = s.removeprefix("classpath:").removeprefix("classpath*:").lstrip("/")
    if "*" in s or "$" in s:
        return None
    return str(PurePosixPath(mod.dir) / "src" / "main" / "resources" / s)


def _first(found: list[_Main], kind: str) -> str | None:
    return next((m.cls for m in found if m.kind == kind), None)


def _is_dependency_of_another_module(ws: Workspace, mod: Module) -> bool:
    for other in ws.modules:
        if other is mod:
            continue
        for d in other.pom.dependencies():
            if d.artifact == mod.artifact_id and d.group in (mod.pom.group_id, "${project.groupId}") and (d.scope or "compile") != "test":
                return True
    return False


# --------------------------------------------------------------------------- main class, Java release

def main_class(ws: Workspace, mod: Module, annotations: tuple[str, ...] = SPRING_BOOT_APPLICATION, plain_main: bool = False) -> str | None:
    """The first main source file (sorted) that starts the application: annotated with one of
    ``annotations``, or, with ``plain_main``, declaring ``public static void main``. None for a ``pom``."""
    if mod.pom.packaging == "pom":
        return None
    for f in ws.java_files(mod, test=False):
        doc = ws.doc(f)
        if doc.annotations(*annotations) or (plain_main and _PLAIN_MAIN.search(doc.masked)):
            return f
    return None


def normalise_java_version(raw: str | None, default: str = DEFAULT_JAVA) -> str:
    """A Java release as image tags spell it: '1.8' -> '8', '11' -> '11', '17.0.2' -> '17'.

    Anything that is not a version (an unresolved ``${property}``, empty) gives ``default``.
    """
    return normalise_release(raw) or default


def java_release(ws: Workspace, mod: Module, default: str = DEFAULT_JAVA) -> str:
    """The module's Java release (see ``declared_release``), or ``default`` when it declares none that is a release."""
    release, _ = declared_release(ws, mod)
    return release if release.isdigit() else default
