"""Which modules are deployable, their packaging shape, and the images that run them."""
from __future__ import annotations

import pytest

from generator.manifests import dockerfile as dockerfiles
from generator.rules import deployables as P
from generator.errors import MeshifyError
from generator.workspace import Workspace

from ..conftest import write

POM = """<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    {parent}
    <groupId>com.example</groupId>
    <artifactId>{artifact}</artifactId>
    <version>1.0</version>
    <packaging>{packaging}</packaging>
    <properties>{properties}</properties>
    <dependencies>{dependencies}</dependencies>
    <build>{build}<plugins>{plugins}</plugins></build>
</project>
"""
BOOT_PARENT = """<parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>{}</version><relativePath/></parent>"""
BOOT_PLUGIN = "<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId></plugin>"


def pom(artifact="app", packaging="jar", parent="", properties="<maven.compiler.release>17</maven.compiler.release>",
        dependencies="", plugins="", build="") -> str:
    return POM.format(artifact=artifact, packaging=packaging, parent=parent, properties=properties,
                      dependencies=dependencies, plugins=plugins, build=build)


def java(cls: str, body: str = "", main: str | None = None, extends: str = "", annotations: str = "") -> str:
    pkg, _, simple = cls.rpartition(".")
    main_src = f"    public static void main(String[] args) {{\n        {main}\n    }}\n" if main is not None else ""
    return f"package {pkg};\n\n{annotations}\npublic class {simple}{(' extends ' + extends) if extends else ''} {{\n{main_src}{body}}}\n"


def detect(root, module=".", mains=None):
    ws = Workspace(root)
    mod = next(m for m in ws.modules if m.dir == module)
    return P.detect(ws, mod, mains)


# --------------------------------------------------------------------------- allow-list


@pytest.mark.parametrize("raw,release", [("1.8", "8"), ("8", "8"), ("11", "11"), ("17.0.2", "17"), ("1.7", "7"), ("${jdk}", None), ("", None)])
def test_release_normalised(raw, release):
    assert P.normalise_release(raw) == release


@pytest.mark.parametrize("release,jre", [("8", "8"), ("11", "11"), ("13", "17"), ("21", "21"), ("25", "25"), ("7", "8"), ("5", "8"),
                                         ("4", None), ("26", None), ("x", None)])
def test_runtime_release_only_from_the_list(release, jre):
    assert P.runtime_release(release) == jre


def _dep(shape="classpath", release="17", servlet=None):
    return P.Deployable(module="m", shape=shape, evidence="", release=release, servlet=servlet, artifact="m-1.jar", main_class="a.B")


@pytest.mark.parametrize("shape,release,servlet,build,run", [
    ("classpath", "8", None, "maven:3.9-eclipse-temurin-8", "eclipse-temurin:8-jre"),
    ("boot", "11", None, "maven:3.9-eclipse-temurin-11", "eclipse-temurin:11-jre"),
    ("boot", "25", None, "maven:3.9-eclipse-temurin-25", "eclipse-temurin:25-jre"),
    ("war", "8", "javax", "maven:3.9-eclipse-temurin-8", "tomcat:9.0-jre8-temurin"),
    ("war", "17", "javax", "maven:3.9-eclipse-temurin-17", "tomcat:9.0-jre17-temurin"),
    # jakarta needs Tomcat 10.1, published on JRE 17 and 21 only: an 11 app runs on 17
    ("war", "11", "jakarta", "maven:3.9-eclipse-temurin-17", "tomcat:10.1-jre17-temurin"),
    ("war", "21", "jakarta", "maven:3.9-eclipse-temurin-21", "tomcat:10.1-jre21-temurin"),
    ("war", "17", "jakarta-6.1", "maven:3.9-eclipse-temurin-17", "tomcat:11.0-jre17-temurin"),
])
def test_images_come_from_the_list(shape, release, servlet, build, run):
    image, finding = P.images(_dep(shape, release, servlet))
    assert finding is None
    assert (image.build, image.run) == (build, run)


