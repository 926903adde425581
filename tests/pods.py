"""Start a generated Deployment's container the way Kubernetes would, without a container
runtime: the command and jar come from the generated Dockerfile, the environment from the
Deployment, config from its ConfigMaps, the network from a namespace of its own, and the
Kubernetes API (for Spring Cloud Kubernetes) from the real API server with a token of the
pod's generated ServiceAccount. Then the Deployment's probes are polled on the declared
ports and paths."""
from __future__ import annotations

import dataclasses
import functools
import json
import math
import os
import re
import shlex
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from .cluster import ApiServer, PodNetwork, stop, tail
from .judges import GeneratedSet


class PodFailed(AssertionError):
    pass


def container_of(deployment: dict) -> dict:
    return deployment["spec"]["template"]["spec"]["containers"][0]


def _cpu(v: str) -> int:
    return max(1, math.ceil(int(v[:-1]) / 1000 if v.endswith("m") else float(v)))


def _mem_mb(v: str) -> int:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, "K": 1 / 1000, "M": 1, "G": 1000}
    for u, f in units.items():
        if v.endswith(u):
            return int(float(v[: -len(u)]) * f)
    return int(int(v) / 1024 / 1024)


@dataclasses.dataclass
class Dockerfile:
    """What the generated Dockerfile puts in the image and runs."""
    workdir: str
    entrypoint: list[str]
    target: str  # the folder its build stage takes the one runnable jar from
    java: int | None = None  # the Java release of the runtime image (eclipse-temurin:<release>-jre)

    @classmethod
    def read(cls, path: Path) -> "Dockerfile":
        text = path.read_text()
        final = text.rsplit("\nFROM ", 1)[-1]
        workdir = re.search(r"^WORKDIR (\S+)", final, re.M)
        entry = re.search(r"^ENTRYPOINT (\[.*\])\s*$", final, re.M)
        # the build stage's rule: exactly one file matches target/<artifact> (the jar its pom names)
        target = re.search(r"set -- (\S+)/([^/\s;]+\.jar); ", text)
        if not (workdir and entry and target and "/app/app.jar" in entry.group(1)):
            raise PodFailed(f"{path}: not a Dockerfile this tier can emulate (WORKDIR, exec-form ENTRYPOINT "
                            "running /app/app.jar, the one-jar rule); tests/test_dockerfile_runtime.py runs the other shapes")
        java = re.match(r"\S*temurin:(\d+)", final)
        return cls(workdir.group(1), json.loads(entry.group(1)), f"{target.group(1)}/{target.group(2)}", int(java.group(1)) if java else None)

    def jar(self, repo: Path) -> Path:
        """The build stage's rule: exactly one jar matches the artifact the Dockerfile names."""
        folder, _, pattern = self.target.rpartition("/")
        jars = sorted((repo / folder).glob(pattern))
        if len(jars) != 1:
            raise PodFailed(f"expected one {pattern} in {folder}, found: {[p.name for p in jars]} (the image build would fail)")
        return jars[0]


@dataclasses.dataclass
class Pod:
    name: str
    namespace: str
    deployment: dict
    netns: str
    ip: str
    dockerfile: Dockerfile
    jar: Path
    workdir: Path
    env: dict[str, str]
    command: list[str]
    log: Path
    proc: subprocess.Popen | None = None
    restarts: int = 0

    def ports(self) -> dict[str, int]:
        return {p["name"]: p["containerPort"] for p in container_of(self.deployment).get("ports", [])}

    def start(self) -> None:
        fh = self.log.open("ab")
        fh.write(f"\n=== start #{self.restarts + 1}: {shlex.join(self.command)}\n".encode())
        fh.flush()
        # its own network namespace (and /etc/hosts), and its own hostname, as in a pod
        wrapped = ["ip", "netns", "exec", self.netns, "unshare", "--uts", "--",
                   "sh", "-c", 'hostname "$0" && exec "$@"', self.env["HOSTNAME"], *self.command]
        self.proc = subprocess.Popen(wrapped, cwd=self.workdir,
                                     env=self.env, stdout=fh, stderr=subprocess.STDOUT, start_new_session=True)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)

    def probe(self, kind: str) -> tuple[bool, str]:
        p = container_of(self.deployment).get(kind)
        if p is None:
            return True, "not declared"
        if "httpGet" in p:
            port = p["httpGet"]["port"]
            port = self.ports()[port] if isinstance(port, str) else port
            url = f"http://{self.ip}:{port}{p['httpGet'].get('path', '/')}"
            try:
                with urllib.request.urlopen(url, timeout=p.get("timeoutSeconds", 1) + 2) as r:
                    return 200 <= r.status < 400, f"GET {url} -> {r.status}"
            except urllib.error.HTTPError as e:
                return False, f"GET {url} -> {e.code}"
            except OSError as e:
                return False, f"GET {url}: {e}"
        if "tcpSocket" in p:
            port = p["tcpSocket"]["port"]
            port = self.ports()[port] if isinstance(port, str) else port
            import socket
            with socket.socket() as s:
                s.settimeout(p.get("timeoutSeconds", 1) + 2)
                ok = s.connect_ex((self.ip, port)) == 0
            return ok, f"TCP {self.ip}:{port} {'open' if ok else 'closed'}"
        raise PodFailed(f"{self.name}: {kind} is neither httpGet nor tcpSocket: {p}")

    def budget(self) -> float:
        """Seconds Kubernetes would give the app to pass its startup probe (then it kills it)."""
        p = container_of(self.deployment).get("startupProbe") or container_of(self.deployment).get("readinessProbe") or {}
        return p.get("initialDelaySeconds", 0) + p.get("periodSeconds", 10) * p.get("failureThreshold", 3)


