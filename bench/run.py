"""meshify benchmark: wall time and peak memory against a parse floor.

    .venv/bin/python bench/run.py            # full: 10, 100, 1000 modules (a few minutes)
    .venv/bin/python bench/run.py --quick    # CI: 10 and 100 modules, < 60 s, exit 1 on a 10x regression
    .venv/bin/python bench/run.py --generate springcloud 100 /tmp/sc100   # just write a repository

For each migration (springcloud, dubbo) and size it generates a synthetic
repository (bench/synth.py), then times on fresh copies (every one kept until
the end: see fresh_copy; about 1.5 GB for the full run):

* ``dry-run``: ``meshify <m> REPO --dry-run -q`` on the pristine repository;
* ``apply``:   ``meshify <m> REPO --allow-dirty -q`` on the pristine repository;
* ``check``:   ``meshify <m> REPO --check -q`` on a repository migrated by an
  earlier (untimed) apply: the commit-hook case.

Beside each figure it times the floor (bench/floor.py: the same interpreter
reading and parsing the same files with lxml / ruamel.yaml and doing nothing
else) on the same repository state, and for start-up ``meshify --version``
against ``python -c pass``. An apply is also set beside the write floor
(bench/write_floor.py: the files that apply wrote, written plainly into a fresh
copy): its note splits the apply's ratio into the file system's part and the
rest; the targets stay ratios to the parse floor. Each figure is the median of the repeats; peak
memory is the child's max RSS from ``os.wait4`` (the rusage of that one child).

--quick compares the medians with the generous absolute limits in LIMITS and
with the targets (TARGETS: ratios to the floor, start-up overhead) and exits 1
only if a figure is more than REGRESSION_FACTOR (10x) over its limit or target.
A meshify run with an unexpected exit code is reported as an error (exit 3);
a migration whose command is not available at all (``meshify dubbo`` while it
is being written) is reported as skipped and does not fail the run.
"""
from __future__ import annotations

import argparse
import itertools
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import synth  # noqa: E402

PY = sys.executable
FLOOR = str(HERE / "floor.py")
WRITE_FLOOR = str(HERE / "write_floor.py")

# Generous absolute limits (wall seconds, peak RSS MB) for --quick, about 2-3x what meshify 0.1.0
# takes on a 2-vCPU Xeon VM (docs/performance.md). --quick fails only above REGRESSION_FACTOR x
# these, i.e. on a tenfold regression, so a busy CI runner does not flap. Lower them when
# meshify gets faster (the targets in docs/performance.md are much tighter).
REGRESSION_FACTOR = 10
LIMITS = {
    ("startup", 0, "version"): (0.15, 40),
}
for _mig in ("springcloud", "dubbo"):
    for _mode in ("dry-run", "apply", "check"):
        LIMITS[(_mig, 10, _mode)] = (1.5, 100)
        LIMITS[(_mig, 100, _mode)] = (6.0, 120)

# The targets (docs/performance.md), as ratios measured within one run: meshify / floor.
TARGETS = {
    "startup_ms": 60,      # `meshify --version` minus `python -c pass`
    "first_run": 4.0,      # dry-run and apply on a pristine repository, 100 and 1000 modules
    "first_run_rss": 3.0,  # their peak RSS / the floor's
    "check": 3.0,          # --check on a migrated repository, every size
    "growth": 11.0,        # 1000 modules / 100 modules, wall
}

FULL = {"sizes": (10, 100, 1000), "repeats": {10: 5, 100: 5, 1000: 3}, "startup": 10}
QUICK = {"sizes": (10, 100), "repeats": {10: 2, 100: 1}, "startup": 5}
MODES = ("dry-run", "apply", "check")
MODE_ARGS = {"dry-run": ["--dry-run", "-q"], "apply": ["--allow-dirty", "-q"], "check": ["--check", "-q"]}


@dataclass
class Sample:
    wall: float
    cpu: float  # user + sys seconds of the child: less sensitive to a busy machine than wall
    rss_mb: float
    rc: int
    stderr: str = ""


