"""Options of the dubbo migration (flags of `meshify dubbo`, keys of meshify.toml)."""
from __future__ import annotations

from dataclasses import dataclass

from ... import validation
from ...options import CommonOptions, option
from .data import TARGET_VERSION


@dataclass
class DubboOptions(CommonOptions):
    dubbo_version: str = option(TARGET_VERSION, flag="--dubbo-version", toml=str, check=validation.version, help=f"Target Dubbo version (default {TARGET_VERSION}).")
    dual_protocol: bool = option(False, flag="--dual-protocol", toml=bool, help="Keep the dubbo protocol on its old port beside tri.")
    mode: str = option("sidecar", flag="--mode", toml=str, help="sidecar (default: Envoy beside each pod) or proxyless (Dubbo reads xDS from istiod; Dubbo 3.1.1-3.2.9).")
