"""YamlDocument and the config API on YAML before/after text."""
from __future__ import annotations

import pytest

from generator.editors import config as cfg
from generator.editors.yaml import YamlDocument
from generator.errors import MeshifyError


def yml(data: bytes | str) -> YamlDocument:
    return YamlDocument(path="application.yml", original=data.encode() if isinstance(data, str) else data)


def removed(data, prefix="eureka") -> str:
    doc = yml(data)
    cfg.remove(doc, prefix, "r")
    return doc.render().decode("utf-8")


def setv(data, *pairs) -> str:
    doc = yml(data)
    for k, v in pairs:
        cfg.set_value(doc, k, v, "r")
    return doc.render().decode("utf-8")


def test_untouched_is_identical():
    data = b"# head\n---\na: 1 # c\n\nb:\n  - x\n  - 'y'\n...\n"
    assert yml(data).render() == data


def test_remove_nested_block():
    before = "spring:\n  application:\n    name: a\neureka:\n  client:\n    enabled: false\nserver:\n  port: 1\n"
    assert removed(before) == "spring:\n  application:\n    name: a\nserver:\n  port: 1\n"


def test_remove_dotted_and_nested_keys():
    before = "spring.application.name: a\neureka.client.enabled: false\neureka:\n  instance:\n    x: 1\n"
    assert removed(before) == "spring.application.name: a\n"


def test_remove_across_documents_and_profiles():
    before = (
        "a: 1\neureka:\n  x: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: k8s\n"
        "eureka:\n  y: 2\nb: 2\n---\nspring.profiles: dev\neureka.z: 3\nc: 3\n"
    )
    after = "a: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: k8s\nb: 2\n---\nspring.profiles: dev\nc: 3\n"
    assert removed(before) == after


def test_attached_comment_goes_with_the_block_others_stay():
    before = "a: 1\n\n# registry\neureka:\n  x: 1 # inline\n\n# server\nserver:\n  port: 1\n"
    assert removed(before) == "a: 1\n\n# server\nserver:\n  port: 1\n"


def test_emptied_parent_goes_too():
    before = "spring:\n  eureka:\n    x: 1\nserver:\n  port: 1\n"
    assert removed(before, "spring.eureka") == "server:\n  port: 1\n"


def test_remove_with_sequences_and_literal_blocks():
    before = "a:\n  - 1\n  - 2\neureka:\n  list:\n    - x\n    - y\n  text: |\n    l1\n\n    l2\nb: 1\n"
    assert removed(before) == "a:\n  - 1\n  - 2\nb: 1\n"


def test_remove_keeps_crlf():
    assert removed("a: 1\r\neureka:\r\n  x: 1\r\n\r\nb: 2\r\n") == "a: 1\r\n\r\nb: 2\r\n"


def test_remove_keeps_missing_final_newline():
    assert removed("a: 1\neureka:\n  x: 1") == "a: 1"
    assert removed("eureka:\n  x: 1\na: 1") == "a: 1"


def test_remove_keeps_a_comment_before_the_first_document_marker():
    assert removed("# head\n---\neureka:\n  a: 1\nb: 1\n") == "# head\n---\nb: 1\n"


def test_flow_style_is_a_clear_error():
    with pytest.raises(MeshifyError) as e:
        removed("a: 1\nx: {eureka: 1, b: 2}\n", "x.eureka")
    assert e.value.line == 2 and "flow" in e.value.message


def test_set_merges_into_existing_blocks():
    before = "spring:\n  application:\n    name: a\nserver:\n  port: 1\n"
    after = setv(before, ("spring.cloud.kubernetes.loadbalancer.mode", "SERVICE"), ("server.shutdown", "graceful"), ("spring.cloud.kubernetes.discovery.enabled", True))
    assert after == (
        "spring:\n  application:\n    name: a\n  cloud:\n    kubernetes:\n      loadbalancer:\n        mode: SERVICE\n"
        "      discovery:\n        enabled: true\nserver:\n  port: 1\n  shutdown: graceful\n"
    )


def test_set_follows_the_files_indentation():
    after = setv("spring:\n    application:\n        name: a\n", ("spring.cloud.k.mode", "S"))
    assert after == "spring:\n    application:\n        name: a\n    cloud:\n        k:\n            mode: S\n"


def test_set_in_the_default_document_not_a_profile():
    before = "spring:\n  profiles: dev\n---\na: 1\n"
    assert setv(before, ("b", "c")) == "spring:\n  profiles: dev\n---\na: 1\nb: c\n"


