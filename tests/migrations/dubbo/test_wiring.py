"""Item 1 and 2 of the real-world Dubbo issue: a consumer calls the provider nearest to it in the module tree;
when no provider is nearer than the others, nothing is wired and the finding names the candidates; a module
holding a provider and a consumer application calls its provider, never its consumer."""
from __future__ import annotations

import yaml

from ...recipe import assert_migrates
from .helpers import API_DEP, GREETER, app, greeter_client, greeter_impl, meshed_properties, module, root

WIRED = '(providedBy = "{}", providerPort = 50052)'


def sample_pair(files: dict, folder: str, depth: int = 2, wired: str | None = None, client_attrs: str = "") -> None:
    """folder/provider exports Greeter, folder/consumer calls it."""
    for role in ("provider", "consumer"):
        base = f"{folder}/{role}"
        pkg = f"com.example.{folder.replace('/', '.').replace('-', '')}.{role}"
        path = pkg.replace(".", "/")
        files[f"{base}/pom.xml"] = module(f"{folder.replace('/', '-')}-{role}", depth, extra=API_DEP)
        files[f"{base}/src/main/java/{path}/App.java"] = app(pkg)
        files[f"{base}/src/main/resources/application.properties"] = meshed_properties(f"{folder.replace('/', '-')}-{role}", consumer=role == "consumer")
        if role == "provider":
            files[f"{base}/src/main/java/{path}/GreeterImpl.java"] = greeter_impl(pkg)
        else:
            before = greeter_client(pkg, client_attrs)
            files[f"{base}/src/main/java/{path}/Client.java"] = before if wired is None else (before, greeter_client(pkg, WIRED.format(wired)))