def make_pods(gs: GeneratedSet, net: PodNetwork, api: ApiServer, workdir: Path) -> list[Pod]:
    """A netns per Deployment, hosts files for every Service, and each container's process
    described (not yet started)."""
    modules = {s["name"]: s["module"] for s in gs.report["services"]}
    images = {}
    for df in [gs.repo / "Dockerfile", *sorted(gs.repo.glob("**/Dockerfile"))]:
        m = df.is_file() and re.search(r"docker build -f (\S+) -t ([^:\s]+):", df.read_text())
        if m:
            images[m.group(2)] = gs.repo / m.group(1)
    deployments = [d for d in gs.docs if d["kind"] == "Deployment"]
    configmaps = {(d["metadata"]["namespace"], d["metadata"]["name"]): d for d in gs.docs if d["kind"] == "ConfigMap"}
    addr: dict[str, tuple[str, str]] = {}
    for d in deployments:
        addr[d["metadata"]["name"]] = net.add_pod(d["metadata"]["name"])
    # cluster DNS: every Service name resolves to the address of the pod its selector picks
    hosts: dict[str, str] = {}
    for svc in (d for d in gs.docs if d["kind"] == "Service"):
        ns, sel = svc["metadata"]["namespace"], svc["spec"].get("selector", {})
        for d in deployments:
            labels = d["spec"]["template"]["metadata"]["labels"]
            if d["metadata"]["namespace"] == ns and sel and all(labels.get(k) == v for k, v in sel.items()):
                ip = addr[d["metadata"]["name"]][1]
                n = svc["metadata"]["name"]
                for h in (n, f"{n}.{ns}", f"{n}.{ns}.svc", f"{n}.{ns}.svc.cluster.local"):
                    hosts[h] = ip
    pods = []
    for d in deployments:
        name, ns = d["metadata"]["name"], d["metadata"]["namespace"]
        netns, ip = addr[name]
        hostname = f"{name}-0"
        net.write_hosts(netns, hostname, hosts)
        c, spec = container_of(d), d["spec"]["template"]["spec"]
        # the Dockerfile that builds the image this Deployment runs (its header names the image)
        image = c["image"].rsplit("/", 1)[-1].split(":", 1)[0]
        df_path = images.get(image) or (gs.repo / modules[name] / "Dockerfile" if name in modules else None)
        if df_path is None:
            raise PodFailed(f"{gs.sample}: no generated Dockerfile builds image {image} of Deployment {name}")
        df = Dockerfile.read(df_path)
        jar = df.jar(gs.repo)
        app = workdir / name / "app"
        app.mkdir(parents=True, exist_ok=True)
        # the container's environment: the Deployment's env, with dummy values for Secrets
        env = {"PATH": os.environ["PATH"], "HOME": str(workdir / name), "HOSTNAME": hostname, "LANG": "C.UTF-8"}
        for e in c.get("env", []):
            if "value" in e:
                env[e["name"]] = str(e["value"])
                continue
            ref = e.get("valueFrom", {})
            if "fieldRef" in ref:
                env[e["name"]] = {"metadata.namespace": ns, "metadata.name": hostname, "status.podIP": ip,
                                  "spec.serviceAccountName": spec.get("serviceAccountName", "default")}[ref["fieldRef"]["fieldPath"]]
            elif "secretKeyRef" in ref:
                env[e["name"]] = f"dummy-{ref['secretKeyRef']['key']}"
            elif "configMapKeyRef" in ref:
                cm = configmaps[(ns, ref["configMapKeyRef"]["name"])]
                env[e["name"]] = cm["data"][ref["configMapKeyRef"]["key"]]
        # volumes: ConfigMaps with their data, Secrets with dummy values, laid out as files
        # where the container mounts them; the image's WORKDIR is this pod's folder
        root = df.workdir.rstrip("/") + "/"
        mounts = {m["name"]: m["mountPath"] for m in c.get("volumeMounts", [])}
        for v in spec.get("volumes", []):
            if v["name"] not in mounts or "emptyDir" in v:
                continue
            mount = mounts[v["name"]]
            if not mount.startswith(root):
                raise PodFailed(f"{name}: volume {v['name']} mounted at {mount}, outside WORKDIR {df.workdir}; this "
                                "tier can only lay out files under the working directory")
            target = app / mount[len(root):]
            target.mkdir(parents=True, exist_ok=True)
            files: dict[str, str] = {}
            if "configMap" in v:
                files.update(configmaps[(ns, v["configMap"]["name"])].get("data", {}))
            for src in v.get("projected", {}).get("sources", []) + ([{"secret": v["secret"]}] if "secret" in v else []):
                for item in src.get("secret", {}).get("items", []):
                    files[item["path"]] = f"dummy-{item['key']}"
            for k, val in files.items():
                (target / k).write_text(val)
        for k, val in env.items():  # paths inside the image (configtree:/app/...) are this folder
            env[k] = re.sub(r"(^|[:,=])" + re.escape(root), lambda m, app=app: m.group(1) + str(app) + "/", val)
        # the service-account token, where the Deployment mounts one
        if spec.get("automountServiceAccountToken", True):
            sa = spec.get("serviceAccountName", "default")
            kubeconfig = api.write_kubeconfig(workdir / name / "kubeconfig", f"system:serviceaccount:{ns}:{sa}",
                                              api.token_for(ns, sa), ns)
            env.update({"KUBERNETES_SERVICE_HOST": api.host, "KUBERNETES_SERVICE_PORT": str(api.port),
                        "KUBECONFIG": str(kubeconfig),
                        # a pod reads its namespace from the token's folder, which does not exist here
                        "SPRING_CLOUD_KUBERNETES_CLIENT_NAMESPACE": ns})
        # what the container's limits tell the JVM
        limits = c.get("resources", {}).get("limits", {})
        jvm_limits = []
        if "memory" in limits:
            jvm_limits.append(f"-XX:MaxRAM={_mem_mb(limits['memory'])}m")
        if "cpu" in limits:
            jvm_limits.append(f"-XX:ActiveProcessorCount={_cpu(limits['cpu'])}")
        image_jar = df.workdir.rstrip("/") + "/app.jar"
        cmd = [str(jar) if a == image_jar else a for a in df.entrypoint + c.get("args", [])]
        if cmd[0] != "java":
            raise PodFailed(f"{name}: ENTRYPOINT {df.entrypoint} does not start java")
        cmd = [cmd[0], *jvm_limits, *_java8_boundary(df), *cmd[1:]]
        pods.append(Pod(name, ns, d, netns, ip, df, jar, app, env, cmd, workdir / f"{name}.log"))
    return pods


