"""Workspace: read the repository once, the Maven reactor, config files and sources.

It never follows a symbolic link out of the repository and skips build
output and vendored folders. Every file is opened through ``doc`` so that all
rules edit the same in-memory document and the plan sees one final content.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .editors.java import JavaDocument
from .editors.pom import Dependency, PomDocument, property_refs
from .editors.properties import PropertiesDocument
from .editors.text import TextDocument
from .editors.xml import XmlDocument
from .editors.yaml import YamlDocument
from . import errors
from .errors import MeshifyError
from .model import Finding
from .reading import inside, is_regular, read_inside

SKIP_DIRS = {"target", "build", "node_modules", ".git", ".svn", ".hg", ".idea", ".vscode", ".gradle", "out", "bin", ".mvn"}
CONFIG_NAMES = ("application", "bootstrap")
CONFIG_EXTS = (".properties", ".yml", ".yaml")
MAX_MODULES = 5000
_UNCHECKED = object()

_KINDS = {
    ".properties": PropertiesDocument,
    ".yml": YamlDocument,
    ".yaml": YamlDocument,
    ".java": JavaDocument,
    ".xml": XmlDocument,
}


# a relative POSIX path that PurePosixPath gives back as written: no empty or "." segment, no leading "/"
_PLAIN_PATH = re.compile(r"(?:(?!\./)[^/]+/)*(?!\.$)[^/]+")


@dataclass
class Module:
    dir: str  # POSIX, relative to the root ("." for the root)
    pom: PomDocument
    parent: "Module | None" = None
    external_parent: tuple[str, str, str] | None = None  # (group, artifact, version) outside the repo
    children: list["Module"] = field(default_factory=list)
    aggregator: "Module | None" = None  # the module listing this one in <modules>

    @property
    def artifact_id(self) -> str:
        return self.pom.artifact_id

    def rel(self, *parts: str) -> str:
        """``str(PurePosixPath(self.dir).joinpath(*parts))``; a plain join where that is the same text."""
        joined = "/".join((self.dir, *parts)) if self.dir not in ("", ".") else "/".join(parts)
        if joined and _PLAIN_PATH.fullmatch(joined):
            return joined
        return str(PurePosixPath(self.dir).joinpath(*parts))

    def chain(self) -> list["Module"]:
        """This module and its in-repo parents, nearest first."""
        out, m, seen = [], self, set()
        while m is not None and id(m) not in seen:
            seen.add(id(m))
            out.append(m)
            m = m.parent
        return out


class Workspace:
    def __init__(self, root: Path, skip_modules: tuple[str, ...] = ()):
        self.root = root.resolve()
        self.findings: list[Finding] = []
        self._finding_set: set[Finding] = set()  # the same finding is reported once (a set: thousands at 1000 modules)
        self._docs: dict[str, TextDocument] = {}
        self._created: set[str] = set()  # documents for files that do not exist yet
        # listings and folder checks, once per run: nothing on disk changes before the plan is applied
        self._walks: dict[tuple[str, tuple[str, ...]], list[str]] = {}
        self._folders_inside: dict[Path, bool] = {}
        self._real_folders: dict[str, str] = {}  # folder -> resolved, for reading.inside
        self._listings: dict[str, tuple[list[str], list[str], set[str]]] = {}
        self._checked_files: dict[str, str | None] = {}  # a walk's file -> its repository path, None: skipped
        self._config_files: dict[tuple[str, ...], list[str]] = {}
        self._read: dict[str, bytes] = {}  # the bytes of every file read, by repository path
        self.memo: dict = {}  # what a rule derives from the files on disk, once per run (keyed by the rule)
        self._by_coordinates: dict[tuple[str, str], Module] | None = None
        self.skip_modules = set(skip_modules)
        if not self.root.is_dir():
            raise MeshifyError("not a directory", str(root))
        self.modules: list[Module] = []
        self._load_reactor()

    # files -----------------------------------------------------------------
    def exists(self, rel: str) -> bool:
        p = self.root / rel
        return p.is_file() and self._inside(p)

    def _folder_inside(self, p: Path) -> bool:
        """Whether the folders on the way to ``p`` stay inside the repository (a finding when not)."""
        folder_ok = self._folders_inside.get(p.parent)
        if folder_ok is None:
            folder_ok = self._folders_inside[p.parent] = inside(self.root, p.parent, self._real_folders)
        if not folder_ok:  # a folder on the way links out
            self.finding("symlink-outside", "reached through a symbolic link that points outside the repository; meshify neither reads nor writes it", self.relpath(p), severity="info")
        return folder_ok

    def _inside(self, p: Path) -> bool:
        if not self._folder_inside(p):
            return False
        if p.is_symlink():
            target = p.resolve()
            if not target.is_relative_to(self.root):
                self.finding("symlink-outside", "symbolic link points outside the repository; meshify neither reads nor writes it", self.relpath(p), severity="info")
                return False
            return False  # edit the real file where it lives, never through the link
        return True

    def relpath(self, p: Path) -> str:
        return p.relative_to(self.root).as_posix() if p.is_absolute() else p.as_posix()

    def doc(self, rel: str, kind: type | None = None):
        """The one in-memory document for a file, parsed on first use."""
        errors.processing(rel)
        d = self._docs.get(rel)
        if d is None:
            cls = kind or _KINDS.get(PurePosixPath(rel).suffix, TextDocument)
            d = cls(path=rel, original=self.read(rel))
            self._docs[rel] = d
        return d

    def read(self, rel: str) -> bytes:
        """The bytes of a regular file inside the repository (size checked before reading).
        Read once per run: nothing on disk changes before the plan is applied."""
        data = self._read.get(rel)
        if data is None:
            data = self._read[rel] = read_inside(self.root, self.root / rel, rel, folders=self._real_folders)
        return data

    def create(self, rel: str, kind: type | None = None) -> TextDocument:
        """A new, empty document for a file that does not exist yet (the same one on every call).

        The plan creates the file with what the rules put in it; a document left empty creates nothing.
        """
        errors.processing(rel)
        d = self._docs.get(rel)
        if d is None:
            cls = kind or _KINDS.get(PurePosixPath(rel).suffix, TextDocument)
            d = cls(path=rel, original=b"")
            self._docs[rel] = d
            self._created.add(rel)
        return d

    def is_created(self, rel: str) -> bool:
        """Whether ``rel`` is a file this run creates (``create``), not one read from disk."""
        return rel in self._created

    def docs(self) -> list[TextDocument]:
        return list(self._docs.values())

    def walk(self, rel_dir: str, suffixes: tuple[str, ...]) -> list[str]:
        """Files under a folder with one of the suffixes, sorted; skips build output and links."""
        key = (rel_dir, suffixes)
        if key not in self._walks:
            self._walks[key] = self._walk(rel_dir, suffixes)
        return list(self._walks[key])

    def _walk(self, rel_dir: str, suffixes: tuple[str, ...]) -> list[str]:
        base = self.root / rel_dir
        out: list[str] = []
        if not base.is_dir() or base.is_symlink():
            return out

        checked = self._checked_files

        def visit(folder: str) -> None:  # top-down, folders and files sorted (as os.walk with sorted names)
            dirs, files, plain = self._listing(folder)
            for f in files:
                if f.endswith(suffixes):
                    key = os.path.join(folder, f)
                    rel = checked.get(key, _UNCHECKED)
                    if rel is _UNCHECKED:  # checked once per run, whichever walk reaches it first
                        p = Path(key)
                        if f in plain:  # a regular file, no link (as listed): only the folders on the way to check
                            rel = self.relpath(p) if self._folder_inside(p) else None
                        else:
                            rel = self.relpath(p) if self._inside(p) and self._regular(p) else None
                        checked[key] = rel
                    if rel is not None:
                        out.append(rel)
            for d in dirs:
                visit(os.path.join(folder, d))

        visit(os.fspath(base))
        return out

    def named(self, pattern: re.Pattern) -> list[str]:
        """Regular files, not links, whose whole name matches ``pattern``, in every folder a walk reaches
        (and the modules' bin/ folders, which walks skip), sorted."""
        out: list[str] = []

        def visit(folder: str) -> None:
            dirs, files, plain = self._listing(folder)
            for f in files:
                if f in plain and pattern.fullmatch(f):
                    out.append(self.relpath(Path(folder, f)))
            for d in dirs:
                visit(os.path.join(folder, d))

        visit(os.fspath(self.root))
        for m in self.modules:
            bin_dir = self.root / m.rel("bin")
            if bin_dir.is_dir() and not bin_dir.is_symlink():
                visit(os.fspath(bin_dir))
        return sorted(set(out))

    def _listing(self, folder: str) -> tuple[list[str], list[str], set[str]]:
        """(sub-folders to walk into, file names, the names of regular files that are no links) of a folder,
        sorted, listed once per run: no build output, hidden folders or linked folders; links to folders are
        followed to tell them from files."""
        got = self._listings.get(folder)
        if got is None:
            dirs, files, links = [], [], set()
            plain: set[str] = set()  # regular files, no links (from the listing's file types)
            try:
                with os.scandir(folder) as entries:
                    for entry in entries:
                        try:
                            is_dir = entry.is_dir()
                            if entry.is_symlink():
                                links.add(entry.name)
                            elif not is_dir and entry.is_file(follow_symlinks=False):
                                plain.add(entry.name)
                        except OSError:
                            is_dir = False
                        (dirs if is_dir else files).append(entry.name)
            except OSError as e:
                self._unreadable_folder(e)
            dirs = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".") and d not in links)
            got = self._listings[folder] = (dirs, sorted(files), plain)
        return got

    def modules_by_coordinates(self) -> dict[tuple[str, str], Module]:
        """Module by (groupId, artifactId), the last of a pair if two share it, built once
        (coordinates are read, never rewritten)."""
        if self._by_coordinates is None:
            self._by_coordinates = {(m.pom.group_id, m.artifact_id): m for m in self.modules}
        return self._by_coordinates

    def _unreadable_folder(self, e: OSError) -> None:
        """A folder meshify cannot list would leave its module half-migrated: stop instead."""
        where = Path(e.filename) if e.filename else self.root
        rel = self.relpath(where) if where.is_absolute() and where.is_relative_to(self.root) else str(where)
        raise MeshifyError(f"cannot read the folder: {e.strerror or e}", rel, hint="fix its permissions, or skip its module with skip_modules in meshify.toml")

    def _regular(self, p: Path) -> bool:
        if is_regular(p):
            return True
        self.finding("not-a-file", "not a regular file (a named pipe, device or socket); meshify reads regular files only, skipped", self.relpath(p))
        return False

    def finding(self, code: str, message: str, path: str | None = None, line: int | None = None, severity: str = "warning") -> None:
        f = Finding(code, message, path, line, severity)
        if f not in self._finding_set:
            self._finding_set.add(f)
            self.findings.append(f)

    def retract_findings(self, since: int) -> None:
        """Drop the findings made after the first ``since`` (a trial a rule does not keep)."""
        for f in self.findings[since:]:
            self._finding_set.discard(f)
        del self.findings[since:]

    # reactor ---------------------------------------------------------------
    def _load_reactor(self) -> None:
        root_pom = self.root / "pom.xml"
        if root_pom.is_file():
            starts = ["."]
            root_doc = self.doc("pom.xml", PomDocument)
            if not root_doc.modules() and (root_doc.packaging == "pom" or not (self.root / "src").is_dir()):
                # a root pom that lists no modules (and builds nothing itself): the projects below it build on their own
                others = self._topmost_poms(skip_root=True)
                if others:
                    starts += others
                    self.finding("independent-projects", f"the root pom.xml lists no modules; migrating the {len(others)} independent Maven projects below it too: {', '.join(others)}", "pom.xml", severity="info")
        else:
            starts = self._topmost_poms()
            if not starts:
                if any(self.root.glob("build.gradle*")) or any(self.root.glob("settings.gradle*")):
                    raise MeshifyError("this is a Gradle build; meshify migrates Maven projects only", self.relpath(self.root / "build.gradle"), hint="no file was changed")
                raise MeshifyError("no pom.xml found at the root or one level below; meshify migrates Maven repositories", ".", hint="run meshify on the folder that holds the root pom.xml")
            self.finding("no-root-pom", f"no root pom.xml; migrating {len(starts)} independent Maven project{'s' if len(starts) != 1 else ''}: {', '.join(starts)}", ".", severity="info")
        independent = set(starts) - {"."}
        by_dir: dict[str, Module] = {}
        queue: list[tuple[str, Module | None]] = [(s, None) for s in starts]
        while queue:
            d, agg = queue.pop(0)
            if d in by_dir:
                if agg is not None and by_dir[d].aggregator is not None and by_dir[d] is not agg:
                    self.finding("module-listed-twice", f"module {d} is listed by more than one aggregator", agg.pom.path)
                continue
            if len(by_dir) >= MAX_MODULES:
                raise MeshifyError(f"more than {MAX_MODULES} modules", ".")
            pom_rel = "pom.xml" if d == "." else f"{d}/pom.xml"
            pom_path = self.root / pom_rel
            if not inside(self.root, pom_path, self._real_folders):
                self.finding("symlink-outside", "module pom is a link outside the repository; skipped", pom_rel)
                continue
            if agg is None and d != "." and d in independent:
                try:
                    pom = self.doc(pom_rel, PomDocument)
                except MeshifyError as e:
                    # one broken project among independent ones: skip it, migrate the others
                    self._docs.pop(pom_rel, None)
                    self.finding("project-unreadable", f"{e.message}; this independent project was skipped", e.path, e.line)
                    continue
            else:
                pom = self.doc(pom_rel, PomDocument)
            mod = Module(d, pom, aggregator=agg)
            by_dir[d] = mod
            self.modules.append(mod)
            for name, el in pom.modules():
                child = os.path.normpath(os.path.join(d, name)).replace(os.sep, "/")
                if os.path.isabs(name) or child.startswith(".."):
                    self.finding("module-outside", f"module '{name}' lies outside the repository; not migrated", pom.path, pom.line(el))
                    continue
                target = self.root / child
                if not inside(self.root, target, self._real_folders):
                    self.finding("symlink-outside", f"module '{name}' is a link outside the repository; not migrated", pom.path, pom.line(el))
                    continue
                if (target / "pom.xml").is_file():
                    if child in by_dir:
                        if by_dir[child] in self._ancestors_by_agg(mod):
                            self.finding("module-cycle", f"module '{name}' forms a cycle of <modules>; ignored", pom.path, pom.line(el))
                        continue
                    queue.append((child, mod))
                elif target.is_file() and target.name.endswith(".xml"):
                    self.finding("module-pom-file", f"module '{name}' names a pom file; meshify reads module folders only", pom.path, pom.line(el))
                else:
                    self.finding("module-missing", f"module '{name}' has no pom.xml; Maven will fail on it too", pom.path, pom.line(el))
        for mod in self.modules:
            if mod.aggregator is not None:
                mod.aggregator.children.append(mod)
        # in-repo <parent> chains (relativePath, default ../pom.xml)
        coords = {(m.pom.group_id, m.artifact_id): m for m in self.modules}
        for mod in self.modules:
            pc = mod.pom.parent_coords()
            if not pc:
                continue
            group, artifact, version, rel = pc
            candidate = None
            if rel != "":
                rp = os.path.normpath(os.path.join(mod.dir, rel if rel is not None else "../pom.xml")).replace(os.sep, "/")
                if rp.endswith(".xml"):
                    rp = os.path.dirname(rp) or "."
                candidate = by_dir.get(rp)
                if os.path.isabs(rel or "") or rp.startswith("..") or not inside(self.root, self.root / rp / "pom.xml", self._real_folders):
                    rp = None  # a parent outside the repository is never read
                    candidate = None
                if rp is not None and candidate is None and (self.root / rp / "pom.xml").is_file() and rp not in by_dir:
                    # a parent that is not in the reactor but in the repository
                    pom = self.doc(f"{rp}/pom.xml" if rp != "." else "pom.xml", PomDocument)
                    candidate = Module(rp, pom)
                    by_dir[rp] = candidate
            if candidate is None or (candidate.artifact_id != artifact):
                candidate = coords.get((group, artifact))
            if candidate is not None and candidate.artifact_id == artifact and candidate is not mod:
                mod.parent = candidate
            else:
                mod.external_parent = (group, artifact, version)
        for mod in self.modules:  # a parent cycle would loop forever later
            seen = set()
            m = mod
            while m is not None:
                if id(m) in seen:
                    raise MeshifyError("the <parent> chain forms a cycle", mod.pom.path, mod.pom.line(mod.pom.root))
                seen.add(id(m))
                m = m.parent
        self.modules = [m for m in self.modules if m.dir not in self.skip_modules and m.artifact_id not in self.skip_modules]

    def _topmost_poms(self, skip_root: bool = False, max_depth: int = 4) -> list[str]:
        """Folders holding a pom.xml with no pom.xml above them (below the root), at any depth up to ``max_depth``."""
        found: list[str] = []
        for dirpath, dirnames, filenames in os.walk(self.root, followlinks=False):
            rel = Path(dirpath).relative_to(self.root).as_posix()
            depth = 0 if rel == "." else rel.count("/") + 1
            if rel != "." and "pom.xml" in filenames:
                found.append(rel)
                dirnames[:] = []  # its modules are its own business
                continue
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and d != "src" and not d.startswith(".")
                                 and depth < max_depth and not (Path(dirpath) / d).is_symlink())
        return sorted(found)

    def _ancestors_by_agg(self, mod: Module) -> list[Module]:
        out, m = [], mod
        while m is not None:
            out.append(m)
            m = m.aggregator
        return out

    @property
    def root_module(self) -> Module | None:
        return next((m for m in self.modules if m.dir == "."), self.modules[0] if self.modules else None)

    @property
    def project_name(self) -> str:
        """What names the whole repository (the default namespace): the root pom's artifactId, or,
        with no root pom (independent projects side by side), the repository folder's name, never
        the name of whichever project happens to come first."""
        root = next((m for m in self.modules if m.dir == "."), None)
        return root.artifact_id if root else self.root.name

    # Maven model queries ------------------------------------------------
    def properties(self, mod: Module) -> dict[str, tuple[str, Module]]:
        """Effective properties with the module that defines each (child wins)."""
        out: dict[str, tuple[str, Module]] = {}
        for m in reversed(mod.chain()):
            for k, (v, _) in m.pom.properties().items():
                out[k] = (v, m)
        return out

    def resolve(self, mod: Module, value: str | None, depth: int = 0) -> str | None:
        if value is None or "${" not in value or depth > 10:
            return value
        props = self.properties(mod)
        builtins = {"project.version": mod.pom.version, "project.parent.version": (mod.pom.parent_coords() or ("", "", "", None))[2], "revision": None}
        out = value
        for ref in property_refs(value):
            if ref in props:
                rep = self.resolve(mod, props[ref][0], depth + 1)
            else:
                rep = builtins.get(ref)
            if rep is None:
                continue
            out = out.replace("${" + ref + "}", rep)
        return out

    def managed(self, mod: Module) -> list[tuple[Dependency, Module]]:
        out = []
        for m in mod.chain():
            out += [(d, m) for d in m.pom.managed_dependencies()]
        return out

    def bom_imports(self, mod: Module) -> list[tuple[Dependency, Module]]:
        return [(d, m) for d, m in self.managed(mod) if d.scope == "import" and (d.type or "jar") == "pom"]

    def external_parent(self, mod: Module) -> tuple[str, str, str] | None:
        for m in mod.chain():
            if m.external_parent:
                return m.external_parent
        return None

    def is_managed(self, mod: Module, group: str, artifact: str, boms: tuple[str, ...]) -> bool:
        """Whether a version for group:artifact comes from dependencyManagement, a BOM or a parent."""
        for d, _ in self.managed(mod):
            if d.group == group and d.artifact == artifact:
                return True
            if d.scope == "import" and f"{d.group}:{d.artifact}" in boms:
                return True
        ext = self.external_parent(mod)
        return bool(ext and f"{ext[0]}:{ext[1]}" in boms)

    def resources_dirs(self, mod: Module) -> list[str]:
        return [mod.rel("src", "main", "resources")]

    def config_files(self, mod: Module) -> list[str]:
        """Spring Boot config files of a module: application*/bootstrap* in resources and resources/config
        (listed once per run: nothing on disk changes before the plan is applied)."""
        dirs = tuple(self.resources_dirs(mod))
        got = self._config_files.get(dirs)
        if got is None:
            got = self._config_files[dirs] = self._list_config_files(dirs)
        return list(got)

    def _list_config_files(self, dirs: tuple[str, ...]) -> list[str]:
        out = []
        for res in dirs:
            for sub in ("", "config"):
                d = self.root / res / sub
                if not d.is_dir():
                    continue
                try:
                    entries = sorted(d.iterdir())
                except OSError as e:
                    self._unreadable_folder(e)
                for p in entries:
                    if p.is_file() and p.suffix in CONFIG_EXTS and p.name.startswith(CONFIG_NAMES) and self._inside(p):
                        stem = p.stem
                        if stem in CONFIG_NAMES or stem.startswith(tuple(n + "-" for n in CONFIG_NAMES)):
                            out.append(self.relpath(p))
        return out

    def java_files(self, mod: Module, test: bool = True) -> list[str]:
        out = self.walk(mod.rel("src", "main", "java"), (".java",))
        if test:
            out += self.walk(mod.rel("src", "test", "java"), (".java",))
        return out
