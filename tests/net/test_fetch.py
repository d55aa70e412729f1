"""planner.net.fetch: every way a download can go, against a local server.

Timeouts are half a second so the slow cases stay fast; nothing here leaves 127.0.0.1.
"""

from __future__ import annotations

import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from planner.domain.errors import ScheduleError
from planner.formats import MAX_BYTES, load
from planner.net import fetch
from planner.net.fetch import FetchCancelled, FetchError
from tests.conftest import SEED
from tests.net.conftest import MINI, SEED_BYTES, Server

FAST = 0.5  # seconds: the timeout for the slow-server cases

# One or two of each format; the big ones (38C3, FOSDEM 2021) add parse time, not coverage.
CORPUS_SCHEDULES = (
    "schedule-xml/debconf23-schedule.xml",
    "schedule-json/frab-camp2019-schedule.json",
    "schedule-json/pretalx-rc3-channels-2020-schedule.json",
    "ics/iclr-2020-socials.ics",
    "ics/moca-2024.ics",
)


# -- success -----------------------------------------------------------------------------


def test_fetch_parses_the_bundled_session_like_the_file(server: Server) -> None:
    url = server.serve("/track34.txt", SEED_BYTES, etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")
    got = fetch.fetch(url)
    assert not got.not_modified and got.schedule is not None
    expected = load(SEED)
    assert got.schedule.key == expected.key
    assert got.schedule.events == expected.events
    assert got.schedule.source == url  # errors and the library name the link
    assert (got.etag, got.last_modified) == ('"v1"', "Wed, 21 Oct 2015 07:28:00 GMT")
    assert got.size == len(SEED_BYTES) and got.final_url == url
    assert "Planner/" in server.seen("/track34.txt")[0].headers["User-Agent"]


@pytest.mark.parametrize("name", CORPUS_SCHEDULES)
def test_fetch_reads_every_corpus_format(server: Server, corpus: Path, name: str) -> None:
    path = corpus / name
    got = fetch.fetch(server.serve("/" + path.name, path.read_bytes()))
    assert got.schedule is not None
    expected = load(path)
    assert (got.schedule.key, got.schedule.format) == (expected.key, expected.format)
    assert got.schedule.events == expected.events


def test_corpus_data_that_is_not_a_schedule_names_the_url(server: Server, corpus: Path) -> None:
    url = server.serve("/papers.json", (corpus / "papers-data/iclr2020-miniconf-papers.json").read_bytes())
    with pytest.raises(ScheduleError, match="not a frab/pretalx schedule") as info:
        fetch.fetch(url)
    assert str(info.value).startswith(url)


def test_spaces_and_non_ascii_in_the_path_are_encoded_like_a_browser(server: Server) -> None:
    server.serve("/Zeitplan%20%C3%9Cbersicht.txt?tag=d%C3%BCsseldorf", MINI)
    got = fetch.fetch(server.url("/Zeitplan Übersicht.txt?tag=düsseldorf"))
    assert got.schedule is not None and got.url == server.url("/Zeitplan%20%C3%9Cbersicht.txt?tag=d%C3%BCsseldorf")


def test_progress_reports_bytes_and_total(server: Server) -> None:
    calls: list[tuple[int, int | None]] = []
    # A short pause between pieces, so they reach the client as separate reads even on a
    # busy machine.
    fetch.fetch(server.serve("/s.txt", SEED_BYTES, pace=(4096, 0.02)), progress=lambda n, t: calls.append((n, t)))
    assert calls[0] == (0, len(SEED_BYTES))
    assert calls[-1] == (len(SEED_BYTES), len(SEED_BYTES))
    assert [n for n, _ in calls] == sorted(n for n, _ in calls)
    assert len(calls) > 2  # reported as data arrives, not once at the end


def test_progress_total_is_none_without_a_length(server: Server) -> None:
    url = server.serve("/s.txt", SEED_BYTES, chunked=True)
    calls: list[tuple[int, int | None]] = []
    got = fetch.fetch(url, progress=lambda n, t: calls.append((n, t)))
    assert got.schedule is not None and got.schedule.events == load(SEED).events
    assert calls[0] == (0, None) and calls[-1] == (len(SEED_BYTES), None)


# -- conditional requests ------------------------------------------------------------------


def test_etag_match_is_a_304_without_a_body(server: Server) -> None:
    url = server.serve("/s.txt", SEED_BYTES, etag='"v1"')
    got = fetch.fetch(url, etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")
    assert got.not_modified and got.schedule is None and got.size == 0
    assert got.etag == '"v1"'
    headers = server.seen("/s.txt")[0].headers
    assert headers["If-None-Match"] == '"v1"'
    assert headers["If-Modified-Since"] == "Wed, 21 Oct 2015 07:28:00 GMT"


def test_last_modified_alone_gives_a_304(server: Server) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"
    url = server.serve("/s.txt", SEED_BYTES, last_modified=stamp)
    got = fetch.fetch(url, last_modified=stamp)
    assert got.not_modified and got.last_modified == stamp
    assert "If-None-Match" not in server.seen("/s.txt")[0].headers


def test_a_changed_etag_downloads_again(server: Server) -> None:
    url = server.serve("/s.txt", MINI, etag='"v2"')
    got = fetch.fetch(url, etag='"v1"')
    assert not got.not_modified and got.etag == '"v2"' and got.schedule is not None


def test_no_validators_no_conditional_headers(server: Server) -> None:
    fetch.fetch(server.serve("/s.txt", MINI, etag='"v1"'))
    headers = server.seen("/s.txt")[0].headers
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


# -- redirects ---------------------------------------------------------------------------


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_followed_and_the_final_url_reported(server: Server, status: int) -> None:
    target = server.serve("/real.txt", MINI)
    url = server.serve("/old", status=status, headers={"Location": "/hop"})
    server.serve("/hop", status=302, headers={"Location": target})
    got = fetch.fetch(url, etag='"v1"')
    assert got.url == url and got.final_url == target
    assert got.schedule is not None and got.schedule.source == url
    assert server.seen("/real.txt")[0].headers["If-None-Match"] == '"v1"'  # kept across hops


def test_a_redirect_loop_stops_with_one_line(server: Server) -> None:
    server.serve("/a", status=302, headers={"Location": "/b"})
    url = server.serve("/b", status=302, headers={"Location": "/a"})
    with pytest.raises(FetchError, match=r"too many redirects \(more than 10;") as info:
        fetch.fetch(url)
    assert "\n" not in str(info.value)
    assert len(server.requests) == 11


def test_the_redirect_limit_is_a_parameter(server: Server) -> None:
    server.serve("/1", status=302, headers={"Location": "/2"})
    server.serve("/2", status=302, headers={"Location": "/3"})
    server.serve("/3", MINI)
    with pytest.raises(FetchError, match="more than 1"):
        fetch.fetch(server.url("/1"), max_redirects=1)
    assert fetch.fetch(server.url("/1"), max_redirects=2).schedule is not None


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://127.0.0.1/x.xml", "data:,hello"])
def test_redirects_to_other_schemes_are_refused(server: Server, target: str) -> None:
    url = server.serve("/sneaky", status=302, headers={"Location": target})
    with pytest.raises(FetchError, match="not an http\\(s\\) link"):
        fetch.fetch(url)


def test_an_error_after_a_redirect_names_both_urls(server: Server) -> None:
    url = server.serve("/moved", status=301, headers={"Location": "/gone"})
    with pytest.raises(FetchError) as info:
        fetch.fetch(url)
    assert str(info.value) == f"{url}: HTTP 404 Not Found (redirected to {server.url('/gone')})"


# -- failures ----------------------------------------------------------------------------


@pytest.mark.parametrize(("status", "reason"), [(404, "Not Found"), (500, "Internal Server Error"),
                                                (403, "Forbidden"), (503, "Service Unavailable")])
def test_http_errors_give_status_and_reason(server: Server, status: int, reason: str) -> None:
    url = server.serve("/x", b"<html>oops</html>", status=status)
    with pytest.raises(FetchError) as info:
        fetch.fetch(url)
    assert str(info.value) == f"{url}: HTTP {status} {reason}"


def test_a_server_that_does_not_answer_times_out(server: Server) -> None:
    url = server.serve("/slow", MINI, delay=30)
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"no answer within 0.5 s \(timed out\)"):
        fetch.fetch(url, timeout=FAST)
    assert time.monotonic() - started < 5


def test_a_server_that_stalls_mid_body_times_out(server: Server) -> None:
    url = server.serve("/stall", SEED_BYTES, stall_after=1000)
    with pytest.raises(FetchError, match="timed out"):
        fetch.fetch(url, timeout=FAST)


def test_a_body_cut_short_is_an_error(server: Server) -> None:
    url = server.serve("/short", MINI, length=len(MINI) + 500)
    with pytest.raises(FetchError, match="closed"):
        fetch.fetch(url, timeout=FAST)


def test_connection_refused(free_port: int) -> None:
    url = f"http://127.0.0.1:{free_port}/x.xml"
    with pytest.raises(FetchError) as info:
        fetch.fetch(url)
    assert str(info.value) == f"{url}: connection refused (is the server running?)"


def test_dns_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_such_host(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)  # no real DNS query leaves the machine
    with pytest.raises(FetchError, match=r"https://schedule\.example\.invalid/x\.xml: cannot find the server"):
        fetch.fetch("https://schedule.example.invalid/x.xml")


def test_tls_to_a_plain_http_port(server: Server) -> None:
    server.serve("/x", MINI)
    with pytest.raises(FetchError, match="TLS connection failed: the server does not speak TLS"):
        fetch.fetch(f"https://127.0.0.1:{server.port}/x", timeout=2)


@pytest.fixture
def tls_cert(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    try:
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
             "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1", "-subj", "/CN=127.0.0.1",
             "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True, capture_output=True, timeout=20,
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot make a test certificate with openssl: {exc}")
    return cert, key


@pytest.fixture
def tls_server(server: Server, tls_cert: tuple[Path, Path]) -> Server:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*tls_cert)
    server.use_tls(context)
    return server


def test_an_untrusted_certificate_is_refused(tls_server: Server) -> None:
    tls_server.serve("/x", MINI)
    with pytest.raises(FetchError, match="TLS certificate not accepted: self.signed certificate"):
        fetch.fetch(f"https://127.0.0.1:{tls_server.port}/x", timeout=2)


def test_a_trusted_certificate_works(tls_server: Server, tls_cert: tuple[Path, Path],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tls_cert[0]))  # the default context trusts it now
    tls_server.serve("/x", MINI)
    got = fetch.fetch(f"https://127.0.0.1:{tls_server.port}/x", timeout=2)
    assert got.schedule is not None and got.schedule.title == "Mini session"