@dataclass
class Row:
    migration: str
    modules: int
    mode: str
    runs: list[Sample] = field(default_factory=list)
    floor: list[Sample] = field(default_factory=list)
    writes: list[Sample] = field(default_factory=list)  # apply: bench/write_floor.py, the same files written plainly
    files: int = 0  # apply: how many files it wrote or deleted
    note: str = ""

    def med(self, attr: str, which: str = "runs") -> float | None:
        xs = [getattr(s, attr) for s in getattr(self, which)]
        return statistics.median(xs) if xs else None


MESHIFY_SCRIPT: str | None = None  # --meshify: the console script to time (e.g. of a non-editable install)


def meshify_cmd() -> list[str]:
    if MESHIFY_SCRIPT:
        return [MESHIFY_SCRIPT]
    script = Path(PY).parent / "meshify"
    if script.is_file():
        return [str(script)]
    return [PY, "-c", "import sys; from generator.cli import main; sys.argv[0] = 'meshify'; sys.exit(main())"]


def timed(cmd: list[str], cwd: str | None = None) -> Sample:
    """Run one child; wall time and that child's peak RSS (os.wait4 rusage)."""
    # PYTHONDONTWRITEBYTECODE would make every run compile meshify's modules from source again (~0.1 s);
    # an installed meshify has its bytecode (pip compiles it), and the warm-up runs write it here
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**env, "NO_COLOR": "1"})
    # stderr is small (-q); read it after the exit so the pipe cannot block a chatty child
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace") if p.stderr else ""
    p.stderr.close()
    p.returncode = os.waitstatus_to_exitcode(status)
    return Sample(wall, ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024.0, p.returncode, err)


_COPIES = itertools.count()


def fresh_copy(src: Path, work: Path, tag: str) -> Path:
    """A new copy under its own name. Nothing is deleted until the whole benchmark is over: on an ext4
    without a journal the kernel will not reuse an inode freed less than 60 s ago (360 s while its inode
    table block is unwritten), and skips such inodes one by one on every file it creates; deleting the
    last run's 16,000 files before an apply of 1,000 modules made that apply 5.5 s instead of 3.2 s."""
    dst = work / f"{tag}-{next(_COPIES)}"
    shutil.copytree(src, dst, symlinks=True)
    return dst


def bench_startup(n: int) -> Row:
    row = Row("startup", 0, "version")
    cmd = meshify_cmd() + ["--version"]
    # bare Python is the interpreter the console script runs (its shebang), e.g. a scratch venv's
    first = Path(cmd[0]).read_text(errors="replace").split("\n", 1)[0] if Path(cmd[0]).is_file() else ""
    python = first[2:].strip() if first.startswith("#!") and " " not in first[2:].strip() else PY
    timed(cmd)  # warm the page cache and .pyc files
    timed([python, "-c", "pass"])
    for _ in range(n):
        row.runs.append(timed(cmd))
        row.floor.append(timed([python, "-c", "pass"]))
    return row


