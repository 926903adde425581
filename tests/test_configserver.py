"""Config Server -> ConfigMaps: what the server served ends up in ConfigMaps, secrets in Secret references."""
from __future__ import annotations

import difflib
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.pipeline import build_plan

from .conftest import SAMPLES, run_meshify, snapshot, write

try:
    from tests.k8s_validation import validate_all
except ImportError:  # tests/ on sys.path instead of the repository root
    from k8s_validation import validate_all

SHARED = "config-server/src/main/resources/shared"
SECRET_REF = "${VISITS_SERVICE_SPRING_DATASOURCE_PASSWORD}"


def flatten(node, prefix: str = "") -> dict[str, object]:
    out: dict[str, object] = {}
    if isinstance(node, dict):
        for k, v in node.items():
            out.update(flatten(v, f"{prefix}.{k}" if prefix else str(k)))
    else:
        out[prefix] = node
    return out


def served(name: str) -> dict[str, object]:
    """The sample's served file as the server saw it, minus what meshify must remove."""
    data = flatten(yaml.safe_load((SAMPLES / "springcloud-eureka" / SHARED / name).read_text()))
    return {k: v for k, v in data.items() if not k.startswith(("eureka.", "ribbon."))}


def configmap(root: Path, rel: str) -> dict:
    docs = [d for d in yaml.safe_load_all((root / "k8s" / rel).read_text()) if d]
    assert len(docs) == 1 and docs[0]["kind"] == "ConfigMap"
    return docs[0]


def file_data(cm: dict) -> dict[str, object]:
    """The one file a ConfigMap holds, parsed back."""
    assert list(cm["data"]) == ["application.yaml"], cm["data"].keys()  # 2021.0 -> SCK 2.1: key application.yaml
    return flatten(yaml.safe_load(cm["data"]["application.yaml"]))


@pytest.fixture(scope="module")
def migrated(tmp_path_factory) -> tuple[Path, dict[str, bytes], dict[str, bytes]]:
    root = tmp_path_factory.mktemp("cs") / "springcloud-eureka"
    shutil.copytree(SAMPLES / "springcloud-eureka", root, ignore=shutil.ignore_patterns("target"))
    before = snapshot(root)
    r = run_meshify("springcloud", str(root))
    assert r.returncode == 0, r.stderr
    return root, before, snapshot(root)


# --- the sample ------------------------------------------------------------------------


def test_each_service_configmap_holds_exactly_its_served_properties(migrated):
    root, _, _ = migrated
    customers = configmap(root, "base/customers-service/configmap.yaml")
    assert customers["metadata"]["name"] == "customers-service"
    assert file_data(customers) == served("customers-service.yml")  # ribbon.ReadTimeout is gone

    docker = configmap(root, "base/customers-service/configmap-docker.yaml")
    assert docker["metadata"]["name"] == "customers-service-docker"
    assert file_data(docker) == served("customers-service-docker.yml") == {
        "petstore.customers.welcome-message": "Welcome to the pet store (docker)"
    }

    visits = configmap(root, "base/visits-service/configmap.yaml")
    expected = served("visits-service.yml")
    assert expected["spring.datasource.password"] == "s3cret"
    expected["spring.datasource.password"] = SECRET_REF
    assert file_data(visits) == expected

    # the profile ConfigMap is part of the Kustomize build
    kust = yaml.safe_load((root / "k8s/base/kustomization.yaml").read_text())
    assert "customers-service/configmap-docker.yaml" in kust["resources"]
    assert "configmap-application.yaml" in kust["resources"]


def test_shared_application_configmap_is_listed_by_every_service(migrated):
    root, _, after = migrated
    shared = configmap(root, "base/configmap-application.yaml")
    assert shared["metadata"]["name"] == "application"
    assert file_data(shared) == served("application.yml")
    assert "eureka" not in shared["data"]["application.yaml"].replace("Eureka registry", "")

    # SCK 2.1 reads config in the bootstrap phase: sources go into bootstrap.*; the later source wins
    boot = yaml.safe_load(after["customers-service/src/main/resources/bootstrap.yml"])
    assert boot["spring"]["cloud"]["kubernetes"]["config"]["sources"] == [{"name": "application"}, {"name": "customers-service"}]
    assert boot["spring"]["application"]["name"] == "customers-service"
    props = after["visits-service/src/main/resources/bootstrap.properties"].decode()
    assert props.splitlines() == [
        "spring.cloud.kubernetes.config.sources[0].name=application",
        "spring.cloud.kubernetes.config.sources[1].name=visits-service",
    ]
    gw = yaml.safe_load(after["api-gateway/src/main/resources/bootstrap.yml"])
    assert gw["spring"]["cloud"]["kubernetes"]["config"]["sources"] == [{"name": "application"}, {"name": "api-gateway"}]

    # ConfigMaps are read through the API: the Role grants configmaps (not secrets: they arrive as env vars)
    rbac = [d for d in yaml.safe_load_all((root / "k8s/base/rbac.yaml").read_text()) if d and d["kind"] in ("Role", "ClusterRole")]
    resources = {r for d in rbac for rule in d["rules"] for r in rule["resources"]}
    assert "configmaps" in resources and "secrets" not in resources


