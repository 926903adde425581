"""A small HTTP/2 listener for the runtime tests: it records the headers of every request and
either answers itself (a fake triple provider) or relays the call to an upstream chosen from
those headers (a stand-in for the sidecar's routing, nothing more).

Unary calls only: a request is read to its end, relayed, and the whole answer sent back.
"""
from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field
from typing import Callable

from h2.config import H2Configuration
from h2.connection import H2Connection
from h2.events import (
    ConnectionTerminated, DataReceived, RequestReceived, ResponseReceived, StreamEnded, StreamReset, TrailersReceived,
)

Headers = list[tuple[str, str]]
# headers of a request -> (host, port) to relay it to, or None to answer it here
Route = Callable[[Headers], "tuple[str, int] | None"]

# gRPC status UNIMPLEMENTED: what a fake provider answers
FAKE_TRAILERS = [("grpc-status", "12"), ("grpc-message", "recorded by the test listener")]


@dataclass
class Call:
    headers: Headers
    upstream: tuple[str, int] | None = None

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k == name), None)


@dataclass
class Listener:
    route: Route = lambda headers: None
    host: str = "::1"
    calls: list[Call] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._sock = socket.socket(socket.AF_INET6 if ":" in self.host else socket.AF_INET)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((self.host, 0))
        self._sock.listen(16)
        self.port: int = self._sock.getsockname()[1]
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def close(self) -> None:
        self._sock.close()

    # ------------------------------------------------------------------ server side
    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        conn = H2Connection(H2Configuration(client_side=False, header_encoding="utf-8"))
        conn.initiate_connection()
        streams: dict[int, tuple[Headers, bytearray]] = {}
        try:
            sock.sendall(conn.data_to_send())
            while data := sock.recv(65535):
                for ev in conn.receive_data(data):
                    if isinstance(ev, RequestReceived):
                        streams[ev.stream_id] = (list(ev.headers), bytearray())
                    elif isinstance(ev, DataReceived):
                        streams[ev.stream_id][1].extend(ev.data)
                        conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
                    elif isinstance(ev, StreamEnded) and ev.stream_id in streams:
                        headers, body = streams.pop(ev.stream_id)
                        self._answer(conn, ev.stream_id, headers, bytes(body))
                    elif isinstance(ev, ConnectionTerminated):
                        return
                sock.sendall(conn.data_to_send())
        except OSError:
            pass
        finally:
            sock.close()

    def _answer(self, conn: H2Connection, stream_id: int, headers: Headers, body: bytes) -> None:
        upstream = self.route(headers)
        with self._lock:
            self.calls.append(Call(headers, upstream))
        if upstream is None:
            conn.send_headers(stream_id, [(":status", "200"), ("content-type", "application/grpc")])
            conn.send_headers(stream_id, FAKE_TRAILERS, end_stream=True)
            return
        status, data, trailers = relay(upstream, headers, body)
        conn.send_headers(stream_id, status, end_stream=not data and not trailers)
        size = conn.max_outbound_frame_size
        for i in range(0, len(data), size):
            last = i + size >= len(data)
            conn.send_data(stream_id, data[i:i + size], end_stream=last and not trailers)
        if trailers:
            conn.send_headers(stream_id, trailers, end_stream=True)


# ---------------------------------------------------------------------- client side
def relay(upstream: tuple[str, int], headers: Headers, body: bytes, timeout: float = 20) -> tuple[Headers, bytes, Headers]:
    """One unary HTTP/2 request to upstream: (response headers, body, trailers)."""
    host, port = upstream
    with socket.create_connection((host, port), timeout=timeout) as sock:
        conn = H2Connection(H2Configuration(client_side=True, header_encoding="utf-8"))
        conn.initiate_connection()
        sid = conn.get_next_available_stream_id()
        conn.send_headers(sid, headers, end_stream=not body)
        if body:
            conn.send_data(sid, body, end_stream=True)  # unary requests are small: one frame
        sock.sendall(conn.data_to_send())
        status: Headers = []
        trailers: Headers = []
        data = bytearray()
        while True:
            chunk = sock.recv(65535)
            if not chunk:
                raise ConnectionError(f"{host}:{port} closed the connection before answering")
            for ev in conn.receive_data(chunk):
                if isinstance(ev, ResponseReceived):
                    status = list(ev.headers)
                elif isinstance(ev, DataReceived):
                    data.extend(ev.data)
                    conn.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
                elif isinstance(ev, TrailersReceived):
                    trailers = list(ev.headers)
                elif isinstance(ev, StreamReset):
                    raise ConnectionError(f"{host}:{port} reset the stream (error {ev.error_code})")
                elif isinstance(ev, StreamEnded) and ev.stream_id == sid:
                    return status, bytes(data), trailers
            sock.sendall(conn.data_to_send())