def test_every_image_the_rules_can_name_is_on_the_documented_list():
    documented = {f"eclipse-temurin:{r}-jre" for r in ("8", "11", "17", "21", "25")}
    documented |= {f"maven:3.9-eclipse-temurin-{r}" for r in ("8", "11", "17", "21", "25")}
    documented |= {f"tomcat:9.0-jre{r}-temurin" for r in ("8", "11", "17")}
    documented |= {f"tomcat:{line}-jre{r}-temurin" for line in ("10.1", "11.0") for r in ("17", "21")}
    named = set()
    for release in [str(n) for n in range(1, 40)] + ["1.8", "x"]:
        for shape, servlet in (("classpath", None), ("war", "javax"), ("war", "jakarta"), ("war", "jakarta-6.1")):
            image, finding = P.images(_dep(shape, release, servlet))
            # an image, or a finding that says why there is none (Java 5-7 get both: an image and a note)
            assert image is not None or finding is not None
            assert (finding is None) or (image is None) == (finding.code != "java-release-raised")
            if image:
                named |= {image.build, image.run}
    assert named == documented


def test_java_7_builds_and_runs_on_the_java_8_images_with_a_finding():
    image, note = P.images(_dep("classpath", "7"))
    assert (image.build, image.run) == ("maven:3.9-eclipse-temurin-8", "eclipse-temurin:8-jre")
    assert (note.code, note.severity, note.path) == ("java-release-raised", "info", "m/pom.xml")
    war, note = P.images(_dep("war", "6", "javax"))
    assert (war.build, war.run, note.code) == ("maven:3.9-eclipse-temurin-8", "tomcat:9.0-jre8-temurin", "java-release-raised")
    assert P.images(_dep("classpath", "8"))[1] is None


@pytest.mark.parametrize("shape,release,servlet,code", [
    ("boot", "4", None, "java-release-unknown"),
    ("boot", "1.8", None, "java-release-unknown"),  # not normalised: detect() normalises first
    ("classpath", "26", None, "java-release-unknown"),
    ("war", "21", "javax", "tomcat-image-unknown"),  # no Tomcat 9 image on JRE 21 in the list
])
def test_unknown_release_is_a_finding_not_a_tag(shape, release, servlet, code):
    image, finding = P.images(_dep(shape, release, servlet))
    assert image is None and finding.code == code and finding.path == "m/pom.xml"


# --------------------------------------------------------------------------- detection


def test_java_release_from_compiler_properties(tmp_path):
    write(tmp_path, {"pom.xml": pom(properties="<maven.compiler.source>1.8</maven.compiler.source><maven.compiler.target>1.8</maven.compiler.target>",
                                    plugins=BOOT_PLUGIN, parent=BOOT_PARENT.format("2.7.18")),
                     "src/main/java/a/App.java": java("a.App", main="org.springframework.boot.SpringApplication.run(App.class, args);",
                                                      annotations="@org.springframework.boot.autoconfigure.SpringBootApplication")})
    (dep,), findings = detect(tmp_path)
    assert (dep.shape, dep.release, dep.artifact) == ("boot", "8", "app-1.0.jar")
    assert P.images(dep)[0].run == "eclipse-temurin:8-jre"


def test_boot_parent_sets_the_release_when_the_project_does_not(tmp_path):
    write(tmp_path, {"pom.xml": pom(properties="", plugins=BOOT_PLUGIN, parent=BOOT_PARENT.format("3.3.5")),
                     "src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);")})
    (dep,), findings = detect(tmp_path)
    assert dep.release == "17" and findings == []


