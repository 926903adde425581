"""PomDocument on before/after text: only the needed bytes differ."""
from __future__ import annotations

import pytest

from generator.editors.pom import PomDocument
from generator.errors import MeshifyError

G = "org.springframework.cloud"

RICH = (
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n'
    "<!-- top comment -->\r\n"
    '<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">\r\n'
    "\t<modelVersion>4.0.0</modelVersion>\r\n"
    "\t<artifactId>orders</artifactId>\r\n"
    "\t<description><![CDATA[Uses <eureka> & ribbon]]></description>\r\n"
    "\r\n"
    "\t<dependencies>\r\n"
    "\t\t<!-- discovery -->\r\n"
    "\t\t<dependency>\r\n"
    "\t\t\t<groupId>org.springframework.cloud</groupId>\r\n"
    "\t\t\t<artifactId>spring-cloud-starter-netflix-eureka-client</artifactId>\r\n"
    "\t\t</dependency>\r\n"
    '\t\t<dependency combine.children="append" id="x" alpha="1">\r\n'
    "\t\t\t<groupId>a&amp;b</groupId>\r\n"
    "\t\t\t<artifactId>lib</artifactId>\r\n"
    "\t\t</dependency>\r\n"
    "\t</dependencies>\r\n"
    "</project>"
)


def pom(text: str | bytes) -> PomDocument:
    return PomDocument(path="pom.xml", original=text.encode() if isinstance(text, str) else text)


def test_unedited_is_byte_identical():
    assert pom(RICH).render() == RICH.encode()


def test_replace_artifact_changes_one_line_only():
    doc = pom(RICH)
    dep = doc.find_dependency(G, "spring-cloud-starter-netflix-eureka-client")
    doc.change_artifact(dep, G, "spring-cloud-starter-kubernetes-client", "r")
    out = doc.render().decode()
    assert out == RICH.replace("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-kubernetes-client")
    # the declaration, comments, CDATA, tabs, CRLF, attribute order and missing final newline all survive
    assert out.startswith('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n<!-- top comment -->')
    assert "<![CDATA[Uses <eureka> & ribbon]]>" in out
    assert 'combine.children="append" id="x" alpha="1"' in out
    assert "a&amp;b" in out and not out.endswith("\n")


def test_add_dependency_copies_sibling_indentation_and_line_endings():
    doc = pom(RICH)
    dep = doc.find_dependency(G, "spring-cloud-starter-netflix-eureka-client")
    doc.add_dependency(doc.dependency_lines(G, "spring-cloud-starter-kubernetes-client-loadbalancer"), "r", after=dep)
    out = doc.render().decode()
    added = (
        "\t\t</dependency>\r\n"
        "\t\t<dependency>\r\n"
        "\t\t\t<groupId>org.springframework.cloud</groupId>\r\n"
        "\t\t\t<artifactId>spring-cloud-starter-kubernetes-client-loadbalancer</artifactId>\r\n"
        "\t\t</dependency>\r\n"
        '\t\t<dependency combine.children'
    )
    assert added in out
    assert len(out.splitlines()) == len(RICH.splitlines()) + 4  # a pure 4-line addition


def test_add_dependency_without_dependencies_section():
    text = '<project>\n  <modelVersion>4.0.0</modelVersion>\n  <artifactId>a</artifactId>\n</project>\n'
    doc = pom(text)
    doc.add_dependency(doc.dependency_lines("g", "x"), "r")
    out = doc.render().decode()
    assert out == (
        "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <artifactId>a</artifactId>\n"
        "  <dependencies>\n    <dependency>\n      <groupId>g</groupId>\n      <artifactId>x</artifactId>\n"
        "    </dependency>\n  </dependencies>\n</project>\n"
    )
    assert [d.key for d in pom(out).dependencies()] == ["g:x"]


def test_remove_module_line():
    text = "<project>\n    <artifactId>a</artifactId>\n    <modules>\n        <module>one</module>\n        <module>registry</module> \n        <module>two</module>\n    </modules>\n</project>\n"
    doc = pom(text)
    el = dict((n, e) for n, e in doc.modules())["registry"]
    doc.remove(el, "r")
    assert doc.render().decode() == text.replace("        <module>registry</module> \n", "")


def test_remove_element_sharing_a_line_keeps_the_line():
    text = "<project><artifactId>a</artifactId><modules><module>one</module><module>two</module></modules></project>"
    doc = pom(text)
    doc.remove(doc.modules()[0][1], "r")
    assert doc.render().decode() == text.replace("<module>one</module>", "")


def test_set_property_changes_the_property_not_the_reference():
    text = (
        "<project>\n  <artifactId>a</artifactId>\n  <properties>\n    <sck.version>1.0</sck.version>  <!-- pinned -->\n  </properties>\n"
        "  <dependencies>\n    <dependency>\n      <groupId>g</groupId>\n      <artifactId>x</artifactId>\n"
        "      <version>${sck.version}</version>\n    </dependency>\n  </dependencies>\n</project>\n"
    )
    doc = pom(text)
    doc.set_property("sck.version", "3.1.3", "r")
    assert doc.render().decode() == text.replace(">1.0<", ">3.1.3<")
    doc2 = pom(doc.render())
    doc2.set_property("sck.version", "3.1.3", "r")
    assert not doc2.changed