def bench_migration(migration: str, size: int, repeats: int, work: Path, log, probe: bool = False) -> list[Row]:
    """dry-run and apply on fresh copies of the pristine repository; the first apply's
    result is the migrated state that --check then runs on (fresh copies again)."""
    pristine = work / f"{migration}-{size}-pristine"
    synth.generate(migration, pristine, size)
    mesh = meshify_cmd() + [migration]
    migrated = work / f"{migration}-{size}-migrated"
    writes = work / f"{migration}-{size}-writes.pickle"
    timed([PY, FLOOR, str(pristine)])  # warm the page cache and the .pyc files
    rows = []
    for mode in MODES:
        row = Row(migration, size, mode)
        rows.append(row)
        src = migrated if mode == "check" else pristine
        if not src.exists():
            row.note = "skipped: no migrated repository (apply failed)"
            continue
        for r in range(repeats):
            repo = fresh_copy(src, work, "run")
            s = timed(mesh + [str(repo)] + MODE_ARGS[mode])
            row.runs.append(s)
            if s.rc == 0 or (mode == "check" and s.rc == 1):
                if mode == "check" and s.rc == 1:
                    row.note = "check exit 1: not idempotent (a second run would change files)"
                if mode == "apply" and not migrated.exists():
                    repo.rename(migrated)
                    # in a child: the bench's own memory is every later child's floor of peak RSS
                    listed = subprocess.run([PY, WRITE_FLOOR, "--list", str(pristine), str(migrated), str(writes)],
                                            capture_output=True, text=True, check=True)
                    row.files = int(listed.stdout.split()[0])
            elif probe and mode == "dry-run" and r == 0:  # the command itself is not there (yet)
                row.note = f"skipped: meshify {migration} failed (rc={s.rc}): {last_line(s.stderr)}"
                return [row]
            else:
                row.note = f"error rc={s.rc}: {last_line(s.stderr)}"
            # the floor parses the same input state the meshify run read
            f = timed([PY, FLOOR, str(src)])
            if f.rc != 0:
                raise SystemExit(f"floor failed on {src}: {f.stderr}")
            row.floor.append(f)
            if mode == "apply" and writes.exists():
                w = timed([PY, WRITE_FLOOR, str(writes), str(fresh_copy(pristine, work, "write"))])
                if w.rc != 0:
                    raise SystemExit(f"write floor failed on {pristine}: {w.stderr}")
                row.writes.append(w)
        log(fmt_row(row))
    writes.unlink(missing_ok=True)
    return rows  # the copies stay until the end of the benchmark (fresh_copy)


def disk_used(d: Path) -> int:
    """Bytes of the files under ``d`` (their allocated blocks)."""
    total = 0
    for dirpath, _, filenames in os.walk(d):
        for name in filenames:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_blocks * 512
            except OSError:
                pass
    return total


def last_line(text: str) -> str:
    lines = [l for l in text.strip().splitlines() if l.strip()]
    return lines[-1][:160] if lines else ""


HEADER = (
    "| migration | modules | mode | runs | wall (s) | cpu (s) | floor wall (s) | floor cpu (s) | x floor | x floor (cpu) "
    "| peak RSS (MB) | floor RSS (MB) | x floor | note |\n"
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"
)


def fmt_row(row: Row) -> str:
    if row.note.startswith("skipped"):
        return f"| {row.migration} | {row.modules} | {row.mode} | 0 | - | - | - | - | - | - | - | - | - | {row.note} |"
    w, fw = row.med("wall"), row.med("wall", "floor")
    m, fm = row.med("rss_mb"), row.med("rss_mb", "floor")
    mods = row.modules if row.modules else "-"
    label = "`meshify --version` vs `python -c pass`" if row.migration == "startup" else row.note
    if row.writes:
        ww = row.med("wall", "writes")
        label = "; ".join(x for x in (label, f"its {row.files} files written plainly: {ww:.3f} s ({ww / fw:.2f}x floor), "
                                              f"the rest {(w - ww) / fw:.2f}x") if x)
    extra = f"; +{(w - fw) * 1000:.0f} ms" if row.migration == "startup" else ""
    c, fc = row.med("cpu"), row.med("cpu", "floor")
    return (
        f"| {row.migration} | {mods} | {row.mode} | {len(row.runs)} | {w:.3f} | {c:.3f} | {fw:.3f} | {fc:.3f} | {w / fw:.2f} | "
        f"{c / fc if fc else float('nan'):.2f} | {m:.1f} | {fm:.1f} | {m / fm:.2f} | {label}{extra} |"
    )


