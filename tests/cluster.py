"""A real Kubernetes control plane for the runtime tier: etcd (Debian) and kube-apiserver
(built by ``.ci/tools.sh apiserver``), with Istio's CRDs of the pinned Istio release, and a
pod network made of Linux network namespaces.

Nothing here listens beyond this machine: etcd on loopback, the API server on the host
end of a bridge the harness creates, each "pod" in a network namespace of its own with an
address on that bridge. Every loop is bounded by a deadline.
"""
from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import time
import urllib.request
from pathlib import Path

from .judges import TOOLS_DIR, tool
from .jvm import free_port


class ToolMissing(Exception):
    pass




def _wait(pred, timeout: float, what: str, proc: subprocess.Popen | None = None, log: Path | None = None):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"{what}: the process exited with {proc.returncode}\n{tail(log)}")
        try:
            if pred():
                return
        except Exception as e:  # noqa: BLE001 - keep polling, report the last error
            last = e
        time.sleep(0.5)
    raise TimeoutError(f"{what}: not ready after {timeout:.0f} s ({last})\n{tail(log)}")


def tail(log: Path | None, n: int = 4000) -> str:
    if log is None or not log.exists():
        return ""
    return f"--- last lines of {log.name}\n" + log.read_text(errors="replace")[-n:]


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


# ---------------------------------------------------------------------------------------
# pod network
# ---------------------------------------------------------------------------------------

@dataclasses.dataclass
class PodNetwork:
    """A bridge on the host and one network namespace per pod, each with its own address.

    /etc/netns/<name>/hosts is bind-mounted over /etc/hosts by ``ip netns exec``: that is
    the pod's cluster DNS (``<svc>.<ns>.svc.cluster.local`` -> the pod's address)."""

    tag: str
    prefix: str  # e.g. "10.213.7" -> bridge .1, pods .2, .3, ...
    pods: dict[str, str] = dataclasses.field(default_factory=dict)  # netns name -> address

    @property
    def bridge(self) -> str:
        return f"mshb{self.tag}"

    @property
    def host_ip(self) -> str:
        return f"{self.prefix}.1"

    @classmethod
    def create(cls) -> "PodNetwork":
        if shutil.which("ip") is None:
            raise ToolMissing("ip (iproute2)")
        tag = f"{os.getpid() % 100000}"
        used = subprocess.run(["ip", "-4", "addr"], capture_output=True, text=True).stdout
        for third in range(os.getpid() % 200, os.getpid() % 200 + 50):
            prefix = f"10.213.{third % 250}"
            if f"inet {prefix}." not in used:
                break
        net = cls(tag, prefix)
        sh(["ip", "link", "add", net.bridge, "type", "bridge"])
        sh(["ip", "addr", "add", f"{net.host_ip}/24", "dev", net.bridge])
        sh(["ip", "link", "set", net.bridge, "up"])
        return net

    def add_pod(self, key: str) -> tuple[str, str]:
        """A network namespace for one pod: (netns name, address)."""
        n = len(self.pods) + 2
        name = f"msh{self.tag}p{n}"
        ip = f"{self.prefix}.{n}"
        host_end, pod_end = f"mshv{self.tag}h{n}", f"mshv{self.tag}c{n}"
        sh(["ip", "netns", "add", name])
        sh(["ip", "link", "add", host_end, "type", "veth", "peer", "name", pod_end])
        sh(["ip", "link", "set", host_end, "master", self.bridge])
        sh(["ip", "link", "set", host_end, "up"])
        sh(["ip", "link", "set", pod_end, "netns", name])
        sh(["ip", "-n", name, "addr", "add", f"{ip}/24", "dev", pod_end])
        sh(["ip", "-n", name, "link", "set", pod_end, "up"])
        sh(["ip", "-n", name, "link", "set", "lo", "up"])
        sh(["ip", "-n", name, "route", "add", "default", "via", self.host_ip])
        self.pods[name] = ip
        return name, ip

    def write_hosts(self, name: str, hostname: str, entries: dict[str, str]) -> None:
        d = Path("/etc/netns") / name
        d.mkdir(parents=True, exist_ok=True)
        lines = ["127.0.0.1 localhost", "::1 localhost ip6-localhost ip6-loopback", f"{self.pods[name]} {hostname}"]
        lines += [f"{ip} {host}" for host, ip in sorted(entries.items())]
        (d / "hosts").write_text("\n".join(lines) + "\n")
        (d / "hostname").write_text(hostname + "\n")

    def destroy(self) -> None:
        for name in list(self.pods):
            # anything still running in the namespace was started by this harness
            pids = subprocess.run(["ip", "netns", "pids", name], capture_output=True, text=True).stdout.split()
            for pid in pids:
                with contextlib.suppress(ProcessLookupError, ValueError):
                    os.kill(int(pid), signal.SIGKILL)
            subprocess.run(["ip", "netns", "del", name], capture_output=True)
            shutil.rmtree(Path("/etc/netns") / name, ignore_errors=True)
        subprocess.run(["ip", "link", "del", self.bridge], capture_output=True)
        self.pods.clear()


def sh(cmd: list[str]) -> None:
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)}: {r.stderr.strip()}")


# ---------------------------------------------------------------------------------------
# control plane
# ---------------------------------------------------------------------------------------

