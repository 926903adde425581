"""Config primitives over a module's Spring Boot files: every profile document, both formats."""
from __future__ import annotations

import pytest

from generator.editors.properties import PropertiesDocument
from generator.editors.yaml import YamlDocument
from generator.rules.config import duration_ms, port_value, remove_keys


def test_remove_keys_in_every_yaml_profile_document():
    src = b"a: 1\neureka:\n  client: x\n---\nspring:\n  config:\n    activate:\n      on-profile: k8s\nribbon.ReadTimeout: 3\nb: 2\n"
    doc = YamlDocument(path="application.yml", original=src)
    gone = remove_keys(doc, ("eureka", "ribbon"), "r")
    assert sorted(v.key for v in gone) == ["eureka.client", "ribbon.ReadTimeout"]
    assert doc.render() == b"a: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: k8s\nb: 2\n"


def test_remove_keys_with_a_wildcard_first_segment_in_properties():
    doc = PropertiesDocument(path="application.properties", original=b"a=1\norders.ribbon.ReadTimeout=3\nribbon.x=1\n")
    remove_keys(doc, ("*.ribbon", "ribbon"), "r")
    assert doc.render() == b"a=1\n"


@pytest.mark.parametrize("raw, want", [("8081", 8081), (" 8081 ", 8081), ("${PORT:8082}", 8082), ("${PORT}", 8080), (None, 8080)])
def test_port_value(raw, want):
    assert port_value(raw, 8080) == want


@pytest.mark.parametrize("raw, want", [("3000", 3000), ("5s", 5000), ("500ms", 500), ("2m", 120000), ("PT5S", 5000), ("soon", None)])
def test_duration_ms(raw, want):
    assert duration_ms(raw) == want
