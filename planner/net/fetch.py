"""Schedules from the web: download them over HTTP and parse them; store nothing.

Why the standard library's urllib.request and not a third-party client or Qt's network
module: it adds no dependency to ship and keep patched; it follows redirects (capped here,
and the final URL reported); it verifies TLS certificates and host names through
``ssl.create_default_context()`` (the system's trusted CAs); and its socket timeout
bounds the connect and every read, so a stalled server cannot hang the caller. Qt's
QNetworkAccessManager would need an event loop, which the command line does not have,
and would pull Qt below planner.ui.

``fetch()`` (``download()`` plus the parse) touches the network and the parsers only
(no Library, no Qt). The command line calls it; the window downloads on a worker thread
(``download``, ``feed_abstracts``) and parses in a child process (``parse_download``, through
planner.services.child_jobs), as parsing on a thread starved its GUI thread. Pass ``cancel`` (a
threading.Event, or any callable returning True to stop) and
``progress(bytes_read, total_or_None)``; both are checked/called between chunks, so a
cancel takes effect within one chunk or, on a stalled server, within the timeout (which
limits each wait for the server, not the whole download). It raises FetchCancelled,
FetchError (one line naming the URL) or ScheduleError (the answer is not a schedule,
naming the URL).

The parse stays here, beside the download, because both belong off the GUI thread: a
caller gets a finished schedule (or the reason there is none), and a Cancel pressed
during a long parse still wins. Parsing reads bytes and builds domain objects;
it writes nothing. Storing is planner.services.refreshing (``store()``, ``refresh()``),
which runs on the thread that owns the Library, so this module never imports the store.
"""

from __future__ import annotations

import email.message
import http.client
import socket
import ssl
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Protocol
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from planner import __version__
from planner.domain.model import Schedule
from planner.formats import MAX_BYTES, parse_bytes

DEFAULT_TIMEOUT = 30.0  # seconds without a byte from the server, per connect and per read
MAX_REDIRECTS = 10  # what browsers allow is ~20; schedules are one or two hops away
CHUNK = 64 * 1024  # small enough for a responsive Cancel, big enough to be cheap

_SCHEMES = ("http", "https")
_SAFE = "!#$%&'()*+,/:;=?@[]~"  # left as they are when encoding a path or query
_ACCEPT = (
    "application/xml, text/xml, application/json, text/calendar, "
    "text/markdown;q=0.9, text/plain;q=0.9, */*;q=0.5"
)

Cancel = threading.Event | Callable[[], bool]
Progress = Callable[[int, int | None], None]


class FetchError(Exception):
    """A download failed; the message is one line naming the URL, fit for the user."""

    def __init__(self, url: str, reason: str) -> None:
        self.url = url
        self.reason = reason
        super().__init__(f"{url}: {reason}")


class FetchCancelled(FetchError):
    """The caller's cancel hook fired; nothing was stored."""

    def __init__(self, url: str) -> None:
        super().__init__(url, "download cancelled")


