"""The hardening issue: meshify does the right thing, or stops with a clear error and writes nothing.

Every case here is listed in docs/hardening.md with what meshify does.
"""
from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from generator import plan as plan_mod
from generator.errors import MeshifyError
from generator.plan import TMP_PREFIX
from generator.workspace import Workspace
from tests.fixtures.hardening.repo import APP, POM, PROPS, edit, make_repo, migrate, plan_for, snapshot

ROOT = Path(__file__).resolve().parent.parent
EXIT_OK, EXIT_CHANGES, EXIT_USAGE, EXIT_INPUT, EXIT_REFUSED = 0, 1, 2, 3, 4


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


def expect_error(root: Path, path: str | None = None, line: int | None = None, match: str = "") -> MeshifyError:
    """build the plan, expect a MeshifyError naming ``path``/``line``; nothing may have been written."""
    before = snapshot(root)
    with pytest.raises(MeshifyError, match=match) as e:
        migrate(root)
    if path is not None:
        assert e.value.path == path
    if line is not None:
        assert e.value.line == line
    assert snapshot(root) == before
    return e.value


def changed(root: Path) -> dict[str, bytes]:
    return {c.path: c.new for c in plan_for(root).changes}


def cli(*args: str) -> tuple[int, str]:
    """The real command line, in a subprocess (output.print_diff binds sys.stdout at import time)."""
    res = subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)
    return res.returncode, res.stdout + res.stderr


# -- malformed input ----------------------------------------------------------
def test_malformed_pom(repo):
    edit(repo, POM, "</dependencies>", "</dependencie>")
    expect_error(repo, POM, 19, "XML syntax error")


def test_malformed_properties(repo):
    (repo / PROPS).write_bytes(b"spring.application.name=orders\ninfo.x=caf\\u00e\n")
    expect_error(repo, PROPS, 2, "malformed")


def test_malformed_yaml(repo):
    (repo / PROPS).unlink()
    (repo / PROPS.replace(".properties", ".yml")).write_bytes(b"spring:\n  application:\n    name: [orders\neureka: {}\n")
    expect_error(repo, PROPS.replace(".properties", ".yml"), match="YAML syntax error")


def test_pom_without_maven_namespace(repo):
    for rel in ("pom.xml", POM):
        edit(repo, rel, ' xmlns="http://maven.apache.org/POM/4.0.0"', "")
    assert b"spring-cloud-starter-kubernetes-client" in changed(repo)[POM]


