"""What each packaging shape gets after a migration: the jar shapes, assemblies, plain web wars and
Dubbo wars of tests/fixtures/dubbo-shapes and samples/dubbo-xml-war (the images themselves are run
by tests/test_dockerfile_runtime.py)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from generator.cli import main

from .conftest import copy_sample, write

FIXTURE = Path(__file__).parent / "fixtures" / "dubbo-shapes"
START_SH = "greeting-provider/src/main/assembly/bin/start.sh"


def shapes(tmp_path: Path) -> Path:
    repo = tmp_path / "dubbo-shapes"
    shutil.copytree(FIXTURE, repo)
    return repo


def deployment(repo: Path, name: str) -> dict:
    return yaml.safe_load((repo / "k8s" / "base" / name / "deployment.yaml").read_text())


def test_assembly_start_script_and_image_run_dubbo_3s_container_main(tmp_path):
    repo = shapes(tmp_path)
    before = (repo / START_SH).read_text().splitlines()
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    after = (repo / START_SH).read_text().splitlines()
    # one line changes: the class Dubbo 3.1.5 ships (com.alibaba.dubbo.container.Main is gone from its jar)
    changed = [(b, a) for b, a in zip(before, after, strict=False) if b != a]  # lengths compared below
    assert len(before) == len(after) and changed == [(
        "nohup java $JAVA_MEM_OPTS -classpath $CONF_DIR:$LIB_DIR/* com.alibaba.dubbo.container.Main > $LOGS_DIR/stdout.log 2>&1 &",
        "nohup java $JAVA_MEM_OPTS -classpath $CONF_DIR:$LIB_DIR/* org.apache.dubbo.container.Main > $LOGS_DIR/stdout.log 2>&1 &",
    )]
    dockerfile = (repo / "greeting-provider" / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["java", "-cp", "/app/conf:/app/lib/*", "org.apache.dubbo.container.Main"]' in dockerfile
    assert "com.alibaba" not in dockerfile
    assert main(["dubbo", str(repo), "--check", "--quiet"]) == 0


def test_manifest_main_class_of_the_dubbo_2_container_is_renamed(tmp_path):
    pom = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId>
    <artifactId>stock-provider</artifactId>
    <version>1.0.0</version>
    <properties><maven.compiler.release>8</maven.compiler.release></properties>
    <dependencies>
        <dependency><groupId>com.alibaba</groupId><artifactId>dubbo</artifactId><version>2.6.12</version></dependency>
    </dependencies>
    <build>
        <plugins>
            <plugin>
                <artifactId>maven-jar-plugin</artifactId>
                <configuration>
                    <archive><manifest><mainClass>com.alibaba.dubbo.container.Main</mainClass></manifest></archive>
                </configuration>
            </plugin>
        </plugins>
    </build>
</project>
"""
    xml = """<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://code.alibabatech.com/schema/dubbo">
    <dubbo:application name="stock-provider"/>
    <dubbo:registry address="zookeeper://zk:2181"/>
</beans>
"""
    repo = write(tmp_path / "repo", {"pom.xml": pom, "src/main/resources/META-INF/spring/stock.xml": xml})
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    text = (repo / "pom.xml").read_text()
    assert "<mainClass>org.apache.dubbo.container.Main</mainClass>" in text and "com.alibaba.dubbo.container" not in text
    assert 'ENTRYPOINT ["java", "-cp", "/app/app.jar:/app/lib/*", "org.apache.dubbo.container.Main"]' in (repo / "Dockerfile").read_text()
    assert main(["dubbo", str(repo), "--check", "--quiet"]) == 0


def test_a_web_war_without_dubbo_gets_a_service_and_probes_on_a_page_it_serves(tmp_path):
    repo = shapes(tmp_path)
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    svc = yaml.safe_load((repo / "k8s" / "base" / "greeting-admin" / "service.yaml").read_text())
    assert [(p["name"], p["port"], p["targetPort"]) for p in svc["spec"]["ports"]] == [("http", 8080, "http")]
    c = deployment(repo, "greeting-admin")["spec"]["template"]["spec"]["containers"][0]
    assert [(p["name"], p["containerPort"]) for p in c["ports"]] == [("http", 8080)]
    # /status: the servlet mapping of its web.xml (the war has no welcome file); alive while Tomcat's port is open
    for kind in ("startupProbe", "readinessProbe"):
        assert c[kind]["httpGet"] == {"path": "/status", "port": "http"}, kind
    assert c["livenessProbe"]["tcpSocket"] == {"port": "http"}
    assert "FROM tomcat:9.0-jre8-temurin" in (repo / "greeting-admin" / "Dockerfile").read_text()
    assert (repo / "k8s" / "base" / "greeting-admin" / "virtualservice.yaml").exists()