@dataclass(frozen=True, slots=True)
class Download:
    """The raw answer: a body, or ``not_modified`` after a 304 (and an empty body)."""

    url: str  # as asked: the link the library remembers
    final_url: str  # after redirects, for messages
    not_modified: bool
    body: bytes = b""
    etag: str = ""  # the validators to send next time ('' if the server gave none)
    last_modified: str = ""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A finished download, parsed: ``schedule`` is None exactly when ``not_modified``."""

    url: str
    final_url: str
    not_modified: bool
    schedule: Schedule | None
    etag: str = ""
    last_modified: str = ""
    size: int = 0  # bytes of body read, for the status bar


def check_url(url: str) -> str:
    """Return ``url`` ready to send, or raise FetchError if it is not an http(s) link.

    Spaces and non-ASCII characters in the path and query are percent-encoded, as a
    browser does when such a link is pasted; http.client would refuse them raw.
    """
    url = url.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number
    except ValueError as exc:
        raise FetchError(url, f"not a valid link ({exc})") from None
    if not parts.scheme:
        raise FetchError(url, "not a link; give an http:// or https:// URL")
    if parts.scheme.lower() not in _SCHEMES:
        raise FetchError(url, f"{parts.scheme}: links are not supported; give an http:// or https:// URL")
    if not parts.hostname:
        raise FetchError(url, "the link has no host name")
    return urlunsplit(parts._replace(path=quote(parts.path, safe=_SAFE), query=quote(parts.query, safe=_SAFE)))


def looks_like_url(text: str) -> bool:
    """Whether a command-line argument means a link ("scheme://...") rather than a file."""
    scheme, sep, _ = text.partition("://")
    return bool(sep) and scheme.isascii() and scheme[:1].isalpha() and all(
        c.isalnum() or c in "+.-" for c in scheme
    )


def download(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    cancel: Cancel | None = None,
    progress: Progress | None = None,
) -> Download:
    """GET ``url``; ``not_modified`` is set when the server answered 304.

    ``etag`` / ``last_modified`` are the validators from the previous download: they are
    sent as If-None-Match / If-Modified-Since. Every failure is a FetchError.
    """
    url = check_url(url)
    cancelled = _cancel_check(cancel)
    if cancelled():
        raise FetchCancelled(url)
    request = urllib.request.Request(url, headers={
        "User-Agent": f"Planner/{__version__} (conference schedule planner)",
        "Accept": _ACCEPT,
    })
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    redirects = _Redirects(url, max_redirects)
    opener = urllib.request.build_opener(_HTTPS(), redirects)
    try:
        response = opener.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        try:
            final = exc.url or url
            if exc.code == 304:
                # A 304 may carry fresh validators; otherwise the old ones stay good.
                return Download(
                    url=url, final_url=final, not_modified=True,
                    etag=exc.headers.get("ETag", "") or etag,
                    last_modified=exc.headers.get("Last-Modified", "") or last_modified,
                )
            reason = f"HTTP {exc.code} {exc.reason or http.client.responses.get(exc.code, '')}".rstrip()
            raise FetchError(url, reason + _via(url, final)) from None
        finally:
            exc.close()  # an HTTPError holds the connection open until closed
    except urllib.error.URLError as exc:
        raise FetchError(url, _describe(exc.reason, timeout)) from None
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(url, _describe(exc, timeout)) from None
    with response:
        final = response.geturl() or url
        headers: email.message.Message = response.headers
        body = _read_body(response, url, final, headers, timeout, max_bytes, cancelled, progress)
    return Download(
        url=url, final_url=final, not_modified=False, body=body,
        etag=headers.get("ETag", ""), last_modified=headers.get("Last-Modified", ""),
    )


def fetch(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = MAX_BYTES,
    max_redirects: int = MAX_REDIRECTS,
    cancel: Cancel | None = None,
    progress: Progress | None = None,
) -> Fetched:
    """Download ``url`` and parse it; the schedule's ``source`` is the URL.

    Raises FetchError (FetchCancelled if cancelled) or ScheduleError; touches no library,
    so it is safe on a worker thread.
    """
    got = download(
        url, etag=etag, last_modified=last_modified, timeout=timeout, max_bytes=max_bytes,
        max_redirects=max_redirects, cancel=cancel, progress=progress,
    )
    fetched = parse_download(got, feed_abstracts(got, timeout=timeout, max_bytes=max_bytes, cancel=cancel))
    if not got.not_modified and _cancel_check(cancel)():  # a Cancel pressed during a long parse still wins
        raise FetchCancelled(got.url)
    return fetched


def feed_abstracts(got: Download, *, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = MAX_BYTES,
                   cancel: Cancel | None = None) -> dict[str, str] | None:
    """A conference feed's abstracts, downloaded from beside it; None for any other
    schedule (and after a 304). The network half of what parse_download needs besides
    the answer: the window downloads on a worker and parses in another process."""
    if got.not_modified:
        return None
    return _sidecar(got.final_url or got.url, got.body, timeout=timeout, max_bytes=max_bytes, cancel=cancel)


def parse_download(got: Download, abstracts: dict[str, str] | None) -> Fetched:
    """What download (and feed_abstracts) got, parsed; raises ScheduleError naming the URL."""
    schedule = None
    if not got.not_modified:
        if abstracts is not None:
            # Lazy, as parse_bytes loads its readers: only for a conference feed.
            from planner.formats import virtualsite

            schedule = virtualsite.parse(got.body, got.url, abstracts)
        else:
            schedule = parse_bytes(got.body, got.url)  # a ScheduleError here names the URL
    return Fetched(
        url=got.url, final_url=got.final_url, not_modified=got.not_modified, schedule=schedule,
        etag=got.etag, last_modified=got.last_modified, size=len(got.body),
    )


# -- details ---------------------------------------------------------------------------


def _sidecar(url: str, body: bytes, *, timeout: float, max_bytes: int, cancel: Cancel | None) -> dict[str, str] | None:
    """A conference feed's abstracts, downloaded from beside it (newer NeurIPS, ICML and ICLR
    years publish them in ``{conf}-{year}-abstracts.json`` only); None when ``body`` is no
    such feed or the site has no sidecar, so the feed's own abstracts stand."""
    # Lazy: the feed reader, only for a download that may be a feed.
    from planner.formats import virtualsite

    address = virtualsite.sidecar_url(url)
    if address is None or not virtualsite.looks_like(body[:4096].decode("utf-8", "replace")):
        return None
    try:
        got = download(address, timeout=timeout, max_bytes=max_bytes, cancel=cancel)
    except FetchCancelled:
        raise
    except FetchError:  # not there (404), or unreachable: the feed alone
        return None
    return virtualsite.read_abstracts(got.body, address)


class _Readable(Protocol):
    def read1(self, n: int = ..., /) -> bytes: ...


