"""Item 17: a repository that already ships Kubernetes manifests for its services gets no second set silently."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_realworld import APP, EUREKA, JAVA, WEB, pom

OWN = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-deployment
spec:
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: shop/orders:1.0
          env:
            - name: EUREKA_CLIENT_SERVICEURL_DEFAULTZONE
              value: http://registry:8761/eureka/
---
apiVersion: v1
kind: Service
metadata:
  name: orders
spec:
  selector:
    app: orders
  ports:
    - port: 8080
"""
REGISTRY = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: registry\n"


def files() -> dict:
    return {
        "pom.xml": (pom("orders", WEB + [EUREKA]), pom("orders", WEB + ["org.springframework.cloud:spring-cloud-starter-kubernetes-client"])),
        JAVA: APP.format(pkg="orders"),
        "src/main/resources/application.properties": (
            "spring.application.name=orders\n",
            "spring.application.name=orders\nmanagement.endpoint.health.probes.enabled=true\nserver.shutdown=graceful\n"),
        "k8s/orders.yaml": OWN,  # the repository's own manifests, in the folder meshify would write to
        "k8s/registry.yaml": REGISTRY,
    }


def test_own_deployments_for_the_same_services_stop_the_generated_set_and_are_named():
    plan = assert_migrates("springcloud", files(), manifests=True)
    assert not any(c.path.startswith("k8s/") or c.path.endswith("Dockerfile") for c in plan.changes)
    f = next(f for f in plan.findings if f.code == "own-manifests")
    assert f.path == "k8s/orders.yaml" and "k8s/orders.yaml covers orders" in f.message and "--output" in f.message
    # the Eureka variable in the user's manifest outranks the migrated config: named with file:line
    o = next(f for f in plan.findings if f.code == "config-override")
    assert (o.path, o.line) == ("k8s/orders.yaml", 18) and "EUREKA_CLIENT_SERVICEURL_DEFAULTZONE" in o.message


def test_with_output_chosen_the_set_is_generated_beside_them():
    plan = assert_migrates("springcloud", files(), manifests=True, options={"output": "deploy/mesh"})
    assert any(c.path == "deploy/mesh/base/orders/deployment.yaml" for c in plan.changes)
    f = next(f for f in plan.findings if f.code == "own-manifests")
    assert f.severity == "info" and "k8s/orders.yaml covers orders" in f.message


def test_overrides_in_start_scripts_dockerfiles_and_compose_files_are_named_with_file_and_line():
    # 16: -D and environment settings outrank the migrated config files; meshify owns none of these files
    f = files()
    del f["k8s/orders.yaml"], f["k8s/registry.yaml"]
    f["bin/start.sh"] = "#!/bin/sh\n# start the service\nexec java -Deureka.client.serviceUrl.defaultZone=http://registry:8761/eureka/ \\\n  -Dspring.profiles.active=docker -jar orders.jar\n"
    f["docker-compose.yml"] = ("services:\n  orders:\n    image: shop/orders\n    environment:\n      - EUREKA_CLIENT_SERVICEURL_DEFAULTZONE=http://registry:8761/eureka/\n"
                               "      - SPRING_PROFILES_ACTIVE=docker\n  registry:\n    image: shop/registry\n")
    f["Dockerfile"] = "FROM eclipse-temurin:17-jre\nCOPY target/orders.jar /app.jar\nENTRYPOINT [\"java\", \"-Dspring.profiles.active=docker\", \"-jar\", \"/app.jar\"]\n"
    plan = assert_migrates("springcloud", f)
    got = sorted((x.code, x.path, x.line, x.severity) for x in plan.findings if x.code in ("config-override", "profile-override"))
    assert got == [
        ("config-override", "bin/start.sh", 3, "warning"),
        ("config-override", "docker-compose.yml", 5, "warning"),
        ("profile-override", "Dockerfile", 3, "info"),
        ("profile-override", "bin/start.sh", 4, "info"),
        ("profile-override", "docker-compose.yml", 6, "info"),
    ]
    msg = next(x.message for x in plan.findings if x.path == "bin/start.sh" and x.code == "config-override")
    assert msg.startswith("-Deureka.client.serviceUrl.defaultZone=http://registry:8761/eureka/ here outranks")
