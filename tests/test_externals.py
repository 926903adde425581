"""[external.NAME] entries of meshify.toml: parsing, matching and the hint a finding gives."""
from __future__ import annotations

import pytest

from generator.errors import MeshifyError
from generator.externals import External, dubbo_hint, dubbo_key, for_dubbo, parse


def test_an_ip_entry_and_a_dns_entry():
    got = parse({
        "user-service": {"address": "10.1.2.3:20880", "protocol": "dubbo"},
        "payments": {"address": "Payments.Legacy.example.com:8443", "protocol": "http"},
    })
    users, payments = got["user-service"], got["payments"]
    assert (users.host, users.port, users.is_ip, users.url) == ("10.1.2.3", 20880, True, "dubbo://10.1.2.3:20880")
    assert users.mesh_host == "user-service.external"  # an IP is matched by address; the host only names it
    assert (payments.host, payments.is_ip, payments.url, payments.mesh_host) == (
        "payments.legacy.example.com", False, "http://payments.legacy.example.com:8443", "payments.legacy.example.com")


@pytest.mark.parametrize("entry, message", [
    ({"protocol": "dubbo"}, "needs address"),
    ({"address": "10.1.2.3:20880"}, "needs protocol"),
    ({"address": "10.1.2.3", "protocol": "dubbo"}, "has no port"),
    ({"address": "10.1.2.3:70000", "protocol": "dubbo"}, "out of range"),
    ({"address": "10.1.2.300:20880", "protocol": "dubbo"}, "not an IPv4 address"),
    ({"address": "bad_host:20880", "protocol": "dubbo"}, "neither an IPv4 address nor a DNS name"),
    ({"address": "10.1.2.3:20880", "protocol": "grpc"}, "unknown protocol 'grpc'"),
    ({"address": "10.1.2.3:20880", "protocol": "dubbo", "adress": "x"}, "unknown key 'adress'"),
    ({"address": "h:80", "protocol": "http", "interfaces": ["com.example.A"]}, "not a Dubbo protocol"),
    ({"address": "h:80", "protocol": "dubbo", "interfaces": ["not a name"]}, "fully qualified Java interface names"),
])
def test_a_bad_entry_names_the_key_and_the_problem(entry, message):
    with pytest.raises(MeshifyError) as err:
        parse({"user-service": entry})
    assert err.value.path == "meshify.toml"
    assert str(err.value).startswith("meshify.toml: [external.user-service] ")
    assert message in str(err.value)


def test_the_name_must_be_a_kubernetes_name():
    with pytest.raises(MeshifyError, match=r"\[external.User_Service\] NAME must be a Kubernetes resource name"):
        parse({"User_Service": {"address": "h:1", "protocol": "tcp"}})
    with pytest.raises(MeshifyError, match="must be a table"):
        parse({"user-service": "10.1.2.3:20880"})


@pytest.mark.parametrize("interface, key", [
    ("com.example.shop.api.UserService", "user-service"),
    ("com.example.IUserFacade", "i-user-facade"),
    ("com.example.HTTPClientService", "http-client-service"),
    ("Orders", "orders"),
])
def test_the_entry_name_a_dubbo_reference_looks_for(interface, key):
    assert dubbo_key(interface) == key
    assert f"[external.{key}]" in dubbo_hint(interface)


def test_a_reference_matches_by_listed_interface_first_then_by_name():
    externals = parse({
        "user-service": {"address": "10.1.2.3:20880", "protocol": "dubbo"},
        "legacy-shop": {"address": "shop.legacy:20880", "protocol": "dubbo",
                        "interfaces": ["com.example.OrderService", "com.example.GreetingService"]},
        "order-service": {"address": "h:80", "protocol": "http"},
    })
    assert for_dubbo(externals, "com.example.api.UserService").name == "user-service"
    # listed interfaces win over a name match, and an http entry never serves a Dubbo reference
    assert for_dubbo(externals, "com.example.OrderService").name == "legacy-shop"
    assert for_dubbo(externals, "com.example.GreetingService").name == "legacy-shop"
    assert for_dubbo(externals, "com.example.StockService") is None
    assert for_dubbo(parse({"order-service": {"address": "h:80", "protocol": "http"}}), "com.example.OrderService") is None


def test_plain_tcp_has_no_url_to_give_a_caller():
    assert External("db", "10.0.0.5", 5432, "tcp").url is None
