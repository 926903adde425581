"""#18 item 2 for Spring Cloud: Feign clients, lb:// and Zuul routes that name an id no module has."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_realworld import APP, C, EUREKA, FEIGN_CLIENT, WEB, boot1_pom, manifest, pom

EXTERNAL = {"stock": {"address": "stock.legacy.example.com:8181", "protocol": "http"}}
FEIGN = FEIGN_CLIENT.format()
ORDERS_JAVA = "src/main/java/com/example/orders"


def test_mesh_native_feign_client_and_literal_of_an_external_service_call_its_address():
    # --discovery dns (Boot 1.5): no discovery client, so the external's host:port is the URL
    balanced = APP.format(pkg="orders").replace("public class App {", 'public class App {\n    static final String STOCK = "http://stock/stock/items";\n')
    plan = assert_migrates("springcloud", {
        "pom.xml": (boot1_pom("orders", WEB + [EUREKA, f"{C}:spring-cloud-starter-feign"]),
                    boot1_pom("orders", WEB + [f"{C}:spring-cloud-starter", f"{C}:spring-cloud-starter-feign"])),
        f"{ORDERS_JAVA}/App.java": (balanced, balanced.replace('"http://stock/stock/items"', '"http://stock.legacy.example.com:8181/stock/items"')),
        f"{ORDERS_JAVA}/StockClient.java": (FEIGN, FEIGN.replace('@FeignClient(name = "stock")', '@FeignClient(name = "stock", url = "http://stock.legacy.example.com:8181")')),
        "src/main/resources/application.properties": "spring.application.name=orders\n",
    }, findings=["discovery-dns"], options={"externals": EXTERNAL}, manifests=True)
    entry = manifest(plan, "k8s/base/external/stock/serviceentry.yaml")
    assert entry["spec"]["hosts"] == ["stock.legacy.example.com"] and entry["spec"]["ports"][0]["number"] == 8181


def test_kubernetes_discovery_feign_and_gateway_routes_of_an_external_service_call_its_address():
    # --discovery kubernetes (2021.0): Spring Cloud Kubernetes would look for a Service "stock" that does not exist
    route = "spring:\n  application:\n    name: orders\n  cloud:\n    gateway:\n      routes:\n        - id: stock\n          uri: lb://stock\n          predicates:\n            - Path=/stock/**\n"
    plan = assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA, f"{C}:spring-cloud-starter-openfeign"]), ...),
        f"{ORDERS_JAVA}/App.java": APP.format(pkg="orders"),
        f"{ORDERS_JAVA}/StockClient.java": (FEIGN.replace("netflix.feign", "openfeign"),
                                            FEIGN.replace("netflix.feign", "openfeign").replace('@FeignClient(name = "stock")', '@FeignClient(name = "stock", url = "http://stock.legacy.example.com:8181")')),
        "src/main/resources/application.yml": (route, ...),
    }, options={"externals": EXTERNAL}, manifests=True)
    yml = next(c.new.decode() for c in plan.changes if c.path == "src/main/resources/application.yml")
    assert "uri: http://stock.legacy.example.com:8181\n" in yml and "lb://" not in yml
    assert "external-unused" not in {f.code for f in plan.findings}
    assert any(c.path == "k8s/base/external/stock/serviceentry.yaml" for c in plan.changes)


def test_without_an_entry_the_finding_names_the_key_to_add():
    route = "spring:\n  application:\n    name: orders\n  cloud:\n    gateway:\n      routes:\n        - id: stock\n          uri: lb://stock\n"
    plan = assert_migrates("springcloud", {
        "pom.xml": (pom("orders", WEB + [EUREKA, f"{C}:spring-cloud-starter-openfeign"]), ...),
        f"{ORDERS_JAVA}/App.java": APP.format(pkg="orders"),
        f"{ORDERS_JAVA}/StockClient.java": FEIGN.replace("netflix.feign", "openfeign"),
        "src/main/resources/application.yml": (route, ...),
    })
    missing = sorted((f.path, f.line, f.message) for f in plan.findings if f.code == "external-missing")
    hint = 'add [external.stock] to meshify.toml with address = "host:port" and protocol = "http"'
    assert missing == [
        (f"{ORDERS_JAVA}/StockClient.java", 6, f"@FeignClient 'stock' names no service of this repository: {hint}"),
        ("src/main/resources/application.yml", 8, f"lb://stock names no service of this repository: {hint}"),
    ]
