"""The linters platform teams run, applied to what meshify generates.

Every sample under ``samples/`` is migrated (the migration is the sample name's first
word: ``springcloud-finchley`` -> ``meshify springcloud``), its default overlay is built
with ``kubectl kustomize``, and the result is judged by kube-score, checkov and (when
built) istioctl. The tools come from ``.ci/tools.sh`` (``MESHIFY_TOOLS_DIR``).

ALLOWED_CHECKOV_FAILURES below is the only list of checkov failures meshify accepts.

Run as a script to print the table in docs/linters.md, or istioctl's messages:

    .venv/bin/python -m tests.judges > docs/linters.md
    .venv/bin/python -m tests.judges istioctl        # what .ci/istioctl-analyze runs
"""
from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Callable

import yaml

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
TOOLS_DIR = Path(os.environ.get("MESHIFY_TOOLS_DIR", Path.home() / ".cache" / "meshify-tools"))
MIGRATIONS = ("springcloud", "dubbo")


# ---------------------------------------------------------------------------------------
# The accepted checkov failures: each with the reason and the only resources it may hit.
# ---------------------------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Allowed:
    reason: str
    applies: Callable[["Workload"], bool]


@dataclasses.dataclass(frozen=True)
class Workload:
    """What the exceptions need to know about one Deployment of a generated set."""
    kind: str
    namespace: str
    name: str
    api_caller: bool          # its ServiceAccount is bound to a Role: it reads the Kubernetes API
    spring_boot: tuple[int, ...] | None
    istio_agent: bool = False  # injected with grpc-agent (proxyless Dubbo): the agent presents the token to istiod


ALLOWED_CHECKOV_FAILURES: dict[str, Allowed] = {
    "CKV_K8S_43": Allowed(
        "Image referenced by digest: the digest is unknown until the user builds and pushes the "
        "image; meshify pins the tag (the overlay's images: entry is where a digest goes).",
        lambda w: True,
    ),
    "CKV_K8S_38": Allowed(
        "Service account token mounted: only for pods that call the API server (Spring Cloud "
        "Kubernetes discovery and config), i.e. whose ServiceAccount a generated RoleBinding "
        "authorises, and proxyless Dubbo pods, whose Istio agent (grpc-agent) proves the pod's identity "
        "to istiod with it; every other pod has automountServiceAccountToken: false.",
        lambda w: w.api_caller or w.istio_agent,
    ),
    "CKV_K8S_35": Allowed(
        "Secrets as environment variables: Spring Boot before 2.4 cannot read a config tree "
        "(spring.config.import: configtree:), so the secret reaches it as an environment variable.",
        lambda w: w.spring_boot is not None and w.spring_boot < (2, 4),
    ),
}


# ---------------------------------------------------------------------------------------
# Samples and their generated sets
# ---------------------------------------------------------------------------------------

def samples() -> list[tuple[str, str]]:
    """(sample, migration) for every sample: a folder under samples/ with a pom.xml, or, for a
    folder of standalone projects, each project in it ("springcloud-boot1/hello-service").
    The migration is the first word of the folder's name."""
    out = []
    for d in sorted(p for p in SAMPLES.iterdir() if p.is_dir()):
        migration = d.name.split("-", 1)[0]
        if migration not in MIGRATIONS:
            raise ValueError(f"samples/{d.name}: the name must start with one of {MIGRATIONS} and a dash")
        projects = [d] if (d / "pom.xml").is_file() else sorted(p for p in d.iterdir() if (p / "pom.xml").is_file())
        if not projects:
            raise ValueError(f"samples/{d.name}: no pom.xml in it or in its folders")
        out += [(p.relative_to(SAMPLES).as_posix(), migration) for p in projects]
    return out


class NothingToDeploy(Exception):
    """The project is only a registry that the migration retires (a standalone Eureka server)."""


@dataclasses.dataclass
class GeneratedSet:
    sample: str
    migration: str
    repo: Path
    yaml_path: Path
    docs: list[dict]
    report: dict

    def workloads(self) -> list[Workload]:
        bound = set()
        for d in self.docs:
            if d["kind"] in ("RoleBinding", "ClusterRoleBinding"):
                for s in d.get("subjects") or []:
                    if s.get("kind") == "ServiceAccount":
                        bound.add((s.get("namespace") or d["metadata"].get("namespace"), s["name"]))
        boot = self.report.get("facts", {}).get("spring_boot")
        boot_v = tuple(int(x) for x in boot.split(".")[:2] if x.isdigit()) if boot else None
        out = []
        for d in self.docs:
            if d["kind"] == "Deployment":
                ns = d["metadata"].get("namespace", "default")
                sa = d["spec"]["template"]["spec"].get("serviceAccountName", "default")
                annotations = d["spec"]["template"].get("metadata", {}).get("annotations") or {}
                agent = annotations.get("inject.istio.io/templates") == "grpc-agent"
                out.append(Workload("Deployment", ns, d["metadata"]["name"], (ns, sa) in bound, boot_v, agent))
        return out