def test_doctype_pi_cdata_and_entities_in_a_pom(repo):
    edit(repo, POM, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE project [\n  <!-- it\'s ok -->\n  <!ENTITY who "orders &amp; co">\n]>\n<?m2e ignore?>\n')
    edit(repo, POM, "<dependencies>", "<description><![CDATA[<eureka> & &who;]]> &who; &#169;</description>\n    <dependencies>")
    before = (repo / POM).read_bytes()
    after = changed(repo)[POM]
    assert after == before.replace(b"spring-cloud-starter-netflix-eureka-client", b"spring-cloud-starter-kubernetes-client")


# -- XML attacks --------------------------------------------------------------
SECRET = "TOP-SECRET-42"


@pytest.mark.parametrize("system", ["file://{secret}", "http://127.0.0.1:9/x", "https://example.invalid/x.dtd"])
def test_external_entities_are_never_read(repo, tmp_path, system):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    decl = f'<!DOCTYPE project [\n  <!ENTITY xxe SYSTEM "{system.format(secret=secret)}">\n  <!ENTITY % p SYSTEM "{system.format(secret=secret)}">\n  %p;\n]>\n'
    edit(repo, POM, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n' + decl)
    edit(repo, POM, "<dependencies>", "<name>&xxe;</name>\n    <dependencies>")
    plan = plan_for(repo)
    out = b"".join(c.new for c in plan.changes) + plan.diff().encode()
    assert SECRET.encode() not in out
    assert b"<name>&xxe;</name>" in {c.path: c.new for c in plan.changes}[POM]


def test_external_dtd_is_not_loaded(repo):
    edit(repo, POM, '<?xml version="1.0" encoding="UTF-8"?>\n', '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE project SYSTEM "http://127.0.0.1:9/evil.dtd">\n')
    assert POM in changed(repo)


def test_billion_laughs(repo):
    ents = "".join(f'<!ENTITY l{i} "{("&l%d;" % (i - 1)) * 10 if i else "lol"}">\n' for i in range(10))
    edit(repo, POM, '<?xml version="1.0" encoding="UTF-8"?>\n', f'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE project [\n{ents}]>\n')
    edit(repo, POM, "<dependencies>", "<name>&l9;</name>\n    <dependencies>")
    expect_error(repo, POM, match="amplification")


def test_huge_file(repo):
    (repo / PROPS).write_bytes(b"spring.application.name=orders\n" + b"# padding\n" * 900_000)
    expect_error(repo, PROPS, match="byte limit")


# -- encodings ----------------------------------------------------------------
def test_utf8_bom_and_crlf_properties(repo):
    data = b"\xef\xbb\xbfspring.application.name=orders\r\n\r\neureka.client.enabled=false\r\n"
    (repo / PROPS).write_bytes(data)
    migrate(repo)
    assert (repo / PROPS).read_bytes() == b"\xef\xbb\xbfspring.application.name=orders\r\nserver.shutdown=graceful\r\n"


def test_iso_8859_1_properties_with_escapes(repo):
    data = "spring.application.name=orders\ninfo.owner=Jos\xe9 \\u00e9\neureka.client.enabled=false".encode("latin-1")
    (repo / PROPS).write_bytes(data)
    migrate(repo)
    assert (repo / PROPS).read_bytes() == "spring.application.name=orders\ninfo.owner=Jos\xe9 \\u00e9\nserver.shutdown=graceful".encode("latin-1")


def test_gbk_files(repo):
    (repo / PROPS).write_bytes("spring.application.name=orders\n# 注册中心\neureka.client.enabled=false\ninfo.desc=订单\n".encode("gbk"))
    edit(repo, POM, b'encoding="UTF-8"', b'encoding="GBK"')
    edit(repo, POM, b"<dependencies>", "<name>订单服务</name>\n    <dependencies>".encode("gbk"))
    migrate(repo)
    assert (repo / PROPS).read_bytes() == "spring.application.name=orders\n# 注册中心\ninfo.desc=订单\nserver.shutdown=graceful\n".encode("gbk")
    assert "<name>订单服务</name>".encode("gbk") in (repo / POM).read_bytes()


def test_crlf_mixed_tabs_no_final_newline_pom(repo):
    text = (repo / POM).read_text().replace("    ", "\t").replace("\n", "\r\n").rstrip("\r\n")
    text = text.replace("<modelVersion>4.0.0</modelVersion>\r\n", "<modelVersion>4.0.0</modelVersion>\n")  # one LF line
    (repo / POM).write_bytes(text.encode())
    migrate(repo)
    assert (repo / POM).read_bytes() == text.replace("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-kubernetes-client").encode()


def test_added_actuator_follows_tabs_and_crlf_of_the_pom(repo):
    text = (repo / POM).read_text().replace("    ", "\t").replace("\n", "\r\n").rstrip("\r\n")
    (repo / POM).write_bytes(text.encode())
    migrate(repo, add_actuator=True)
    actuator = ("\t\t<dependency>\r\n\t\t\t<groupId>org.springframework.boot</groupId>\r\n"
                "\t\t\t<artifactId>spring-boot-starter-actuator</artifactId>\r\n\t\t</dependency>\r\n")
    expected = text.replace("spring-cloud-starter-netflix-eureka-client", "spring-cloud-starter-kubernetes-client")
    expected = expected.replace("\t</dependencies>", actuator + "\t</dependencies>")
    assert (repo / POM).read_bytes() == expected.encode()


def test_untouched_files_are_byte_identical(repo):
    extra = {"orders/src/main/resources/logback.xml": b"<configuration>\r\n\t<x/>\r\n</configuration>", "orders/README.md": "caf\xe9".encode("latin-1"), "orders/src/main/java/com/example/orders/Util.java": "// 中文\nclass Util {}".encode("gbk")}
    for rel, data in extra.items():
        (repo / rel).write_bytes(data)
    migrate(repo)
    assert {rel: (repo / rel).read_bytes() for rel in extra} == extra


# -- layouts ------------------------------------------------------------------
def test_no_root_pom_with_sibling_parent(repo):
    (repo / "parent").mkdir()
    shutil.move(repo / "pom.xml", repo / "parent" / "pom.xml")
    edit(repo, "parent/pom.xml", "<module>orders</module>", "<module>../orders</module>")
    edit(repo, POM, "<version>1.0.0</version>", "<version>1.0.0</version>\n        <relativePath>../parent/pom.xml</relativePath>")
    plan = plan_for(repo)
    assert POM in {c.path for c in plan.changes}
    assert "no-root-pom" in {f.code for f in plan.findings}
    assert plan.facts["spring_cloud_train"] == "2021.0.8"  # read through the sibling parent


def test_parent_outside_the_repository(repo):
    edit(repo, POM, "<groupId>com.example</groupId>\n        <artifactId>shop</artifactId>", "<groupId>com.other</groupId>\n        <artifactId>platform</artifactId>")
    edit(repo, POM, "<version>1.0.0</version>", "<version>1.0.0</version>\n        <relativePath>../../platform/pom.xml</relativePath>")
    plan = plan_for(repo)
    assert POM in {c.path for c in plan.changes}


def test_revision_versions(repo):
    edit(repo, "pom.xml", "<version>1.0.0</version>\n    <packaging>", "<version>${revision}</version>\n    <packaging>")
    edit(repo, "pom.xml", "<properties>", "<properties>\n        <revision>1.0.0</revision>")
    edit(repo, POM, "<version>1.0.0</version>", "<version>${revision}</version>")
    migrate(repo)
    assert b"${revision}" in (repo / POM).read_bytes()
    assert plan_for(repo).empty


def test_module_cycle(repo):
    edit(repo, POM, "<dependencies>", "<packaging>pom</packaging>\n    <modules><module>..</module></modules>\n    <dependencies>")
    plan = plan_for(repo)
    assert "module-cycle" in {f.code for f in plan.findings}


def test_missing_module(repo):
    edit(repo, "pom.xml", "<module>orders</module>", "<module>orders</module>\n        <module>ghost</module>")
    plan = plan_for(repo)
    f = next(f for f in plan.findings if f.code == "module-missing")
    assert f.path == "pom.xml" and f.line == 16 and "ghost" in f.message


def test_duplicate_service_names(repo, tmp_path):
    make_repo(tmp_path / "two", "payments")
    shutil.move(tmp_path / "two" / "payments", repo / "payments")
    edit(repo, "pom.xml", "<module>orders</module>", "<module>orders</module>\n        <module>payments</module>")
    edit(repo, "payments/pom.xml", "<artifactId>orders</artifactId>", "<artifactId>payments</artifactId>")
    edit(repo, "payments/src/main/resources/application.properties", "name=orders", "name=ORDERS")
    before = snapshot(repo)
    code, out = cli("springcloud", str(repo), "--allow-dirty")
    assert code == EXIT_INPUT and "orders" in out and "payments" in out
    assert snapshot(repo) == before


def test_names_that_are_not_kubernetes_names(repo):
    edit(repo, PROPS, "spring.application.name=orders", "spring.application.name=Orders_Service.V2")
    plan = plan_for(repo)
    assert plan.services[0].name == "orders-service-v2"
    assert b"spring.application.name=orders-service-v2\n" in {c.path: c.new for c in plan.changes}[PROPS]
    assert "name-changed" in {f.code for f in plan.findings}


def test_non_ascii_paths(tmp_path):
    root = make_repo(tmp_path / "仓库 ü", "订单")
    migrate(root)
    assert b"spring-cloud-starter-kubernetes-client" in (root / "订单" / "pom.xml").read_bytes()
    assert plan_for(root).empty


def test_deeply_nested_modules(repo):
    cur, rel = repo, ""
    for i in range(12):
        name = f"n{i}"
        pom = cur / "pom.xml"
        pom.write_bytes(pom.read_bytes().replace(b"<modules>", f"<modules>\n        <module>{name}</module>".encode()) if b"<modules>" in pom.read_bytes() else pom.read_bytes().replace(b"<dependencies>", f"<packaging>pom</packaging>\n    <modules>\n        <module>{name}</module>\n    </modules>\n    <dependencies>".encode(), 1))
        cur = cur / name
        rel = f"{rel}{name}/"
        make_repo(cur / "_t")
        shutil.move(cur / "_t" / "orders", cur / "x")
        shutil.rmtree(cur / "_t")
        for p in (cur / "x").iterdir():
            shutil.move(p, cur / p.name)
        (cur / "x").rmdir()
        edit(repo, f"{rel}pom.xml", "<artifactId>orders</artifactId>", f"<artifactId>m{i}</artifactId>")
        edit(repo, f"{rel}src/main/resources/application.properties", "name=orders", f"name=m{i}")
    ws = Workspace(repo)
    assert len(ws.modules) == 14
    plan = plan_for(repo)
    assert f"{rel}pom.xml" in {c.path for c in plan.changes}


def test_build_output_and_vendored_copies_are_ignored(repo):
    pristine = repo.parent / "pristine"
    shutil.copytree(repo / "orders", pristine)
    for junk in ("orders/target/copy", "node_modules/pkg", "orders/build/x", "orders/src/main/java/node_modules/y"):
        shutil.copytree(pristine, repo / junk)
    before = snapshot(repo)
    paths = {c.path for c in migrate(repo).changes}
    assert paths == {POM, APP, PROPS}
    after = snapshot(repo)
    assert {k: v for k, v in after.items() if "/target/" in k or "node_modules" in k or "/build/" in k} == {k: v for k, v in before.items() if "/target/" in k or "node_modules" in k or "/build/" in k}


# -- looks like config but is not ---------------------------------------------
def test_commented_out_dependency_is_left_alone(repo):
    edit(repo, POM, "<dependencies>", "<dependencies>\n        <!--\n        <dependency>\n            <groupId>org.springframework.cloud</groupId>\n            <artifactId>spring-cloud-starter-netflix-eureka-server</artifactId>\n        </dependency>\n        -->")
    out = changed(repo)[POM]
    assert b"spring-cloud-starter-netflix-eureka-server" in out
    assert plan_for(repo).facts["retired_modules"] == []


def test_commented_keys_in_properties(repo):
    edit(repo, PROPS, "server.port=8080\n", "server.port=8080\n#eureka.client.enabled=false\n! eureka.x=1\n")
    out = changed(repo)[PROPS]
    assert b"server.port=8080\n#eureka.client.enabled=false\n! eureka.x=1\n" in out
    assert b"eureka.instance" not in out


def test_enable_eureka_client_in_comment_or_string(repo):
    src = "package com.example.orders;\n\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\n\n// @EnableEurekaClient\n@SpringBootApplication\npublic class App {\n    String s = \"@EnableEurekaClient\";\n    /* @EnableEurekaClient */\n}\n"
    (repo / APP).write_text(src)
    assert APP not in changed(repo)


# -- file system --------------------------------------------------------------
def test_symlink_out_of_the_repository_is_neither_read_nor_written(repo, tmp_path):
    outside = tmp_path / "outside.properties"
    outside.write_bytes(b"eureka.client.enabled=false\n")
    (repo / PROPS).unlink()
    os.symlink(outside, repo / PROPS)
    e = expect_error(repo, PROPS, match="symbolic link")
    assert "replace the link" in str(e)
    assert outside.read_bytes() == b"eureka.client.enabled=false\n"


def test_module_symlinked_out_of_the_repository(repo, tmp_path):
    shutil.move(repo / "orders", tmp_path / "outside-orders")
    os.symlink(tmp_path / "outside-orders", repo / "orders")
    before = snapshot(tmp_path / "outside-orders")
    plan = plan_for(repo)
    assert plan.empty and "symlink-outside" in {f.code for f in plan.findings}
    assert snapshot(tmp_path / "outside-orders") == before


def test_symlink_into_the_repository(repo):
    shutil.copy(repo / PROPS, repo / "shared.properties")
    (repo / PROPS).unlink()
    os.symlink("../../../../shared.properties", repo / PROPS)
    expect_error(repo, PROPS, match="symbolic link")


def test_symlink_loops(repo):
    os.symlink("..", repo / "orders/src/main/java/com/example/loop")
    os.symlink("loop-b", repo / "orders/src/main/java/loop-a")
    os.symlink("loop-a", repo / "orders/src/main/java/loop-b")
    assert {c.path for c in migrate(repo).changes} == {POM, APP, PROPS}


def test_unreadable_file(repo, monkeypatch):
    real = os.open

    def os_open(path, flags, *a, **kw):
        if Path(path).name == "application.properties":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *a, **kw)

    monkeypatch.setattr(os, "open", os_open)
    expect_error(repo, PROPS, match="permission denied")


def test_read_only_file_is_migrated_and_stays_read_only(repo):
    (repo / POM).chmod(0o444)
    migrate(repo)
    assert b"kubernetes-client" in (repo / POM).read_bytes()
    assert (repo / POM).stat().st_mode & 0o777 == 0o444


@pytest.mark.parametrize("k", [0, 1, 2])
def test_disk_fills_during_the_write(repo, monkeypatch, k):
    before = snapshot(repo)
    plan = plan_for(repo)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] > k:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        return real(src, dst)

    monkeypatch.setattr(plan_mod.os, "replace", replace)
    with pytest.raises(MeshifyError, match="No space left"):
        plan.apply()
    assert snapshot(repo) == before


