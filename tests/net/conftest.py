"""A scriptable HTTP server on 127.0.0.1 for the download tests: never the internet.

Each test gets its own server (port 0, so tests never collide) that answers from a table
of routes the test fills and may change between requests, and that records every request
it saw, so tests can assert which conditional headers were sent.

Slow or stalled answers wait on ``server.stop`` rather than sleeping, so tearing the
server down never waits for them.
"""

from __future__ import annotations

import http.server
import os
import socket
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from tests.conftest import SEED

_PROXY_VARS = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")


@dataclass
class Reply:
    """How the server answers one path.

    ``etag`` / ``last_modified`` make it answer 304 when the request's If-None-Match /
    If-Modified-Since match. ``delay`` holds back the whole answer; ``stall_after`` sends
    that many body bytes and then goes silent; ``pace`` sends the body ``pace[0]`` bytes at
    a time with ``pace[1]`` seconds between; ``endless`` streams without a length until the
    client hangs up; ``chunked`` sends the body in chunked transfer encoding (no length);
    ``length`` overrides the Content-Length header.
    """

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0
    stall_after: int | None = None
    pace: tuple[int, float] | None = None
    endless: bool = False
    chunked: bool = False
    length: int | None = None


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    path: str
    headers: dict[str, str]


class Server:
    """The running server: ``url(path)``, ``routes``, ``requests``, ``sent``."""

    def __init__(self) -> None:
        self.routes: dict[str, Reply] = {}
        self.requests: list[Seen] = []
        self.sent: dict[str, int] = {}  # body bytes written per path
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.start()

    def use_tls(self, context: ssl.SSLContext) -> None:
        """Answer https from now on (the handshake happens as connections are accepted)."""
        self._httpd.socket = context.wrap_socket(self._httpd.socket, server_side=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, body: bytes = b"", **options: object) -> str:
        """Set (or replace) the answer for ``path``; returns its URL."""
        self.routes[path] = Reply(body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def record(self, seen: Seen) -> None:
        with self._lock:
            self.requests.append(seen)

    def count(self, path: str, n: int) -> None:
        with self._lock:
            self.sent[path] = self.sent.get(path, 0) + n

    def close(self) -> None:
        if self.stop.is_set():
            return
        self.stop.set()  # releases delayed and stalled answers at once
        self._httpd.shutdown()
        self._httpd.server_close()  # joins the handler threads
        self._thread.join()


def _handler(server: Server) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # keep test output clean

        def do_GET(self) -> None:
            path = self.path
            server.record(Seen(path, {k: v for k, v in self.headers.items()}))
            reply = server.routes.get(path)
            try:
                self._answer(path, reply)
            except OSError:
                pass  # the client hung up (cancel, size limit, timeout): expected here

        def _answer(self, path: str, reply: Reply | None) -> None:
            if reply is None:
                reply = Reply(b"no such page", status=404)
            if reply.delay and server.stop.wait(reply.delay):
                return
            if (reply.etag and self.headers.get("If-None-Match") == reply.etag) or (
                reply.last_modified and not reply.etag
                and self.headers.get("If-Modified-Since") == reply.last_modified
            ):
                self.send_response(304)
                if reply.etag:
                    self.send_header("ETag", reply.etag)
                self.end_headers()
                return
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.etag:
                self.send_header("ETag", reply.etag)
            if reply.last_modified:
                self.send_header("Last-Modified", reply.last_modified)
            if reply.chunked:
                self.send_header("Transfer-Encoding", "chunked")
            elif not reply.endless:
                self.send_header("Content-Length", str(reply.length if reply.length is not None else len(reply.body)))
            self.end_headers()
            if reply.endless:
                block = b"x" * 65536
                for _ in range(4096):  # 256 MB at most, should a client never stop reading
                    if server.stop.is_set():
                        return
                    self.wfile.write(block)
                    server.count(path, len(block))
                return
            body = reply.body
            if reply.chunked:
                for start in range(0, len(body), 1000):
                    piece = body[start : start + 1000]
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.write(b"0\r\n\r\n")
                server.count(path, len(body))
                return
            if reply.stall_after is not None:
                self.wfile.write(body[: reply.stall_after])
                self.wfile.flush()
                server.count(path, reply.stall_after)
                server.stop.wait(10)
                return
            if reply.pace is not None:
                size, pause = reply.pace
                for start in range(0, len(body), size):
                    self.wfile.write(body[start : start + size])
                    self.wfile.flush()
                    server.count(path, len(body[start : start + size]))
                    if server.stop.wait(pause):
                        return
                return
            self.wfile.write(body)
            server.count(path, len(body))

    return Handler


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy from the environment must not see (or swallow) requests to 127.0.0.1."""
    for name in _PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)


@pytest.fixture
def server() -> Iterator[Server]:
    srv = Server()
    try:
        yield srv
    finally:
        srv.close()


@pytest.fixture
def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# The bundled session and a later version of it: three events changed (two titles and a
# speaker list), one renumbered (13 -> 14: one removed, one new).
SEED_BYTES = SEED.read_bytes()
VARIANT_EDITS = (
    ("Is normalization indispensable for training deep neural network?",
     "Is normalization indispensable for training deep neural networks? (revised)"),
    ("Ryo Karakida, Kazuki Osawa", "Ryo Karakida, Kazuki Osawa, Ada Lovelace"),
    ("Spectra of the Conjugate Kernel", "Spectra of the conjugate kernel"),
    ("##### 13 - Spotlight:", "##### 14 - Spotlight:"),
)


def seed_variant() -> bytes:
    text = SEED_BYTES.decode("utf-8")
    for old, new in VARIANT_EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text.encode("utf-8")


MINI = b"""## Mini session
### Session chairs
Ada Lovelace
### Schedule
2021-06-01T09:00:00+02:00 - 2021-06-01T09:30:00+02:00
##### 1 - Oral: Fetched over HTTP
Grace Hopper

A short abstract.
"""


def environ_without_proxy() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k.lower() not in _PROXY_VARS}