def test_set_replaces_a_quoted_value_and_quotes_when_needed():
    assert setv("spring:\n  application:\n    name: 'Foo_Bar'\n", ("spring.application.name", "foo-bar")) == "spring:\n  application:\n    name: foo-bar\n"
    assert setv("a: 1\n", ("b", "yes"), ("c", "1.0"), ("d", "a: b")) == 'a: 1\nb: "yes"\nc: "1.0"\nd: "a: b"\n'


def test_quoted_values_elsewhere_are_preserved():
    before = "a: \"x\"\nb: 'y'\neureka:\n  c: 1\n"
    assert setv(before, ("z", "1")) == 'a: "x"\nb: \'y\'\neureka:\n  c: 1\nz: "1"\n'


def test_set_keeps_crlf_and_missing_final_newline():
    assert setv("a:\r\n  b: 1\r\n", ("a.c", "x")) == "a:\r\n  b: 1\r\n  c: x\r\n"
    assert setv("a: 1", ("b", "x"), ("c.d", "z")) == "a: 1\nb: x\nc:\n  d: z"


def test_set_an_empty_value():
    assert setv("a:\n  b:\nc: 1\n", ("a.b", "x")) == "a:\n  b: x\nc: 1\n"


def test_set_under_a_scalar_or_sequence_is_a_clear_error():
    with pytest.raises(MeshifyError) as e:
        setv("a:\n  - 1\n", ("a.b", "x"))
    assert e.value.line == 1
    with pytest.raises(MeshifyError):
        setv("server:\n  port:\n    x: 1\n", ("server.port", "2"))


def test_set_is_idempotent():
    once = setv("spring:\n  application:\n    name: a\n", ("server.shutdown", "graceful"), ("a.b", "c"))
    assert setv(once, ("server.shutdown", "graceful"), ("a.b", "c")) == once


def test_malformed_yaml_names_the_line():
    with pytest.raises(MeshifyError) as e:
        yml("a: 1\nb:\n\tc: 1\n")
    assert e.value.path == "application.yml" and e.value.line == 3


def test_bom_and_gbk_survive():
    data = "\ufeffname: 中文\neureka:\n  x: 1\n".encode("utf-8")
    assert yml(data).render() == data
    doc = yml(data)
    cfg.remove(doc, "eureka", "r")
    assert doc.render() == "\ufeffname: 中文\n".encode("utf-8")
    gbk = "name: 中文\neureka:\n  x: 1\n".encode("gbk")
    doc = yml(gbk)
    cfg.remove(doc, "eureka", "r")
    assert doc.render() == "name: 中文\n".encode("gbk")


def test_profile_of_documents():
    doc = yml("a: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: k8s\n---\nspring.profiles: dev\n")
    assert [doc.profile_of(i) for i in range(3)] == [None, "k8s", "dev"]


def test_block_at_the_top_takes_the_blank_line_after_it():
    assert removed("eureka:\n  x: 1\n\nserver:\n  port: 1\n") == "server:\n  port: 1\n"


def test_rebase_lets_a_rule_edit_what_an_earlier_rule_produced():
    from generator.editors import config as cfg
    from generator.editors.yaml import YamlDocument

    src = "spring:\n  cloud:\n    config:\n      uri: http://cfg:8888\n  application:\n    name: orders\n"
    doc = YamlDocument(path="application.yml", original=src.encode())
    cfg.remove(doc, "spring.cloud.config", "config server retired")
    doc.rebase()
    cfg.set_value(doc, "spring.cloud.kubernetes.config.name", "orders", "read the ConfigMap")
    assert doc.render().decode() == "spring:\n  application:\n    name: orders\n  cloud:\n    kubernetes:\n      config:\n        name: orders\n"
    assert doc.on_disk == src.encode() and doc.changed


def test_removing_the_first_key_keeps_the_file_header_comment():
    from generator.editors import config as cfg
    from generator.editors.yaml import YamlDocument

    src = "# shared settings for every service\neureka:\n  client:\n    enabled: true\nlogging:\n  level:\n    root: INFO\n"
    doc = YamlDocument(path="application.yml", original=src.encode())
    cfg.remove(doc, "eureka", "gone")
    assert doc.render().decode() == "# shared settings for every service\nlogging:\n  level:\n    root: INFO\n"


def test_the_header_line_that_names_the_removed_first_key_goes_with_it():
    from generator.editors import config as cfg
    from generator.editors.yaml import YamlDocument

    src = ("# Settings shared by every service.\n# Every client registers with the Eureka registry below.\n"
           "eureka:\n  client:\n    enabled: true\nlogging:\n  level:\n    root: INFO\n")
    doc = YamlDocument(path="application.yml", original=src.encode())
    cfg.remove(doc, "eureka", "gone")
    assert doc.render().decode() == "# Settings shared by every service.\nlogging:\n  level:\n    root: INFO\n"
