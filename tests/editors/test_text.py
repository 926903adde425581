"""Splices: removals that touch or overlap merge into one; a real conflict is a bug, not an assert."""
from __future__ import annotations

import pytest

from generator.editors import config as cfg
from generator.editors.properties import PropertiesDocument
from generator.editors.text import OverlappingEdits, TextDocument
from generator.editors.yaml import YamlDocument


def test_overlapping_removals_merge():
    doc = TextDocument(path="a.txt", original=b"one\ntwo\nthree\n")
    doc.splice(0, 4, "")  # "one\n"
    doc.splice(3, 8, "")  # "\ntwo\n": shares the newline with the first
    assert doc.render() == b"three\n"
    doc.splice(2, 10, "")  # overlaps the merged one and goes further
    assert doc.render() == b"ree\n"
    assert len(doc.splices) == 1


def test_a_replacement_overlapping_a_removal_is_a_named_bug():
    doc = TextDocument(path="a.txt", original=b"one\ntwo\n")
    doc.splice(0, 5, "")
    with pytest.raises(OverlappingEdits, match="a.txt: overlapping edits"):
        doc.splice(4, 6, "TW")


def test_removing_every_entry_before_a_blank_line_and_a_last_entry_without_newline():
    """Found by Hypothesis (test_properties_remove_idempotent_and_local)."""
    doc = PropertiesDocument(path="a.properties", original=b"eureka=\neureka=\neureka=\neureka=\n\neureka=")
    cfg.remove(doc, "eureka", "r")
    assert doc.render() == b""
    doc = PropertiesDocument(path="a.properties", original=b"a=1\r\neureka=\r\neureka=\r\n\r\neureka=")
    cfg.remove(doc, "eureka", "r")
    doc.tidy("r")
    assert doc.render() == b"a=1"  # the kept entry, still without a final newline


BOOTSTRAP_DEV = (
    b"spring:\n  cloud:\n    config:\n      discovery:\n        enabled: true\n        service-id: cfg\n"
    b"eureka:\n  client:\n    service-url:\n      defaultZone: x"
)


def test_two_adjacent_yaml_blocks_removed_without_a_final_newline():
    doc = YamlDocument(path="bootstrap-dev.yml", original=BOOTSTRAP_DEV)
    cfg.remove(doc, "spring.cloud.config.discovery", "r")
    cfg.remove(doc, "eureka", "r")
    assert doc.render() == b""
    kept = YamlDocument(path="bootstrap-dev.yml", original=BOOTSTRAP_DEV.replace(b"    config:\n", b"    name: x\n    config:\n"))
    cfg.remove(kept, "spring.cloud.config.discovery", "r")
    cfg.remove(kept, "eureka", "r")
    assert kept.render() == b"spring:\n  cloud:\n    name: x"