def test_spring_cloud_starter_parent_repackages_like_the_boot_parent_it_inherits(tmp_path):
    # Edgware's spring-cloud-starter-parent extends spring-boot-starter-parent 1.5: the bare plugin
    # repackages, so the image runs java -jar (a -cp launch finds no class in BOOT-INF/classes)
    parent = ("<parent><groupId>org.springframework.cloud</groupId><artifactId>spring-cloud-starter-parent</artifactId>"
              "<version>Edgware.SR6</version><relativePath/></parent>")
    write(tmp_path, {"pom.xml": pom(plugins=BOOT_PLUGIN, parent=parent),
                     "src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);")})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.artifact) == ("boot", "app-1.0.jar")
    text = dockerfiles.render(dep, "app", P.images(dep)[0], [8080]).decode()
    assert 'ENTRYPOINT ["java", "-jar", "/app/app.jar"]' in text and "/app/lib" not in text


def test_boot_plugin_without_parent_or_repackage_goal_does_not_repackage(tmp_path):
    write(tmp_path, {"pom.xml": pom(plugins=BOOT_PLUGIN),
                     "src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);")})
    (dep,), _ = detect(tmp_path)
    assert dep.shape == "classpath" and dep.main_class == "a.App"


def test_boot_repackage_with_classifier(tmp_path):
    plugin = ("<plugin><groupId>org.springframework.boot</groupId><artifactId>spring-boot-maven-plugin</artifactId>"
              "<executions><execution><goals><goal>repackage</goal></goals><configuration><classifier>exec</classifier></configuration></execution></executions></plugin>")
    write(tmp_path, {"pom.xml": pom(plugins=plugin), "src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);")})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.artifact) == ("boot", "app-1.0-exec.jar")


def test_shade_with_main_class(tmp_path):
    plugin = """<plugin><artifactId>maven-shade-plugin</artifactId><executions><execution><goals><goal>shade</goal></goals>
      <configuration><transformers><transformer implementation="org.apache.maven.plugins.shade.resource.ManifestResourceTransformer">
      <mainClass>a.Tool</mainClass></transformer></transformers></configuration></execution></executions></plugin>"""
    write(tmp_path, {"pom.xml": pom(plugins=plugin), "src/main/java/a/Tool.java": java("a.Tool", main="System.out.println();")})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.main_class, dep.artifact) == ("fat-jar", "a.Tool", "app-1.0.jar")


ASSEMBLY_PLUGIN = """<plugin><artifactId>maven-assembly-plugin</artifactId>
  <configuration><descriptors><descriptor>src/main/assembly/assembly.xml</descriptor></descriptors></configuration>
  <executions><execution><phase>package</phase><goals><goal>single</goal></goals></execution></executions></plugin>"""
ASSEMBLY = """<assembly xmlns="http://maven.apache.org/ASSEMBLY/2.1.1">
    <id>assembly</id>
    <formats><format>tar.gz</format></formats>
    <includeBaseDirectory>true</includeBaseDirectory>
    <fileSets>
        <fileSet><directory>src/main/assembly/bin</directory><outputDirectory>bin</outputDirectory><fileMode>0755</fileMode></fileSet>
        <fileSet><directory>src/main/assembly/conf</directory><outputDirectory>conf</outputDirectory></fileSet>
    </fileSets>
    <dependencySets><dependencySet><outputDirectory>lib</outputDirectory></dependencySet></dependencySets>
</assembly>
"""
START_SH = """#!/bin/bash
cd `dirname $0`/..
DEPLOY_DIR=`pwd`
# java -classpath conf:lib/* com.example.Old  (kept for reference)
JAVA_MEM_OPTS=" -server -Xmx2g "
nohup java $JAVA_MEM_OPTS -classpath $DEPLOY_DIR/conf:$DEPLOY_DIR/lib/* com.alibaba.dubbo.container.Main > stdout.log 2>&1 &
"""