def generate(sample: str, migration: str, workdir: Path, flags: tuple[str, ...] = ()) -> GeneratedSet:
    """Migrate a copy of the sample (with meshify's ``flags``) and build its default overlay."""
    repo = workdir / sample
    repo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES / sample, repo, ignore=shutil.ignore_patterns("target"))
    report = workdir / f"{sample.replace('/', '-')}.report.json"
    r = subprocess.run([sys.executable, "-m", "generator.cli", migration, str(repo), "--report", str(report), *flags],
                       capture_output=True, text=True, cwd=ROOT, timeout=300)
    if r.returncode != 0:
        raise RuntimeError(f"meshify {migration} samples/{sample} failed ({r.returncode}):\n{r.stderr}")
    overlay = repo / "k8s" / "overlays" / "default"
    if not overlay.is_dir() and "eureka-server</artifactId>" in (repo / "pom.xml").read_text():
        raise NothingToDeploy(f"samples/{sample} is a Eureka server: meshify retires it and deploys nothing")
    if not overlay.is_dir():
        raise RuntimeError(f"meshify {migration} generated no manifests for samples/{sample} (no deployable service?):\n"
                           f"{r.stderr[-3000:]}")
    built = subprocess.run(["kubectl", "kustomize", str(overlay)],
                           capture_output=True, text=True, timeout=120)
    if built.returncode != 0:
        raise RuntimeError(f"kubectl kustomize failed for samples/{sample}:\n{built.stderr}")
    out = workdir / f"{sample.replace('/', '-')}.yaml"
    out.write_text(built.stdout)
    docs = [d for d in yaml.safe_load_all(built.stdout) if d]
    return GeneratedSet(sample, migration, repo, out, docs, json.loads(report.read_text()))


def generated_sets(tmp_path_factory):
    """``get(sample, migration)``: each sample migrated once (for a fixture of the caller's scope);
    a sample with nothing to deploy skips the test that asks for it, with the reason."""
    import pytest

    cache: dict[tuple, GeneratedSet | NothingToDeploy] = {}

    def get(sample: str, migration: str, flags: tuple[str, ...] = ()) -> GeneratedSet:
        key = (sample, flags)
        if key not in cache:
            try:
                cache[key] = generate(sample, migration, tmp_path_factory.mktemp(sample.replace("/", "-")), flags)
            except NothingToDeploy as e:
                cache[key] = e
        found = cache[key]
        if isinstance(found, NothingToDeploy):
            pytest.skip(str(found))
        return found
    return get


# ---------------------------------------------------------------------------------------
# The judges
# ---------------------------------------------------------------------------------------

def tool(name: str) -> str | None:
    for cand in (TOOLS_DIR / "bin" / name,):
        if cand.is_file() and os.access(cand, os.X_OK):
            return str(cand)
    return shutil.which(name)


def kube_score(path: Path) -> list[str]:
    """kube-score's CRITICAL findings, one line each (empty when none)."""
    exe = tool("kube-score")
    if exe is None:
        raise FileNotFoundError("kube-score (run .ci/tools.sh lint)")
    r = subprocess.run([exe, "score", "--output-format", "ci", str(path)], capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"kube-score failed ({r.returncode}): {r.stderr}")
    return [line for line in r.stdout.splitlines() if line.startswith("[CRITICAL]")]


@dataclasses.dataclass
class CheckovResult:
    passed: int
    failed: list[dict]            # every failed check: check_id, check_name, resource

    def unexpected(self, workloads: list[Workload]) -> list[str]:
        """Failures not covered by ALLOWED_CHECKOV_FAILURES, as readable lines."""
        by_resource = {f"{w.kind}.{w.namespace}.{w.name}": w for w in workloads}
        out = []
        for f in self.failed:
            allowed = ALLOWED_CHECKOV_FAILURES.get(f["check_id"])
            w = by_resource.get(f["resource"])
            if allowed and (w is not None or f["check_id"] == "CKV_K8S_43") and allowed.applies(w):
                continue
            out.append(f"{f['check_id']} {f['resource']}: {f['check_name']}")
        return out


def checkov(path: Path) -> CheckovResult:
    exe = tool("checkov")
    if exe is None:
        raise FileNotFoundError("checkov (run .ci/tools.sh lint)")
    env = {**os.environ, "BC_SKIP_MAPPING": "TRUE", "CHECKOV_RUN_SCA_PACKAGE_SCAN_V2": "false", "LOG_LEVEL": "WARNING"}
    r = subprocess.run([exe, "-f", str(path), "--framework", "kubernetes", "-o", "json", "--skip-download", "--compact"],
                       capture_output=True, text=True, timeout=600, env=env)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"checkov failed ({r.returncode}): {r.stderr[-2000:]}")
    data = json.loads(r.stdout)
    if isinstance(data, list):
        data = next(d for d in data if d.get("check_type") == "kubernetes")
    if "results" not in data:  # nothing scanned
        raise RuntimeError(f"checkov scanned nothing in {path}: {r.stdout[:500]}")
    failed = [{"check_id": f["check_id"], "check_name": f["check_name"], "resource": f["resource"]}
              for f in data["results"]["failed_checks"]]
    return CheckovResult(passed=len(data["results"]["passed_checks"]), failed=failed)


