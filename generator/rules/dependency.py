"""Dependency primitives: change an artifact, and set a version where the pom defines it.

Versions are changed where they are written: a literal on the dependency, or a
``${property}`` in the pom that defines it (an in-repo parent), never by adding a
literal under a BOM or parent that manages the artifact.
"""
from __future__ import annotations

from typing import Callable

from ..editors.pom import Dependency, property_refs
from ..workspace import Module, Workspace


def declared(ws: Workspace, predicate: Callable[[Dependency], bool]) -> bool:
    """Whether any pom of the reactor declares or manages a dependency matching ``predicate``."""
    return any(predicate(d) for m in ws.modules for d in m.pom.dependencies() + m.pom.managed_dependencies())


def property_users(ws: Workspace, prop: str) -> list[Dependency]:
    """Every dependency, managed dependency and plugin of the repository whose version uses ``${prop}``."""
    token = "${" + prop + "}"
    seen: set[int] = set()
    out = []
    for m in ws.modules + [parent for mod in ws.modules for parent in mod.chain()]:
        if id(m.pom) in seen:
            continue
        seen.add(id(m.pom))
        out += [d for d in m.pom.dependencies() + m.pom.managed_dependencies() + m.pom.plugins() if d.version and token in d.version]
    return out


def project_version_properties(ws: Workspace) -> set[str]:
    """Properties that spell a project's own version (``<version>${revision}</version>``, the parent's too):
    changing them would change what the repository builds, so they are never rewritten for a dependency."""
    out: set[str] = set()
    for m in ws.modules + [parent for mod in ws.modules for parent in mod.chain()]:
        out.update(property_refs(m.pom.version))
        coords = m.pom.parent_coords()
        if coords:
            out.update(property_refs(coords[2]))
    return out


def set_version_at_source(ws: Workspace, mod: Module, dep: Dependency, version: str, reason: str, *,
                          shares: Callable[[Dependency], bool] = lambda d: False) -> None:
    """Bring ``dep`` (declared in ``mod``) to ``version`` where its version is written.

    A ``${property}`` defined in the repository changes in the pom that defines it, unless an
    artifact outside the family (``shares(d)`` false) uses it too: then the dependency gets the
    literal and a ``shared-version-property`` finding. Anything else gets the literal.
    """
    pom = mod.pom
    if dep.version is not None and ws.resolve(mod, dep.version) == version:
        return
    refs = property_refs(dep.version)
    props = ws.properties(mod)
    if refs and refs[0] in props:
        prop = refs[0]
        if prop in project_version_properties(ws):
            ws.finding("project-version-property", f"${{{prop}}} is the project's own version; wrote {version} on the dependency instead", pom.path, pom.line(dep.el), severity="info")
            pom.set_version(dep, version, reason)
            return
        others = [d for d in property_users(ws, prop) if d.el is not dep.el and not shares(d)]
        if not others:
            props[prop][1].pom.set_property(prop, version, reason)
            return
        ws.finding("shared-version-property", f"${{{prop}}} is used by other artifacts too; wrote {version} on the dependency instead", pom.path, pom.line(dep.el))
    pom.set_version(dep, version, reason)


def change_artifact(ws: Workspace, mod: Module, dep: Dependency, group: str, artifact: str, version: str | None, reason: str, *,
                    boms: tuple[str, ...] = (), shares: Callable[[Dependency], bool] = lambda d: False) -> None:
    """Replace ``dep`` by ``group:artifact`` in place (comments and order kept).

    ``version``: what the new artifact needs when nothing manages it (None: keep what is written).
    Managed by dependencyManagement, a BOM in ``boms`` or such a parent: no literal version.
    """
    pom = mod.pom
    pom.change_artifact(dep, group, artifact, reason)
    managed = ws.is_managed(mod, group, artifact, boms)
    if dep.version is None:
        if version and not managed:
            pom.set_version(dep, version, reason)
        return
    if managed:
        pom.remove(pom.child(dep.el, "version"), "version managed by the BOM")
        return
    refs = property_refs(dep.version)
    if version is None or (refs and refs[0] not in ws.properties(mod)):
        return  # a property from outside the repository: left as written
    set_version_at_source(ws, mod, dep, version, reason, shares=shares)