def test_secret_is_a_reference_never_clear_text(migrated):
    root, before, after = migrated
    generated = {p for p in after if p not in before or p.startswith("k8s/")}
    assert generated
    for rel in sorted(generated):
        assert b"s3cret" not in after[rel], rel
    for rel in sorted(after):
        if rel.startswith("k8s/"):
            assert b"s3cret" not in after[rel], rel

    # Boot 2.6 reads a config tree: the Secret is mounted as files, one named after each ${ENV}
    # reference in the ConfigMap, and never passed as an environment variable
    deploy = yaml.safe_load((root / "k8s/base/visits-service/deployment.yaml").read_text())
    pod = deploy["spec"]["template"]["spec"]
    env = {e["name"]: e for e in pod["containers"][0]["env"]}
    assert "VISITS_SERVICE_SPRING_DATASOURCE_PASSWORD" not in env
    assert env["SPRING_CONFIG_IMPORT"]["value"] == "optional:configtree:/app/secrets/"
    assert {"name": "secrets", "mountPath": "/app/secrets", "readOnly": True} in pod["containers"][0]["volumeMounts"]
    volume = next(v for v in pod["volumes"] if v["name"] == "secrets")
    assert volume["projected"]["sources"] == [{"secret": {"name": "visits-service-secret", "items": [
        {"key": "spring.datasource.password", "path": "VISITS_SERVICE_SPRING_DATASOURCE_PASSWORD"}]}}]
    assert "${VISITS_SERVICE_SPRING_DATASOURCE_PASSWORD}" in (root / "k8s/base/visits-service/configmap.yaml").read_text()
    other = yaml.safe_load((root / "k8s/base/customers-service/deployment.yaml").read_text())
    assert all("valueFrom" not in e or "secretKeyRef" not in e["valueFrom"] for e in other["spec"]["template"]["spec"]["containers"][0]["env"])

    # the Secret is a template with empty values, outside every kustomization
    template = root / "k8s/secrets/visits-service-secret.example.yaml"
    secret = yaml.safe_load(template.read_text())
    assert secret["kind"] == "Secret" and secret["metadata"]["name"] == "visits-service-secret"
    assert secret["stringData"] == {"spring.datasource.password": ""}
    for kust in (root / "k8s").rglob("kustomization.yaml"):
        assert "secret" not in kust.read_text().lower(), kust


def test_served_files_keep_comments_and_lose_only_eureka_and_ribbon_keys(migrated):
    _, before, after = migrated
    assert b"Eureka registry below" in before[f"{SHARED}/application.yml"] and b"Eureka registry below" not in after[f"{SHARED}/application.yml"]
    for name in ("application.yml", "customers-service.yml", "customers-service-docker.yml", "visits-service.yml"):
        rel = f"{SHARED}/{name}"
        old, new = before[rel].decode().splitlines(), after[rel].decode().splitlines()
        # every comment stays, except those that named the Eureka keys removed under them
        kept = [l for l in old if l.lstrip().startswith("#")]
        kept = [l for l in kept if "eureka" not in l.lower() or l in new]
        assert kept == [l for l in new if l.lstrip().startswith("#")], name
        added = [l for l in difflib.ndiff(old, new) if l.startswith("+ ")]
        assert added == [], name
        removed_keys = set(flatten(yaml.safe_load(before[rel])) ) - set(flatten(yaml.safe_load(after[rel]) or {}))
        assert all(k.startswith(("eureka.", "ribbon.")) for k in removed_keys), (name, removed_keys)
    assert b"s3cret" in after[f"{SHARED}/visits-service.yml"], "the served file itself is not rewritten for secrets"
    # the server's own settings are not served, and the retired server's own files are left alone
    assert after["config-server/src/main/resources/application.yml"] == before["config-server/src/main/resources/application.yml"]
    assert after["config-server/pom.xml"] == before["config-server/pom.xml"]