def test_a_web_war_probe_path_follows_its_welcome_file_and_context_path(tmp_path):
    repo = shapes(tmp_path)
    pom = repo / "greeting-admin" / "pom.xml"
    pom.write_text(pom.read_text().replace("    <dependencies>", """    <build><plugins><plugin>
        <groupId>org.apache.tomcat.maven</groupId><artifactId>tomcat7-maven-plugin</artifactId><version>2.2</version>
        <configuration><path>/admin</path></configuration>
    </plugin></plugins></build>
    <dependencies>"""))
    write(repo, {"greeting-admin/src/main/webapp/index.html": "<p>greeting-admin</p>\n"})
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    c = deployment(repo, "greeting-admin")["spec"]["template"]["spec"]["containers"][0]
    assert c["readinessProbe"]["httpGet"] == {"path": "/admin/", "port": "http"}


def test_a_web_war_that_names_no_page_gets_tcp_probes_and_a_finding(tmp_path, capsys):
    repo = shapes(tmp_path)
    web_xml = repo / "greeting-admin/src/main/webapp/WEB-INF/web.xml"
    web_xml.write_text(web_xml.read_text().replace("<url-pattern>/status</url-pattern>", "<url-pattern>/status/*</url-pattern>"))
    report = tmp_path / "report.json"
    assert main(["dubbo", str(repo), "--quiet", "--report", str(report)]) == 0
    c = deployment(repo, "greeting-admin")["spec"]["template"]["spec"]["containers"][0]
    assert c["readinessProbe"]["tcpSocket"] == c["startupProbe"]["tcpSocket"] == {"port": "http"}
    assert "livenessProbe" not in c  # the same check twice would restart a pod that is only busy
    (finding,) = [f for f in json.loads(report.read_text())["findings"] if f["code"] == "war-probe-tcp"]
    assert finding["path"] == "greeting-admin/pom.xml" and "greeting-admin" in finding["message"]


def test_war_deployments_mount_every_folder_tomcat_writes(tmp_path):
    repo = copy_sample("dubbo-xml-war", tmp_path)
    assert main(["dubbo", str(repo), "--quiet"]) == 0
    for name in ("book-provider", "bookstore-web"):
        spec = deployment(repo, name)["spec"]["template"]["spec"]
        empty = {v["name"] for v in spec["volumes"] if "emptyDir" in v}
        mounts = {m["mountPath"] for m in spec["containers"][0]["volumeMounts"] if m["name"] in empty}
        # conf/Catalina: Tomcat creates conf/Catalina/localhost when it starts
        assert mounts == {"/tmp"} | {f"/usr/local/tomcat/{d}" for d in ("logs", "temp", "work", "webapps", "conf/Catalina")}
        assert spec["containers"][0]["securityContext"]["readOnlyRootFilesystem"] is True
        dockerfile = (repo / name / "Dockerfile").read_text()
        # without those volumes (docker run), the image's user may still write where Tomcat does
        assert ("RUN mkdir -p /usr/local/tomcat/conf/Catalina && chown 10001:10001 /usr/local/tomcat/webapps "
                "/usr/local/tomcat/conf/Catalina\nUSER 10001:10001\n") in dockerfile


def test_report_and_inspect_say_how_each_module_is_deployed(tmp_path, capsys):
    repo = shapes(tmp_path)
    report = tmp_path / "report.json"
    assert main(["dubbo", str(repo), "--dry-run", "--quiet", "--report", str(report)]) == 0
    # every pom says jar or war; what is deployed is an assembly, a plain jar and a war on Tomcat
    assert json.loads(report.read_text())["decisions"]["packaging"] == {
        "greeting-admin": "war", "greeting-client": "classpath", "greeting-provider": "assembly"}
    capsys.readouterr()
    assert main(["inspect", str(repo)]) == 0
    out = capsys.readouterr().out
    assert "  packaging greeting-provider: assembly\n" in out and "  packaging greeting-client: classpath\n" in out
    assert "  greeting-provider  com.example.greeting:greeting-provider (jar)\n" in out  # the modules list keeps the pom's
    war = copy_sample("dubbo-xml-war", tmp_path)
    assert main(["dubbo", str(war), "--dry-run", "--quiet", "--report", str(report)]) == 0
    assert json.loads(report.read_text())["decisions"]["packaging"] == {"book-provider": "war", "bookstore-web": "war"}
