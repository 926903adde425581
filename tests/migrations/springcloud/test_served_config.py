"""Item 8 and 10 of the Spring Cloud real-world defects: a Config Server conversion that loses nothing."""
from __future__ import annotations

from ...recipe import assert_migrates
from .test_realworld import C, WEB, child, container, finchley_repo, manifest

SERVER = "config/src/main/resources/bootstrap.yml"


def _with_server_config(files: dict, server_yml: str, served: dict[str, str]) -> dict:
    files = {k: v for k, v in files.items() if not k.startswith("config/src/main/resources/shared/")}
    files[SERVER] = server_yml
    files.update(served)
    return files


def test_application_and_profile_placeholders_in_search_locations_are_expanded_per_service():
    # 8: classpath:/config/{application} serves config/orders/application.yml to orders only, and its profile file beside it
    server = ("spring:\n  application:\n    name: config\n  profiles:\n    active: native\n  cloud:\n    config:\n      server:\n"
              "        native:\n          search-locations: classpath:/config/{application}\nserver:\n  port: 8888\n")
    files = _with_server_config(finchley_repo(), server, {
        "config/src/main/resources/config/orders/application.yml": "server:\n  port: 6000\n",
        "config/src/main/resources/config/orders/application-docker.yml": "logging:\n  level:\n    com.example: DEBUG\n",
        "config/src/main/resources/config/orders/gateway.yml": "server:\n  port: 1\n",  # another app's name in orders' folder: never served
        "config/src/main/resources/config/gateway/gateway.yml": (
            "server:\n  port: 4000\nzuul:\n  routes:\n    orders:\n      path: /orders/**\n      serviceId: orders\n",
            "server:\n  port: 4000\nzuul:\n  routes:\n    orders:\n      path: /orders/**\n      url: http://orders:6000\n"),
    })
    plan = assert_migrates("springcloud", files, manifests=True)
    assert [p["containerPort"] for p in container(plan, "orders")["ports"]] == [6000]
    assert [p["containerPort"] for p in container(plan, "gateway")["ports"]] == [4000]
    data = manifest(plan, "k8s/base/orders/configmap.yaml")["data"]
    assert data == {"application.yaml": "server:\n  port: 6000\n", "application-docker.yaml": "logging:\n  level:\n    com.example: DEBUG\n"}
    assert "url: http://orders:6000" in manifest(plan, "k8s/base/gateway/configmap.yaml")["data"]["application.yaml"]
    assert "config-location-pattern" not in {f.code for f in plan.findings}


def test_config_repo_is_used_although_the_server_names_a_native_location_through_an_environment_variable(tmp_path):
    # 8: file:///${GIT_REPO} (native, for local runs) beside a git uri; --config-repo is the checkout of either
    server = ("spring:\n  application:\n    name: config\n  cloud:\n    config:\n      server:\n        native:\n"
              "          search-locations: file:///${GIT_REPO}\n        git:\n          uri: https://git.example.com/config.git\nserver:\n  port: 8888\n")
    files = _with_server_config(finchley_repo(), server, {})
    files["gateway/src/main/resources/bootstrap.yml"] = (files["gateway/src/main/resources/bootstrap.yml"][0], ...)
    checkout = tmp_path / "checkout"
    (checkout).mkdir()
    (checkout / "orders.yml").write_text("server:\n  port: 6000\n")
    (checkout / "orders-prod.yml").write_text("orders:\n  limit: 50\n")
    plan = assert_migrates("springcloud", files, manifests=True, options={"config_repo": str(checkout)})
    assert [p["containerPort"] for p in container(plan, "orders")["ports"]] == [6000]
    assert set(manifest(plan, "k8s/base/orders/configmap.yaml")["data"]) == {"application.yaml", "application-prod.yaml"}
    codes = {f.code for f in plan.findings}
    assert "config-repo-outside" in codes and not codes & {"config-location-pattern", "config-server-git", "config-server-kept"}


def _git_only_repo() -> dict:
    server = "spring:\n  application:\n    name: config\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://git.example.com/config.git\nserver:\n  port: 8888\n"
    files = _with_server_config(finchley_repo(), server, {})
    files["config/pom.xml"] = (child("config", [f"{C}:spring-cloud-config-server", f"{C}:spring-cloud-starter-netflix-eureka-client"]),
                               child("config", [f"{C}:spring-cloud-config-server", f"{C}:spring-cloud-starter", "org.springframework.boot:spring-boot-starter-actuator"]))
    # orders found the server through Eureka: now through its Service
    files["orders/src/main/resources/bootstrap.yml"] = (
        "spring:\n  application:\n    name: orders\n  cloud:\n    config:\n      discovery:\n        enabled: true\n        service-id: config\n",
        "spring:\n  application:\n    name: orders\n  cloud:\n    config:\n      uri: \"http://config:8888\"\n")
    files["orders/pom.xml"] = (files["orders/pom.xml"][0], child("orders", WEB + [f"{C}:spring-cloud-starter", f"{C}:spring-cloud-starter-config"]))
    files["gateway/src/main/resources/bootstrap.yml"] = ("spring:\n  application:\n    name: gateway\n  cloud:\n    config:\n      uri: http://config:8888\n",) * 2
    files["gateway/pom.xml"] = (files["gateway/pom.xml"][0], child("gateway", [f"{C}:spring-cloud-starter-netflix-zuul", f"{C}:spring-cloud-starter", f"{C}:spring-cloud-starter-config", "org.springframework.boot:spring-boot-starter-actuator"]))
    return files


