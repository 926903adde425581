"""Versions of one application: detection, stable version, weights, routes (pure rules)."""
from __future__ import annotations

import pytest

from generator.errors import MeshifyError
from generator.rules.versions import Candidate, group, version_label


def shop(*modules: str, **kw) -> list[Candidate]:
    return [Candidate("shop-order", m, **kw) for m in modules]


def test_module_suffixes_name_the_versions_and_v1_is_stable():
    apps, findings = group(shop("order-v2", "order-gray", "order-v1"))
    app = apps["shop-order"]
    assert [(v.name, v.module) for v in app.versions] == [("v1", "order-v1"), ("v2", "order-v2"), ("gray", "order-gray")]
    assert app.stable == "v1"
    assert app.subsets() == [{"name": n, "labels": {"version": n}} for n in ("v1", "v2", "gray")]
    # v2 has neither a weight nor a tag: nothing reaches it, and the user is told
    assert [(f.code, f.path) for f in findings] == [("version-unrouted", "order-v2/pom.xml"), ("version-unrouted", "order-gray/pom.xml")]


def test_lowest_numbered_version_is_stable_even_when_not_v1():
    apps, _ = group(shop("svc/order-v10", "svc/order-v3"))
    assert apps["shop-order"].stable == "v3"
    assert [v.name for v in apps["shop-order"].versions] == ["v3", "v10"]  # numeric, not text order


def test_one_module_is_not_a_versioned_application():
    assert group(shop("order-v1")) == ({}, [])


def test_independent_projects_are_never_versions_of_each_other():
    cands = [Candidate("shop-order", "a/order-v1", project="a"), Candidate("shop-order", "b/order-v2", project="b")]
    assert group(cands) == ({}, [])


def test_same_name_without_hint_names_the_modules_and_the_key():
    with pytest.raises(MeshifyError) as e:
        group(shop("order", "order-next"))
    text = str(e.value)
    assert "order and order-next all deploy application 'shop-order'" in text
    assert '[services.shop-order] versions = { "order" = "v1", "order-next" = "v2" }' in text
    assert "meshify.toml" in text


def test_suffixes_count_only_with_one_common_stem():
    with pytest.raises(MeshifyError, match="nothing tells"):
        group(shop("order-v1", "billing-v2"))


def test_the_module_named_after_the_stem_is_v1_beside_its_gray_sibling():
    # dubbo-user-service and dubbo-user-service-gray: the plain module is the stable version
    app = group(shop("user-service-gray", "user-service"))[0]["shop-order"]
    assert [(v.name, v.module) for v in app.versions] == [("v1", "user-service"), ("gray", "user-service-gray")]
    assert app.stable == "v1"
    # the version word in the middle of the name: web-demo and web-gray-demo
    app = group(shop("web-demo", "web-gray-demo"))[0]["shop-order"]
    assert [(v.name, v.module) for v in app.versions] == [("v1", "web-demo"), ("gray", "web-gray-demo")]


def test_the_plain_module_is_not_v1_when_another_module_is():
    with pytest.raises(MeshifyError, match="nothing tells which version order is"):
        group(shop("order", "order-v1", "order-v2"))
    with pytest.raises(MeshifyError, match="nothing tells which version"):  # two plain modules: which one?
        group([Candidate("shop-order", "a/order"), Candidate("shop-order", "b/order"), Candidate("shop-order", "c/order-gray")])


def test_explicit_hints_beat_suffixes_and_are_made_labels():
    cands = [Candidate("shop-order", "order-v1", hint="1.0.0", hint_source="order-v1/a.properties:3 dubbo.application.version"),
             Candidate("shop-order", "order-v2", hint="2.0.0")]
    app = group(cands)[0]["shop-order"]
    assert [v.name for v in app.versions] == ["v1-0-0", "v2-0-0"]
    assert app.stable == "v1-0-0"


