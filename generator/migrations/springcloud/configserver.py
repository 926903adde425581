"""Spring Cloud Config Server -> Kubernetes ConfigMaps (and Secret references).

What the Config Server served (native search locations, or a local checkout of its
git repository given with ``--config-repo``) becomes ConfigMap data in the layout the
chosen Spring Cloud Kubernetes line reads (springcloud.md §6):

* ``{app}.yml``            -> ConfigMap ``{app}`` (``Service.config_data``)
* ``{app}-{profile}.yml``  -> ConfigMap ``{app}-{profile}`` (``base/{app}/configmap-{profile}.yaml``)
* ``application.yml``      -> ConfigMap ``application`` (``MigrationResult.shared_config``), listed with
  the service's own name in ``spring.cloud.kubernetes.config.sources`` of every client
* ``application-{profile}.yml`` -> ConfigMap ``application-{profile}`` (``base/configmap-application-{profile}.yaml``)

ConfigMap keys: 2.x and older read ``application.yaml``/``application.properties`` as a
file; 3.x+ reads ``{app}.yaml`` (``{app}-{profile}.yaml`` for a profile source).

The served files are edited in place too (Eureka/Ribbon keys removed), so the repository
stays consistent whether the server is kept or retired. Values that look secret never go
into a ConfigMap: the data holds ``${ENV}`` and the Deployment gets ``ENV`` from a Secret
whose template (empty values) is written to ``secrets/*.example.yaml``, outside every
kustomization, so that ``kubectl apply -k`` can never replace a real Secret by placeholders.

The second run must find the server although the first one removed it from
``<modules>``: folders with a pom.xml that no reactor lists are searched too.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ...editors import config as cfg
from ...editors.java import JavaDocument
from ...editors.pom import PomDocument
from ...editors.properties import PropertiesDocument
from ...editors.yaml import YamlDocument
from ...manifests import BASE_HEADER, labels, normalize
from ...errors import MeshifyError
from ...model import Service, dns1035
from ...reading import is_regular, read_inside
from ...workspace import SKIP_DIRS, Module, Workspace
from ...rules.config import primary_config, remove_keys
from .data import CONFIG_SERVER, CONFIG_STARTERS, REASON_EUREKA, REMOVED_PREFIXES, is_resilience_key
from .options import SpringCloudOptions as Options

SERVED_EXTS = (".yml", ".yaml", ".properties")
DEFAULT_NATIVE = ["classpath:/", "classpath:/config"]
SECRET_KEY = re.compile(r"(password|passwd|secret|token|credential|private[-_.]?key|api[-_.]?key)", re.I)
# a key naming *where* or *whether* a secret is, not the secret itself
NOT_A_SECRET = re.compile(r"(uri|url|enabled|endpoint|path|location|header|name|type|validity-seconds|expiration|ttl|timeout)$", re.I)
PLACEHOLDER = re.compile(r"^\$\{[^}]+\}$")
# ${MONGODB_PASSWORD}: an environment variable with no default (${X:default} has a value, ${a.b} is a property)
ENV_PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")
# set by the Deployment or the platform, never missing
KNOWN_ENV = {"HOSTNAME", "HOME", "PATH", "JAVA_TOOL_OPTIONS", "SERVER_PORT", "JAVA_HOME", "USER", "PWD"}
SCAN_DEPTH = 4


@dataclass
class Server:
    mod: Module
    retired: bool
    dirs: list[str] = field(default_factory=list)  # repo-relative folders, or absolute for --config-repo outside
    outside: Path | None = None  # --config-repo outside the repository: read, never edited
    # folder -> (application, profile) it serves, where a search location said {application} or {profile}
    scope: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)  # why some served config cannot be converted


@dataclass
class Source:
    """One ConfigMap built from served files."""

    name: str  # ConfigMap name
    app: str  # "application" for shared
    profile: str | None
    data: dict[str, str] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    secrets: dict[str, tuple[str, str]] = field(default_factory=dict)  # env -> (secret key, origin)
    unset: dict[str, str] = field(default_factory=dict)  # ${ENV} with no default that nothing sets -> origin


@dataclass
class Outcome:
    shared_config: dict[str, str] | None = None
    extra_manifests: dict[str, bytes] = field(default_factory=dict)
    config_rbac: bool = False


# --------------------------------------------------------------------------- entry point


def convert(ws: Workspace, options: Options, listed: dict[str, bool], active: list, services: list[Service], line, names: dict[str, str]) -> Outcome:
    """``listed``: dir -> retired for Config Server modules of the reactor; ``active``: ModuleInfos still built."""
    out = Outcome()
    servers = find_servers(ws, options, listed)
    if not servers:
        return out
    by_name = {s.name: s for s in services}
    sources: dict[str, Source] = {}
    for server in servers:
        locate(ws, server, options)
        for rel, doc, display, stem in served_files(ws, server):
            clean_in_place(ws, doc, display)
            if not server.retired:
                continue
            to_source(ws, rel, doc, display, line, names, by_name, sources, stem)
    retired = [s for s in servers if s.retired]
    if not retired:
        if options.keep_config_server:
            ws.finding("config-server-kept", "the Config Server is kept (--keep-config-server): its served files were cleaned of Eureka/Ribbon keys, no ConfigMap was generated", servers[0].mod.pom.path, severity="info")
        return out
    namespace = dns1035(options.namespace or ws.project_name)
    unset: list[tuple[str, str, str]] = []
    shared = sources.get("application")
    if shared and shared.data:
        out.shared_config = dict(shared.data)
    for src in sorted(sources.values(), key=lambda s: s.name):
        if src.profile is None and src.app != "application":
            by_name[src.app].config_data.update(src.data)
        elif src.profile is not None:
            path = f"base/configmap-{src.name}.yaml" if src.app == "application" else f"base/{src.app}/configmap-{src.profile}.yaml"
            out.extra_manifests[path] = _configmap(src, namespace)
        overridden = {k for o in (options.overrides or {}).values() if isinstance(o, dict) for k in (o.get("env") or {})}
        for env, origin in sorted(src.unset.items()):
            if env not in overridden:
                src.secrets.setdefault(env, (env, origin))
                unset.append((env, origin, f"{src.name}-secret"))
        if src.secrets:
            secret = f"{src.name}-secret"
            targets = list(by_name.values()) if src.app == "application" else [by_name[src.app]]
            for svc in targets:
                for env, (key, _) in src.secrets.items():
                    svc.secret_env[env] = (secret, key)
            out.extra_manifests[f"secrets/{secret}.example.yaml"] = _secret_template(secret, namespace, src)
    if sources:
        out.config_rbac = True
        listing = ", ".join(f"{s.name} <- {', '.join(s.files)}" for s in sorted(sources.values(), key=lambda s: s.name))
        ws.finding("config-server-converted", f"Config Server files became ConfigMaps: {listing}", retired[0].mod.pom.path, severity="info")
    if unset:
        listed_ = "; ".join(f"${{{env}}} ({origin}) -> Secret {secret} key {env}" for env, origin, secret in unset)
        ws.finding(
            "config-placeholders-unset",
            f"the served config references environment variables with no default that no Deployment sets; the Deployments read "
            f"them from Secrets you must create (templates with empty values in {options.output}/secrets/, or set them in "
            f"[services.NAME] env of meshify.toml): {listed_}",
            retired[0].mod.pom.path,
        )
    unset_keys = {(secret, env) for env, _, secret in unset}
    secrets = [(s, env, v) for s in sorted(sources.values(), key=lambda s: s.name) for env, v in sorted(s.secrets.items())
               if (f"{s.name}-secret", env) not in unset_keys]
    if secrets:
        listed_ = "; ".join(f"{origin} -> Secret {s.name}-secret key {key} (env {env})" for s, env, (key, origin) in secrets)
        ws.finding(
            "config-secrets",
            f"values that look secret were not put into ConfigMaps; the ConfigMaps reference them as ${{ENV}} and the "
            f"Deployments read ENV from a Secret you must create (templates with empty values in {options.output}/secrets/, "
            f"deliberately outside the Kustomize build): {listed_}",
            retired[0].mod.pom.path,
        )
    if line.train != "dns":  # mesh-native: the files are mounted, nothing reads ConfigMaps through the API
        wire_clients(ws, active, services, line, bool(out.shared_config))
    return out


def unconvertible(ws: Workspace, mod: Module, options: Options) -> list[str]:
    """Why what this Config Server serves cannot all become ConfigMaps (empty: it can)."""
    server = Server(mod, retired=True)
    locate(ws, server, options)
    return server.lost


def served_by_stem(ws: Workspace, options: Options, listed: dict[str, bool]) -> dict[str, list]:
    """Documents the Config Server(s) serve, by lowercase file stem ("account-service", "application", ...).

    Read before the services are described: a service's port and context path often live there.
    """
    out: dict[str, list] = {}
    for server in find_servers(ws, options, listed):
        locate(ws, server, options)
        for _, doc, _, stem in served_files(ws, server):
            out.setdefault(stem, []).append(doc)
    return out


# --------------------------------------------------------------------------- finding the server


def _is_server(ws: Workspace, mod: Module) -> bool:
    """A module that runs a Config Server: it depends on spring-cloud-config-server (a library that only
    integrates with one declares it optional or for its tests), or enables one in its code."""
    if any(d.artifact == CONFIG_SERVER and not d.optional and d.scope != "test" for m in mod.chain() for d in m.pom.dependencies()):
        return True
    if mod.pom.packaging == "pom":
        return False
    for f in ws.java_files(mod, test=False):
        if b"EnableConfigServer" in ws.read(f):
            doc: JavaDocument = ws.doc(f)
            if doc.annotations("EnableConfigServer"):
                return True
    return False


def find_servers(ws: Workspace, options: Options, listed: dict[str, bool]) -> list[Server]:
    """Config Server modules of the reactor, plus folders no reactor lists (retired on an earlier run)."""
    servers = []
    known = {m.dir for m in ws.modules}
    for mod in ws.modules:
        if mod.dir in listed or _is_server(ws, mod):
            servers.append(Server(mod, retired=listed.get(mod.dir, False)))
    out_dir = PurePosixPath(options.output.replace("\\", "/")).as_posix()
    key = ("configserver.unlisted", out_dir, frozenset(ws.skip_modules), frozenset(known))
    unlisted = ws.memo.get(key)
    if unlisted is None:  # the folders on disk do not change within a run: walked once
        unlisted = ws.memo[key] = _unlisted_candidates(ws, out_dir, known)
    for rel, raw in unlisted:
        try:
            pom = PomDocument(path=f"{rel}/pom.xml", original=raw)
        except Exception:  # not a pom meshify can read: not ours to judge here
            continue
        mod = Module(rel, pom)
        if _is_server(ws, mod):
            servers.append(Server(mod, retired=True))
    return servers


def _unlisted_candidates(ws: Workspace, out_dir: str, known: set[str]) -> list[tuple[str, bytes]]:
    """(folder, pom bytes) of the folders no reactor lists whose pom or main code names the Config Server."""
    found = []
    skip = set(ws.skip_modules)
    for dirpath, dirnames, filenames in os.walk(ws.root, followlinks=False):
        rel = Path(dirpath).relative_to(ws.root).as_posix()
        depth = 0 if rel == "." else rel.count("/") + 1
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith(".") and depth < SCAN_DEPTH
                             and not (Path(dirpath) / d).is_symlink() and (PurePosixPath(rel) / d).as_posix() != out_dir)
        if "pom.xml" not in filenames or rel in known or rel in skip or rel == ".":
            continue
        if rel.rsplit("/", 1)[-1] in skip:
            continue
        pom_path = Path(dirpath) / "pom.xml"
        if pom_path.is_symlink():
            continue
        try:
            raw = read_inside(ws.root, pom_path, f"{rel}/pom.xml")
        except MeshifyError:
            continue
        if CONFIG_SERVER.encode() not in raw and not _has_annotation(Path(dirpath)):
            continue
        found.append((rel, raw))
    return found


def _has_annotation(module_dir: Path) -> bool:
    java = module_dir / "src" / "main" / "java"
    if not java.is_dir():
        return False
    for dirpath, _dirnames, filenames in os.walk(java, followlinks=False):
        for f in filenames:
            if f.endswith(".java") and is_regular(Path(dirpath) / f):
                try:
                    if b"@EnableConfigServer" in read_inside(java.resolve(), Path(dirpath) / f, f):
                        return True
                except MeshifyError:  # not ours to judge here
                    continue
    return False


def _server_values(ws: Workspace, mod: Module) -> dict[str, str]:
    """Server settings from every profile of its own config files (first one wins), camelCase folded."""
    vals: dict[str, str] = {}
    for f in ws.config_files(mod):
        for v in cfg.values(ws.doc(f)):
            key = re.sub(r"([a-z])([A-Z])", lambda m: f"{m.group(1)}-{m.group(2).lower()}", v.key)
            if re.fullmatch(r".*\[\d+\]", key):  # search-locations[0]: a YAML list
                base = key.rsplit("[", 1)[0]
                vals[base] = f"{vals[base]},{v.value}" if base in vals else v.value
                continue
            vals.setdefault(key, v.value)
    return vals


def locate(ws: Workspace, server: Server, options: Options) -> None:
    """The folders the server serves from. ``--config-repo`` is used whenever it is given (it is the checkout of
    the git backend, or of what a native location like ``file:///${GIT_REPO}`` names); ``{application}``,
    ``{profile}`` and ``{label}`` in a location are expanded folder by folder. What cannot be converted is
    recorded in ``server.lost``."""
    server.dirs, server.scope, server.lost, server.outside = [], {}, [], None
    vals = _server_values(ws, server.mod)
    pom = server.mod.pom.path
    active = vals.get("spring.profiles.active", "")
    git_uri = vals.get("spring.cloud.config.server.git.uri")
    native = vals.get("spring.cloud.config.server.native.search-locations")
    label = vals.get("spring.cloud.config.server.native.default-label") or vals.get("spring.cloud.config.server.git.default-label") or "master"
    if options.config_repo:
        _config_repo(ws, server, options, vals, label)
    if native is not None or "native" in [p.strip() for p in active.split(",")] or not git_uri:
        if not native and not git_uri and "native" not in active and not options.config_repo:
            ws.finding("config-server-backend", "the Config Server names no backend (no native profile, no git uri); meshify looked in the native default locations", pom, severity="info")
        for loc in [p.strip() for p in (native or ",".join(DEFAULT_NATIVE)).split(",") if p.strip()]:
            for d, scope in _native_dirs(ws, server, loc, label, quiet=bool(options.config_repo)):
                if d not in server.dirs:
                    server.dirs.append(d)
                    if scope != (None, None):
                        server.scope[d] = scope
        return
    if not options.config_repo:
        why = f"the Config Server reads a git repository ({git_uri}); meshify cannot convert it without a local checkout: run again with --config-repo PATH"
        ws.finding("config-server-git", why, pom)
        server.lost.append(f"it reads the git repository {git_uri} (give its checkout with --config-repo PATH)")


def _config_repo(ws: Workspace, server: Server, options: Options, vals: dict[str, str], label: str) -> None:
    pom = server.mod.pom.path
    repo = Path(options.config_repo).expanduser()
    if not repo.is_absolute():
        repo = (Path.cwd() / repo) if (Path.cwd() / repo).is_dir() else ws.root / repo
    repo = repo.resolve()
    if not repo.is_dir():
        ws.finding("config-repo-missing", f"--config-repo {options.config_repo} is not a folder", pom)
        server.lost.append(f"--config-repo {options.config_repo} is not a folder")
        return
    inside = repo.is_relative_to(ws.root)
    if not inside:
        server.outside = repo
        ws.finding("config-repo-outside", f"--config-repo {repo} lies outside the repository: its files were converted but not edited", pom, severity="info")
    subdirs = [""]
    for p in (vals.get("spring.cloud.config.server.git.search-paths") or "").split(","):
        p = p.strip().strip("/")
        if p and p not in subdirs:
            subdirs.append(p)
    for sub in subdirs:
        for d, scope in _expand(repo, sub, label):
            key = ws.relpath(d) if inside else str(d)
            if key not in server.dirs:
                server.dirs.append(key)
                if scope != (None, None):
                    server.scope[key] = scope
    if any("*" in p for p in subdirs):
        ws.finding("config-location-pattern", "a search path uses a '*' pattern; meshify converts fixed folders and {application}/{profile}/{label} only", pom)
        server.lost.append("a git search path uses a '*' pattern")


PLACEHOLDER_SEGMENT = re.compile(r"\{(application|profile|label)\}")


def _expand(base: Path, sub: str, label: str) -> list[tuple[Path, tuple[str | None, str | None]]]:
    """Folders under ``base`` that ``sub`` names, with the application and profile its placeholders matched.
    ``{label}`` is the default label; a segment with ``*`` matches nothing here (reported by the caller)."""
    found: list[tuple[Path, dict[str, str]]] = [(base, {})]
    for seg in [s for s in sub.split("/") if s]:
        nxt = []
        for d, got in found:
            if "*" in seg:
                continue
            seg_l = seg.replace("{label}", label)
            if not PLACEHOLDER_SEGMENT.search(seg_l):
                c = d / seg_l
                if c.is_dir() and not c.is_symlink():
                    nxt.append((c, got))
                continue
            pattern = re.compile("".join(f"(?P<{m.group(1)}>[^/]+)" if m else re.escape(t)
                                         for t, m in _tokens(seg_l)) + "$")
            for c in sorted(d.iterdir()):
                m = pattern.match(c.name)
                if m and c.is_dir() and not c.is_symlink() and not c.name.startswith("."):
                    nxt.append((c, {**got, **m.groupdict()}))
        found = nxt
    out = []
    for d, got in found:
        profile = got.get("profile")
        out.append((d, (got.get("application"), None if profile in (None, "default") else profile)))
    return out


def _tokens(seg: str):
    at = 0
    for m in PLACEHOLDER_SEGMENT.finditer(seg):
        if m.start() > at:
            yield seg[at:m.start()], None
        yield "", m
        at = m.end()
    if at < len(seg):
        yield seg[at:], None


def _native_dirs(ws: Workspace, server: Server, loc: str, label: str, quiet: bool = False) -> list[tuple[str, tuple[str | None, str | None]]]:
    mod = server.mod
    raw = loc
    loc = re.sub(r"^optional:", "", loc)
    if "${" in loc:
        if not quiet:  # --config-repo names the folder such a placeholder points to
            ws.finding("config-location-pattern", f"search location '{raw}' names a folder through a placeholder; give the folder with --config-repo PATH", mod.pom.path)
            server.lost.append(f"its search location '{raw}' names a folder through a placeholder (give it with --config-repo PATH)")
        return []
    if loc.startswith(("classpath:", "classpath*:")):
        rest = loc.split(":", 1)[1].strip("/")
        bases = [ws.root / mod.rel("src", "main", "resources")]
    elif loc.startswith("file:") or "://" not in loc:
        p = loc[5:] if loc.startswith("file:") else loc
        p = re.sub(r"^//", "/", p)
        if os.path.isabs(p):
            bases, rest = [Path("/")], p.lstrip("/")
        else:
            bases, rest = [ws.root / mod.dir, ws.root], p
    else:
        ws.finding("config-location-unsupported", f"search location '{raw}' is not a classpath: or file: folder", mod.pom.path)
        server.lost.append(f"its search location '{raw}' is not a classpath: or file: folder")
        return []
    if "*" in rest:
        ws.finding("config-location-pattern", f"search location '{raw}' uses a '*' pattern; meshify converts fixed folders and {{application}}/{{profile}}/{{label}} only", mod.pom.path)
        server.lost.append(f"its search location '{raw}' uses a '*' pattern")
        return []
    fixed = rest.split("{", 1)[0].rsplit("/", 1)[0] if "{" in rest else rest
    for b in bases:
        c = Path(os.path.normpath(b / fixed)) if fixed else b
        if not c.is_dir() or c.is_symlink():
            continue
        if not c.resolve().is_relative_to(ws.root):
            ws.finding("config-location-outside", f"search location '{raw}' lies outside the repository; not converted", mod.pom.path)
            server.lost.append(f"its search location '{raw}' lies outside the repository")
            return []
        tail = rest[len(fixed):].strip("/")
        return [(ws.relpath(d.resolve()), scope) for d, scope in _expand(c.resolve(), tail, label)]
    return []


def served_files(ws: Workspace, server: Server):
    """(rel or absolute path, document, display path, stem) of every file the server serves, sorted. The stem
    is the one the server matches ("orders-prod"): a folder a {application} or {profile} location matched
    gives its files that application or profile."""
    own = set(ws.config_files(server.mod))
    seen = set()
    for d in server.dirs:
        base = Path(d) if server.outside and Path(d).is_absolute() else ws.root / d
        app, profile = server.scope.get(d, (None, None))
        for p in sorted(base.iterdir()):
            if not p.is_file() or p.suffix not in SERVED_EXTS or p.is_symlink():
                continue
            if p.stem.startswith("bootstrap"):
                continue
            stem = _scoped_stem(p.stem, app, profile)
            if stem is None:  # another application's file in this application's folder: never served
                continue
            if server.outside and Path(d).is_absolute():
                cls = YamlDocument if p.suffix in (".yml", ".yaml") else PropertiesDocument
                display = p.as_posix()
                doc = cls(path=display, original=read_inside(server.outside.resolve(), p, display))
                _utf8_yaml(doc)
                yield display, doc, display, stem
                continue
            rel = ws.relpath(p)
            if rel in own or rel in seen:  # the server never serves its own config (property sources present in the server are removed)
                continue
            seen.add(rel)
            doc = ws.doc(rel)
            _utf8_yaml(doc)
            yield rel, doc, rel, stem


def _scoped_stem(stem: str, app: str | None, profile: str | None) -> str | None:
    low = stem.lower()
    if app:
        app = app.lower()
        if low in ("application", app):
            low = app
        elif low.startswith("application-"):
            low = f"{app}-{low[len('application-'):]}"
        elif not low.startswith(app + "-"):
            return None
    if profile and profile.lower() not in low.split("-"):
        low = f"{low}-{profile.lower()}"
    return low


def _utf8_yaml(doc) -> None:
    """Spring reads YAML as UTF-8: a GBK or Latin-1 file would reach the ConfigMap as different text."""
    if isinstance(doc, YamlDocument) and doc.encoding not in ("utf-8", "utf-8-sig"):
        raise MeshifyError("served YAML is not UTF-8; Spring reads YAML as UTF-8, so meshify will not guess its encoding", doc.path, hint="convert the file to UTF-8 (e.g. iconv -f GBK -t UTF-8), then run meshify again")


# --------------------------------------------------------------------------- converting


def clean_in_place(ws: Workspace, doc, display: str) -> None:
    """Remove Eureka, Ribbon and discovery-first keys, exactly as in the services' own files."""

    gone = remove_keys(doc, REMOVED_PREFIXES, REASON_EUREKA)
    timeouts = [v for v in gone if is_resilience_key(v.key)]
    if timeouts:
        listed = ", ".join(f"{display}:{v.line} {v.key}={v.value}" for v in timeouts)
        ws.finding("resilience-settings", f"client timeouts/retries served by the Config Server now belong to Istio (VirtualService/DestinationRule): {listed}", display, severity="info")


def _classify(stem: str, names: dict[str, str], services: dict[str, Service]) -> tuple[str, str | None] | None:
    """(app, profile) of a served file stem; app is a service name or "application"."""
    low = stem.lower()
    if low == "application":
        return "application", None
    if low.startswith("application-"):
        return "application", low[len("application-"):]
    apps = {n: n for n in services} | {k: v for k, v in names.items() if v in services}
    if low in apps:
        return apps[low], None
    for raw in sorted(apps, key=len, reverse=True):
        if low.startswith(raw + "-"):
            return apps[raw], low[len(raw) + 1:]
    return None


def _env_name(*parts: str) -> str:
    return re.sub(r"_+", "_", re.sub(r"[^A-Za-z0-9]", "_", "_".join(parts))).strip("_").upper()


def _is_secret(key: str, value: str) -> bool:
    if not value or PLACEHOLDER.match(value.strip()):
        return False
    if value.startswith("{cipher}"):
        return True
    last = key.rsplit(".", 1)[-1]
    return bool(SECRET_KEY.search(key)) and not NOT_A_SECRET.search(last)


def _replace_secrets(ws: Workspace, doc, source: Source, display: str) -> None:
    """Replace secret values of ``doc`` by ${ENV} references, recorded in ``source.secrets``."""
    found = []
    if isinstance(doc, PropertiesDocument):
        for e in doc.entries:
            if _is_secret(e.key, e.value):
                found.append((e.key, None, e.value, e.line, e.value_start, e.value_end, ""))
    else:
        for d in range(len(doc.docs)):
            profile = doc.profile_of(d)
            for path, node in doc.leaves(d):
                key = ".".join(path)
                value = str(node.value)
                if _is_secret(key, value):
                    tail = doc.newline if node.style in ("|", ">") else ""
                    found.append((key, profile, value, node.start_mark.line + 1, node.start_mark.index, node.end_mark.index, tail))
    for key, profile, value, line, start, end, tail in found:
        env = _env_name(source.name, key, profile or "")
        skey = re.sub(r"[^-._a-zA-Z0-9]", "_", f"{profile}.{key}" if profile else key)
        text = "${" + env + "}"
        doc.splice(start, end, text if isinstance(doc, PropertiesDocument) else f'"{text}"{tail}', "secrets go to a Secret")
        source.secrets[env] = (skey, f"{display}:{line} {key}")
        if value.startswith("{cipher}"):
            ws.finding("config-cipher", f"{key} is encrypted with the Config Server's key ({{cipher}}); Kubernetes cannot decrypt it: put the decrypted value into Secret {source.name}-secret key {skey}", display, line)


def to_source(ws: Workspace, rel: str, doc, display: str, line, names: dict[str, str], services: dict[str, Service], sources: dict[str, Source],
              stem: str | None = None) -> None:
    name = PurePosixPath(rel).name
    file_stem, ext = name.rsplit(".", 1)
    stem = stem or file_stem
    got = _classify(stem, names, services)
    if got is None:
        ws.finding("served-config-unknown-app", f"'{name}' configures '{stem}', which is not a service of this repository; no ConfigMap was generated for it", display, severity="info")
        return
    app, profile = got
    if profile is not None:
        profile = dns1035(profile)
    cm = app if profile is None else f"{app}-{profile}"
    kind = "properties" if ext == "properties" else "yaml"
    if line.train == "dns":
        # mounted as files: profile files sit next to the base file, where Spring Boot looks for them
        cm, file_key, profile = app, f"application-{profile}.{kind}" if profile else f"application.{kind}", None
    else:
        file_key = None
    src = sources.setdefault(cm, Source(cm, app, profile))
    text = doc.render_text()
    fresh = (YamlDocument if ext in ("yml", "yaml") else PropertiesDocument)(path=display, original=text.encode(doc.encoding))
    if not cfg.values(fresh):
        ws.finding("served-config-empty", f"'{name}' holds no setting once Eureka/Ribbon keys are gone; no ConfigMap data for it", display, severity="info")
        return
    _replace_secrets(ws, fresh, src, display)
    data = fresh.render_text()
    for text_line in data.splitlines():
        if text_line.lstrip().startswith("#"):
            continue
        for m in ENV_PLACEHOLDER.finditer(text_line):
            env = m.group(1)
            if env not in KNOWN_ENV and env not in src.secrets:
                at = next((i for i, raw in enumerate(doc.text.splitlines(), 1) if m.group(0) in raw), None)
                src.unset.setdefault(env, f"{display}:{at}" if at else display)
    if file_key:
        key = file_key
    elif line.bootstrap_config:
        key = f"application.{kind}"
    else:
        key = f"{cm}.{kind}"
    if key in src.data:
        ws.finding("served-config-duplicate", f"'{name}' and {src.files[0]} both configure ConfigMap {cm} key {key}; kept the first", display)
        return
    src.data[key] = data
    src.files.append(display)


def _labels(app: str, namespace: str) -> dict[str, str]:
    if app == "application":  # as the shared ConfigMap of templates/namespace
        return {"app.kubernetes.io/part-of": namespace, "app.kubernetes.io/managed-by": "meshify"}
    return dict(sorted(labels(app, namespace).items()))


def _configmap(src: Source, namespace: str) -> bytes:
    import json

    doc = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": src.name, "namespace": namespace, "labels": _labels(src.app, namespace)},
        "data": dict(sorted(src.data.items())),
    }
    return normalize(json.dumps(doc), BASE_HEADER)[0]


