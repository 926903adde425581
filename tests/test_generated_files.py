"""Generated files: those no longer produced are deleted (only meshify's own, recorded ones);
a newer meshify's template changes are named in the summary."""
from __future__ import annotations

import hashlib

import pytest

from generator.cli import main
from generator.errors import MeshifyError
from generator.migrations.springcloud.options import SpringCloudOptions as Options
from generator.pipeline import CHECKSUMS, build_plan

from .conftest import snapshot

OLD = "k8s/base/visits-service"


@pytest.fixture
def migrated(sc_sample):
    build_plan(sc_sample, "springcloud", Options()).apply()
    return sc_sample


def rename_visits(root) -> None:
    props = root / "visits-service/src/main/resources/application.properties"
    props.write_text(props.read_text().replace("spring.application.name=visits-service", "spring.application.name=visits"))


def test_a_renamed_service_loses_its_old_manifests(migrated, capsys):
    mine = migrated / "k8s/base/notes.yaml"  # a user's file beside the generated ones
    mine.write_text("# mine\n")
    rename_visits(migrated)
    plan = build_plan(migrated, "springcloud", Options())
    deleted = sorted(c.path for c in plan.changes if c.kind == "delete")
    assert deleted == sorted(f"{OLD}/{p.name}" for p in (migrated / OLD).iterdir())
    assert "k8s/base/visits/deployment.yaml" in {c.path for c in plan.changes if c.kind == "create"}
    diff = plan.diff()
    assert f"--- a/{OLD}/deployment.yaml\n+++ /dev/null\n" in diff
    # the user sees it too, and the summary counts it
    assert main(["springcloud", str(migrated), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert f"--- a/{OLD}/service.yaml\n+++ /dev/null\n" in out and f"{len(deleted)} deleted" in err
    plan.apply()
    assert not (migrated / OLD).exists()  # the emptied folder goes too
    assert mine.read_text() == "# mine\n"
    assert build_plan(migrated, "springcloud", Options()).empty


def test_a_stale_file_edited_by_hand_is_not_deleted_without_force(migrated, capsys):
    svc = migrated / f"{OLD}/service.yaml"
    svc.write_text(svc.read_text() + "# my note\n")
    rename_visits(migrated)
    before = snapshot(migrated)
    assert main(["springcloud", str(migrated), "--allow-dirty"]) == 4
    assert f"{OLD}/service.yaml: edited by hand" in capsys.readouterr().err
    assert snapshot(migrated) == before
    assert main(["springcloud", str(migrated), "--allow-dirty", "--force"]) == 0
    assert not svc.exists()


def test_deletions_are_undone_when_the_apply_fails(migrated):
    rename_visits(migrated)
    before = snapshot(migrated)
    plan = build_plan(migrated, "springcloud", Options())
    assert any(c.kind == "delete" for c in plan.changes)
    with pytest.raises(MeshifyError, match="nothing was changed"):
        plan.apply(_fault_after=len(plan.changes) - 1)  # after every deletion but the last write
    assert snapshot(migrated) == before


def test_template_changes_are_named_in_the_summary(migrated, capsys):
    """Files an older meshify wrote from the same sources: the summary says why they change."""
    record = migrated / "k8s/base" / CHECKSUMS
    dep = migrated / "k8s/base/customers-service/deployment.yaml"
    old_dep = dep.read_bytes().replace(b"revisionHistoryLimit: 5", b"revisionHistoryLimit: 10")
    lines = record.read_text().splitlines()
    lines[0] = "# inputs " + "0" * 64  # another meshify version, other templates
    lines = [f"{hashlib.sha256(old_dep).hexdigest()}  base/customers-service/deployment.yaml" if line.endswith("  base/customers-service/deployment.yaml") else line for line in lines]
    record.write_text("\n".join(lines) + "\n")
    dep.write_bytes(old_dep)
    assert main(["springcloud", str(migrated), "--dry-run"]) == 0
    out, err = capsys.readouterr()
    assert "regenerated: meshify's templates changed" in err
    assert "-  revisionHistoryLimit: 10\n+  revisionHistoryLimit: 5\n" in out
    # a change of the sources is not a template change
    rename_visits(migrated)
    assert main(["springcloud", str(migrated), "--dry-run"]) == 0
    assert "regenerated:" not in capsys.readouterr().err


# --- Dockerfiles: meshify's while unedited, the user's once edited or when not written by meshify

def recorded_dockerfiles(root) -> dict[str, str]:
    lines = (root / "k8s/base" / CHECKSUMS).read_text().splitlines()
    return {rel: digest for _, _, digest, rel in (l.split(" ", 3) for l in lines if l.startswith("# dockerfile "))}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_every_dockerfile_meshify_wrote_is_recorded(migrated):
    rec = recorded_dockerfiles(migrated)
    assert sorted(rec) == ["api-gateway/Dockerfile", "customers-service/Dockerfile", "visits-service/Dockerfile"]
    assert all(sha((migrated / rel).read_bytes()) == digest for rel, digest in rec.items())


@pytest.mark.parametrize("older_record", ["no inputs line", "other templates"])
def test_an_unedited_dockerfile_follows_its_template(migrated, older_record):
    # as an older meshify would have left it: other bytes, recorded as written, from other templates
    # (or from before the inputs were recorded)
    df = migrated / "visits-service/Dockerfile"
    current = df.read_bytes()
    older = current.replace(b"FROM eclipse-temurin:", b"FROM  eclipse-temurin:")
    df.write_bytes(older)
    sums = migrated / "k8s/base" / CHECKSUMS
    lines = sums.read_text().replace(sha(current), sha(older)).splitlines()
    if older_record == "no inputs line":
        lines = [line for line in lines if not line.startswith("# dockerfile-inputs ")]
    else:
        lines = [f"# dockerfile-inputs {'0' * 64} visits-service/Dockerfile" if line.endswith(" visits-service/Dockerfile") and line.startswith("# dockerfile-inputs ") else line for line in lines]
    sums.write_text("\n".join(lines) + "\n")
    plan = build_plan(migrated, "springcloud", Options())
    assert {c.path: c.new for c in plan.changes}.get("visits-service/Dockerfile") == current
    plan.apply()
    assert build_plan(migrated, "springcloud", Options()).empty


def test_a_check_renders_no_dockerfile_whose_inputs_are_unchanged(migrated, monkeypatch):
    """The commit-hook case: the Dockerfiles' templates and values are those recorded, the files as written."""
    from generator.manifests import dockerfile, render

    def refuse(*a, **k):
        raise AssertionError("rendered a Dockerfile whose inputs did not change")

    monkeypatch.setattr(dockerfile, "render_context", refuse)
    monkeypatch.setattr(render, "_dockerfile_template", refuse)
    assert build_plan(migrated, "springcloud", Options()).empty
    # a changed value (the port the image exposes) renders it again
    monkeypatch.undo()
    props = migrated / "visits-service/src/main/resources/application.properties"
    props.write_text(props.read_text().replace("server.port=8082", "server.port=8092"))
    plan = build_plan(migrated, "springcloud", Options())
    new = {c.path: c.new for c in plan.changes}.get("visits-service/Dockerfile")
    assert new is not None and b"EXPOSE 8092" in new and b"8082" not in new


def test_a_module_no_longer_deployed_loses_its_dockerfile_unless_edited(sc_sample):
    main_class = next((sc_sample / "visits-service/src/main/java").rglob("*Application.java"))
    build_plan(sc_sample, "springcloud", Options()).apply()
    edited = sc_sample / "customers-service/Dockerfile"
    edited.write_bytes(edited.read_bytes() + b"# our own layer\n")
    main_class.unlink()  # visits-service becomes a library: nothing deploys it any more
    plan = build_plan(sc_sample, "springcloud", Options())
    deleted = {c.path for c in plan.changes if c.kind == "delete"}
    assert "visits-service/Dockerfile" in deleted
    assert "customers-service/Dockerfile" not in {c.path for c in plan.changes}  # edited: the user's now
    plan.apply()
    assert not (sc_sample / "visits-service/Dockerfile").exists()
    assert edited.read_bytes().endswith(b"# our own layer\n")
    assert "visits-service/Dockerfile" not in recorded_dockerfiles(sc_sample)
    assert "customers-service/Dockerfile" not in recorded_dockerfiles(sc_sample)
    assert build_plan(sc_sample, "springcloud", Options()).empty


# --- files meshify writes beside k8s/base: secret templates and addons

def recorded_others(root) -> dict[str, str]:
    lines = (root / "k8s/base" / CHECKSUMS).read_text().splitlines()
    return {rel: digest for _, _, digest, rel in (l.split(" ", 3) for l in lines if l.startswith("# generated "))}


def test_a_secret_template_no_longer_needed_is_deleted(migrated):
    example = migrated / "k8s/secrets/visits-service-secret.example.yaml"
    assert recorded_others(migrated) == {"secrets/visits-service-secret.example.yaml": sha(example.read_bytes())}
    served = migrated / "config-server/src/main/resources/shared/visits-service.yml"
    served.write_text(served.read_text().replace("password: s3cret", "pool-size: 4"))  # nothing secret served any more
    plan = build_plan(migrated, "springcloud", Options())
    assert {c.path: c.kind for c in plan.changes}.get("k8s/secrets/visits-service-secret.example.yaml") == "delete"
    plan.apply()
    assert not example.exists() and recorded_others(migrated) == {}
    assert build_plan(migrated, "springcloud", Options()).empty


def test_an_addon_goes_when_its_option_is_dropped_unless_edited(sc_sample, capsys):
    assert main(["springcloud", str(sc_sample), "--allow-dirty", "--expose-east-west", "--expose-kiali", "gateway", "--kiali-host", "kiali.example.com", "-q"]) == 0
    addons = sorted(str(p.relative_to(sc_sample / "k8s")) for p in (sc_sample / "k8s/addons").rglob("*") if p.is_file())
    assert addons and set(addons) == set(recorded_others(sc_sample)) - {"secrets/visits-service-secret.example.yaml"}
    assert main(["springcloud", str(sc_sample), "--check", "-q", "--expose-east-west", "--expose-kiali", "gateway", "--kiali-host", "kiali.example.com"]) == 0
    kiali = next(p for p in (sc_sample / "k8s/addons/kiali").rglob("*.yaml"))
    kiali.write_text(kiali.read_text() + "# our change\n")
    before = snapshot(sc_sample)
    # the east-west addon is dropped; the edited Kiali file is a hand edit: nothing is written without --force
    assert main(["springcloud", str(sc_sample), "--allow-dirty", "--expose-kiali", "gateway", "--kiali-host", "kiali.example.com"]) == 4
    assert f"{kiali.relative_to(sc_sample)}: edited by hand" in capsys.readouterr().err
    assert snapshot(sc_sample) == before
    kiali.write_text(kiali.read_text().replace("# our change\n", ""))
    assert main(["springcloud", str(sc_sample), "--allow-dirty", "--expose-kiali", "gateway", "--kiali-host", "kiali.example.com", "-q"]) == 0
    assert not (sc_sample / "k8s/addons/east-west").exists() and (sc_sample / "k8s/addons/kiali").is_dir()
    assert main(["springcloud", str(sc_sample), "--allow-dirty", "-q"]) == 0
    assert not (sc_sample / "k8s/addons").exists()
    assert main(["springcloud", str(sc_sample), "--check", "-q"]) == 0