def machine() -> str:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        mesh_version = subprocess.run(meshify_cmd() + ["--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        mesh_version = "?"
    try:
        load = "load average " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load = ""
    return (f"{mesh_version}; {load}; Python {platform.python_version()} ({PY}); {platform.system()} {platform.release()}; "
            f"nproc {os.cpu_count()}; CPU {cpu}; copies on {work_fs(tempfile.gettempdir())}")


def work_fs(path: str) -> str:
    """The file system the copies are made on: its type and mount point, and for ext4 whether it has a
    journal (without one, files created soon after many were deleted are slow to create: fresh_copy)."""
    path = os.path.realpath(path)
    dev, mnt, fstype = "", "", "?"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            d, m, t = line.split()[:3]
            m = m.replace("\\040", " ")
            if (path == m or path.startswith(m.rstrip("/") + "/")) and len(m) >= len(mnt):
                dev, mnt, fstype = d, m, t
    except (OSError, ValueError):
        return "?"
    jbd2 = Path("/proc/fs/jbd2")
    if fstype == "ext4" and jbd2.is_dir():
        name = os.path.basename(os.path.realpath(dev))
        if not any(p.name.startswith(f"{name}-") for p in jbd2.iterdir()):
            fstype += " without a journal"
    return f"{fstype} ({mnt})"


def _ok(met: bool) -> str:
    return "MET" if met else "NOT MET"


def _ratios(row: Row) -> tuple[float, float, float]:
    """(wall, cpu, peak RSS) of meshify over the floor's, medians."""
    return (row.med("wall") / row.med("wall", "floor"), row.med("cpu") / max(row.med("cpu", "floor"), 1e-9),
            row.med("rss_mb") / row.med("rss_mb", "floor"))


def target_checks(rows: list[Row]) -> list[tuple[str, float, float, str]]:
    """(target, measured, limit, detail) for every target the rows measure (wall ratios; cpu beside them)."""
    by = {(r.migration, r.modules, r.mode): r for r in rows if r.runs and not r.note.startswith(("skipped", "error"))}
    out = []
    st = by.get(("startup", 0, "version"))
    if st:
        d = (st.med("wall") - st.med("wall", "floor")) * 1000
        out.append(("start-up overhead over bare Python (ms)", d, TARGETS["startup_ms"],
                    f"{st.med('wall') * 1000:.0f} ms vs {st.med('wall', 'floor') * 1000:.0f} ms"))
    for (mig, size, mode), r in sorted(by.items(), key=lambda kv: (kv[0][0], kv[0][1], MODES.index(kv[0][2]) if kv[0][2] in MODES else 0)):
        if mig == "startup":
            continue
        w, c, m = _ratios(r)
        if mode == "check":
            out.append((f"{mig} {size} check x floor", w, TARGETS["check"], f"cpu {c:.2f}x"))
        elif size >= 100:
            detail = f"cpu {c:.2f}x"
            if r.writes:  # how much of it the file system's plain writes take (they move with the disk)
                detail += f"; plain writes {r.med('wall', 'writes') / r.med('wall', 'floor'):.2f}x"
            out.append((f"{mig} {size} {mode} x floor", w, TARGETS["first_run"], detail))
            out.append((f"{mig} {size} {mode} peak RSS x floor", m, TARGETS["first_run_rss"], f"{r.med('rss_mb'):.0f} MB"))
    for mig in ("springcloud", "dubbo"):
        for mode in MODES:
            a, b = by.get((mig, 100, mode)), by.get((mig, 1000, mode))
            if a and b:
                g, gc = b.med("wall") / a.med("wall"), b.med("cpu") / a.med("cpu")
                out.append((f"{mig} {mode} 1000 vs 100 modules", g, TARGETS["growth"], f"cpu {gc:.1f}x"))
    return out


def targets(rows: list[Row]) -> list[str]:
    return [f"{name}: {_ok(v <= limit)} ({v:.2f} <= {limit:g}; {detail})" for name, v, limit, detail in target_checks(rows)]


def regressions(rows: list[Row]) -> list[str]:
    out = []
    for r in rows:
        lim = LIMITS.get((r.migration, r.modules, r.mode))
        if not lim or not r.runs or r.note.startswith(("skipped", "error")):
            continue
        w, m = r.med("wall"), r.med("rss_mb")
        if w > REGRESSION_FACTOR * lim[0]:
            out.append(f"{r.migration} {r.modules} {r.mode}: {w:.2f} s > {REGRESSION_FACTOR} x {lim[0]} s")
        if m > REGRESSION_FACTOR * lim[1]:
            out.append(f"{r.migration} {r.modules} {r.mode}: {m:.0f} MB > {REGRESSION_FACTOR} x {lim[1]} MB")
    for name, v, limit, detail in target_checks(rows):
        if v > REGRESSION_FACTOR * limit:
            out.append(f"{name}: {v:.2f} > {REGRESSION_FACTOR} x the target {limit:g} ({detail})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="10 and 100 modules, 1-2 repeats (< 60 s); exit 1 on a 10x regression")
    ap.add_argument("--migrations", default="springcloud,dubbo", help="comma-separated: springcloud,dubbo")
    ap.add_argument("--sizes", help="comma-separated module counts (default 10,100,1000; --quick 10,100)")
    ap.add_argument("--repeats", type=int, help="repeats for every size (default 5/5/3; --quick 2/1)")
    ap.add_argument("--meshify", help="the meshify console script to time (default: the one beside this interpreter)")
    ap.add_argument("--startup-only", action="store_true", help="only time start-up (`meshify --version`, 20 runs)")
    ap.add_argument("--generate", nargs=3, metavar=("MIGRATION", "MODULES", "DIR"), help="only write a synthetic repository and exit")
    args = ap.parse_args(argv)

    if args.generate:
        kind, n, d = args.generate
        synth.generate(kind, Path(d), int(n))
        print(f"wrote a {kind} repository with {synth.count_modules(Path(d))} modules to {d}")
        return 0

    global MESHIFY_SCRIPT
    MESHIFY_SCRIPT = args.meshify
    cfg = QUICK if args.quick else FULL
    if args.startup_only:
        row = bench_startup(20)
        print(f"machine: {machine()}; script {meshify_cmd()[0]}")
        print(HEADER)
        print(fmt_row(row))
        for t in targets([row]):
            print(f"target: {t}")
        return 0
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else cfg["sizes"]
    migrations = [m.strip() for m in args.migrations.split(",") if m.strip()]

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    t_start = time.perf_counter()
    log(f"machine: {machine()}")
    log(HEADER)
    rows = [bench_startup(cfg["startup"])]
    log(fmt_row(rows[0]))
    with tempfile.TemporaryDirectory(prefix="meshify-bench-") as tmp:
        work = Path(tmp)
        for mig in migrations:
            for i, size in enumerate(sizes):
                reps = args.repeats or cfg["repeats"].get(size, 1)
                got = bench_migration(mig, size, reps, work, log, probe=i == 0)
                rows += got
                if got and got[0].note.startswith("skipped"):
                    log(fmt_row(got[0]))
                    break  # the command is not available; larger sizes would fail the same way
        log(f"copies kept until now: {disk_used(work) / 1e9:.2f} GB in {work}; deleting them")
    elapsed = time.perf_counter() - t_start

    print(f"meshify benchmark ({'quick' if args.quick else 'full'}), {elapsed:.0f} s")
    print(f"machine: {machine()}")
    print()
    print(HEADER)
    for r in rows:
        print(fmt_row(r))
    print()
    print("wall and RSS are medians; floor = bench/floor.py (same interpreter, same files parsed with lxml/ruamel, nothing else) "
          "on the same repository state; start-up floor = python -c pass")
    for t in targets(rows):
        print(f"target: {t}")

    errors = [r for r in rows if r.note.startswith("error")]
    for r in rows:
        if r.note.startswith("skipped"):
            print(f"note: {r.migration} {r.modules} {r.mode}: {r.note}")
    for r in errors:
        print(f"ERROR: {r.migration} {r.modules} {r.mode}: {r.note}")
    bad = regressions(rows)
    for b in bad:
        print(f"REGRESSION: {b}")
    if bad:
        return 1
    if errors:
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