def test_meshify_toml_versions_beat_everything():
    cands = [Candidate("shop-order", "order", hint="9"), Candidate("shop-order", "order-next", previous="v7")]
    app = group(cands, {"shop-order": {"versions": {"order": "v1", "order-next": "V2"}}})[0]["shop-order"]
    assert [(v.name, v.module) for v in app.versions] == [("v1", "order"), ("v2", "order-next")]


def test_previous_deployment_label_is_remembered():
    cands = [Candidate("shop-order", "order", previous="v1"), Candidate("shop-order", "order-next", previous="v2")]
    assert [v.name for v in group(cands)[0]["shop-order"].versions] == ["v1", "v2"]


def test_unknown_module_in_versions_table():
    with pytest.raises(MeshifyError, match="versions names 'orders', which is not a module deploying shop-order"):
        group(shop("order-v1", "order-v2"), {"shop-order": {"versions": {"orders": "v1"}}})


def test_two_modules_with_one_version():
    with pytest.raises(MeshifyError, match="order-a and order-b are both version v1"):
        group([Candidate("shop-order", "order-a", hint="v1"), Candidate("shop-order", "order-b", hint="1")])


def test_label_normalisation():
    assert version_label("2.0.0", "x") == "v2-0-0"
    assert version_label(" Gray ", "x") == "gray"
    assert version_label("3", "x") == "v3"
    with pytest.raises(MeshifyError):
        version_label("...", "x")


def test_dubbo_tag_becomes_a_header_route_before_the_default():
    cands = shop("order-v1", "order-v2") + [Candidate("shop-order", "order-gray", tag="gray")]
    app = group(cands)[0]["shop-order"]
    assert app.http_routes() == [
        {"name": "gray", "match": [{"headers": {"dubbo.tag": {"exact": "gray"}}}],
         "route": [{"destination": {"host": "shop-order", "subset": "gray"}}]},
        {"name": "default", "route": [{"destination": {"host": "shop-order", "subset": "v1"}}]},
    ]


def test_weights_make_the_default_route_weighted():
    app = group(shop("order-v1", "order-v2"), {"shop-order": {"weights": {"v1": 90, "v2": 10}}})[0]["shop-order"]
    assert app.http_routes() == [{"name": "default", "route": [
        {"destination": {"host": "shop-order", "subset": "v1"}, "weight": 90},
        {"destination": {"host": "shop-order", "subset": "v2"}, "weight": 10},
    ]}]
    assert group(shop("order-v1", "order-v2"), {"shop-order": {"weights": {"v1": 90, "v2": 10}}})[1] == []


@pytest.mark.parametrize("weights, message", [
    ({"v1": 90, "v2": 20}, "add up to 110, not 100"),
    ({"v1": 100, "v3": 0}, "names 'v3', which is not a version"),
    ({"v1": 100.0}, "whole number"),
    ({"v1": True, "v2": 99}, "whole number"),
    ({}, "must be a table"),
])
def test_bad_weights_stop_with_exit_3(weights, message):
    with pytest.raises(MeshifyError, match=message):
        group(shop("order-v1", "order-v2"), {"shop-order": {"weights": weights}})


def test_stable_from_meshify_toml():
    app = group(shop("order-v1", "order-v2"), {"shop-order": {"stable": "v2"}})[0]["shop-order"]
    assert app.http_routes()[-1]["route"] == [{"destination": {"host": "shop-order", "subset": "v2"}}]
    with pytest.raises(MeshifyError, match="stable = 'v9' is not a version"):
        group(shop("order-v1", "order-v2"), {"shop-order": {"stable": "v9"}})


def test_no_numbered_version_needs_a_stable_setting():
    with pytest.raises(MeshifyError, match='stable = "canary"'):
        group(shop("order-gray", "order-canary"))


def test_stable_or_weights_on_a_single_version_is_an_error():
    with pytest.raises(MeshifyError, match="deployed in one version only"):
        group(shop("order-v1"), {"shop-order": {"weights": {"v1": 100}}})