def test_check_is_clean_right_after_a_run(migrated):
    root, _, after = migrated
    r = run_meshify("springcloud", str(root), "--check")
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout == ""
    assert snapshot(root) == after
    assert "config-server-converted" in r.stderr  # found again although it left <modules>


def test_generated_manifests_validate_and_build(migrated):
    root, _, after = migrated
    files = {rel[len("k8s/"):]: data for rel, data in after.items() if rel.startswith("k8s/") and rel.endswith(".yaml")}
    assert validate_all(files) > 20
    if shutil.which("kubectl") is None:
        pytest.skip("kubectl not installed")
    proc = subprocess.run(["kubectl", "kustomize", str(root / "k8s/overlays/default")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    built = [d for d in yaml.safe_load_all(proc.stdout) if d]
    cms = {d["metadata"]["name"] for d in built if d["kind"] == "ConfigMap"}
    assert cms == {"application", "customers-service", "customers-service-docker", "visits-service"}
    assert not any(d["kind"] == "Secret" for d in built)
    assert "s3cret" not in proc.stdout


def test_keep_config_server_cleans_served_files_without_configmaps(sc_sample):
    plan = build_plan(sc_sample, "springcloud", Options(keep_config_server=True))
    paths = {c.path for c in plan.changes}
    assert f"{SHARED}/application.yml" in paths and f"{SHARED}/customers-service.yml" in paths
    assert not any("configmap" in p for p in paths)
    assert not any(p.startswith("k8s/secrets/") for p in paths)
    assert "config-server-kept" in {f.code for f in plan.findings}


# --- small repositories ---------------------------------------------------------------------

BOOT3 = "3.2.5"


def repo(tmp_path: Path, *, boot: str = "2.6.15", server_config: str, served: dict[str, str], app_props: str = "spring.application.name=orders\nspring.config.import=optional:configserver:\n") -> Path:
    parent = f"""<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>{boot}</version><relativePath/></parent>"""
    child_parent = "<parent><groupId>com.example</groupId><artifactId>shop</artifactId><version>1.0.0</version></parent>"

    def dep(a: str, g: str = "org.springframework.cloud") -> str:
        return f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId></dependency>"

    files = {
        "pom.xml": f"""<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  {parent}
  <groupId>com.example</groupId><artifactId>shop</artifactId><version>1.0.0</version><packaging>pom</packaging>
  <modules>
    <module>config</module>
    <module>orders</module>
  </modules>
</project>
""",
        "config/pom.xml": f"""<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>{child_parent}
  <artifactId>config</artifactId>
  <dependencies>{dep("spring-cloud-config-server")}</dependencies>
</project>
""",
        "config/src/main/java/com/example/ConfigApp.java": "package com.example;\n@org.springframework.cloud.config.server.EnableConfigServer\n@org.springframework.boot.autoconfigure.SpringBootApplication\npublic class ConfigApp {}\n",
        "config/src/main/resources/application.yml": server_config,
        "orders/pom.xml": f"""<?xml version="1.0"?>
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>{child_parent}
  <artifactId>orders</artifactId>
  <dependencies>{dep("spring-boot-starter-web", "org.springframework.boot")}{dep("spring-cloud-starter-netflix-eureka-client")}{dep("spring-cloud-starter-config")}</dependencies>
</project>
""",
        "orders/src/main/java/com/example/OrdersApp.java": "package com.example;\n@org.springframework.boot.autoconfigure.SpringBootApplication\npublic class OrdersApp {}\n",
        "orders/src/main/resources/application.properties": app_props,
    }
    for rel, text in served.items():
        files[rel] = text
    return write(tmp_path / "shop", files)


NATIVE = "spring:\n  profiles:\n    active: native\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: file:./config-repo, classpath:/none\n"


def test_spring_cloud_kubernetes_3_layout_and_config_import(tmp_path):
    root = repo(tmp_path, boot=BOOT3, server_config=NATIVE, served={
        "config/config-repo/application.yml": "shared: 1\n",
        "config/config-repo/orders.yml": "orders:\n  limit: 5\n  api-token: abc\n",
        "config/config-repo/orders-prod.yml": "orders:\n  limit: 50\n",
    })
    plan = build_plan(root, "springcloud", Options())
    changes = {c.path: c.new for c in plan.changes}
    cm = yaml.safe_load(changes["k8s/base/orders/configmap.yaml"])
    assert list(cm["data"]) == ["orders.yaml"]  # 3.x: {app}.yaml
    assert yaml.safe_load(cm["data"]["orders.yaml"]) == {"orders": {"limit": 5, "api-token": "${ORDERS_ORDERS_API_TOKEN}"}}
    prod = yaml.safe_load(changes["k8s/base/orders/configmap-prod.yaml"])
    assert prod["metadata"]["name"] == "orders-prod" and list(prod["data"]) == ["orders-prod.yaml"]
    shared = yaml.safe_load(changes["k8s/base/configmap-application.yaml"])
    assert list(shared["data"]) == ["application.yaml"]
    # 3.x: config data API, in application config, with the kubernetes: import
    props = changes["orders/src/main/resources/application.properties"].decode()
    # the import was optional: so is its replacement
    assert "spring.config.import=optional:kubernetes:" in props and "configserver" not in props
    assert "spring.cloud.kubernetes.config.sources[0].name=application" in props
    assert "spring.cloud.kubernetes.config.sources[1].name=orders" in props
    assert not any(p.endswith("bootstrap.properties") for p in changes)
    assert b"abc" not in changes["k8s/secrets/orders-secret.example.yaml"]
    assert "k8s/secrets/orders-secret.example.yaml" not in changes["k8s/base/kustomization.yaml"].decode()
    assert validate_all({p: d for p, d in changes.items() if p.startswith("k8s/") and p.endswith(".yaml")}) > 10


def test_properties_files_and_cipher_values(tmp_path):
    root = repo(tmp_path, server_config=NATIVE, served={
        "config/config-repo/orders.properties": "# orders\norders.limit=5\nmail.password={cipher}AQB12\nmail.host=smtp\neureka.client.enabled=true\n",
    })
    plan = build_plan(root, "springcloud", Options())
    changes = {c.path: c.new for c in plan.changes}
    cm = yaml.safe_load(changes["k8s/base/orders/configmap.yaml"])
    assert cm["data"] == {"application.properties": "# orders\norders.limit=5\nmail.password=${ORDERS_MAIL_PASSWORD}\nmail.host=smtp\n"}
    assert changes["config/config-repo/orders.properties"].decode() == "# orders\norders.limit=5\nmail.password={cipher}AQB12\nmail.host=smtp\n"
    codes = {f.code for f in plan.findings}
    assert {"config-cipher", "config-secrets"} <= codes
    assert "AQB12" not in "".join(d.decode() for p, d in changes.items() if p.startswith("k8s/"))
    # no shared application.yml: no sources list is written, the default name (spring.application.name) applies
    assert not any("config.sources" in d.decode() for p, d in changes.items() if p.startswith("orders/"))


def test_git_backend_is_a_finding_and_config_repo_converts_a_checkout(tmp_path):
    git = "spring:\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://git.example.com/config.git\n          search-paths: services\n"
    root = repo(tmp_path, server_config=git, served={})
    plan = build_plan(root, "springcloud", Options())
    f = next(f for f in plan.findings if f.code == "config-server-git")
    assert "https://git.example.com/config.git" in f.message and "--config-repo" in f.message
    assert not any("configmap" in c.path for c in plan.changes)

    checkout = write(tmp_path / "checkout", {
        "application.yml": "eureka:\n  client:\n    enabled: true\nlogging:\n  level:\n    root: WARN\n",
        "services/orders.yml": "orders:\n  limit: 7\n",
    })
    before = snapshot(checkout)
    plan = build_plan(root, "springcloud", Options(config_repo=str(checkout)))
    changes = {c.path: c.new for c in plan.changes}
    shared = yaml.safe_load(changes["k8s/base/configmap-application.yaml"])
    assert yaml.safe_load(shared["data"]["application.yaml"]) == {"logging": {"level": {"root": "WARN"}}}
    cm = yaml.safe_load(changes["k8s/base/orders/configmap.yaml"])
    assert yaml.safe_load(cm["data"]["application.yaml"]) == {"orders": {"limit": 7}}
    assert snapshot(checkout) == before  # outside the repository: read, never written
    assert "config-repo-outside" in {f.code for f in plan.findings}
