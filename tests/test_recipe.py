"""assert_migrates itself: it fails on a wrong after, an unlisted change, wrong findings."""
from __future__ import annotations

import pytest

from .fixtures.hardening.repo import MINIMAL
from .recipe import assert_migrates

FILES = {p.relative_to(MINIMAL).as_posix(): p.read_text() for p in MINIMAL.rglob("*") if p.is_file()}
PROPS = "orders/src/main/resources/application.properties"
POM = "orders/pom.xml"
APP = "orders/src/main/java/com/example/orders/App.java"
PROPS_AFTER = "spring.application.name=orders\nserver.port=8080\nserver.shutdown=graceful\n"


def spec(**overrides):
    files = dict(FILES)
    files[POM] = (FILES[POM], FILES[POM].replace("netflix-eureka-client", "kubernetes-client"))
    files[PROPS] = (FILES[PROPS], PROPS_AFTER)
    files[APP] = (FILES[APP], FILES[APP].replace("netflix.eureka.EnableEurekaClient", "client.discovery.EnableDiscoveryClient").replace("@EnableEurekaClient", "@EnableDiscoveryClient"))
    files.update(overrides)
    return files


def test_a_correct_recipe_passes_and_returns_the_plan():
    plan = assert_migrates("springcloud", spec(), findings=["no-actuator"], options={"add_actuator": False})
    assert {c.path for c in plan.changes} == {POM, PROPS, APP}


def test_a_wrong_after_fails_with_a_diff():
    with pytest.raises(AssertionError, match=r"expected/orders/src/main/resources/application.properties"):
        assert_migrates("springcloud", spec(**{PROPS: (FILES[PROPS], "server.port=8080\n")}))


def test_a_change_not_listed_fails():
    with pytest.raises(AssertionError, match="orders/pom.xml"):
        assert_migrates("springcloud", spec(**{POM: FILES[POM]}))


def test_findings_are_compared_by_code():
    with pytest.raises(AssertionError, match="no-actuator"):
        assert_migrates("springcloud", spec(), findings=[], options={"add_actuator": False})
