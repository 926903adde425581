"""Spring Cloud release trains -> Spring Cloud Kubernetes, as data.

Source: ../shared/reference/springcloud.md §1 (spring-cloud-release BOMs).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

G = "org.springframework.cloud"


@dataclass(frozen=True)
class Line:
    train: str  # "2021.0", "Hoxton", ...
    sck: str  # SCK minor line, e.g. "2.1"
    max_patch: int | None  # newest SCK patch of the line (None: fixed version)
    discovery: str
    loadbalancer: str  # "" when the line has no loadbalancer starter
    config: str
    ribbon: str = ""  # 1.x only: Kubernetes Ribbon starter (trains without a loadbalancer one)
    in_bom: bool = True  # the train's BOM manages the SCK starters
    fixed_version: str | None = None
    bootstrap_config: bool = True  # SCK config loads in the bootstrap phase (<= 2.x)


_V2 = dict(
    discovery="spring-cloud-starter-kubernetes-client",
    loadbalancer="spring-cloud-starter-kubernetes-client-loadbalancer",
    config="spring-cloud-starter-kubernetes-client-config",
)
_V1 = dict(
    discovery="spring-cloud-starter-kubernetes",
    loadbalancer="spring-cloud-starter-kubernetes-loadbalancer",
    config="spring-cloud-starter-kubernetes-config",
    ribbon="spring-cloud-starter-kubernetes-ribbon",
)

LINES: dict[str, Line] = {
    "Finchley": Line("Finchley", "0.3", None, **{**_V1, "loadbalancer": ""}, in_bom=False, fixed_version="0.3.0.RELEASE"),
    "Greenwich": Line("Greenwich", "1.0", 4, **{**_V1, "loadbalancer": ""}),
    "Hoxton": Line("Hoxton", "1.1", 10, **_V1),
    "2020.0": Line("2020.0", "2.0", 6, **_V2),
    "2021.0": Line("2021.0", "2.1", 9, **_V2),
    "2022.0": Line("2022.0", "3.0", 5, **_V2, bootstrap_config=False),
    "2023.0": Line("2023.0", "3.1", 6, **_V2, bootstrap_config=False),
    "2024.0": Line("2024.0", "3.2", 3, **_V2, bootstrap_config=False),
    "2025.0": Line("2025.0", "3.3", 3, **_V2, bootstrap_config=False),
    "2025.1": Line("2025.1", "5.0", 2, **_V2, bootstrap_config=False),
}
# Mesh-native discovery (--discovery dns): no Spring Cloud Kubernetes artifact at all; served config as files
DNS = Line("dns", "-", None, discovery="", loadbalancer="", config="", in_bom=False)
# trains where no Spring Cloud Kubernetes release routes calls through Istio (0.3/1.0 Ribbon calls pod IPs)
POD_IP_TRAINS = ("Finchley", "Greenwich")
# the Spring Boot line each train was built on, for projects that name only the train (spring-cloud-starter-parent)
TRAIN_BOOT = {"Angel": "1.2", "Brixton": "1.3", "Camden": "1.4", "Dalston": "1.5", "Edgware": "1.5", "Finchley": "2.0",
              "Greenwich": "2.1", "Hoxton": "2.2", "2020.0": "2.4", "2021.0": "2.6", "2022.0": "3.0", "2023.0": "3.2",
              "2024.0": "3.4", "2025.0": "3.5", "2025.1": "4.0"}
OLDER_TRAINS = ("Angel", "Brixton", "Camden", "Dalston", "Edgware")

# Spring Boot minor -> (train, SCK version to write when nothing manages it)
BOOT_TO_LINE: dict[str, tuple[str, str]] = {
    "2.2": ("Hoxton", "1.1.10"),
    "2.3": ("Hoxton", "1.1.10"),
    "2.4": ("2020.0", "2.0.6"),
    "2.5": ("2020.0", "2.0.6"),
    "2.6": ("2021.0", "2.1.2"),
    "2.7": ("2021.0", "2.1.9"),  # 2021.0 supports Boot 2.7 from 2021.0.3 (SCK 2.1.3)
    "3.0": ("2022.0", "3.0.5"),
    "3.1": ("2022.0", "3.0.5"),
    "3.2": ("2023.0", "3.1.6"),
    "3.3": ("2023.0", "3.1.6"),
    "3.4": ("2024.0", "3.2.3"),
    "3.5": ("2025.0", "3.3.3"),
    "4.0": ("2025.1", "5.0.2"),
}
DEFAULT_TRAIN, DEFAULT_VERSION = "2021.0", "2.1.2"

_HOXTON_SR = {0: "1.1.0", 1: "1.1.1", 2: "1.1.2", 3: "1.1.2", 4: "1.1.2", 5: "1.1.3", 6: "1.1.3", 7: "1.1.5"}


def train_of(version: str) -> str | None:
    """'2021.0.8' -> '2021.0'; 'Hoxton.SR12' -> 'Hoxton'; unknown -> None."""
    v = version.strip()
    m = re.match(r"^(\d{4}\.\d)\.", v + ".")
    if m:
        return m.group(1)
    m = re.match(r"^([A-Z][a-z]+)", v)
    return m.group(1) if m else None


def sck_version(train_version: str) -> str | None:
    """The SCK version a given train release ships (for writing an explicit version)."""
    train = train_of(train_version)
    line = LINES.get(train or "")
    if line is None:
        return None
    if line.fixed_version:
        return line.fixed_version
    if train == "Hoxton":
        m = re.search(r"SR(\d+)", train_version)
        sr = int(m.group(1)) if m else 0
        return _HOXTON_SR.get(sr, f"1.1.{min(sr - 2, 10)}")
    m = re.match(r"^\d{4}\.\d\.(\d+)", train_version)
    patch = int(m.group(1)) if m else line.max_patch or 0
    if line.max_patch is not None:
        patch = min(patch, line.max_patch)
    return f"{line.sck}.{patch}"


def boot_minor(version: str | None) -> str | None:
    m = re.match(r"^(\d+)\.(\d+)", version or "")
    return f"{m.group(1)}.{m.group(2)}" if m else None


def boot_at_least(version: str | None, major: int, minor: int) -> bool:
    m = re.match(r"^(\d+)\.(\d+)", version or "")
    if not m:
        return True  # unknown: assume a supported (modern) Boot
    return (int(m.group(1)), int(m.group(2))) >= (major, minor)