def _read_body(
    response: _Readable,
    url: str,
    final: str,
    headers: email.message.Message,
    timeout: float,
    max_bytes: int,
    cancelled: Callable[[], bool],
    progress: Progress | None,
) -> bytes:
    """Stream the body in chunks, enforcing the size limit and the cancel hook as we go."""
    total = _content_length(headers)
    if total is not None and total > max_bytes:
        # Refused on the header alone: no need to download 2 GB to say no.
        raise FetchError(url, f"the answer is {_size(total)}; schedules over {_size(max_bytes)} are refused")
    if progress is not None:
        progress(0, total)
    chunks: list[bytes] = []
    read = 0
    while True:
        if cancelled():
            raise FetchCancelled(url)
        try:
            # read1: at most one socket read, so cancel and progress run as data arrives
            # (read(n) would block until n bytes came in).
            chunk = response.read1(CHUNK)
        except (OSError, http.client.HTTPException) as exc:
            raise FetchError(url, _describe(exc, timeout) + _via(url, final)) from None
        if not chunk:
            break
        read += len(chunk)
        if read > max_bytes:
            raise FetchError(url, f"the answer is over {_size(max_bytes)}; schedules over "
                                  f"{_size(max_bytes)} are refused")
        chunks.append(chunk)
        if progress is not None:
            progress(read, total)
    if total is not None and read < total:
        raise FetchError(url, f"the connection closed early ({_size(read)} of {_size(total)})")
    return b"".join(chunks)


class _HTTPS(urllib.request.HTTPSHandler):
    """HTTPS with the default verifying context, built only when an https link is opened.

    Loading the system's CA store takes ~0.2 s, a waste for http:// links; and building
    it per connection picks up a changed store (or SSL_CERT_FILE) without a restart.
    """

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(http.client.HTTPSConnection, req, context=ssl.create_default_context())


class _Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most ``limit`` redirects, and only to http(s): never to file: or ftp:."""

    # urllib's own guards would stop first, with a multi-line message: ours counts instead.
    max_redirections = max_repeats = 1_000_000

    def __init__(self, url: str, limit: int) -> None:
        self.url = url
        self.limit = limit
        self.hops: list[str] = []

    def http_error_302(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
    ) -> object:
        location = headers.get("Location") or headers.get("URI")
        if location:
            newurl = urljoin(req.full_url, location)
            problem = ""
            if urlsplit(newurl).scheme.lower() not in _SCHEMES:
                problem = f"redirected to {newurl}, which is not an http(s) link"
            elif len(self.hops) >= self.limit:
                problem = f"too many redirects (more than {self.limit}; the last to {newurl})"
            if problem:
                fp.close()  # the redirect answer's connection
                raise FetchError(self.url, problem)
            self.hops.append(newurl)
        return super().http_error_302(req, fp, code, msg, headers)

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _cancel_check(cancel: Cancel | None) -> Callable[[], bool]:
    if cancel is None:
        return lambda: False
    if isinstance(cancel, threading.Event):
        return cancel.is_set
    return cancel


def _content_length(headers: email.message.Message) -> int | None:
    value = headers.get("Content-Length")
    if value is None or headers.get("Transfer-Encoding", "").lower() == "chunked":
        return None
    try:
        length = int(value.strip())
    except ValueError:
        return None
    return length if length >= 0 else None


def _describe(reason: object, timeout: float) -> str:
    """One line for a low-level failure: what happened, in the attendee's words."""
    if isinstance(reason, FetchError):
        return reason.reason
    if isinstance(reason, TimeoutError):  # socket.timeout is TimeoutError since 3.10
        return f"no answer within {timeout:g} s (timed out)"
    if isinstance(reason, socket.gaierror):
        return f"cannot find the server (DNS lookup failed: {reason.strerror or reason})"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted: {reason.verify_message or reason.reason}"
    if isinstance(reason, ssl.SSLError):
        if reason.reason == "WRONG_VERSION_NUMBER":  # what a plain-HTTP port answers
            return "TLS connection failed: the server does not speak TLS on this port (try http://?)"
        return f"TLS connection failed: {reason.reason or reason}"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(reason, http.client.RemoteDisconnected):  # a ConnectionResetError: first
        return "the server closed the connection without answering"
    if isinstance(reason, ConnectionResetError):
        return "the server reset the connection"
    if isinstance(reason, http.client.InvalidURL):
        return f"not a valid link ({reason})"
    if isinstance(reason, http.client.IncompleteRead):
        return "the connection closed before the whole answer arrived"
    if isinstance(reason, http.client.HTTPException):
        return f"the server's answer is not valid HTTP ({type(reason).__name__})"
    if isinstance(reason, OSError):
        return f"cannot connect: {reason.strerror or reason}"
    return f"cannot connect: {reason}"


def _via(url: str, final: str) -> str:
    return f" (redirected to {final})" if final and final != url else ""


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.0f} MB"
    if n >= 1024:
        return f"{n / 1024:.0f} kB"
    return f"{n} bytes"

