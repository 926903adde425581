"""Run a generated Dockerfile without a Docker engine.

The build stage's commands run for real (Maven included) on a copy of the repository in a
scratch folder; the runtime stage's files are laid out as its COPY lines say; its ENTRYPOINT
starts as the image's non-root user (setpriv), with the stage's ENV. Absolute paths of the
image (/src, /app, /x, /usr/local/tomcat) are mapped into the scratch folder; /tmp stays /tmp.

What the base images provide is stood in for:
- ``eclipse-temurin:N-jre``: the ``java`` on this machine;
- ``tomcat:<line>-...``: the Apache Tomcat distribution of that line from Maven Central
  (``org.apache.tomcat:tomcat:<version>:zip``), laid out as the official image does
  (an empty ``webapps/``, ``logs``, ``temp``, ``work`` world-writable, everything root's).
The runtime stage's RUN lines run as root on that stand-in, before its USER.

Read-only root filesystem: with ``volumes`` (the Deployment's emptyDir mount paths), every
folder of the image is made unwritable for the image's user, as ``readOnlyRootFilesystem``
makes it, and each volume is an empty folder it may write.

Ports: this machine is shared, so Tomcat's connector and the ports a test names are moved to
free ones; ``ports`` maps each declared port to the one it really listens on. A process
started in a network namespace of its own (``start(..., netns=...)``) keeps its declared ports.
"""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

# The Tomcat release of each line the Dockerfiles name, as published on Maven Central.
TOMCAT_DIST = {"9.0": "9.0.98", "10.1": "10.1.48"}
IMAGE_ROOTS = ("/usr/local/tomcat", "/src", "/app", "/x")


@dataclass
class Stage:
    base: str
    name: str | None
    steps: list[tuple[str, str]] = field(default_factory=list)


def parse(text: str) -> list[Stage]:
    lines, buf = [], ""
    for raw in text.splitlines():
        if not buf and (not raw.strip() or raw.lstrip().startswith("#")):
            continue
        if raw.rstrip().endswith("\\"):
            buf += raw.rstrip()[:-1]  # as Docker does: the escaped newline goes, the lines join
            continue
        lines.append(buf + raw)
        buf = ""
    stages: list[Stage] = []
    for line in lines:
        word, _, rest = line.strip().partition(" ")
        word = word.upper()
        if word == "FROM":
            parts = rest.split()
            stages.append(Stage(parts[0], parts[2] if len(parts) > 2 and parts[1].upper() == "AS" else None))
        else:
            stages[-1].steps.append((word, rest.strip()))
    return stages


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Scratch:
    """One stage's filesystem: the build stage's and the image's are two of them."""

    def __init__(self, parent: Path | None = None, name: str = "") -> None:
        if parent is None:
            # not under pytest's tmp_path: that is private to root, the app runs as another user
            self.root = Path(tempfile.mkdtemp(prefix="meshify-image-", dir="/tmp"))
        else:
            self.root = parent / name
            self.root.mkdir()
        self.root.chmod(0o755)

    def path(self, image_path: str) -> Path:
        for prefix in IMAGE_ROOTS:
            if image_path == prefix or image_path.startswith(prefix + "/"):
                return self.root / prefix.strip("/").replace("/", "_") / image_path[len(prefix):].lstrip("/")
        raise ValueError(f"{image_path}: not a path this runner maps")

    def sub(self, text: str) -> str:
        """The shell text with the image's absolute paths moved into the scratch folder."""
        pattern = r"(?<![\w./-])(" + "|".join(re.escape(p) for p in IMAGE_ROOTS) + r")(?=[/\s\"';:*]|$)"
        return re.sub(pattern, lambda m: str(self.path(m.group(1))), text)

    def cleanup(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def build(stage: Stage, repo: Path, scratch: Scratch, log: Path) -> None:
    """The build stage's WORKDIR, COPY and RUN lines, for real."""
    cwd = scratch.root
    for word, arg in stage.steps:
        if word == "WORKDIR":
            cwd = scratch.path(arg)
            cwd.mkdir(parents=True, exist_ok=True)
        elif word == "COPY":
            assert arg == ". .", f"unexpected build COPY {arg}"
            shutil.copytree(repo, cwd, dirs_exist_ok=True, ignore=shutil.ignore_patterns("target", ".git"))
        elif word == "RUN":
            cmd = re.sub(r"^(--mount=\S+\s+)+", "", arg)
            with log.open("ab") as fh:
                fh.write(f"$ {cmd}\n".encode())
                fh.flush()
                r = subprocess.run(["sh", "-c", scratch.sub(cmd)], cwd=cwd, stdout=fh, stderr=subprocess.STDOUT, timeout=900)
            if r.returncode != 0:
                raise AssertionError(f"build step failed ({r.returncode}): {cmd}\n{log.read_text()[-4000:]}")
        else:
            raise AssertionError(f"unexpected build instruction {word} {arg}")


@dataclass
class Runtime:
    argv: list[str]
    env: dict[str, str]
    cwd: Path
    user: tuple[int, int]
    exposed: list[int]
    ports: dict[int, int]  # declared -> where it listens here


def lay_out(stage: Stage, build_fs: Scratch, scratch: Scratch, remap: tuple[int, ...] = (),
            volumes: list[str] | None = None, own_network: bool = False) -> Runtime:
    """The runtime stage's files (``COPY --from=build`` out of ``build_fs``) and process, on the
    stand-in for its base image; with ``volumes``, its root filesystem read-only but for them."""
    env: dict[str, str] = {"PATH": os.environ["PATH"]}
    ports: dict[int, int] = {p: (p if own_network else free_port()) for p in remap}
    if stage.base.startswith("tomcat:"):
        line = stage.base.split(":", 1)[1].split("-", 1)[0]
        home = _tomcat(line, scratch)
        env["CATALINA_HOME"] = str(home)
        env["PATH"] = f"{home}/bin:{env['PATH']}"
        ports[8080] = 8080 if own_network else free_port()
        server = home / "conf" / "server.xml"
        xml = server.read_text()
        xml = xml.replace('port="8080"', f'port="{ports[8080]}"').replace('port="8005"', 'port="-1"')
        server.write_text(xml)
    cwd, user, exposed, argv = scratch.root, (0, 0), [], []
    for word, arg in stage.steps:
        if word == "WORKDIR":
            cwd = scratch.path(arg)
            cwd.mkdir(parents=True, exist_ok=True)
        elif word == "COPY":
            m = re.fullmatch(r"--from=build\s+(\S+)\s+(\S+)", arg)
            assert m, f"unexpected runtime COPY {arg}"
            src, dest = build_fs.path(m.group(1)), scratch.path(m.group(2))
            if src.is_dir():
                shutil.copytree(src, dest, dirs_exist_ok=True)
            else:
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dest)
        elif word == "ENV":
            for token in shlex.split(arg):
                k, _, v = token.partition("=")
                env[k] = v
        elif word == "USER":
            uid, _, gid = arg.partition(":")
            user = (int(uid), int(gid or uid))
        elif word == "EXPOSE":
            exposed = [int(p) for p in arg.split()]
        elif word == "ENTRYPOINT":
            argv = [scratch.sub(a) for a in json.loads(arg)]
        elif word == "RUN" and user == (0, 0):  # as the base image's root, in the image's folders
            r = subprocess.run(["sh", "-c", scratch.sub(arg)], cwd=cwd, env=env, capture_output=True, text=True, timeout=60)
            assert r.returncode == 0, f"runtime stage RUN failed ({r.returncode}): {arg}\n{r.stdout}{r.stderr}"
        else:
            raise AssertionError(f"unexpected runtime instruction {word} {arg}")
    if volumes is not None:
        read_only(scratch, volumes)
    return Runtime(argv, env, cwd, user, exposed, ports)