@functools.lru_cache(maxsize=1)
def local_java() -> int | None:
    """The feature release of the machine's ``java``."""
    r = subprocess.run(["java", "-XshowSettings:properties", "-version"], capture_output=True, text=True, timeout=60)
    m = re.search(r"java\.specification\.version = (?:1\.)?(\d+)", r.stderr)
    return int(m.group(1)) if m else None


# What a Java 8 runtime image allows that the machine's newer JDK refuses: reflection into
# java.lang (Spring 4's CGLIB proxies define classes through ClassLoader.defineClass). Opening it
# emulates the image's JVM; the pod's log shows the flag on its start line.
JAVA8_BOUNDARY = ["--add-opens", "java.base/java.lang=ALL-UNNAMED"]


def _java8_boundary(df: "Dockerfile") -> list[str]:
    jdk = local_java()
    return JAVA8_BOUNDARY if df.java is not None and df.java < 9 and jdk is not None and jdk >= 9 else []


def run_until_probes_pass(pods: list[Pod], slack: float = 2.0, max_restarts: int = 3) -> None:
    """Start every pod and poll startup, then readiness and liveness, like the kubelet:
    a container that exits is restarted (at most max_restarts times). The time limit is the
    Deployment's own startup budget times ``slack`` (the test machine is shared)."""
    for p in pods:
        p.start()
    state = {p.name: "startupProbe" for p in pods}
    last = {p.name: "" for p in pods}
    deadline = time.monotonic() + max(p.budget() for p in pods) * slack
    while time.monotonic() < deadline and any(s != "ready" for s in state.values()):
        for p in pods:
            if state[p.name] == "ready":
                continue
            if p.proc.poll() is not None:
                if p.restarts >= max_restarts:
                    raise PodFailed(f"{p.name} exited with {p.proc.returncode} {p.restarts + 1} times\n{tail(p.log)}")
                p.restarts += 1
                p.start()
                state[p.name] = "startupProbe"
                continue
            ok, last[p.name] = p.probe(state[p.name])
            if ok:
                state[p.name] = {"startupProbe": "readinessProbe", "readinessProbe": "livenessProbe",
                                 "livenessProbe": "ready"}[state[p.name]]
        time.sleep(1)
    stuck = [p for p in pods if state[p.name] != "ready"]
    if stuck:
        raise PodFailed("\n".join(f"{p.name}: {state[p.name]} never answered ({last[p.name]})\n{tail(p.log)}"
                                  for p in stuck))