@pytest.mark.parametrize("n", [0, 1, 2])
def test_injected_fault(repo, n):
    before = snapshot(repo)
    with pytest.raises(MeshifyError):
        plan_for(repo).apply(_fault_after=n)
    assert snapshot(repo) == before


def test_interrupted_run_leaves_no_temp_files(repo, monkeypatch):
    before = snapshot(repo)
    real = os.replace
    calls = {"n": 0}

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(plan_mod.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        plan_for(repo).apply()
    assert snapshot(repo) == before
    assert not [p for p in repo.rglob("*") if p.name.startswith(TMP_PREFIX)]


# -- dirty git tree -----------------------------------------------------------
def git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.com", "-c", "commit.gpgsign=false", *args], check=True, capture_output=True)


@pytest.fixture
def git_repo(repo: Path) -> Path:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "init")
    return repo


def test_dirty_tree_refuses(git_repo):
    edit(git_repo, PROPS, "server.port=8080", "server.port=8081")
    before = snapshot(git_repo)
    code, out = cli("springcloud", str(git_repo))
    assert code == EXIT_REFUSED and PROPS in out and "--allow-dirty" in out
    assert snapshot(git_repo) == before


def test_dirty_tree_allow_dirty_goes_on(git_repo):
    edit(git_repo, PROPS, "server.port=8080", "server.port=8081")
    code, _ = cli("springcloud", str(git_repo), "--allow-dirty")
    assert code == EXIT_OK
    assert b"server.port=8081" in (git_repo / PROPS).read_bytes() and b"eureka" not in (git_repo / PROPS).read_bytes()