def test_assembly_runs_the_main_its_start_script_names(tmp_path):
    write(tmp_path, {"pom.xml": pom(artifact="demo-provider", plugins=ASSEMBLY_PLUGIN),
                     "src/main/assembly/assembly.xml": ASSEMBLY,
                     "src/main/assembly/bin/start.sh": START_SH,
                     "src/main/assembly/conf/dubbo.properties": "dubbo.application.name=demo-provider\n",
                     "src/main/java/a/DemoServiceImpl.java": java("a.DemoServiceImpl")})
    (dep,), findings = detect(tmp_path)
    assert dep.shape == "assembly" and dep.main_class == "com.alibaba.dubbo.container.Main"
    assert dep.start_script == "src/main/assembly/bin/start.sh"
    assert dep.assembly == P.Assembly(descriptor="src/main/assembly/assembly.xml", archive="demo-provider-1.0-assembly.tar.gz",
                                      format="tar.gz", base="demo-provider-1.0", lib=("lib",), conf=("conf",),
                                      scripts=("src/main/assembly/bin/start.sh",))
    text = dockerfiles.render(dep, "demo-provider", P.images(dep)[0], [50052]).decode()
    assert 'ENTRYPOINT ["java", "-cp", "/app/conf:/app/lib/*", "com.alibaba.dubbo.container.Main"]' in text
    assert "tar -xzf \"$1\" -C /x" in text and "set -- /x/demo-provider-1.0;" in text


def test_several_application_mains_become_several_deployables(tmp_path):
    xml = """<beans xmlns="http://www.springframework.org/schema/beans" xmlns:dubbo="http://dubbo.apache.org/schema/dubbo">
    <dubbo:application name="{}"/></beans>"""
    write(tmp_path, {"pom.xml": pom(artifact="demo"),
                     "src/main/resources/spring/provider.xml": xml.format("demo-provider"),
                     "src/main/resources/spring/consumer.xml": xml.format("demo-consumer"),
                     "src/main/java/a/Provider.java": java("a.Provider", main='new ClassPathXmlApplicationContext("spring/provider.xml").start();'),
                     "src/main/java/a/Consumer.java": java("a.Consumer", main='new ClassPathXmlApplicationContext(new String[] {"classpath:spring/consumer.xml"}).start();'),
                     "src/main/java/a/Strings.java": java("a.Strings", main="System.out.println(args.length);")})
    deps, findings = detect(tmp_path)
    assert [(d.name, d.main_class, d.dockerfile) for d in deps] == [
        ("demo-consumer", "a.Consumer", "Dockerfile.demo-consumer"),
        ("demo-provider", "a.Provider", "Dockerfile.demo-provider"),
    ]
    assert {d.shape for d in deps} == {"classpath"}
    # the utility main() is not an application
    assert all(d.main_class != "a.Strings" for d in deps)
    text = dockerfiles.render(deps[1], "demo-provider", P.images(deps[1])[0], [50052]).decode()
    assert 'ENTRYPOINT ["java", "-cp", "/app/app.jar:/app/lib/*", "a.Provider"]' in text
    assert "maven-dependency-plugin:3.6.1:copy-dependencies -DincludeScope=runtime" in text


def test_mains_that_cannot_be_told_apart_stop_with_the_key_that_settles_it(tmp_path):
    write(tmp_path, {"pom.xml": pom(artifact="demo"),
                     "src/main/java/a/One.java": java("a.One", main="new AnnotationConfigApplicationContext(One.class);"),
                     "src/main/java/a/Two.java": java("a.Two", main="new AnnotationConfigApplicationContext(Two.class);")})
    with pytest.raises(MeshifyError) as e:
        detect(tmp_path)
    assert e.value.path == "pom.xml"
    assert '[services.NAME] main = "a.One"' in str(e.value)
    deps, _ = detect(tmp_path, mains={"one": "a.One", "two": "a.Two"})
    assert [(d.name, d.main_class) for d in deps] == [("one", "a.One"), ("two", "a.Two")]


def test_utility_main_alone_is_not_deployable(tmp_path):
    write(tmp_path, {"pom.xml": pom(artifact="common"), "src/main/java/a/Gen.java": java("a.Gen", main="System.out.println(1);")})
    deps, findings = detect(tmp_path)
    assert deps == []
    assert [(f.code, f.path, f.severity) for f in findings] == [("main-not-deployable", "src/main/java/a/Gen.java", "info")]


