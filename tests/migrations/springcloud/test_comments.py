"""A comment above a gateway route whose service id meshify rewrote, and that explains the id as Eureka
served it (Eureka, upper-cased ids, the old id itself), says what the id is now; other comments stay."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_entrance import ACTUATOR, GATEWAY, child, repo
from .test_realworld import APP, EUREKA

ROUTES = """spring:
  application:
    name: edge
  cloud:
    gateway:
      routes:
        # Eureka serves service ids in upper case
        - id: orders
          uri: lb://ORDERS
          predicates:
            - Path=/orders/**
        # public pages, cached by the CDN
        - id: pages
          uri: lb://ORDERS
          predicates:
            - Path=/pages/**
"""


def files(gateway_config: str, gateway_file: str = "application.yml") -> dict:
    f = repo("edge", "orders")
    f["edge/pom.xml"] = (child("edge", [GATEWAY, EUREKA, ACTUATOR]), ...)
    f["edge/src/main/java/com/example/edge/App.java"] = APP.format(pkg="edge")
    f[f"edge/src/main/resources/{gateway_file}"] = gateway_config
    f["orders/pom.xml"] = (child("orders", ["org.springframework.boot:spring-boot-starter-web", EUREKA, ACTUATOR]), ...)
    f["orders/src/main/java/com/example/orders/App.java"] = APP.format(pkg="orders")
    f["orders/src/main/resources/application.yml"] = ("spring:\n  application:\n    name: orders\n", ...)
    return f


def test_a_yaml_route_comment_about_eureka_ids_says_what_they_are_now_and_the_others_stay():
    after = (ROUTES.replace("# Eureka serves service ids in upper case", "# service ids are the Kubernetes Service names, lowercase (meshify)")
             .replace("lb://ORDERS", "lb://orders")
             + "    kubernetes:\n      loadbalancer:\n        mode: SERVICE\n"
             + "management:\n  endpoint:\n    health:\n      probes:\n        enabled: true\nserver:\n  shutdown: graceful\n")
    assert_migrates("springcloud", files((ROUTES, after)), findings=None)


def test_the_route_comment_in_properties_and_in_dns_mode():
    props = ("spring.application.name=edge\n"
             "# ORDERS is the id Eureka knows\n"
             "spring.cloud.gateway.routes[0].id=orders\n"
             "spring.cloud.gateway.routes[0].uri=lb://ORDERS\n"
             "spring.cloud.gateway.routes[0].predicates[0]=Path=/orders/**\n")
    plan = assert_migrates("springcloud", files((props, ...), "application.properties"), findings=None, options={"discovery": "dns"})
    got = next(c.new for c in plan.changes if c.path == "edge/src/main/resources/application.properties").decode()
    assert got.startswith("spring.application.name=edge\n"
                          "# calls the Kubernetes Service by its DNS name; the Istio sidecar load-balances (meshify)\n"
                          "spring.cloud.gateway.routes[0].id=orders\n"
                          "spring.cloud.gateway.routes[0].uri=http://orders:8080\n"), got