def read_only(scratch: Scratch, volumes: list[str]) -> None:
    """``readOnlyRootFilesystem``: no folder of the image is writable (not even the image's own
    world-writable ones); each emptyDir volume is an empty folder anyone may write. /tmp is this
    machine's."""
    for d in [scratch.root, *(p for p in scratch.root.rglob("*") if p.is_dir() and not p.is_symlink())]:
        d.chmod(d.stat().st_mode & ~0o222)
    for v in volumes:
        if v == "/tmp" or v.startswith("/tmp/"):
            continue
        d = scratch.path(v)
        if d.exists():
            shutil.rmtree(d)
        d.mkdir(parents=True)
        d.chmod(0o1777)


def start(rt: Runtime, log: Path, extra_java: str = "", env: dict[str, str] | None = None,
          netns: str | None = None) -> subprocess.Popen:
    """The entrypoint as the image's user; ``extra_java``: JVM flags for this shared machine (ports);
    ``env``: the Deployment's environment, over the image's; ``netns``: the pod's network namespace
    (and /etc/hosts, as ``ip netns exec`` mounts it)."""
    env = {**rt.env, **(env or {})}
    if extra_java:
        env["JAVA_TOOL_OPTIONS"] = f"{env.get('JAVA_TOOL_OPTIONS', '')} {extra_java}".strip()
    uid, gid = rt.user
    argv = ["setpriv", f"--reuid={uid}", f"--regid={gid}", "--clear-groups", "--", *rt.argv] if uid else rt.argv
    if netns:
        argv = ["ip", "netns", "exec", netns, *argv]
    fh = log.open("wb")
    return subprocess.Popen(argv, cwd=rt.cwd, env=env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)


def _tomcat(line: str, scratch: Scratch) -> Path:
    version = TOMCAT_DIST[line]
    # Maven puts it where its own settings say (user.home comes from the password database, not
    # $HOME): let it copy the zip out of its local repository rather than guess the path
    out = scratch.root / "tomcat-zip"
    subprocess.run(["mvn", "-q", "-B", "org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy",
                    f"-Dartifact=org.apache.tomcat:tomcat:{version}:zip", f"-DoutputDirectory={out}"],
                   check=True, capture_output=True, timeout=600, cwd=scratch.root)
    repo = out / f"tomcat-{version}.zip"
    home = scratch.path("/usr/local/tomcat")
    tmp = scratch.root / "tomcat-dist"
    with zipfile.ZipFile(repo) as z:
        z.extractall(tmp)
    shutil.move(str(next(tmp.iterdir())), home)
    for script in (home / "bin").glob("*.sh"):
        script.chmod(0o755)
    # as the official image: an empty webapps/ of root's; anyone may write logs, temp and work
    shutil.rmtree(home / "webapps")
    (home / "webapps").mkdir()
    for d in ("logs", "temp", "work"):
        (home / d).mkdir(exist_ok=True)
        (home / d).chmod(0o1777)
    return home
