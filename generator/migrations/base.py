"""What a migration is: the small protocol every package under migrations/ satisfies."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from ..model import Decisions, Service
from ..options import CommonOptions

if TYPE_CHECKING:
    from ..workspace import Workspace


@dataclass
class RbacNeeds:
    """What the services read from the Kubernetes API (the Role meshify renders grants exactly that)."""

    discovery: bool = False
    config: bool = False
    secrets: bool = False
    endpoint_slices: bool = False
    all_namespaces: bool = False


@dataclass
class MigrationResult:
    """What a migration decided, beyond its edits (which are in the Workspace): the manifest hooks."""

    services: list[Service]
    rbac: RbacNeeds
    facts: dict  # detected versions, modes, ...: shown by inspect and in the --report JSON
    shared_config: dict[str, str] | None = None  # data of the namespace-wide ConfigMap "application"
    extra_manifests: dict[str, bytes] = field(default_factory=dict)  # more files, paths relative to the output dir
    decisions: Decisions = field(default_factory=Decisions)  # shown by inspect and in the --report JSON


class Migration(Protocol):
    """One framework's migration. Register it in ``migrations/__init__.py``.

    ``Options`` extends ``CommonOptions``; its fields with a ``flag`` become the subcommand's
    flags, those with a ``toml`` type become meshify.toml keys.
    """

    name: str  # the subcommand, e.g. "springcloud"
    framework: str  # reported per service in the --report JSON
    help: str  # the subcommand's help text
    Options: type[CommonOptions]

    def detects(self, ws: Workspace) -> int:
        """How surely the repository uses this framework: 0 not at all; the highest wins."""
        ...

    def migrate(self, ws: Workspace, options: CommonOptions) -> MigrationResult: ...


@dataclass(frozen=True)
class Registered:
    """A migration as the registry lists it: what the CLI needs at once, the rules loaded on first use.

    ``implementation``: "package.module:Class" of an object with ``detects`` and ``migrate``
    (importing the rules, lxml and ruamel takes a while; ``meshify --version`` need not wait for it).
    """

    name: str
    framework: str
    help: str
    Options: type[CommonOptions]
    implementation: str

    def _rules(self):
        module, _, cls = self.implementation.partition(":")
        return getattr(importlib.import_module(module), cls)()

    def detects(self, ws: Workspace) -> int:
        return self._rules().detects(ws)

    def migrate(self, ws: Workspace, options: CommonOptions) -> MigrationResult:
        return self._rules().migrate(ws, options)