def test_one_tag_on_two_versions():
    cands = [Candidate("shop-order", "order-v1", tag="gray"), Candidate("shop-order", "order-v2", tag="gray", tag_source="order-v2/x.properties:4")]
    with pytest.raises(MeshifyError, match="both carry the Dubbo tag 'gray'") as e:
        group(cands)
    assert (e.value.path, e.value.line) == ("order-v2/x.properties", 4)


# --------------------------------------------------------------------------- hints in the sources

from generator.rules.versions import read_hints  # noqa: E402
from generator.workspace import Workspace  # noqa: E402

from ..conftest import write  # noqa: E402

POM = """<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>g</groupId><artifactId>{a}</artifactId><version>1</version>{body}</project>"""


def repo_with(tmp_path, files: dict[str, str]):
    modules = sorted({p.split("/")[0] for p in files if "/" in p})
    write(tmp_path, {"pom.xml": POM.format(a="root", body="<packaging>pom</packaging><modules>"
                                           + "".join(f"<module>{m}</module>" for m in modules) + "</modules>")})
    write(tmp_path, {f"{m}/pom.xml": POM.format(a=m, body="") for m in modules})
    write(tmp_path, files)
    ws = Workspace(tmp_path)
    return ws, {m.dir: m for m in ws.modules}


def test_hints_from_properties_yaml_and_xml(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "a/src/main/resources/application.properties": "x=1\ndubbo.application.version=2.0.0\ndubbo.provider.tag=gray\n",
        "b/src/main/resources/application.yml": "eureka:\n  instance:\n    metadata-map:\n      version: v3\n",
        "c/src/main/resources/spring/provider.xml": (
            '<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">\n'
            '  <dubbo:application name="shop-order" version="1.2"/>\n  <dubbo:provider tag="canary"/>\n</beans>\n'),
    })
    a, b, c = (read_hints(ws, mods[m]) for m in "abc")
    assert (a.version, a.version_source, a.tag, a.tag_source) == (
        "2.0.0", "a/src/main/resources/application.properties:2 dubbo.application.version",
        "gray", "a/src/main/resources/application.properties:3 dubbo.provider.tag")
    assert (b.version, b.version_source, b.tag) == ("v3", "b/src/main/resources/application.yml:4 eureka.instance.metadata-map.version", None)
    assert (c.version, c.tag, c.tag_source) == ("1.2", "canary", "c/src/main/resources/spring/provider.xml:3 tag")


def test_nacos_discovery_metadata_is_a_version_hint_and_instance_metadata(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "a/src/main/resources/bootstrap.properties": "spring.application.name=web\nspring.cloud.nacos.discovery.metadata.version=gray\nspring.cloud.nacos.discovery.metadata.lane=blue\n",
    })
    h = read_hints(ws, mods["a"])
    assert (h.version, h.version_source) == ("gray", "a/src/main/resources/bootstrap.properties:2 spring.cloud.nacos.discovery.metadata.version")
    assert h.metadata == {"version": "gray", "lane": "blue"}


def test_profile_only_settings_and_placeholders_are_no_hints(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "a/src/main/resources/application.yml": "dubbo:\n  application:\n    version: ${APP_VERSION}\n---\nspring:\n  config:\n    activate:\n      on-profile: gray\ndubbo:\n  provider:\n    tag: gray\n",
    })
    h = read_hints(ws, mods["a"])
    assert (h.version, h.tag) == (None, None)