def _secret_template(secret: str, namespace: str, src: Source) -> bytes:
    import json

    keys = sorted({k for k, _ in src.secrets.values()})
    literals = " ".join(f"--from-literal={k}=..." for k in keys)
    header = (
        "# Generated by meshify: a TEMPLATE, not part of any kustomization, so that `kubectl apply -k` never\n"
        "# overwrites the real Secret with these empty placeholders. meshify rewrites this file on every run:\n"
        "# copy it outside the repository and fill in the values there (never commit them), or run:\n"
        f"#   kubectl create secret generic {secret} -n {namespace} {literals}\n"
        f"# Values moved out of: {', '.join(src.files)}\n"
    )
    doc = {
        "apiVersion": "v1",
        "kind": "Secret",
        "metadata": {"name": secret, "namespace": namespace, "labels": _labels(src.app, namespace)},
        "type": "Opaque",
        "stringData": {k: "" for k in keys},
    }
    return normalize(json.dumps(doc), header)[0]


# --------------------------------------------------------------------------- clients


def _uses_config(ws: Workspace, info) -> bool:
    if info.config_client:
        return True
    return any(d.artifact in CONFIG_STARTERS for m in info.mod.chain() for d in m.pom.dependencies())


def wire_clients(ws: Workspace, active: list, services: list[Service], line, shared: bool) -> None:
    """List the shared ``application`` ConfigMap and the service's own in config.sources (later wins)."""
    by_module = {s.module: s for s in services}
    for info in active:
        svc = by_module.get(info.mod.dir)
        if svc is None or not _uses_config(ws, info):
            continue
        bootstrap_mode = line.bootstrap_config or any(
            d.artifact == "spring-cloud-starter-bootstrap" for m in info.mod.chain() for d in m.pom.dependencies()
        )
        if not bootstrap_mode and (shared or svc.config_data):
            # 3.x reads ConfigMaps as config data: only through spring.config.import=kubernetes:
            target = primary_config(ws, info.mod)
            doc = ws.doc(target)
            doc.rebase()  # earlier rules may have rewritten spring.config.import
            _add_import(doc)
        if shared:
            target = _bootstrap_file(ws, info.mod) if bootstrap_mode else primary_config(ws, info.mod)
            doc = ws.doc(target)
            doc.rebase()  # earlier rules may have removed the block the sources go into (spring.cloud.config)
            _set_sources(ws, doc, target, ["application", svc.name])