def test_dirty_file_meshify_does_not_touch_is_fine(git_repo):
    (git_repo / "orders/notes.txt").write_text("wip")
    git(git_repo, "add", "orders/notes.txt")
    code, _ = cli("springcloud", str(git_repo))
    assert code == EXIT_OK


@pytest.mark.parametrize("flag, code", [("--dry-run", EXIT_OK), ("--check", EXIT_CHANGES)])
def test_dry_run_and_check_never_ask(git_repo, flag, code):
    edit(git_repo, PROPS, "server.port=8080", "server.port=8081")
    before = snapshot(git_repo)
    got, out = cli("springcloud", str(git_repo), flag)
    assert got == code and "uncommitted" not in out
    assert snapshot(git_repo) == before


def test_non_git_directory_is_migrated(repo):
    code, _ = cli("springcloud", str(repo))
    assert code == EXIT_OK
    code, _ = cli("springcloud", str(repo), "--check")
    assert code == EXIT_OK


# -- not a Maven repository ---------------------------------------------------
@pytest.mark.parametrize(
    "files, match",
    [
        ({"build.gradle": "plugins { id 'java' }\n", "settings.gradle": ""}, "Gradle"),
        ({"build.gradle.kts": "plugins { java }\n"}, "Gradle"),
        ({"README.md": "hi\n"}, "no pom.xml"),
        ({"pom.xml": "<settings><localRepository/></settings>\n"}, "not a Maven project"),
    ],
    ids=["gradle", "gradle-kts", "no-pom", "not-maven"],
)
def test_not_a_maven_repository(tmp_path, files, match):
    root = tmp_path / "r"
    root.mkdir()
    for rel, text in files.items():
        (root / rel).write_text(text)
    before = snapshot(root)
    code, out = cli("springcloud", str(root))
    assert code == EXIT_INPUT and match in out
    assert snapshot(root) == before


