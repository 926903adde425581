"""Options of the springcloud migration (flags of `meshify springcloud`, keys of meshify.toml)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...options import CommonOptions, option


@dataclass
class SpringCloudOptions(CommonOptions):
    keep_registry: bool = option(False, flag="--keep-registry", toml=bool, help="Keep the Eureka server module.")
    keep_config_server: bool = option(False, flag="--keep-config-server", toml=bool, help="Keep the Config Server module and migrate it as a service.")
    add_actuator: bool = option(True, flag="--add-actuator", toml=bool, help="Add spring-boot-starter-actuator where it is missing, for distinct liveness and readiness probes (the default).")
    no_actuator: bool = option(False, flag="--no-actuator", help="Do not add spring-boot-starter-actuator (probes then fall back to one TCP check; same as add_actuator = false in meshify.toml).")
    config_repo: str | None = option(None, flag="--config-repo", cli_type=Path, help="Local checkout of the Config Server's git repository.")