def test_set_property_adds_one_when_missing():
    text = "<project>\n  <artifactId>a</artifactId>\n  <properties>\n    <java.version>17</java.version>\n  </properties>\n</project>\n"
    doc = pom(text)
    doc.set_property("x.version", "1", "r")
    assert doc.render().decode() == text.replace("</java.version>\n", "</java.version>\n    <x.version>1</x.version>\n")


def test_set_version_inserts_after_artifact():
    text = "<project>\n  <artifactId>a</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>g</groupId>\n      <artifactId>x</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n"
    doc = pom(text)
    doc.set_version(doc.dependencies()[0], "2.0", "r")
    assert doc.render().decode() == text.replace("<artifactId>x</artifactId>\n", "<artifactId>x</artifactId>\n      <version>2.0</version>\n")


def test_self_closing_element_gets_text():
    doc = pom("<project><artifactId>a</artifactId><properties><v/></properties></project>")
    doc.set_property("v", "1", "r")
    assert doc.render() == b"<project><artifactId>a</artifactId><properties><v>1</v></properties></project>"


def test_pom_without_namespace_is_read_and_edited():
    text = "<project>\n  <artifactId>a</artifactId>\n  <dependencies>\n    <dependency><groupId>g</groupId><artifactId>x</artifactId></dependency>\n  </dependencies>\n</project>\n"
    doc = pom(text)
    assert doc.ns is None and [d.key for d in doc.dependencies()] == ["g:x"]
    doc.change_artifact(doc.dependencies()[0], "g", "y", "r")
    assert doc.render().decode() == text.replace(">x<", ">y<")


@pytest.mark.parametrize(
    "text",
    [
        '<?xml version="1.0"?>\n<!DOCTYPE project [\n  <!-- it\'s a "comment" ] > -->\n  <!ENTITY v "1.0">\n]>\n<project><artifactId>a</artifactId><version>&v;</version></project>\n',
        '<?xml version="1.0"?>\n<?xml-stylesheet href="a.xsl"?>\n<project><?m2e ignore?><artifactId>a</artifactId></project>\n',
        "<project><description><![CDATA[ <?x ?> <!-- <a> ]]></description><artifactId>a</artifactId></project>",
        '<project a="x>y" b="--&gt;"><artifactId>a</artifactId><name>&#169; &lt;x&gt; a > b</name></project>',
        "<project><!-- <dependency> --><artifactId>a</artifactId></project>",
    ],
    ids=["doctype", "processing-instruction", "cdata", "entities-and-gt", "comment-with-tags"],
)
def test_unusual_markup_is_read_and_round_trips(text):
    doc = pom(text)
    assert doc.artifact_id == "a"
    assert doc.render() == text.encode()
    doc.set_text(doc.child(doc.root, "artifactId"), "b", "r")
    assert doc.render() == text.replace(">a<", ">b<", 1).encode()


def test_entity_reference_stays_unexpanded():
    doc = pom('<!DOCTYPE project [<!ENTITY v "9.9">]>\n<project><artifactId>a</artifactId><version>&v;</version></project>')
    assert doc.version == "&v;"


@pytest.mark.parametrize(
    "text, line",
    [
        ("<project>\n<artifactId>a</artifactId>\n<unclosed>\n</project>\n", 4),
        ("", None),
        ("<project><a></b></project>", 1),
    ],
)
def test_malformed_xml_is_an_error_with_file_and_line(text, line):
    with pytest.raises(MeshifyError) as e:
        pom(text)
    assert e.value.path == "pom.xml"
    if line:
        assert e.value.line == line
    assert "XML syntax error" in str(e.value)


def test_not_a_maven_project():
    with pytest.raises(MeshifyError, match="not a Maven project"):
        pom("<settings><x/></settings>")


@pytest.mark.parametrize(
    "enc, decl",
    [("gbk", "GBK"), ("latin-1", "ISO-8859-1"), ("utf-8", "UTF-8")],
)
def test_non_utf8_pom_keeps_its_bytes(enc, decl):
    text = f'<?xml version="1.0" encoding="{decl}"?>\n<project>\n  <name>中文 café</name>\n  <artifactId>a</artifactId>\n</project>\n'
    if enc == "latin-1":
        text = text.replace("中文 ", "")
    data = text.encode(enc)
    doc = pom(data)
    doc.set_text(doc.child(doc.root, "artifactId"), "b", "r")
    assert doc.render() == data.replace(b">a<", b">b<")


def test_utf8_bom_is_kept():
    data = b'\xef\xbb\xbf<?xml version="1.0" encoding="UTF-8"?>\n<project><artifactId>a</artifactId></project>\n'
    doc = pom(data)
    doc.set_text(doc.child(doc.root, "artifactId"), "b", "r")
    assert doc.render() == data.replace(b">a<", b">b<")


def test_utf16_is_a_clear_error():
    with pytest.raises(MeshifyError, match="UTF-16"):
        pom('<?xml version="1.0" encoding="UTF-16"?>\n<project/>'.encode("utf-16"))
