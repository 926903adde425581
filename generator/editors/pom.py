"""Maven pom.xml: read coordinates, dependencies, properties; edit in place."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import MeshifyError
from .xml import XmlDocument, local

_PROP = re.compile(r"\$\{([^}]+)\}")


@dataclass
class Dependency:
    group: str
    artifact: str
    version: str | None  # as written, e.g. "${spring-cloud.version}"
    type: str | None
    scope: str | None
    el: object = field(repr=False)
    managed_section: bool = False  # inside <dependencyManagement>
    optional: bool = False  # <optional>true</optional>: not passed on to the modules that depend on this one

    @property
    def key(self) -> str:
        return f"{self.group}:{self.artifact}"

    def copy(self) -> "Dependency":
        return Dependency(self.group, self.artifact, self.version, self.type, self.scope, self.el, self.managed_section, self.optional)


@dataclass
class Exclusion:
    group: str
    artifact: str


class PomDocument(XmlDocument):
    def __post_init__(self) -> None:
        super().__post_init__()
        if local(self.root) != "project":
            raise MeshifyError(
                f"not a Maven project: the root element is <{local(self.root)}>, not <project>",
                self.path,
                self.line(self.root),
            )

    # coordinates -------------------------------------------------------------
    def parent_coords(self) -> tuple[str, str, str, str | None] | None:
        return self.memo("parent", self._parent_coords)

    def _parent_coords(self) -> tuple[str, str, str, str | None] | None:
        p = self.child(self.root, "parent")
        if p is None:
            return None
        rel_el = self.child(p, "relativePath")
        rel = self.text_of(rel_el) if rel_el is not None else None
        return (
            self.text_of(self.child(p, "groupId")) or "",
            self.text_of(self.child(p, "artifactId")) or "",
            self.text_of(self.child(p, "version")) or "",
            rel,
        )

    @property
    def artifact_id(self) -> str:
        return self.text_of(self.child(self.root, "artifactId")) or ""

    @property
    def group_id(self) -> str:
        g = self.text_of(self.child(self.root, "groupId"))
        if g:
            return g
        p = self.parent_coords()
        return p[0] if p else ""

    @property
    def version(self) -> str:
        v = self.text_of(self.child(self.root, "version"))
        if v:
            return v
        p = self.parent_coords()
        return p[2] if p else ""

    @property
    def packaging(self) -> str:
        return self.text_of(self.child(self.root, "packaging")) or "jar"

    def modules(self) -> list[tuple[str, object]]:
        out = []
        holders = [self.root] + [p for p in self._profiles()]
        for h in holders:
            mods = self.child(h, "modules")
            if mods is not None:
                out += [(self.text_of(m) or "", m) for m in self.children(mods, "module")]
        return out

    def _profiles(self) -> list:
        profiles = self.child(self.root, "profiles")
        return self.children(profiles, "profile") if profiles is not None else []

    def properties(self) -> dict[str, tuple[str, object]]:
        return dict(self.memo("properties", self._properties))  # a copy: the caller may change it

    def _properties(self) -> dict[str, tuple[str, object]]:
        props = self.child(self.root, "properties")
        out: dict[str, tuple[str, object]] = {}
        if props is not None:
            for el in props:
                if isinstance(el.tag, str):
                    out[local(el)] = (self.text_of(el) or "", el)
        return out

    # dependencies ------------------------------------------------------------
    def _dep(self, el, managed: bool) -> Dependency:
        first: dict[str, object] = {}  # the first child of each name, as ``child`` finds it, in one pass
        for c in el:
            tag = c.tag
            if isinstance(tag, str):
                first.setdefault(tag[tag.rfind("}") + 1:], c)
        t = lambda n: self.text_of(first.get(n))  # noqa: E731
        return Dependency(t("groupId") or "", t("artifactId") or "", t("version"), t("type"), t("scope"), el, managed,
                          (t("optional") or "").strip() == "true")

    def _listed(self, kind: str) -> list[Dependency]:
        """``kind``'s entries as the tree has them, read once until the tree changes, handed out as new
        objects on every call (a rule may change the objects it holds: the next call reads the tree's)."""
        return [d.copy() for d in self.memo(kind, lambda: self._read_listed(kind))]

    def _read_listed(self, kind: str) -> list[Dependency]:
        where, entry, managed = {"dependencies": (("dependencies",), "dependency", False),
                                 "managed": (("dependencyManagement", "dependencies"), "dependency", True),
                                 "plugins": (("build", "plugins"), "plugin", False)}[kind]
        out = []
        for holder in [self.root] + self._profiles():
            found = self.path_find(holder, *where)
            if found is not None:
                out += [self._dep(d, managed) for d in self.children(found, entry)]
        return out

    def dependencies(self) -> list[Dependency]:
        """Direct dependencies, including those declared inside profiles."""
        return self._listed("dependencies")

    def managed_dependencies(self) -> list[Dependency]:
        return self._listed("managed")

    def plugins(self) -> list[Dependency]:
        return self._listed("plugins")

    def find_dependency(self, group: str, artifact: str) -> Dependency | None:
        for d in self.dependencies():
            if d.group == group and d.artifact == artifact:
                return d
        return None

    # snippets ---------------------------------------------------------------
    def dependency_lines(
        self,
        group: str,
        artifact: str,
        version: str | None = None,
        type_: str | None = None,
        exclusions: list[Exclusion] | None = None,
    ) -> list[str]:
        u = self.indent_unit()
        lines = ["<dependency>", f"{u}<groupId>{group}</groupId>", f"{u}<artifactId>{artifact}</artifactId>"]
        if version:
            lines.append(f"{u}<version>{version}</version>")
        if type_:
            lines.append(f"{u}<type>{type_}</type>")
        if exclusions:
            lines.append(f"{u}<exclusions>")
            for ex in exclusions:
                lines += [
                    f"{u * 2}<exclusion>",
                    f"{u * 3}<groupId>{ex.group}</groupId>",
                    f"{u * 3}<artifactId>{ex.artifact}</artifactId>",
                    f"{u * 2}</exclusion>",
                ]
            lines.append(f"{u}</exclusions>")
        lines.append("</dependency>")
        return lines

    # edits ------------------------------------------------------------------
    def change_artifact(self, dep: Dependency, group: str, artifact: str, reason: str) -> None:
        if dep.group != group:
            self.set_text(self.child(dep.el, "groupId"), group, reason)
        if dep.artifact != artifact:
            self.set_text(self.child(dep.el, "artifactId"), artifact, reason)
        dep.group, dep.artifact = group, artifact

    def add_dependency(self, lines: list[str], reason: str, after: Dependency | None = None) -> None:
        if after is not None and self.span(after.el) is not None:
            self.insert_after(after.el, lines, reason)
            return
        deps = self.child(self.root, "dependencies")
        if deps is not None:
            self.append_child(deps, lines, reason)
            return
        u = self.indent_unit()
        block = ["<dependencies>"] + [u + line for line in lines] + ["</dependencies>"]
        anchor = None
        for name in ("dependencyManagement", "properties", "description", "name", "packaging", "artifactId"):
            anchor = self.child(self.root, name)
            if anchor is not None:
                break
        if anchor is not None:
            self.insert_after(anchor, block, reason)
        else:
            self.append_child(self.root, block, reason)

    def set_version(self, dep: Dependency, version: str, reason: str) -> None:
        el = self.child(dep.el, "version")
        if el is None:
            self.insert_after(self.child(dep.el, "artifactId"), [f"<version>{version}</version>"], reason)
        else:
            self.set_text(el, version, reason)
        dep.version = version

    def set_property(self, name: str, value: str, reason: str) -> None:
        props = self.properties()
        if name in props:
            if props[name][0] != value:
                self.set_text(props[name][1], value, reason)
            return
        holder = self.child(self.root, "properties")
        if holder is None:
            raise MeshifyError(f"no <properties> section for ${{{name}}}", self.path)
        self.append_child(holder, [f"<{name}>{value}</{name}>"], reason)


def property_refs(value: str | None) -> list[str]:
    return _PROP.findall(value or "")