@dataclasses.dataclass
class ApiServer:
    workdir: Path
    host: str
    port: int
    admin_token: str
    kubeconfig: Path
    procs: list[tuple[subprocess.Popen, Path]]

    @property
    def url(self) -> str:
        return f"https://{self.host}:{self.port}"

    def kubectl(self, *args: str, input: str | None = None, timeout: int = 120, check: bool = True,
                kubeconfig: Path | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "KUBECONFIG": str(kubeconfig or self.kubeconfig)}
        r = subprocess.run(["kubectl", *args], capture_output=True, text=True, input=input, timeout=timeout, env=env)
        if check and r.returncode != 0:
            raise RuntimeError(f"kubectl {' '.join(args)} failed ({r.returncode}):\n{r.stderr}{r.stdout[-2000:]}")
        return r

    def write_kubeconfig(self, path: Path, user: str, token: str, namespace: str = "default") -> Path:
        cfg = {
            "apiVersion": "v1", "kind": "Config",
            "clusters": [{"name": "meshify-test", "cluster": {"server": self.url, "insecure-skip-tls-verify": True}}],
            "users": [{"name": user, "user": {"token": token}}],
            "contexts": [{"name": "meshify-test", "context": {"cluster": "meshify-test", "user": user, "namespace": namespace}}],
            "current-context": "meshify-test",
        }
        path.write_text(json.dumps(cfg, indent=2))
        return path

    def token_for(self, namespace: str, service_account: str) -> str:
        """A real token of the ServiceAccount (what the kubelet would mount in its pod)."""
        return self.kubectl("create", "token", service_account, "-n", namespace, "--duration=1h").stdout.strip()

    def stop(self) -> None:
        for p, _ in reversed(self.procs):
            stop(p)

    @classmethod
    def start(cls, workdir: Path, host: str) -> "ApiServer":
        etcd = shutil.which("etcd")
        apiserver = tool("kube-apiserver")
        crds = TOOLS_DIR / "istio-crds.yaml"
        missing = [n for n, p in (("etcd", etcd), ("kube-apiserver", apiserver), ("Istio CRDs", crds.exists() or None),
                                  ("openssl", shutil.which("openssl")), ("kubectl", shutil.which("kubectl"))) if not p]
        if missing:
            raise ToolMissing(", ".join(missing) + " (run .ci/tools.sh apiserver)")
        workdir.mkdir(parents=True, exist_ok=True)
        procs: list[tuple[subprocess.Popen, Path]] = []

        def spawn(name: str, cmd: list[str]) -> subprocess.Popen:
            log = workdir / f"{name}.log"
            p = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True)
            procs.append((p, log))
            return p

        client, peer = free_port(), free_port()
        etcd_p = spawn("etcd", [etcd, "--data-dir", str(workdir / "etcd"), "--name", "meshify-test",
                                "--listen-client-urls", f"http://127.0.0.1:{client}",
                                "--advertise-client-urls", f"http://127.0.0.1:{client}",
                                "--listen-peer-urls", f"http://127.0.0.1:{peer}",
                                "--initial-advertise-peer-urls", f"http://127.0.0.1:{peer}",
                                "--initial-cluster", f"meshify-test=http://127.0.0.1:{peer}"])
        try:
            _wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{client}/health", timeout=2).status == 200,
                  60, "etcd", etcd_p, workdir / "etcd.log")
            subprocess.run(["openssl", "genrsa", "-out", str(workdir / "sa.key"), "2048"], check=True, capture_output=True)
            subprocess.run(["openssl", "rsa", "-in", str(workdir / "sa.key"), "-pubout", "-out", str(workdir / "sa.pub")],
                           check=True, capture_output=True)
            token = secrets.token_hex(16)
            (workdir / "tokens.csv").write_text(f"{token},admin,admin,system:masters\n")
            port = 6443
            api_p = spawn("kube-apiserver", [
                apiserver,
                f"--etcd-servers=http://127.0.0.1:{client}",
                "--service-account-issuer=https://kubernetes.default.svc",
                f"--service-account-key-file={workdir / 'sa.pub'}",
                f"--service-account-signing-key-file={workdir / 'sa.key'}",
                f"--cert-dir={workdir / 'certs'}",
                f"--bind-address={host}", f"--secure-port={port}", f"--advertise-address={host}",
                "--authorization-mode=RBAC", f"--token-auth-file={workdir / 'tokens.csv'}",
                "--service-cluster-ip-range=10.96.0.0/16",
                "--endpoint-reconciler-type=none",
            ])
            ctx = ssl.create_default_context()
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE

            def ready() -> bool:
                req = urllib.request.Request(f"https://{host}:{port}/readyz", headers={"Authorization": f"Bearer {token}"})
                return urllib.request.urlopen(req, timeout=3, context=ctx).status == 200
            _wait(ready, 180, "kube-apiserver", api_p, workdir / "kube-apiserver.log")
            server = cls(workdir, host, port, token, workdir / "admin.kubeconfig", procs)
            server.write_kubeconfig(server.kubeconfig, "admin", token)
            server.kubectl("apply", "--server-side", "-f", str(crds), timeout=300)
            server.kubectl("wait", "--for=condition=Established", "crd", "--all", "--timeout=120s", timeout=150)
            return server
        except BaseException:
            for p, _ in reversed(procs):
                stop(p)
            raise