def test_a_config_server_whose_files_cannot_be_converted_is_kept_and_the_finding_says_why():
    # 8: a git backend and no --config-repo: retiring the server would silently drop every service's config
    files = _git_only_repo()
    files["pom.xml"] = files["pom.xml"][0]  # config stays in <modules>
    plan = assert_migrates("springcloud", files)
    kept = next(f for f in plan.findings if f.code == "config-server-kept")
    assert "https://git.example.com/config.git" in kept.message and "--config-repo" in kept.message and "--retire-config-server" in kept.message
    assert "module-retired" not in {f.code for f in plan.findings}


def test_retire_config_server_accepts_the_loss_and_says_so():
    files = _git_only_repo()
    files["config/pom.xml"] = files["config/pom.xml"][0]  # retired: no longer built, left as it is
    files["orders/src/main/resources/bootstrap.yml"] = (files["orders/src/main/resources/bootstrap.yml"][0], "spring:\n  application:\n    name: orders\n")
    files["gateway/src/main/resources/bootstrap.yml"] = (files["gateway/src/main/resources/bootstrap.yml"][0], "spring:\n  application:\n    name: gateway\n")
    files["orders/pom.xml"] = (files["orders/pom.xml"][0], child("orders", WEB + [f"{C}:spring-cloud-starter"]))
    files["gateway/pom.xml"] = (files["gateway/pom.xml"][0], child("gateway", [f"{C}:spring-cloud-starter-netflix-zuul", f"{C}:spring-cloud-starter", "org.springframework.boot:spring-boot-starter-actuator"]))
    plan = assert_migrates("springcloud", files, options={"retire_config_server": True})
    codes = {f.code for f in plan.findings}
    assert {"config-server-retired-lossy", "module-retired"} <= codes and "config-server-kept" not in codes


def test_placeholders_no_deployment_sets_are_read_from_the_secret_template_and_listed_once():
    # 10: ${MONGODB_PASSWORD} in served config: nothing sets it on Kubernetes; ${X:default} and ${a.b} have values
    files = finchley_repo()
    files["config/src/main/resources/shared/orders.yml"] = (
        "server:\n  port: 6000\nspring:\n  data:\n    mongodb:\n      host: ${MONGODB_HOST:mongo}\n      username: ${MONGODB_USER}\n"
        "      password: ${MONGODB_PASSWORD}\n      database: ${spring.application.name}\n")
    plan = assert_migrates("springcloud", files, manifests=True)
    found = [f for f in plan.findings if f.code == "config-placeholders-unset"]
    assert len(found) == 1
    msg = found[0].message
    assert "${MONGODB_USER} (config/src/main/resources/shared/orders.yml:7) -> Secret orders-secret key MONGODB_USER" in msg
    assert "MONGODB_PASSWORD" in msg and "MONGODB_HOST" not in msg and "spring.application.name" not in msg
    secret = manifest(plan, "k8s/secrets/orders-secret.example.yaml")
    assert secret["stringData"] == {"MONGODB_PASSWORD": "", "MONGODB_USER": ""}
    env = {e["name"]: e for e in container(plan, "orders")["env"]}
    assert env["MONGODB_USER"]["valueFrom"]["secretKeyRef"] == {"name": "orders-secret", "key": "MONGODB_USER"}
    assert "MONGODB_USER" not in {e["name"] for e in container(plan, "gateway")["env"]}
    assert "${MONGODB_PASSWORD}" in manifest(plan, "k8s/base/orders/configmap.yaml")["data"]["application.yaml"]


def _env(plan, svc: str) -> dict[str, str]:
    return {e["name"]: e.get("value") for e in container(plan, svc).get("env", [])}


def test_clients_of_a_kept_server_that_name_it_by_localhost_get_its_service_url_from_their_deployment():
    # the default profile says localhost (for local runs), a docker profile says the compose name: in a pod neither is the server
    files = _git_only_repo()
    files["pom.xml"] = files["pom.xml"][0]
    bootstrap = ("spring:\n  application:\n    name: gateway\n  cloud:\n    config:\n      uri: http://localhost:8888\n"
                 "---\nspring:\n  profiles: docker\n  cloud:\n    config:\n      uri: http://config-server:8888\n")
    files["gateway/src/main/resources/bootstrap.yml"] = (bootstrap, bootstrap)  # the file stays as it is, for local runs
    plan = assert_migrates("springcloud", files, manifests=True)
    assert _env(plan, "gateway")["SPRING_CLOUD_CONFIG_URI"] == "http://config:8888"
    assert "SPRING_CLOUD_CONFIG_URI" not in _env(plan, "orders")  # its file now names the Service itself
    found = next(f for f in plan.findings if f.code == "config-server-env")
    assert (found.path, found.line) == ("gateway/src/main/resources/bootstrap.yml", 6)
    assert "SPRING_CLOUD_CONFIG_URI=http://config:8888" in found.message and "uri=http://localhost:8888" in found.message


def test_a_config_import_placeholder_nothing_sets_is_set_to_the_kept_servers_service():
    files = _git_only_repo()
    files["pom.xml"] = files["pom.xml"][0]
    app = "spring:\n  config:\n    import: optional:configserver:${CONFIG_SERVER_URL:http://localhost:8888/}\n"
    files["gateway/src/main/resources/application.yml"] = (app, app)  # kept: it still works outside the cluster
    plan = assert_migrates("springcloud", files, manifests=True)
    assert _env(plan, "gateway")["CONFIG_SERVER_URL"] == "http://config:8888"