def test_tag_from_launch_files_beside_the_module(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "a/Dockerfile": 'FROM eclipse-temurin:17\nENTRYPOINT ["java", "-Ddubbo.provider.tag=gray", "-jar", "app.jar"]\n',
        "b/deploy/deployment.yaml": "spec:\n  template:\n    spec:\n      containers:\n        - name: b\n          env:\n            - name: DUBBO_LABELS\n              value: \"region=hz; dubbo.tag=canary\"\n",
        "c/run.sh": "export DUBBO_LABELS='region=hz'\njava -jar c.jar\n",
        "c/k8s/base/x.yaml": "- name: DUBBO_LABELS\n  value: dubbo.tag=generated\n",
        "d/chart/templates/deploy.yaml": "{{- if .Values.gray }}\nenv:\n  - name: DUBBO_LABELS\n    value: \"dubbo.tag={{ .Values.tag }}\"\n  - name: JAVA_OPTS\n    value: -Ddubbo.provider.tag=${TAG}\n{{- end }}\n",
    })
    a, b, c, d = (read_hints(ws, mods[m], skip_dirs=("c/k8s",)) for m in "abcd")
    assert (a.tag, a.tag_source) == ("gray", "a/Dockerfile:2 -Ddubbo.provider.tag")
    assert (b.tag, b.tag_source) == ("canary", "b/deploy/deployment.yaml:7 DUBBO_LABELS")
    assert c.tag is None  # DUBBO_LABELS without dubbo.tag; meshify's own output is not read
    assert d.tag is None  # a template placeholder is not a tag


from generator.rules.versions import header_for, header_rules  # noqa: E402

GRAY_FILTER = """package com.example.gateway;

public class GrayLoadBalancer implements ReactorServiceInstanceLoadBalancer {
    private static final String GRAY_HEADER = "X-Gray";

    private Response<ServiceInstance> choose(List<ServiceInstance> instances, ServerHttpRequest request) {
        String wanted = request.getHeaders().getFirst(GRAY_HEADER);
        for (ServiceInstance i : instances) {
            if (Objects.equals(wanted, i.getMetadata().get("gray"))) {
                return new DefaultResponse(i);
            }
        }
        return new DefaultResponse(instances.get(0));
    }
}
"""


def test_gray_rule_with_literal_names_becomes_a_header_route(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "gateway/src/main/java/com/example/gateway/GrayLoadBalancer.java": GRAY_FILTER,
        "order-b/src/main/resources/application.yml": "eureka:\n  instance:\n    metadata-map:\n      gray: \"true\"\n      zone: a\n",
    })
    f = "gateway/src/main/java/com/example/gateway/GrayLoadBalancer.java"
    rules, findings = header_rules(ws, [f])
    assert findings == []
    assert [(r.header, r.key, r.source) for r in rules] == [("X-Gray", "gray", f"{f}:9")]
    meta = read_hints(ws, mods["order-b"]).metadata
    assert meta == {"gray": "true", "zone": "a"}
    assert header_for(meta, rules) == ("X-Gray", "true")
    assert header_for({"zone": "a"}, rules) is None

    cands = [Candidate("orders", "order-a", hint="v1"), Candidate("orders", "order-b", hint="v2", header=header_for(meta, rules))]
    assert group(cands)[0]["orders"].http_routes()[0] == {
        "name": "v2", "match": [{"headers": {"x-gray": {"exact": "true"}}}],
        "route": [{"destination": {"host": "orders", "subset": "v2"}}]}


def test_gray_rule_header_named_by_a_constant_of_another_class(tmp_path):
    lb = GRAY_FILTER.replace('    private static final String GRAY_HEADER = "X-Gray";\n', "").replace(
        "package com.example.gateway;\n", "package com.example.gateway;\n\nimport com.example.core.Headers;\n").replace(
        "getFirst(GRAY_HEADER)", "getFirst(Headers.GRAY)")
    ws, _ = repo_with(tmp_path, {
        "gateway/src/main/java/com/example/gateway/GrayLoadBalancer.java": lb,
        "core/src/main/java/com/example/core/Headers.java": 'package com.example.core;\n\npublic class Headers {\n    public static final String GRAY = "X-Api-G";\n}\n',
        # a class of the same simple name elsewhere does not confuse the import
        "other/src/main/java/com/example/other/Headers.java": 'package com.example.other;\n\npublic class Headers {\n    public static final String GRAY = "X-Other";\n}\n',
    })
    files = ["gateway/src/main/java/com/example/gateway/GrayLoadBalancer.java", "core/src/main/java/com/example/core/Headers.java",
             "other/src/main/java/com/example/other/Headers.java"]
    rules, findings = header_rules(ws, files)
    assert findings == []
    assert [(r.header, r.key) for r in rules] == [("X-Api-G", "gray")]
    # a static import of the constant reads the same
    static = lb.replace("import com.example.core.Headers;", "import static com.example.core.Headers.GRAY;").replace("getFirst(Headers.GRAY)", "getFirst(GRAY)")
    (tmp_path / files[0]).write_text(static)
    assert [(r.header, r.key) for r in header_rules(Workspace(tmp_path), files)[0]] == [("X-Api-G", "gray")]


