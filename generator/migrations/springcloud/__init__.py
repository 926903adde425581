"""Spring Cloud Netflix Eureka -> Spring Cloud Kubernetes on Istio.

migration.py  the rules, in the order they run (versions, modules, dependencies, config, Java, Services)
data.py       rules that are data: artifacts, annotations, config keys
versions.py   release trains -> Spring Cloud Kubernetes lines (data)
configserver.py  Config Server -> ConfigMaps (and Secret references): a step of this migration
options.py    the flags and meshify.toml keys of this migration
"""
from __future__ import annotations

from .migration import SpringCloudMigration

MIGRATION = SpringCloudMigration()
