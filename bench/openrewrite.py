"""Side by side with OpenRewrite: its dry run of a three-rule Eureka recipe vs ``meshify springcloud --dry-run``.

    .venv/bin/python bench/openrewrite.py                  # a synthetic 20-module repository (bench/synth.py)
    .venv/bin/python bench/openrewrite.py --modules 100 --plugin-version 6.8.0
    .venv/bin/python bench/openrewrite.py --repo ~/src/some-spring-cloud-repo

Needs Maven and network access (the rewrite-maven-plugin, its recipes and the repository's
dependencies come from Maven Central), so it is optional and never part of CI.

The recipe (written to ``rewrite.yml`` in a scratch copy of the repository) does three of the
many things a meshify migration does: the Eureka client starter becomes the Spring Cloud
Kubernetes client starter, ``@EnableEurekaClient`` goes, and the ``eureka`` YAML block goes.
meshify's dry run does the whole migration, Kubernetes and Istio manifests included.

Each tool runs once to warm up (downloads, page cache), then ``--repeats`` times on fresh copies;
the figures are the medians of the child's wall time, cpu time (user + sys) and peak RSS
(``os.wait4`` of the child: the JVM that ``mvn`` execs, or meshify).
"""
from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402
from run import machine, meshify_cmd  # noqa: E402

RECIPE = "meshify.bench.EurekaToKubernetes"
REWRITE_YML = f"""\
type: specs.openrewrite.org/v1beta/recipe
name: {RECIPE}
displayName: Eureka client to Spring Cloud Kubernetes (three rules)
recipeList:
  - org.openrewrite.maven.ChangeDependencyGroupIdAndArtifactId:
      oldGroupId: org.springframework.cloud
      oldArtifactId: spring-cloud-starter-netflix-eureka-client
      newGroupId: org.springframework.cloud
      newArtifactId: spring-cloud-starter-kubernetes-client
  - org.openrewrite.java.RemoveAnnotation:
      annotationPattern: '@org.springframework.cloud.netflix.eureka.EnableEurekaClient'
  - org.openrewrite.yaml.DeleteKey:
      keyPath: $.eureka
"""


def timed(cmd: list[str], cwd: Path, log: Path) -> tuple[float, float, float, int]:
    """(wall s, cpu s, peak RSS MB, exit code) of one child; its output goes to ``log``."""
    with open(log, "ab") as out:
        t0 = time.perf_counter()
        p = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"})
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
    return wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def fresh(src: Path, work: Path, tag: str) -> Path:
    dst = work / tag
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst, symlinks=True, ignore=shutil.ignore_patterns("target", ".git"))
    (dst / "rewrite.yml").write_text(REWRITE_YML)
    return dst


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repo", type=Path, help="a Spring Cloud Maven repository (default: a synthetic one)")
    ap.add_argument("--modules", type=int, default=20, help="modules of the synthetic repository (default 20)")
    ap.add_argument("--plugin-version", default="6.8.0", help="org.openrewrite.maven:rewrite-maven-plugin version")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--mvn", default=shutil.which("mvn") or "mvn")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="meshify-openrewrite-") as tmp:
        work = Path(tmp)
        src = work / "src"
        if args.repo:
            shutil.copytree(args.repo, src, symlinks=True, ignore=shutil.ignore_patterns("target", ".git", "k8s"))
            what = f"{args.repo.name} ({synth.count_modules(src)} modules)"
        else:
            synth.generate("springcloud", src, args.modules)
            what = f"synthetic springcloud repository, {synth.count_modules(src)} modules (bench/synth.py)"
        log = work / "openrewrite.log"
        rewrite = [args.mvn, "-B", "-ntp", f"org.openrewrite.maven:rewrite-maven-plugin:{args.plugin_version}:dryRun",
                   f"-Drewrite.activeRecipes={RECIPE}"]
        mesh = meshify_cmd() + ["springcloud"]
        rows = []
        for name, cmd in (("OpenRewrite rewrite:dryRun (3 rules)", rewrite), ("meshify springcloud --dry-run (whole migration)", None)):
            runs = []
            for i in range(args.repeats + 1):  # the first run warms up (Maven downloads) and is not counted
                repo = fresh(src, work, "run")
                # an absolute recipe location: a relative one is read from each module's folder
                full = cmd + [f"-Drewrite.configLocation={repo / 'rewrite.yml'}"] if cmd else mesh + [str(repo), "--dry-run", "-q"]
                wall, cpu, rss, rc = timed(full, repo, log)
                ok = rc == 0 and (cmd is None or (repo / "target" / "rewrite" / "rewrite.patch").exists())
                if not ok:
                    tail = log.read_text(errors="replace").strip().splitlines()[-25:]
                    print(f"{name} failed (exit {rc}); last lines of its output:", *tail, sep="\n", file=sys.stderr)
                    return 3
                if i:
                    runs.append((wall, cpu, rss))
            rows.append((name, *(statistics.median(r[i] for r in runs) for i in range(3))))
        mvn_version = subprocess.run([args.mvn, "-B", "-v"], capture_output=True, text=True).stdout.splitlines()[:1]
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[:1]

    print(f"OpenRewrite side by side, {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {machine()}")
    print(f"repository: {what}; rewrite-maven-plugin {args.plugin_version}; {' '.join(mvn_version)}; "
          f"{' '.join(java)}; warm, median of {args.repeats}")
    print()
    print("| tool | wall (s) | cpu (s) | peak RSS (MB) |")
    print("|---|---:|---:|---:|")
    for name, wall, cpu, rss in rows:
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