def test_gray_rule_with_names_from_elsewhere_is_a_finding(tmp_path):
    src = GRAY_FILTER.replace('private static final String GRAY_HEADER = "X-Gray";', "").replace('get("gray")', "get(props.getKey())")
    ws, _ = repo_with(tmp_path, {"gateway/src/main/java/G.java": src})
    rules, findings = header_rules(ws, ["gateway/src/main/java/G.java"])
    assert rules == []
    assert [(f.code, f.path, f.line) for f in findings] == [("gray-rule-unread", "gateway/src/main/java/G.java", 9)]


def test_metadata_without_a_request_header_is_not_a_gray_rule(tmp_path):
    ws, _ = repo_with(tmp_path, {"a/src/main/java/Z.java": 'class Z { String z(ServiceInstance i) { return i.getMetadata().get("zone"); } }\n'})
    assert header_rules(ws, ["a/src/main/java/Z.java"]) == ([], [])


def test_a_deployment_name_must_stay_a_label():
    long = "a" * 58
    with pytest.raises(MeshifyError, match="longer than 63 characters"):
        group([Candidate(long, "x-v1"), Candidate(long, "x-canary")])


# --------------------------------------------------------------------------- Spring Cloud Gateway routes

from generator.rules.versions import Constants, GatewayRoute, gateway_routes, header_match  # noqa: E402


@pytest.mark.parametrize("regexp, match", [
    ("true", {"exact": "true"}),
    (None, {"regex": ".*"}),  # Header=X-Gray: the header is there, whatever its value
    ("1.0.1", {"regex": "1.0.1"}),  # what the gateway matched: "." is any character there too
    ("v[0-9]+", {"regex": "v[0-9]+"}),
    ("(?!stable).*", None),  # lookahead: Java has it, RE2 does not
    ("a++", None),  # possessive
    ("${GRAY}", None),
    ("([a-z]", None),
])
def test_a_header_predicate_regexp_becomes_an_istio_match(regexp, match):
    assert header_match(regexp) == match


def test_header_predicates_in_both_yaml_forms_and_properties(tmp_path):
    ws, mods = repo_with(tmp_path, {
        "gw/src/main/resources/application.yml": (
            "spring:\n  cloud:\n    gateway:\n      routes:\n"
            "        - id: a\n          uri: lb://ORDERS\n          predicates:\n            - Header=X-Gray, true\n            - Header=X-Zone, east\n"
            "        - id: b\n          uri: http://orders:8080\n          predicates:\n            - name: Header\n              args:\n                header: X-Lane\n"
            "          metadata:\n            version: v2\n"
            "        - id: c\n          uri: lb://orders\n          predicates:\n            - Path=/x/**\n"),
        "gw2/src/main/resources/application.properties": (
            "spring.cloud.gateway.server.webflux.routes[0].uri=lb://orders\n"
            "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Header=X-Lane, (?<=a)b\n"),
    })
    routes = gateway_routes(ws, ws.modules, Constants(ws, []))
    got = [(r.source, r.target, r.route_id, r.headers, r.metadata) for r in routes]
    assert got == [
        ("gw/src/main/resources/application.yml:5", "orders", "a", {"X-Gray": {"exact": "true"}, "X-Zone": {"exact": "east"}}, {}),
        ("gw/src/main/resources/application.yml:10", "orders", "b", {"X-Lane": {"regex": ".*"}}, {"version": "v2"}),
        ("gw2/src/main/resources/application.properties:1", "orders", None, None, {}),  # a lookbehind: not readable
    ]


