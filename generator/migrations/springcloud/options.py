"""Options of the springcloud migration (flags of `meshify springcloud`, keys of meshify.toml)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...options import CommonOptions, option


def _discovery(value) -> str | None:
    return None if value in ("auto", "kubernetes", "dns") else f"must be auto, kubernetes or dns, got '{value}'"


@dataclass
class SpringCloudOptions(CommonOptions):
    keep_registry: bool = option(False, flag="--keep-registry", toml=bool, help="Keep the Eureka server module.")
    keep_config_server: bool = option(False, flag="--keep-config-server", toml=bool, help="Keep the Config Server module and migrate it as a service.")
    retire_config_server: bool = option(False, flag="--retire-config-server", toml=bool, help=(
        "Retire the Config Server even when meshify cannot convert all it serves (a git backend without --config-repo, "
        "a location outside the repository or named through a placeholder); its clients then lose that config."))
    add_actuator: bool = option(True, flag="--add-actuator", toml=bool, help="Add spring-boot-starter-actuator where it is missing, for distinct liveness and readiness probes (the default).")
    no_actuator: bool = option(False, flag="--no-actuator", help="Do not add spring-boot-starter-actuator (probes then fall back to one TCP check; same as add_actuator = false in meshify.toml).")
    config_repo: str | None = option(None, flag="--config-repo", cli_type=Path, help="Local checkout of the Config Server's git repository.")
    discovery: str = option("auto", flag="--discovery", toml=str, check=_discovery, help=(
        "How services find each other: kubernetes (Spring Cloud Kubernetes discovery client), dns (mesh-native: "
        "Kubernetes DNS names, the sidecar load-balances, no discovery client and no API access), or auto "
        "(default: dns where Spring Cloud Kubernetes cannot route through Istio: Boot 1.x, Finchley, Greenwich)."))
