"""Small helpers for tests that start sample JVMs on this host."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request

# Dubbo 3.1's serialization reflects into these packages; without the opens it logs
# InaccessibleObjectException on Java 17.
JAVA_OPTS = ["--add-opens", "java.base/java.math=ALL-UNNAMED", "--add-opens", "java.base/java.lang=ALL-UNNAMED"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str, method: str = "GET", timeout: float = 5) -> tuple[int, str]:
    req = urllib.request.Request(url, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")