def test_each_consumer_calls_the_provider_of_its_own_folder_and_an_equidistant_one_gets_none():
    files = {
        "pom.xml": root("api", "a/provider", "a/consumer", "b/provider", "b/consumer", "gateway"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
    }
    sample_pair(files, "a", wired="a-provider")
    sample_pair(files, "b", wired="b-provider")
    # the gateway sits beside both folders: a and b are equally near, so neither is chosen
    files["gateway/pom.xml"] = module("gateway", 1, extra=API_DEP)
    files["gateway/src/main/java/com/example/gateway/App.java"] = app("com.example.gateway")
    files["gateway/src/main/java/com/example/gateway/Client.java"] = greeter_client("com.example.gateway")
    files["gateway/src/main/resources/application.properties"] = meshed_properties("gateway", consumer=True)
    plan = assert_migrates("dubbo", files, findings=["provider-ambiguous"] + ["dubbo-qos-exposed"] * 5)
    amb = next(f for f in plan.findings if f.code == "provider-ambiguous")
    assert (amb.path, amb.line) == ("gateway/src/main/java/com/example/gateway/Client.java", 9)
    assert "a-provider, b-provider" in amb.message
    calls = {s.name: s.calls for s in plan.services}
    assert calls["a-consumer"] == ["a-provider"] and calls["b-consumer"] == ["b-provider"] and calls["gateway"] == []


def xml(app_name: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<beans xmlns="http://www.springframework.org/schema/beans"
       xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">
    <dubbo:application name="{app_name}"/>
    <dubbo:registry address="N/A"/>
{body}</beans>
"""


MAIN = """package com.example.demo;

import org.springframework.context.support.ClassPathXmlApplicationContext;

public class {cls} {{
    public static void main(String[] args) {{
        new ClassPathXmlApplicationContext("spring/{xml}").start();
    }}
}}
"""


def test_a_module_with_a_provider_and_a_consumer_context_calls_its_provider_not_itself():
    consumer_xml = xml("demo-consumer", '    <dubbo:reference id="greeter" interface="com.example.api.Greeter"/>\n')
    files = {
        "pom.xml": root("api", "demo"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "demo/pom.xml": module("demo", 1, extra=API_DEP),
        "demo/src/main/java/com/example/demo/ProviderMain.java": MAIN.format(cls="ProviderMain", xml="demo-provider.xml"),
        "demo/src/main/java/com/example/demo/ConsumerMain.java": MAIN.format(cls="ConsumerMain", xml="demo-consumer.xml"),
        "demo/src/main/java/com/example/demo/GreeterImpl.java": greeter_impl("com.example.demo").replace("@DubboService\n", ""),
        "demo/src/main/resources/spring/demo-provider.xml": xml("demo-provider", '    <dubbo:protocol name="tri" port="50052"/>\n    <bean id="impl" class="com.example.demo.GreeterImpl"/>\n    <dubbo:service interface="com.example.api.Greeter" ref="impl"/>\n'),
        "demo/src/main/resources/spring/demo-consumer.xml": (consumer_xml, consumer_xml.replace(
            'interface="com.example.api.Greeter"/>', 'interface="com.example.api.Greeter" provided-by="demo-provider" provider-port="50052"/>')),
        "demo/src/main/resources/dubbo.properties": (None, "# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\n"
                                                     "dubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\ndubbo.consumer.meshEnable=true\n"),
    }
    plan = assert_migrates("dubbo", files, findings=["dubbo-properties-created", "dubbo-qos-exposed", "dubbo-qos-exposed"])
    # one module, two applications: each main is its own deployable, named by its XML
    assert [(s.name, s.deployable.main_class, s.deployable.dockerfile) for s in plan.services] == [
        ("demo-consumer", "com.example.demo.ConsumerMain", "demo/Dockerfile.demo-consumer"),
        ("demo-provider", "com.example.demo.ProviderMain", "demo/Dockerfile.demo-provider"),
    ]
    assert next(s for s in plan.services if s.name == "demo-consumer").calls == ["demo-provider"]


ANNOTATION_MAIN = """package com.example.demo;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;

public class {cls} {{
    public static void main(String[] args) {{
        new AnnotationConfigApplicationContext({config}.class).start();
    }}
}}
"""

CONFIG_CLASS = """package com.example.demo.config;

import org.apache.dubbo.config.spring.context.annotation.EnableDubbo;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.PropertySource;

@Configuration
@EnableDubbo(scanBasePackages = "com.example.demo")
@PropertySource("classpath:/spring/dubbo-{role}.properties")
@ComponentScan(value = {{"com.example.demo"}})
public class {cls} {{
}}
"""


def test_annotation_configured_mains_are_named_by_the_properties_their_configuration_class_loads():
    """``new AnnotationConfigApplicationContext(ProviderConfiguration.class)``: the application name is in the
    file its @PropertySource loads, so the two mains of one module are told apart and the consumer calls the provider."""
    provider_props = "dubbo.application.name=demo-provider\ndubbo.registry.address=N/A\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\ndubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n"
    consumer_props = "dubbo.application.name=demo-consumer\ndubbo.registry.address=N/A\ndubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\ndubbo.consumer.meshEnable=true\n"
    files = {
        "pom.xml": root("api", "demo"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
        "demo/pom.xml": module("demo", 1, extra=API_DEP),
        "demo/src/main/java/com/example/demo/ProviderMain.java": ANNOTATION_MAIN.format(cls="ProviderMain", config="com.example.demo.config.ProviderConfiguration"),
        "demo/src/main/java/com/example/demo/ConsumerMain.java": ANNOTATION_MAIN.format(cls="ConsumerMain", config="ConsumerConfiguration").replace(
            "import org.springframework", "import com.example.demo.config.ConsumerConfiguration;\nimport org.springframework"),
        "demo/src/main/java/com/example/demo/config/ProviderConfiguration.java": CONFIG_CLASS.format(role="provider", cls="ProviderConfiguration"),
        "demo/src/main/java/com/example/demo/config/ConsumerConfiguration.java": CONFIG_CLASS.format(role="consumer", cls="ConsumerConfiguration"),
        "demo/src/main/java/com/example/demo/GreeterImpl.java": greeter_impl("com.example.demo"),
        "demo/src/main/java/com/example/demo/Client.java": (greeter_client("com.example.demo"), greeter_client("com.example.demo", WIRED.format("demo-provider"))),
        "demo/src/main/resources/spring/dubbo-provider.properties": provider_props,
        "demo/src/main/resources/spring/dubbo-consumer.properties": consumer_props,
    }
    plan = assert_migrates("dubbo", files, findings=["dubbo-qos-exposed", "dubbo-qos-exposed"])
    assert [(s.name, s.deployable.main_class) for s in plan.services] == [
        ("demo-consumer", "com.example.demo.ConsumerMain"), ("demo-provider", "com.example.demo.ProviderMain")]


def test_a_pure_consumer_with_a_web_port_exposes_no_triple_port():
    """Item 12: a consumer that exports nothing listens on no triple port: its Service and NetworkPolicy name
    only its HTTP port; the provider keeps grpc-tri."""
    web = '        <dependency>\n            <groupId>org.springframework.boot</groupId>\n            <artifactId>spring-boot-starter-web</artifactId>\n            <version>2.7.18</version>\n        </dependency>\n'
    files = {
        "pom.xml": root("api", "shop/provider", "shop/consumer"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
    }
    sample_pair(files, "shop", wired="shop-provider")
    files["shop/consumer/pom.xml"] = module("shop-consumer", 2, extra=API_DEP + web)
    plan = assert_migrates("dubbo", files, findings=["dubbo-qos-exposed"] * 2, manifests=True)
    exposed = {s.name: [p.name for p in s.ports if p.expose] for s in plan.services}
    assert exposed == {"shop-consumer": ["http"], "shop-provider": ["grpc-tri"]}
    netpol = next(c.new.decode() for c in plan.changes if c.path == "k8s/base/shop-consumer/networkpolicy.yaml")
    service = next(c.new.decode() for c in plan.changes if c.path == "k8s/base/shop-consumer/service.yaml")
    assert "50052" not in netpol and "50052" not in service and "8080" in service


def test_consumer_timeouts_go_on_the_route_to_the_provider_one_route_per_consumer():
    """Item 12: ``dubbo.consumer.timeout`` is policy on the provider's VirtualService, on a route matching that
    consumer's pods (sourceLabels), before the default route; the consumers' own VirtualServices get none. Dubbo's
    retries stay in Dubbo, so Istio's routes retry 0 times (attempts would multiply otherwise)."""
    files = {
        "pom.xml": root("api", "shop/provider", "shop/consumer", "shop/admin"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
    }
    sample_pair(files, "shop", wired="shop-provider")
    files["shop/provider/src/main/resources/application.properties"] = meshed_properties("shop-provider") + "dubbo.provider.timeout=5000\n"
    files["shop/consumer/src/main/resources/application.properties"] = meshed_properties("shop-consumer", consumer=True) + "dubbo.consumer.timeout=2000\ndubbo.consumer.retries=2\n"
    base = "shop/admin"
    files[f"{base}/pom.xml"] = module("shop-admin", 2, extra=API_DEP)
    files[f"{base}/src/main/java/com/example/shop/admin/App.java"] = app("com.example.shop.admin")
    client = greeter_client("com.example.shop.admin")
    files[f"{base}/src/main/java/com/example/shop/admin/Client.java"] = (client, greeter_client("com.example.shop.admin", WIRED.format("shop-provider")))
    files[f"{base}/src/main/resources/application.properties"] = meshed_properties("shop-admin", consumer=True) + "dubbo.consumer.timeout=10000\n"
    plan = assert_migrates("dubbo", files, findings=["dubbo-qos-exposed"] * 3, manifests=True)
    vs = {c.path.split("/")[2]: yaml.safe_load(c.new) for c in plan.changes if c.path.endswith("/virtualservice.yaml")}
    dest = [{"destination": {"host": "shop-provider", "subset": "v1"}}]
    assert vs["shop-provider"]["spec"]["http"] == [
        {"name": "from-shop-admin", "match": [{"sourceLabels": {"app": "shop-admin"}}], "route": dest, "timeout": "10s", "retries": {"attempts": 0}},
        {"name": "from-shop-consumer", "match": [{"sourceLabels": {"app": "shop-consumer"}}], "route": dest, "timeout": "2s", "retries": {"attempts": 0}},
        {"name": "default", "route": dest, "timeout": "5s", "retries": {"attempts": 0}},  # the provider's own, for every other caller
    ]
    for consumer in ("shop-consumer", "shop-admin"):  # their own timeouts are not on their own routes
        assert [set(r) for r in vs[consumer]["spec"]["http"]] == [{"name", "route"}]


def test_one_consumers_timeout_goes_on_the_default_route_of_a_provider_that_sets_none():
    files = {
        "pom.xml": root("api", "shop/provider", "shop/consumer"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
    }
    sample_pair(files, "shop", wired="shop-provider")
    files["shop/consumer/src/main/resources/application.properties"] = meshed_properties("shop-consumer", consumer=True) + "dubbo.consumer.timeout=2000\n"
    plan = assert_migrates("dubbo", files, findings=["dubbo-qos-exposed"] * 2, manifests=True)
    vs = {c.path.split("/")[2]: yaml.safe_load(c.new) for c in plan.changes if c.path.endswith("/virtualservice.yaml")}
    (route,) = vs["shop-provider"]["spec"]["http"]
    assert (route["name"], route["timeout"], route["retries"]) == ("default", "2s", {"attempts": 0})


def test_a_route_timeout_is_never_shorter_than_a_reference_service_or_method_timeout_it_carries():
    """dubbo.*.timeout is the default; a @DubboReference, @DubboService or <dubbo:method> may allow a call longer.
    Istio's route timeout cuts the call where it says, so it is the longest Dubbo timeout of what the route carries:
    Dubbo keeps enforcing the shorter ones itself."""
    files = {
        "pom.xml": root("api", "shop/provider", "shop/consumer"),
        "api/pom.xml": module("api", 1, deps=""),
        "api/src/main/java/com/example/api/Greeter.java": GREETER,
    }
    sample_pair(files, "shop")
    impl = "shop/provider/src/main/java/com/example/shop/provider/GreeterImpl.java"
    files[impl] = files[impl].replace("@DubboService\n", "@DubboService(timeout = 7000)\n")
    files["shop/provider/src/main/resources/application.properties"] = meshed_properties("shop-provider") + "dubbo.provider.timeout=3000\n"
    client = "shop/consumer/src/main/java/com/example/shop/consumer/Client.java"
    files[client] = (greeter_client("com.example.shop.consumer", '(timeout = 4000, methods = {@Method(name = "hello", timeout = 12000)})'),
                     greeter_client("com.example.shop.consumer", '(timeout = 4000, methods = {@Method(name = "hello", timeout = 12000)}, '
                                    'providedBy = "shop-provider", providerPort = 50052)'))
    files["shop/consumer/src/main/resources/application.properties"] = meshed_properties("shop-consumer", consumer=True) + "dubbo.consumer.timeout=2000\n"
    plan = assert_migrates("dubbo", files, findings=["dubbo-qos-exposed"] * 2, manifests=True)
    vs = yaml.safe_load(next(c.new for c in plan.changes if c.path == "k8s/base/shop-provider/virtualservice.yaml"))
    routes = {r["name"]: r["timeout"] for r in vs["spec"]["http"]}
    assert routes == {"from-shop-consumer": "12s", "default": "7s"}


def test_xml_reference_and_method_timeouts_count_too():
    from generator.migrations.dubbo.migration import _element_timeouts
    from lxml import etree

    el = etree.fromstring('<reference xmlns="http://dubbo.apache.org/schema/dubbo" interface="a.B" timeout="4000">'
                          '<method name="slow" timeout="15000"/><method name="fast"/><argument index="0" timeout="x"/></reference>')
    assert _element_timeouts(el) == [4000, 15000]