def _add_import(doc) -> None:
    imp = cfg.get(doc, "spring.config.import") or ""
    parts = [p.strip() for p in imp.split(",") if p.strip()]
    if not any(p.endswith("kubernetes:") for p in parts):
        cfg.set_value(doc, "spring.config.import", ",".join(parts + ["kubernetes:"]), "read ConfigMaps through Spring Cloud Kubernetes (3.x config data)")


def _bootstrap_file(ws: Workspace, mod: Module) -> str:
    files = ws.config_files(mod)
    for name in ("bootstrap.yml", "bootstrap.yaml", "bootstrap.properties"):
        for f in files:
            if f.endswith("/" + name) and "/config/" not in f:
                return f
    primary = primary_config(ws, mod, create=False)
    ext = "properties" if primary is None or primary.endswith(".properties") else "yml"
    rel = mod.rel("src", "main", "resources", f"bootstrap.{ext}")
    cls = PropertiesDocument if ext == "properties" else YamlDocument
    if not ws.exists(rel):
        ws.create(rel, cls)
    return rel


SOURCES_KEY = "spring.cloud.kubernetes.config.sources"


def _set_sources(ws: Workspace, doc, path: str, names: list[str]) -> None:
    reason = "read the shared ConfigMap 'application' and the service's own (the later source wins)"
    existing = {}
    for v in cfg.values(doc):
        if v.profile is None:
            m = re.fullmatch(re.escape(SOURCES_KEY) + r"\[(\d+)\]\.name", v.key)
            if m:
                existing[int(m.group(1))] = v.value
    if existing:
        have = [existing[i] for i in sorted(existing)]
        missing = [n for n in names if n not in have]
        if missing:
            ws.finding("config-sources-kept", f"{SOURCES_KEY} is already set; add {', '.join(missing)} to it yourself (meshify does not rewrite your list)", path)
        return
    if isinstance(doc, PropertiesDocument):
        for i, n in enumerate(names):
            cfg.set_value(doc, f"{SOURCES_KEY}[{i}].name", n, reason)
        return
    # YAML: the editor writes scalars only; write a flow sequence in place of a placeholder scalar
    marker = "meshify-sources-placeholder"
    cfg.set_value(doc, SOURCES_KEY, marker, reason)
    doc.rebase()
    at = doc.text.index(marker)
    doc.splice(at, at + len(marker), "[" + ", ".join("{name: " + n + "}" for n in names) + "]", reason)
