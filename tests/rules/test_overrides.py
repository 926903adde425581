"""The override scan both migrations share: which files it reads, which lines it skips."""
from __future__ import annotations

import re

from generator.rules.overrides import find
from generator.workspace import Workspace

POM = ("<project><modelVersion>4.0.0</modelVersion><groupId>g</groupId><artifactId>app</artifactId>"
       "<version>1</version></project>")
RE = re.compile(r"-Dapp\.mode=\S*|\bAPP_MODE\b")


def scan(tmp_path, files: dict[str, str], needle: bytes = b"") -> list[tuple[str, int, str]]:
    for rel, text in {"pom.xml": POM, **files}.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    ws = Workspace(tmp_path)
    return find(ws, "k8s", RE, needle)


def test_scripts_dockerfiles_compose_and_manifests_are_read_with_their_lines(tmp_path):
    got = scan(tmp_path, {
        "bin/start.sh": "#!/bin/sh\nexec java -Dapp.mode=old -jar app.jar\n",
        "Dockerfile": "FROM eclipse-temurin:17-jre\nENV APP_MODE=old\n",
        "docker-compose.yml": "services:\n  app:\n    environment:\n      - APP_MODE=old\n",
        "deploy/app.yaml": "kind: Deployment\nspec:\n  env:\n    - name: APP_MODE\n",
        "src/main/scripts/startup.sh": "java -Dapp.mode=old -jar app.jar\n",  # an assembly's start script
        "src/main/docker/Dockerfile": "FROM x\nENV APP_MODE=old\n",
        "k8s/app.yaml": "env:\n  - name: APP_MODE\n",  # the user's own manifests in the output folder
    })
    assert got == [
        ("Dockerfile", 2, "APP_MODE"),
        ("bin/start.sh", 2, "-Dapp.mode=old"),
        ("deploy/app.yaml", 4, "APP_MODE"),
        ("docker-compose.yml", 4, "APP_MODE"),
        ("k8s/app.yaml", 2, "APP_MODE"),
        ("src/main/docker/Dockerfile", 2, "APP_MODE"),
        ("src/main/scripts/startup.sh", 1, "-Dapp.mode=old"),
    ]


def test_application_config_tests_comments_and_meshify_output_are_not_overrides(tmp_path):
    got = scan(tmp_path, {
        "src/main/resources/application.yml": "app:\n  mode: x  # -Dapp.mode=old\n",  # the config the migration edits
        "src/test/resources/application-it.yml": "env: APP_MODE\n",  # a test run deploys nothing
        "bin/start.sh": "#!/bin/sh\n# java -Dapp.mode=old -jar app.jar\n  # APP_MODE\n",  # commented out, in every kind of file
        "Dockerfile": "FROM x\n# ENV APP_MODE=old\n",
        "docker-compose.yml": "services:\n  app:\n    environment:\n      # - APP_MODE=old\n",
        "k8s/base/.meshify-checksums": "",
        "k8s/base/app.yaml": "env:\n  - name: APP_MODE\n",  # meshify's own output
        "k8s/overlays/default/x.yaml": "APP_MODE\n",
    })
    assert got == []


def test_the_needle_skips_files_that_cannot_match(tmp_path):
    files = {"bin/start.sh": "java -Dapp.mode=old -jar app.jar\n", "bin/other.sh": "java -Dapp.mode=old -Dframework=dubbo\n"}
    assert [f for f, _, _ in scan(tmp_path, files, b"dubbo")] == ["bin/other.sh"]
