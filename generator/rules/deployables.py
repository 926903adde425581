"""Deployable modules: which modules run, from which main class, on which Java release.

Small on purpose: every migration asks these questions the same way.
"""
from __future__ import annotations

import re

from ..workspace import Module, Workspace

DEFAULT_JAVA = "17"
SPRING_BOOT_APPLICATION = ("SpringBootApplication",)
_PLAIN_MAIN = re.compile(r"\bpublic\s+static\s+void\s+main\s*\(")


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
    m = re.fullmatch(r"\s*(?:1\.)?(\d+)(?:[._]\d+)*\s*", raw or "")
    return m.group(1) if m else default


def java_release(ws: Workspace, mod: Module, default: str = DEFAULT_JAVA) -> str:
    """The module's Java release from ``<java.version>`` (its own pom or an in-repo parent), resolved."""
    raw = ws.properties(mod).get("java.version", (None,))[0]
    return normalise_java_version(ws.resolve(mod, raw), default)