def test_malformed_input_through_the_cli_names_file_and_line(repo):
    edit(repo, POM, "</dependencies>", "</dependencie>")
    code, out = cli("springcloud", str(repo), "--dry-run")
    assert code == EXIT_INPUT and f"{POM}:19:" in out


# -- idempotence --------------------------------------------------------------
def test_second_run_changes_nothing(repo):
    migrate(repo)
    assert plan_for(repo).empty


def _link_farm(tmp_path: Path) -> tuple[Path, list[Path]]:
    """A repository whose folders and files link inside, outside, to nowhere and in a loop."""
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "f.txt").write_text("x")
    root = tmp_path / "repo"
    (root / "a" / "b").mkdir(parents=True)
    (root / "a" / "b" / "f.txt").write_text("x")
    (root / "a" / "file").write_text("x")
    os.symlink(root / "a", root / "in-link")              # a folder linked inside
    os.symlink(outside, root / "a" / "out-link")          # a folder linked outside
    os.symlink("../../outside/deep/f.txt", root / "a" / "f-out")  # a file linked outside
    os.symlink("b/f.txt", root / "a" / "f-in")            # a file linked inside
    os.symlink(root / "nowhere", root / "dangling")
    os.symlink(root / "loop2", root / "loop1")
    os.symlink(root / "loop1", root / "loop2")
    os.symlink("..", root / "a" / "up")                   # the root again, through a link
    os.symlink(tmp_path, root / "a" / "b" / "top")        # above the root
    rels = ["a/b/f.txt", "a/file", "a/file/x", "in-link/b/f.txt", "in-link/out-link/deep/f.txt", "a/out-link/deep/f.txt",
            "a/f-out", "a/f-in", "dangling", "dangling/x", "loop1", "loop1/x", "a/up/a/b/f.txt", "a/up/in-link/f-out",
            "a/b/top/repo/a/b/f.txt", "a/b/top/outside/deep/f.txt", "missing/x.txt", "a", "a/b"]
    return root, [root / r for r in rels]