def test_a_library_other_modules_depend_on_is_not_deployable(tmp_path):
    parent = """<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId><artifactId>root</artifactId><version>1.0</version><packaging>pom</packaging>
    <modules><module>lib</module><module>app</module></modules></project>"""
    write(tmp_path, {"pom.xml": parent,
                     "lib/pom.xml": pom(artifact="lib"),
                     "lib/src/main/java/a/Demo.java": java("a.Demo", main='new ClassPathXmlApplicationContext("demo.xml");'),
                     "app/pom.xml": pom(artifact="app", dependencies="<dependency><groupId>com.example</groupId><artifactId>lib</artifactId><version>1.0</version></dependency>"),
                     "app/src/main/java/a/App.java": java("a.App", main='new ClassPathXmlApplicationContext("app.xml");')})
    assert detect(tmp_path, "lib")[0] == []
    assert [d.main_class for d in detect(tmp_path, "app")[0]] == ["a.App"]


def test_plain_jar_with_manifest_main(tmp_path):
    plugin = "<plugin><artifactId>maven-jar-plugin</artifactId><configuration><archive><manifest><mainClass>a.Server</mainClass></manifest></archive></configuration></plugin>"
    write(tmp_path, {"pom.xml": pom(plugins=plugin), "src/main/java/a/Server.java": java("a.Server", main="run();")})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.main_class) == ("classpath", "a.Server")


# --------------------------------------------------------------------------- wars

JAVAX_API = "<dependency><groupId>javax.servlet</groupId><artifactId>javax.servlet-api</artifactId><version>3.1.0</version><scope>provided</scope></dependency>"
JAKARTA_API = "<dependency><groupId>jakarta.servlet</groupId><artifactId>jakarta.servlet-api</artifactId><version>{}</version><scope>provided</scope></dependency>"


@pytest.mark.parametrize("dependencies,parent,servlet,tomcat", [
    (JAVAX_API, "", "javax", "tomcat:9.0-jre17-temurin"),
    (JAKARTA_API.format("4.0.4"), "", "javax", "tomcat:9.0-jre17-temurin"),  # 4.x keeps the javax packages
    (JAKARTA_API.format("6.0.0"), "", "jakarta", "tomcat:10.1-jre17-temurin"),
    (JAKARTA_API.format("6.1.0"), "", "jakarta-6.1", "tomcat:11.0-jre17-temurin"),
    ("", BOOT_PARENT.format("2.7.18"), "javax", "tomcat:9.0-jre17-temurin"),
    ("", BOOT_PARENT.format("3.3.5"), "jakarta", "tomcat:10.1-jre17-temurin"),
])
def test_war_tomcat_line_follows_its_servlet_api(tmp_path, dependencies, parent, servlet, tomcat):
    write(tmp_path, {"pom.xml": pom(packaging="war", dependencies=dependencies, parent=parent)})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.servlet, dep.context_path, dep.war_name) == ("war", servlet, "/", "ROOT.war")
    assert P.images(dep)[0].run == tomcat


def test_war_sources_decide_the_servlet_api(tmp_path):
    write(tmp_path, {"pom.xml": pom(packaging="war"),
                     "src/main/java/a/Hello.java": "package a;\nimport jakarta.servlet.http.HttpServlet;\npublic class Hello extends HttpServlet {}\n"})
    assert detect(tmp_path)[0][0].servlet == "jakarta"


def test_war_context_path_from_the_project(tmp_path):
    plugin = "<plugin><groupId>org.apache.tomcat.maven</groupId><artifactId>tomcat7-maven-plugin</artifactId><configuration><path>/shop/admin</path></configuration></plugin>"
    write(tmp_path, {"pom.xml": pom(packaging="war", plugins=plugin, dependencies=JAVAX_API)})
    (dep,), _ = detect(tmp_path)
    assert (dep.context_path, dep.war_name) == ("/shop/admin", "shop#admin.war")


