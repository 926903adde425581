"""Dubbo configured through its API in code (ApplicationConfig, RegistryConfig, ReferenceConfig and their
builders), as apache/dubbo-samples' API samples are: the mains are told apart by the names the code gives
them (a provider that exports a ServiceConfig is an application too), the mesh settings go to dubbo.properties,
and every API call meshify leaves alone is named with its file and line."""
from __future__ import annotations

import pytest

from generator.errors import MeshifyError

from ...recipe import assert_migrates
from ...test_dubbo import dep, module_pom, root_pom

JAVA = "demo/src/main/java/com/example/demo"

PROVIDER = """package com.example.demo;

import org.apache.dubbo.config.ApplicationConfig;
import org.apache.dubbo.config.ProtocolConfig;
import org.apache.dubbo.config.RegistryConfig;
import org.apache.dubbo.config.ServiceConfig;

public class Provider {
    public static void main(String[] args) throws Exception {
        ServiceConfig<GreetingService> service = new ServiceConfig<>();
        service.setApplication(new ApplicationConfig("demo-provider"));
        service.setRegistry(new RegistryConfig("zookeeper://127.0.0.1:2181"));
        service.setProtocol(new ProtocolConfig("dubbo", 20880));
        service.setInterface(GreetingService.class);
        service.setRef(new GreetingServiceImpl());
        service.export();
        System.in.read();
    }
}
"""

CONSUMER = """package com.example.demo;

import org.apache.dubbo.config.ReferenceConfig;
import org.apache.dubbo.config.bootstrap.DubboBootstrap;
import org.apache.dubbo.config.bootstrap.builders.ApplicationBuilder;

public class Consumer {
    public static void main(String[] args) {
        DubboBootstrap bootstrap = DubboBootstrap.getInstance();
        // the name given in code: "not-this-one" in a comment does not count
        bootstrap.application(ApplicationBuilder.newBuilder().name("demo-consumer").logger("slf4j").build());
        ReferenceConfig<GreetingService> reference = new ReferenceConfig<>();
        reference.setInterface(GreetingService.class);
        reference.setUrl("dubbo://127.0.0.1:20880");
        bootstrap.reference(reference).start();
        System.out.println(reference.get().greet("mesh"));
    }
}
"""

API = {
    f"{JAVA}/GreetingService.java": "package com.example.demo;\n\npublic interface GreetingService {\n    String greet(String name);\n}\n",
    f"{JAVA}/GreetingServiceImpl.java": ("package com.example.demo;\n\npublic class GreetingServiceImpl implements GreetingService {\n"
                                        "    public String greet(String name) {\n        return \"hello \" + name;\n    }\n}\n"),
    f"{JAVA}/Provider.java": PROVIDER,
    f"{JAVA}/Consumer.java": CONSUMER,
}


def test_api_configured_mains_are_named_from_the_code_and_each_call_is_named():
    pom = module_pom("demo", dep("org.apache.dubbo", "dubbo") + "\n" + dep("org.apache.dubbo", "dubbo-dependencies-zookeeper", extra="<type>pom</type>"))
    plan = assert_migrates("dubbo", {
        "pom.xml": (root_pom(modules=("demo",)), ...),
        "demo/pom.xml": (pom, ...),
        **API,  # the code is not rewritten
        # without Spring Boot, Dubbo reads dubbo.properties (application.properties is Spring Boot's); what the code
        # sets outranks it, hence the findings below
        "demo/src/main/resources/dubbo.properties": (None, "# Dubbo 3 sidecar mesh (meshify): no registry, triple protocol, QoS probes reachable by the kubelet\n"
                                                     "dubbo.registry.address=N/A\ndubbo.protocol.name=tri\ndubbo.protocol.port=50052\n"
                                                     "dubbo.application.qosEnable=true\ndubbo.application.qosAcceptForeignIp=true\n"),
    }, findings=None)
    assert sorted(s.name for s in plan.services) == ["demo-consumer", "demo-provider"]
    api = sorted((f.path, f.line, f.message) for f in plan.findings if f.code == "api-config")
    assert [(p, n) for p, n, _ in api] == [(f"{JAVA}/Consumer.java", 12), (f"{JAVA}/Provider.java", 10)]
    consumer, provider = api[0][2], api[1][2]
    assert "ReferenceConfig, lines 12" in consumer and "its url names localhost (line 14)" in consumer
    assert 'setProvidedBy("<provider application>") and setProviderPort(50052)' in consumer
    assert "ApplicationConfig" not in provider and "lines 10, 12, 13" in provider
    assert provider.endswith('Mesh mode needs the registry "N/A", the tri protocol on port 50052')


def test_two_mains_without_names_still_stop_with_the_way_out():
    # nothing in the code or config names them: the error names both and the meshify.toml entry that settles it
    pom = module_pom("demo", dep("org.apache.dubbo", "dubbo"))
    files = {"pom.xml": root_pom(modules=("demo",)), "demo/pom.xml": pom, **API}
    files[f"{JAVA}/Provider.java"] = PROVIDER.replace('new ApplicationConfig("demo-provider")', "new ApplicationConfig(System.getenv(\"APP\"))")
    files[f"{JAVA}/Consumer.java"] = CONSUMER.replace('.name("demo-consumer")', '.name(System.getenv("APP"))')
    with pytest.raises(MeshifyError) as e:
        assert_migrates("dubbo", files)
    assert e.value.path == "demo/pom.xml"
    assert "com.example.demo.Consumer (no application name)" in str(e.value) and "com.example.demo.Provider (no application name)" in str(e.value)
    assert 'main = "com.example.demo.' in e.value.hint