@pytest.mark.parametrize(("url", "message"), [
    ("file:///etc/passwd", "file: links are not supported"),
    ("ftp://127.0.0.1/schedule.xml", "ftp: links are not supported"),
    ("javascript:alert(1)", "javascript: links are not supported"),
    ("schedule.xml", "not a link"),
    ("http:///schedule.xml", "no host name"),
    ("http://[::1/schedule.xml", "not a valid link"),
    ("http://127.0.0.1:http/schedule.xml", "not a valid link"),
])
def test_other_schemes_are_refused_before_any_io(url: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch.fetch(url)


def test_a_declared_oversize_body_is_refused_on_the_header(server: Server) -> None:
    url = server.serve("/huge", b"", length=MAX_BYTES + 1, stall_after=0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="the answer is 64 MB; schedules over 64 MB are refused"):
        fetch.fetch(url, timeout=5)
    assert time.monotonic() - started < 2  # refused at once, not after a timeout


def test_an_oversize_stream_is_cut_off_while_streaming(server: Server) -> None:
    url = server.serve("/endless", endless=True)
    with pytest.raises(FetchError, match="over 256 kB; schedules over 256 kB are refused"):
        fetch.fetch(url, max_bytes=256 * 1024, timeout=5)
    server.close()  # let the writer notice the hang-up and count what it sent
    assert server.sent["/endless"] < 64 * 1024 * 1024  # far less than the server would send


def test_the_default_limit_applies_while_streaming(server: Server) -> None:
    """No Content-Length: only counting while reading can stop this one."""
    url = server.serve("/endless", endless=True)
    with pytest.raises(FetchError, match="over 64 MB"):
        fetch.fetch(url, timeout=5)


@pytest.mark.parametrize(("body", "message"), [
    (b"<!DOCTYPE html><html><body>Welcome</body></html>", "HTML page"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "not a schedule Planner can read"),
    (b"", "empty"),
])
def test_a_body_that_is_not_a_schedule_names_the_url(server: Server, body: bytes, message: str) -> None:
    url = server.serve("/page", body)
    with pytest.raises(ScheduleError, match=message) as info:
        fetch.fetch(url)
    assert str(info.value).startswith(url + ":")


def test_every_failure_message_is_one_line(server: Server, free_port: int) -> None:
    server.serve("/500", status=500)
    server.serve("/loop", status=302, headers={"Location": "/loop"})
    for url in (server.url("/500"), server.url("/loop"), f"http://127.0.0.1:{free_port}/", "gopher://x/"):
        with pytest.raises(FetchError) as info:
            fetch.fetch(url, timeout=FAST)
        assert "\n" not in str(info.value) and str(info.value).startswith(url.strip())


# -- cancellation --------------------------------------------------------------------------


def test_cancel_from_another_thread_stops_mid_download(server: Server) -> None:
    """The window's case: a worker downloads, the GUI thread presses Cancel."""
    body = SEED_BYTES * 8
    url = server.serve("/big.txt", body, pace=(2048, 0.01))
    cancel = threading.Event()
    started = threading.Event()
    outcome: list[BaseException | fetch.Fetched] = []
    seen: list[int] = []

    def progress(n: int, total: int | None) -> None:
        seen.append(n)
        if n > 0:
            started.set()

    def work() -> None:
        try:
            outcome.append(fetch.fetch(url, cancel=cancel, progress=progress, timeout=5))
        except BaseException as exc:  # handed to the test thread
            outcome.append(exc)

    worker = threading.Thread(target=work)
    worker.start()
    assert started.wait(5)
    cancel.set()
    worker.join(5)
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], FetchCancelled)
    assert str(outcome[0]) == f"{url}: download cancelled"
    assert 0 < seen[-1] < len(body)


def test_cancel_as_a_callable(server: Server) -> None:
    url = server.serve("/s.txt", SEED_BYTES, pace=(1024, 0.0))
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 3

    with pytest.raises(FetchCancelled):
        fetch.fetch(url, cancel=cancelled)


def test_cancel_before_start_makes_no_request(server: Server) -> None:
    stop = threading.Event()
    stop.set()
    with pytest.raises(FetchCancelled):
        fetch.fetch(server.serve("/s.txt", MINI), cancel=stop)
    assert server.requests == []


def test_looks_like_url() -> None:
    assert fetch.looks_like_url("https://example.org/s.xml")
    assert fetch.looks_like_url("HTTP://example.org/s.xml")
    assert fetch.looks_like_url("ftp://example.org/s.xml")  # a link, refused later with a reason
    assert not fetch.looks_like_url("schedule.xml")
    assert not fetch.looks_like_url("C:\\talks\\schedule.xml")
    assert not fetch.looks_like_url("./a://b")
