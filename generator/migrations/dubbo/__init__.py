"""Dubbo 2.6/2.7 on a registry -> Dubbo 3 triple on an Istio sidecar mesh.

migration.py  the rules, in the order they run (dependencies, Java, Spring XML, config, Services)
data.py       target versions, artifacts, config keys (data)
options.py    the flags and meshify.toml keys of this migration
"""
from __future__ import annotations

from ..base import Registered
from .options import DubboOptions

MIGRATION = Registered(
    name="dubbo",
    framework="dubbo",
    help="Migrate a Dubbo 2.6/2.7 repository to Dubbo 3 triple on an Istio sidecar mesh.",
    Options=DubboOptions,
    implementation=f"{__name__}.migration:DubboMigration",
)
