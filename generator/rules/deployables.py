"""Deployable modules: what runs, and on which Java release."""
from __future__ import annotations

import re

from ..workspace import Module, Workspace

DEFAULT_JAVA = "17"


def normalise_java_version(raw: str | None, default: str = DEFAULT_JAVA) -> str:
    """A Java release as image tags spell it: '1.8' -> '8', '11' -> '11', '17.0.2' -> '17'.

    Anything that is not a version (an unresolved ``${property}``, empty) gives ``default``.
    """
    m = re.fullmatch(r"\s*(?:1\.)?(\d+)(?:[._]\d+)*\s*", raw or "")
    return m.group(1) if m else default


def java_release(ws: Workspace, mod: Module, default: str = DEFAULT_JAVA) -> str:
    """The module's Java release from ``<java.version>`` (its own pom or an in-repo parent), resolved."""
    raw = ws.properties(mod).get("java.version", (None,))[0]
    return normalise_java_version(ws.resolve(mod, raw), default)
