"""``[external.NAME]`` in meshify.toml: services the repository calls but does not contain.

During a gradual migration, callers in the repository still reach providers that stay where
they are (docs/mesh-boundaries.md). Each entry names one of them::

    [external.user-service]
    address = "10.1.2.3:20880"   # or a DNS name: "users.legacy.example.com:20880"
    protocol = "dubbo"           # dubbo, tri, http or tcp
    interfaces = ["com.example.shop.api.UserService"]   # Dubbo only, optional

meshify turns each entry into a ServiceEntry and a DestinationRule, and points the callers at
its address: a Dubbo reference gets ``url``, a Feign client gets ``url``. A Dubbo reference
matches an entry whose ``interfaces`` lists its interface, or else whose NAME is the interface's
simple name in kebab case (``UserService`` -> ``user-service``); a Feign client matches the
entry named like the client.
"""
from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass

from .errors import MeshifyError

FILE = "meshify.toml"
TABLE = "external"

# protocol -> (Istio port name, Istio port protocol, URL scheme or None)
PROTOCOLS: dict[str, tuple[str, str, str | None]] = {
    "dubbo": ("tcp-dubbo", "TCP", "dubbo"),
    "tri": ("grpc-tri", "GRPC", "tri"),
    "http": ("http", "HTTP", "http"),
    "tcp": ("tcp", "TCP", None),
}
KEYS = ("address", "protocol", "interfaces")

_DNS_LABEL = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
_HOSTNAME = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$")
_JAVA_NAME = re.compile(r"^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$")


@dataclass(frozen=True)
class External:
    name: str
    host: str
    port: int
    protocol: str
    interfaces: tuple[str, ...] = ()

    @property
    def is_ip(self) -> bool:
        try:
            ipaddress.IPv4Address(self.host)
        except ValueError:
            return False
        return True

    @property
    def url(self) -> str | None:
        """The address a caller is given (``dubbo://10.1.2.3:20880``); None for plain TCP."""
        scheme = PROTOCOLS[self.protocol][2]
        return f"{scheme}://{self.host}:{self.port}" if scheme else None

    @property
    def mesh_host(self) -> str:
        """The ServiceEntry host. A bare IP is not a host name; the entry is then matched by address."""
        return f"{self.name}.external" if self.is_ip else self.host


def _fail(name: str | None, message: str, hint: str | None = None) -> MeshifyError:
    where = f"[{TABLE}.{name}]" if name else f"[{TABLE}]"
    return MeshifyError(f"{where} {message}", FILE, hint=hint)


def _address(name: str, value: object) -> tuple[str, int]:
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, "address must be a string \"host:port\"")
    host, sep, port = value.strip().rpartition(":")
    if not sep or not host or not port.isdigit():
        raise _fail(name, f"address {value!r} has no port", hint='write it as "host:port", e.g. "10.1.2.3:20880"')
    number = int(port)
    if not 0 < number < 65536:
        raise _fail(name, f"address {value!r}: port {number} is out of range")
    host = host.lower()
    if re.fullmatch(r"[\d.]+", host):
        try:
            ipaddress.IPv4Address(host)
        except ValueError:
            raise _fail(name, f"address {value!r}: {host} is not an IPv4 address") from None
    elif not _HOSTNAME.match(host):
        raise _fail(name, f"address {value!r}: {host} is neither an IPv4 address nor a DNS name")
    return host, number


def parse(table: object) -> dict[str, External]:
    """The ``[external]`` table of meshify.toml -> entries by name. Raises MeshifyError naming the key."""
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise _fail(None, "must be a table of tables, e.g. [external.user-service]")
    result: dict[str, External] = {}
    for name, entry in table.items():
        if not _DNS_LABEL.match(name):
            raise _fail(name, "NAME must be a Kubernetes resource name (lowercase letters, digits and '-', at most 63)")
        if not isinstance(entry, dict):
            raise _fail(name, "must be a table with address and protocol")
        for key in entry:
            if key not in KEYS:
                raise _fail(name, f"unknown key '{key}'", hint="known keys: " + ", ".join(KEYS))
        for key in ("address", "protocol"):
            if key not in entry:
                raise _fail(name, f"needs {key}", hint='e.g. address = "10.1.2.3:20880", protocol = "dubbo"')
        host, port = _address(name, entry["address"])
        protocol = entry["protocol"]
        if protocol not in PROTOCOLS:
            raise _fail(name, f"unknown protocol {protocol!r}", hint="one of " + ", ".join(PROTOCOLS))
        interfaces = entry.get("interfaces", [])
        if not isinstance(interfaces, list) or not all(isinstance(i, str) and _JAVA_NAME.match(i) for i in interfaces):
            raise _fail(name, "interfaces must be a list of fully qualified Java interface names")
        if interfaces and protocol not in ("dubbo", "tri"):
            raise _fail(name, f"interfaces name Dubbo services; protocol {protocol!r} is not a Dubbo protocol")
        result[name] = External(name, host, port, protocol, tuple(interfaces))
    return result


def dubbo_key(interface: str) -> str:
    """``com.example.api.UserService`` -> ``user-service``: the entry name a Dubbo reference looks for."""
    simple = interface.rsplit(".", 1)[-1]
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "-", simple)
    return re.sub(r"[^a-z0-9-]+", "-", words.lower()).strip("-")[:63].rstrip("-") or "external"


def for_dubbo(externals: dict[str, External], interface: str) -> External | None:
    listed = [e for e in externals.values() if interface in e.interfaces]
    if listed:
        return listed[0]
    entry = externals.get(dubbo_key(interface))
    if entry is not None and entry.protocol in ("dubbo", "tri") and not entry.interfaces:
        return entry
    return None


def dubbo_hint(interface: str) -> str:
    """What a finding tells the user to add for a Dubbo reference no module provides."""
    return (f'add [{TABLE}.{dubbo_key(interface)}] to meshify.toml with address = "host:port" and '
            f'protocol = "dubbo" (or "tri"), or set providedBy to its Kubernetes Service name')


def http_hint(name: str) -> str:
    return f'add [{TABLE}.{name}] to meshify.toml with address = "host:port" and protocol = "http"'


def manifest_context(entry: External, namespace: str, labels: dict[str, str]) -> dict:
    """The template context of ``templates/external``: one ServiceEntry and one DestinationRule."""
    port_name, port_protocol, _ = PROTOCOLS[entry.protocol]
    return {
        "name": entry.name,
        "namespace": namespace,
        "labels": labels,
        "host": entry.mesh_host,
        "address": entry.host if entry.is_ip else None,
        "port": entry.port,
        "port_name": port_name,
        "port_protocol": port_protocol,
        "protocol": entry.protocol,
    }