def test_a_gateway_route_selects_the_version_its_metadata_id_or_value_names():
    routes = [GatewayRoute("shop-order", {"X-Gray": {"exact": "true"}, "X-Zone": {"exact": "east"}}, "gw/a.yml:5", "orders-canary"),
              GatewayRoute("shop-order", {"X-V": {"exact": "v2"}}, "gw/a.yml:9"),
              GatewayRoute("shop-order", {"X-Lane": {"regex": ".*"}}, "gw/a.yml:12", metadata={"lane": "blue"}),
              GatewayRoute("billing", {"X-Gray": {"exact": "true"}}, "gw/a.yml:20", "billing-canary")]
    cands = shop("order-v1", "order-v2") + [Candidate("shop-order", "order-canary", metadata={"lane": "blue"})]
    app, findings = group(cands, routes=routes)
    app = app["shop-order"]
    assert app.http_routes()[:-1] == [
        {"name": "v2", "match": [{"headers": {"x-v": {"exact": "v2"}}}], "route": [{"destination": {"host": "shop-order", "subset": "v2"}}]},
        # two predicates of one route: one match with both headers (both must be there)
        {"name": "canary", "match": [{"headers": {"x-gray": {"exact": "true"}, "x-zone": {"exact": "east"}}},
                                     {"headers": {"x-lane": {"regex": ".*"}}}],
         "route": [{"destination": {"host": "shop-order", "subset": "canary"}}]},
    ]
    assert findings == []  # every version is routed now


def test_a_gateway_route_naming_no_version_or_two_is_a_finding():
    routes = [GatewayRoute("shop-order", {"X-Gray": {"exact": "true"}}, "gw/a.yml:5", "orders"),
              GatewayRoute("shop-order", {"X-Gray": {"exact": "v1"}}, "gw/a.yml:9", "orders-v2"),
              GatewayRoute("shop-order", None, "gw/A.java:30")]
    _, findings = group(shop("order-v1", "order-v2"), routes=routes)
    got = [(f.code, f.path, f.line) for f in findings if f.code == "gray-rule-unread"]
    assert got == [("gray-rule-unread", "gw/a.yml", 5), ("gray-rule-unread", "gw/a.yml", 9), ("gray-rule-unread", "gw/A.java", 30)]
    assert "nothing in it names one of the versions v1, v2" in findings[0].message
    assert "it could mean any of v1, v2" in findings[1].message


def test_gray_rule_reading_metadata_through_a_variable(tmp_path):
    # Map<String, String> metadata = inst.getMetadata(); metadata.get(GRAY): the Nacos rules' shape
    src = """package com.example;

public class NacosGrayRule {
    private static final String CLIENT_GRAY = "gray";
    private static final String SERVER_GRAY = "gray";

    List<Instance> gray(List<Instance> instances, HttpServletRequest request) {
        String wanted = request.getHeader(CLIENT_GRAY);
        List<Instance> out = new ArrayList<>();
        for (Instance inst : instances) {
            Map<String, String> metadata = inst.getMetadata();
            if ("true".equals(metadata.get(SERVER_GRAY))) {
                out.add(inst);
            }
        }
        return out;
    }
}
"""
    ws, _ = repo_with(tmp_path, {"web/src/main/java/com/example/NacosGrayRule.java": src})
    rules, findings = header_rules(ws, ["web/src/main/java/com/example/NacosGrayRule.java"])
    assert findings == []
    assert [(r.header, r.key, r.source) for r in rules] == [("gray", "gray", "web/src/main/java/com/example/NacosGrayRule.java:12")]