def test_the_folder_cache_answers_as_a_full_resolution(tmp_path):
    """reading.inside with a run's folder cache gives the same answer as resolving every path in full,
    asked in any order and again (links out, loops, dangling links, links to the root and above it)."""
    from generator.reading import inside

    root, paths = _link_farm(tmp_path)
    root = root.resolve()
    expected = [inside(root, p) for p in paths]
    assert expected.count(False) >= 6 and expected.count(True) >= 6  # the farm has both kinds
    cache: dict = {}
    assert [inside(root, p, cache) for p in paths] == expected
    assert [inside(root, p, cache) for p in reversed(paths)] == expected[::-1]


def test_safe_target_with_the_folder_cache_refuses_what_it_refuses_without(tmp_path):
    root, paths = _link_farm(tmp_path)
    root = root.resolve()

    def verdict(rel, folders=None):
        try:
            plan_mod.safe_target(root, rel, folders)
            return "ok"
        except MeshifyError as e:
            return e.message

    rels = [p.relative_to(root).as_posix() for p in paths] + ["a/b/new.yaml", "a/new/deeper/x.yaml", "in-link/new.yaml", "../x"]
    expected = [verdict(r) for r in rels]
    assert expected.count("ok") >= 4 and len(set(expected)) >= 3
    folders: dict = {}
    assert [verdict(r, folders) for r in rels] == expected
    assert [verdict(r, folders) for r in reversed(rels)] == expected[::-1]
