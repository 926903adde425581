"""Spring Cloud Netflix Eureka -> Spring Cloud Kubernetes on Istio.

migration.py  the rules, in the order they run (versions, modules, dependencies, config, Java, Services)
data.py       rules that are data: artifacts, annotations, config keys
versions.py   release trains -> Spring Cloud Kubernetes lines (data)
configserver.py  Config Server -> ConfigMaps (and Secret references): a step of this migration
options.py    the flags and meshify.toml keys of this migration
"""
from __future__ import annotations

from ..base import Registered
from .options import SpringCloudOptions

MIGRATION = Registered(
    name="springcloud",
    framework="spring",
    help="Migrate a Spring Cloud Netflix Eureka repository to Spring Cloud Kubernetes on Istio.",
    Options=SpringCloudOptions,
    implementation=f"{__name__}.migration:SpringCloudMigration",
)