def istioctl_analyze(path: Path) -> list[str]:
    """istioctl analyze's messages for the set (no cluster), one line each."""
    exe = tool("istioctl")
    if exe is None:
        raise FileNotFoundError("istioctl (run .ci/tools.sh istioctl)")
    r = subprocess.run([exe, "analyze", "--use-kube=false", "-A", "--failure-threshold", "Info", str(path)],
                       capture_output=True, text=True, timeout=300)
    text = (r.stdout + r.stderr).strip()
    lines = [ln for ln in text.splitlines() if ln.startswith(("Error", "Warning", "Info"))]
    if r.returncode != 0 and not lines:
        raise RuntimeError(f"istioctl analyze failed ({r.returncode}): {text[-2000:]}")
    return lines


# ---------------------------------------------------------------------------------------
# The table in docs/linters.md
# ---------------------------------------------------------------------------------------

# Sets generated with options that change the manifests: judged like the samples' default sets.
VARIANTS: list[tuple[str, str, tuple[str, ...]]] = [
    ("dubbo-nacos-catalog", "dubbo", ("--mode", "proxyless")),
    ("springcloud-eureka", "springcloud", ("--istio-version", "1.14")),
]


def judged_sets() -> list[tuple[str, str, tuple[str, ...]]]:
    """(sample, migration, flags): every sample's default set, then the VARIANTS."""
    return [(s, m, ()) for s, m in samples()] + VARIANTS


def set_label(sample: str, migration: str, flags: tuple[str, ...]) -> str:
    return f"`samples/{sample}` (`meshify {' '.join((migration, *flags))}`)"


def table() -> str:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, (sample, migration, flags) in enumerate(judged_sets()):
            label = set_label(sample, migration, flags)
            try:
                gs = generate(sample, migration, Path(tmp) / str(i), flags)
            except NothingToDeploy:
                rows.append(f"| {label} | a Eureka server: retired, nothing to deploy | | | | | |")
                continue
            except RuntimeError as e:
                reason = str(e).splitlines()[0].replace(f" for samples/{sample}", "").rstrip(":")
                rows.append(f"| {label} | {reason} | | | | | |")
                continue
            crit = kube_score(gs.yaml_path)
            ck = checkov(gs.yaml_path)
            ids = sorted({f["check_id"] for f in ck.failed})
            unexpected = ck.unexpected(gs.workloads())
            istio = "not run (istioctl not built)"
            if tool("istioctl"):
                istio = str(len(istioctl_analyze(gs.yaml_path)))
            rows.append(f"| {label} | {len(gs.docs)} | {len(crit)} | "
                        f"{len(ck.failed)} / {ck.passed} | {', '.join(ids) or '-'} | {len(unexpected)} | {istio} |")
    head = [
        "# Linters on the generated manifests",
        "",
        "Each sample is migrated (and some again with options that change the manifests) and its default",
        "overlay built (`kubectl kustomize k8s/overlays/default`);",
        "the result is judged by kube-score, checkov (Kubernetes framework) and",
        "`istioctl analyze --use-kube=false -A --failure-threshold Info`. Produced by",
        "`.venv/bin/python -m tests.judges > docs/linters.md` (tools from `.ci/tools.sh lint` and `.ci/tools.sh istioctl`);",
        "the `lint` tests fail on any kube-score CRITICAL or any checkov failure outside the accepted list.",
        "",
        "| generated set | objects | kube-score CRITICAL | checkov failed / passed | failed checks | failed outside the accepted list | `istioctl analyze` messages |",
        "|---|---|---|---|---|---|---|",
    ]
    allowed = ["", "Accepted checkov failures (`ALLOWED_CHECKOV_FAILURES` in `tests/judges.py`, the only place they are listed):", ""]
    for cid, a in ALLOWED_CHECKOV_FAILURES.items():
        allowed.append(f"- **{cid}**: {a.reason}")
    return "\n".join(head + rows + allowed) + "\n"


def analyze_all() -> int:
    """istioctl analyze on every sample's set; prints the messages, returns 1 if there are any."""
    found = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (sample, migration, flags) in enumerate(judged_sets()):
            label = set_label(sample, migration, flags).replace("`", "")
            try:
                gs = generate(sample, migration, Path(tmp) / str(i), flags)
            except NothingToDeploy as e:
                print(f"{label}: {e}")
                continue
            except RuntimeError as e:
                print(f"{label}: not analyzed: {str(e).splitlines()[0]}")
                found += 1
                continue
            msgs = istioctl_analyze(gs.yaml_path)
            found += len(msgs)
            print(f"{label}: {len(msgs)} message(s)")
            for m in msgs:
                print(f"  {m}")
    return 1 if found else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["istioctl"]:
        sys.exit(analyze_all())
    sys.stdout.write(table())