def test_boot_war_with_initializer_runs_on_tomcat_without_one_runs_alone(tmp_path):
    files = {"pom.xml": pom(packaging="war", parent=BOOT_PARENT.format("2.7.18"), plugins=BOOT_PLUGIN),
             "src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);"),
             "src/main/resources/application.properties": "server.servlet.context-path=/greet\n"}
    write(tmp_path, files)
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.artifact) == ("boot", "app-1.0.war")
    write(tmp_path, {"src/main/java/a/App.java": java("a.App", main="SpringApplication.run(App.class, args);", extends="SpringBootServletInitializer")})
    (dep,), _ = detect(tmp_path)
    assert (dep.shape, dep.servlet, dep.context_path, dep.evidence) == ("war", "javax", "/greet", "src/main/java/a/App.java:4: extends SpringBootServletInitializer")


def test_war_dockerfile(tmp_path):
    write(tmp_path, {"pom.xml": pom(packaging="war", dependencies=JAVAX_API, properties="<maven.compiler.release>11</maven.compiler.release>")})
    (dep,), _ = detect(tmp_path)
    text = dockerfiles.render(dep, "app", P.images(dep)[0], [8080]).decode()
    froms = [line for line in text.splitlines() if line.startswith("FROM")]
    assert froms == ["FROM maven:3.9-eclipse-temurin-11 AS build", "FROM tomcat:9.0-jre11-temurin"]
    assert "USER 10001:10001" in text
    assert 'cp -p /app/ROOT.war \\"$CATALINA_HOME/webapps/ROOT.war\\" && exec catalina.sh run"]' in text


def test_readme_documents_the_allow_list():
    from ..conftest import ROOT

    text = (ROOT / "README.md").read_text("utf-8")
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 2 and cells[1] and all(x.strip().isdigit() for x in cells[1].split(",")):
            rows[cells[0]] = tuple(x.strip() for x in cells[1].split(","))
    assert rows["`maven:3.9-eclipse-temurin-N` (build), `eclipse-temurin:N-jre` (run)"] == P.TEMURIN
    assert rows["`tomcat:9.0-jreN-temurin`"] == P.TOMCAT["9.0"]
    assert rows["`tomcat:10.1-jreN-temurin`, `tomcat:11.0-jreN-temurin`"] == P.TOMCAT["10.1"] == P.TOMCAT["11.0"]


def test_a_module_of_an_independent_project_is_built_by_its_own_reactor(tmp_path):
    # no root pom: shop/ lists shop-web, tools/ is a project of one module; mvn -pl from the
    # repository root would find no pom
    agg = """<?xml version="1.0"?><project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
    <groupId>com.example</groupId><artifactId>shop</artifactId><version>1.0</version><packaging>pom</packaging>
    <modules><module>shop-web</module></modules></project>"""
    write(tmp_path, {"shop/pom.xml": agg,
                     "shop/shop-web/pom.xml": pom(artifact="shop-web", packaging="war", dependencies=JAVAX_API),
                     "tools/pom.xml": pom(artifact="tools", packaging="war", dependencies=JAVAX_API)})
    ws = Workspace(tmp_path)
    mvn = {}
    for module in ("shop/shop-web", "tools"):
        (dep,), _ = P.detect(ws, next(m for m in ws.modules if m.dir == module))
        text = dockerfiles.render(dep, dep.module, P.images(dep)[0], [8080]).decode()
        mvn[module] = next(line.strip() for line in text.splitlines() if line.strip().startswith("mvn "))
        assert f"set -- {module}/target/" in text  # the artifact is still taken from the module's target/
    assert mvn == {"shop/shop-web": "mvn -q -B -DskipTests -f shop/pom.xml -pl shop-web -am package",
                   "tools": "mvn -q -B -DskipTests -f tools/pom.xml package"}
