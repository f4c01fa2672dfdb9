"""Subscriptions against a real HTTPS server on 127.0.0.1: subscribe, update (200, 304,
redirects, errors, stalls, oversized, invalid and truncated files, pinned hashes), unsubscribe,
info, the reminder, and lookups that never touch the network."""

from __future__ import annotations

import datetime as dt
import hashlib
import http.server
import io
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from learnref import __version__, subscriptions
from learnref.errors import LearnrefError
from learnref.render.updates import UpdateDisplay
from learnref.subscriptions import format_config, parse_config

from .briefing_files import briefing
from .conftest import Runner

Handler = Callable[["_RequestHandler"], None]


class _RequestHandler(http.server.BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append((self.path, dict(self.headers.items())))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404, "Not Found")
            return
        route(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the test output clean


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Handler]
    requests: list[tuple[str, dict[str, str]]]


class Site:
    """A web server on 127.0.0.1 in a thread, serving the routes a test sets."""

    def __init__(self, context: ssl.SSLContext | None) -> None:
        self.server = _Server(("127.0.0.1", 0), _RequestHandler)
        self.server.routes = {}
        self.server.requests = []
        if context is not None:
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.scheme = "https" if context is not None else "http"
        self.release = threading.Event()  # ends a stalled answer at teardown
        # A short poll: shutdown() waits for it, at the end of every test.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()

    def url(self, path: str) -> str:
        """The address of `path` on this server."""
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}{path}"

    @property
    def requests(self) -> list[tuple[str, dict[str, str]]]:
        """Every request received: (path, headers)."""
        return self.server.requests

    def serve(
        self,
        path: str,
        body: str | bytes,
        *,
        etag: str | None = '"v1"',
        last_modified: str | None = None,
    ) -> None:
        """Serve `body` at `path`, answering 304 to a matching If-None-Match or
        If-Modified-Since."""
        data = body.encode("utf-8") if isinstance(body, str) else body

        def handle(request: _RequestHandler) -> None:
            if (etag is not None and request.headers.get("If-None-Match") == etag) or (
                last_modified is not None
                and request.headers.get("If-Modified-Since") == last_modified
            ):
                request.send_response(304)
                request.end_headers()
                return
            request.send_response(200)
            request.send_header("Content-Type", "application/yaml")
            request.send_header("Content-Length", str(len(data)))
            if etag is not None:
                request.send_header("ETag", etag)
            if last_modified is not None:
                request.send_header("Last-Modified", last_modified)
            request.end_headers()
            request.wfile.write(data)

        self.server.routes[path] = handle

    def redirect(self, path: str, location: str) -> None:
        """Answer `path` with a 302 to `location`."""

        def handle(request: _RequestHandler) -> None:
            request.send_response(302)
            request.send_header("Location", location)
            request.send_header("Content-Length", "0")
            request.end_headers()

        self.server.routes[path] = handle

    def fail(self, path: str, code: int) -> None:
        """Answer `path` with an error status."""
        self.server.routes[path] = lambda request: request.send_error(code)

    def handle(self, path: str, handler: Handler) -> None:
        """Answer `path` with a handler of the test's own."""
        self.server.routes[path] = handler

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.release.set()
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


@pytest.fixture(scope="session")
def certificate_authority() -> trustme.CA:
    """One test CA for the whole run."""
    return trustme.CA()


@pytest.fixture
def site(
    certificate_authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Site]:
    """An HTTPS server on 127.0.0.1 whose CA learnref trusts through LEARNREF_CA_BUNDLE."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    bundle = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("LEARNREF_CA_BUNDLE", str(bundle))
    server = Site(context)
    yield server
    server.stop()


@pytest.fixture
def plain_site() -> Iterator[Site]:
    """A plain HTTP server on 127.0.0.1."""
    server = Site(None)
    yield server
    server.stop()


FIRST = briefing("lscp-2024-01", theme="Think Family", messages=("First message.", "Second."))
CHANGED = briefing(
    "lscp-2024-01",
    theme="Think Family",
    messages=("First message.", "Second.", "Zebrafish chronology message."),
)


def config_file(tmp_path: Path) -> Path:
    """Where the tests' subscriptions.toml is."""
    return tmp_path / "config-home" / "learnref" / "subscriptions.toml"


def copies(tmp_path: Path) -> Path:
    """Where the tests' subscribed copies are."""
    return tmp_path / "data-home" / "learnref" / "subscriptions"


def make_older(tmp_path: Path, name: str, days: int) -> None:
    """Record the subscription `name` as last updated `days` days ago."""
    path = config_file(tmp_path)
    config = parse_config(path.read_text(encoding="utf-8"))
    moment = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days, minutes=1)
    config.subscriptions[name].updated = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    path.write_text(format_config(config), encoding="utf-8")


def subscribed(run: Runner, site: Site, name: str = "lscp", body: str = FIRST) -> None:
    """Subscribe to `body` served at /briefings.yaml as `name`."""
    site.serve("/briefings.yaml", body)
    result = run("subscribe", site.url("/briefings.yaml"), "--name", name)
    assert result.exit_code == 0, result


def test_subscribe_fetches_validates_and_reports(run: Runner, site: Site, tmp_path: Path) -> None:
    """subscribe stores the copy, records the URL and ETag, and says what it added."""
    site.serve("/briefings.yaml", FIRST)
    url = site.url("/briefings.yaml")
    result = run("subscribe", url, "--name", "lscp")
    assert result.exit_code == 0, result
    assert result.stdout == "Subscribed to lscp: 1 briefing, 2 key messages from Test Partnership\n"
    assert result.stderr == ""
    assert (copies(tmp_path) / "lscp.yaml").read_text(encoding="utf-8") == FIRST
    config = parse_config(config_file(tmp_path).read_text(encoding="utf-8"))
    assert config.subscriptions["lscp"].url == url
    assert config.subscriptions["lscp"].etag == '"v1"'
    assert site.requests[0][1]["User-Agent"] == f"learnref/{__version__}"
    shown = run("show", "think-family")
    assert "First message." in shown.stdout


def test_a_briefing_id_already_loaded_is_refused_at_once(
    run: Runner, site: Site, tmp_path: Path
) -> None:
    """A subscribed file reusing a loaded briefing id would be skipped: subscribe says so,
    exits 1 and records nothing."""
    site.serve("/briefings.yaml", briefing("hscp-2023-09-learning-from-reviews"))
    result = run("subscribe", site.url("/briefings.yaml"), "--name", "hscp")
    assert result.exit_code == 1, result
    copy = copies(tmp_path) / "hscp.yaml"
    assert result.stderr.startswith(f"Not subscribed to hscp: once added, {copy} would be ")
    assert "hscp-2023-09-learning-from-reviews" in result.stderr
    assert not copy.exists()
    assert not subscriptions.read_config().subscriptions


def test_default_name_comes_from_the_address(run: Runner, site: Site) -> None:
    """Without --name, the name is a slug of the host and path, without .yaml."""
    site.serve("/learning/Briefings.yaml", FIRST)
    result = run("subscribe", site.url("/learning/Briefings.yaml"))
    assert result.exit_code == 0, result
    assert result.stdout.startswith("Subscribed to 127-0-0-1-learning-briefings: ")


def test_update_unchanged_costs_one_conditional_request(run: Runner, site: Site) -> None:
    """An unchanged file is one request with If-None-Match, answered 304."""
    subscribed(run, site)
    site.requests.clear()
    result = run("update")
    assert result.exit_code == 0, result
    assert result.stdout == "lscp: unchanged\n"
    assert len(site.requests) == 1
    assert site.requests[0][1]["If-None-Match"] == '"v1"'


def test_server_without_etag_unchanged_body(run: Runner, site: Site, tmp_path: Path) -> None:
    """A server that sends no ETag and the same file again: unchanged, the copy untouched."""
    site.serve("/briefings.yaml", FIRST, etag=None)
    assert run("subscribe", site.url("/briefings.yaml"), "--name", "lscp").exit_code == 0
    copy = copies(tmp_path) / "lscp.yaml"
    before = copy.stat().st_mtime_ns
    result = run("update")
    assert result.stdout == "lscp: unchanged\n"
    assert copy.stat().st_mtime_ns == before


def test_changed_content_is_found_by_search_and_show(run: Runner, site: Site) -> None:
    """A new version replaces the copy; search and show find its new message at once."""
    subscribed(run, site)
    assert run("search", "zebrafish").exit_code == 1
    site.serve("/briefings.yaml", CHANGED, etag='"v2"')
    result = run("update")
    assert result.exit_code == 0, result
    assert result.stdout == "lscp: updated (1 briefing, 3 messages)\n"
    found = run("search", "zebrafish")
    assert found.exit_code == 0, found
    assert "Zebrafish chronology message." in found.stdout
    assert "Zebrafish chronology message." in run("show", "think-family").stdout


def test_redirects_are_followed_up_to_five(run: Runner, site: Site) -> None:
    """Five redirects are followed; a sixth is refused and nothing is recorded."""
    site.serve("/final.yaml", FIRST)
    for hop in range(1, 7):
        site.redirect(f"/hop{hop}", site.url(f"/hop{hop + 1}" if hop < 6 else "/final.yaml"))
    assert run("subscribe", site.url("/hop2"), "--name", "five").exit_code == 0
    result = run("subscribe", site.url("/hop1"), "--name", "six")
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Cannot subscribe to {site.url('/hop1')}: more than 5 redirects, or a redirect loop.\n"
    )
    assert "six" not in run("info").stdout


def test_redirect_from_https_to_http_is_refused(
    run: Runner, site: Site, plain_site: Site, tmp_path: Path
) -> None:
    """A redirect to plain HTTP is never followed, even to this computer."""
    subscribed(run, site)
    plain_site.serve("/briefings.yaml", CHANGED)
    site.redirect("/briefings.yaml", plain_site.url("/briefings.yaml"))
    result = run("update")
    assert result.exit_code == 1
    assert result.stdout == (
        f"lscp: failed: the server redirected to a plain HTTP address "
        f"({plain_site.url('/briefings.yaml')}); learnref never leaves HTTPS; "
        "keeping the copy from just now\n"
    )
    assert plain_site.requests == []
    assert (copies(tmp_path) / "lscp.yaml").read_text(encoding="utf-8") == FIRST


def test_no_connection_says_to_check_it(run: Runner, site: Site) -> None:
    """When no server can be reached, the hint is the connection."""
    subscribed(run, site)
    site.stop()
    result = run("update")
    assert result.exit_code == 1
    assert result.stderr.endswith("Check the connection, then run learnref update again.\n")


def test_404_keeps_the_copy_and_says_how_old(run: Runner, site: Site, tmp_path: Path) -> None:
    """A 404 keeps the old copy, with its age; when every subscription fails, exit 1."""
    subscribed(run, site)
    make_older(tmp_path, "lscp", days=3)
    site.fail("/briefings.yaml", 404)
    result = run("update")
    assert result.exit_code == 1
    assert result.stdout == "lscp: failed: 404 Not Found; keeping the copy from 3 days ago\n"
    # The server answered: the connection is not what to check.
    assert result.stderr == (
        "No subscription could be updated; each keeps the copy it had.\n"
        "Each line above says why; a file that moved or changed is a question for its "
        "publisher. Then run learnref update again.\n"
    )
    assert "First message." in run("show", "think-family").stdout
    info = json.loads(run("info", "--format", "json").stdout)
    assert info["subscriptions"][0]["last_error"] == "404 Not Found"


def test_500_on_one_source_still_exits_0(run: Runner, site: Site, tmp_path: Path) -> None:
    """One source failing while another updates is exit 0, one line each."""
    subscribed(run, site)
    site.serve("/other.yaml", briefing("other-2024-02"))
    assert run("subscribe", site.url("/other.yaml"), "--name", "other").exit_code == 0
    site.fail("/briefings.yaml", 500)
    result = run("update")
    assert result.exit_code == 0, result
    assert result.stdout == (
        "lscp: failed: 500 Internal Server Error; keeping the copy from just now\n"
        "other: unchanged\n"
    )


def test_a_stalled_server_times_out(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that never answers is given up after LEARNREF_HTTP_TIMEOUT seconds."""
    subscribed(run, site)

    def stall(request: _RequestHandler) -> None:
        site.release.wait(10)

    site.handle("/briefings.yaml", stall)
    monkeypatch.setenv("LEARNREF_HTTP_TIMEOUT", "0.3")
    started = time.monotonic()
    result = run("update")
    assert time.monotonic() - started < 3
    assert result.exit_code == 1
    assert result.stdout == (
        "lscp: failed: the server did not answer within 0.3 seconds; "
        "keeping the copy from just now\n"
    )


def test_a_trickling_server_is_given_up(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A server that sends a byte now and then, never tripping the read timeout, is given
    up after ten read timeouts in all."""
    subscribed(run, site)

    def trickle(request: _RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", "1000")
        request.end_headers()
        for _ in range(100):
            request.wfile.write(b"#")
            request.wfile.flush()
            if site.release.wait(0.05):
                return

    site.handle("/briefings.yaml", trickle)
    monkeypatch.setenv("LEARNREF_HTTP_TIMEOUT", "0.2")
    started = time.monotonic()
    result = run("update")
    assert time.monotonic() - started < 3
    assert result.stdout == (
        "lscp: failed: the download took longer than 2 seconds; keeping the copy from just now\n"
    )


def test_an_oversized_declared_body_is_refused(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Content-Length past the cap is refused before the body is read."""
    monkeypatch.setattr("learnref.loader.MAX_FILE_BYTES", 2 * 1048576)

    def huge(request: _RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(5 * 1048576))
        request.end_headers()

    site.handle("/big.yaml", huge)
    result = run("subscribe", site.url("/big.yaml"), "--name", "big")
    assert result.exit_code == 1
    assert ": the file is 5.0 MB, over the 2 MB limit for one briefing file.\n" in result.stderr


def test_an_oversized_streamed_body_is_cut_off(
    run: Runner, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body with no length that runs past the cap is refused; the old copy stays."""
    subscribed(run, site)
    monkeypatch.setattr("learnref.loader.MAX_FILE_BYTES", 1048576)

    def endless(request: _RequestHandler) -> None:
        request.send_response(200)
        request.end_headers()
        for _ in range(40):  # 2.5 MB, then the connection closes
            request.wfile.write(b"# " + b"x" * 65533 + b"\n")

    site.handle("/briefings.yaml", endless)
    result = run("update")
    assert result.stdout == (
        "lscp: failed: the file is over the 1 MB limit for one briefing file; "
        "keeping the copy from just now\n"
    )
    assert (copies(tmp_path) / "lscp.yaml").read_text(encoding="utf-8") == FIRST


def test_an_invalid_file_never_replaces_the_copy(run: Runner, site: Site, tmp_path: Path) -> None:
    """Content that is not a valid briefing file is refused, on subscribe and on update."""
    site.serve("/page.html", "<html><body>Learning from reviews</body></html>\n")
    result = run("subscribe", site.url("/page.html"), "--name", "page")
    assert result.exit_code == 1
    assert "not a valid briefing file (1 error; first, line 1: " in result.stderr
    assert "Nothing was recorded." in result.stderr
    assert not (copies(tmp_path) / "page.yaml").exists()
    subscribed(run, site)
    site.serve("/briefings.yaml", "version: 1\nbriefings: []\n", etag='"v2"')
    update = run("update")
    assert update.stdout.startswith("lscp: failed: not a valid briefing file (1 error; first, ")
    assert (copies(tmp_path) / "lscp.yaml").read_text(encoding="utf-8") == FIRST


def test_a_pinned_hash_accepts_only_that_file(run: Runner, site: Site, tmp_path: Path) -> None:
    """--sha256 refuses other content: at subscribe (nothing recorded) and at update."""
    site.serve("/briefings.yaml", FIRST)
    url = site.url("/briefings.yaml")
    wrong = "0" * 64
    refused = run("subscribe", url, "--sha256", wrong)
    assert refused.exit_code == 1
    digest = hashlib.sha256(FIRST.encode()).hexdigest()
    assert f": the file's SHA-256 is {digest}, not the pinned {wrong}.\n" in refused.stderr
    assert not config_file(tmp_path).exists()
    assert run("subscribe", url, "--name", "pinned", "--sha256", digest.upper()).exit_code == 0
    site.serve("/briefings.yaml", CHANGED, etag='"v2"')
    result = run("update")
    assert result.stdout.startswith("pinned: failed: the file's SHA-256 is ")
    assert (copies(tmp_path) / "pinned.yaml").read_text(encoding="utf-8") == FIRST


def test_a_download_cut_off_halfway_keeps_the_copy(run: Runner, site: Site, tmp_path: Path) -> None:
    """The server closes the connection halfway: the copy stays, no temporary file is left."""
    subscribed(run, site)
    data = CHANGED.encode()

    def halfway(request: _RequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data[: len(data) // 2])
        request.wfile.flush()
        request.close_connection = True

    site.handle("/briefings.yaml", halfway)
    result = run("update")
    assert result.stdout == (
        "lscp: failed: the connection closed before the whole file arrived; "
        "keeping the copy from just now\n"
    )
    assert sorted(path.name for path in copies(tmp_path).iterdir()) == ["lscp.yaml"]
    assert (copies(tmp_path) / "lscp.yaml").read_text(encoding="utf-8") == FIRST


def test_untrusted_certificate_is_refused(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the test CA the server's certificate is not trusted."""
    monkeypatch.delenv("LEARNREF_CA_BUNDLE")
    site.serve("/briefings.yaml", FIRST)
    result = run("subscribe", site.url("/briefings.yaml"))
    assert result.exit_code == 1
    assert ": the server's certificate could not be verified (" in result.stderr


def test_proxy_variables_are_respected(
    run: Runner, site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HTTPS_PROXY is used (here a closed port, so it fails) unless NO_PROXY names the host."""
    site.serve("/briefings.yaml", FIRST)
    url = site.url("/briefings.yaml")
    monkeypatch.setenv("HTTPS_PROXY", "http://127.0.0.1:9")
    through_proxy = run("subscribe", url)
    assert through_proxy.exit_code == 1
    assert "refused the connection" in through_proxy.stderr
    assert site.requests == []
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    assert run("subscribe", url).exit_code == 0


def test_addresses_names_and_duplicates(run: Runner, site: Site) -> None:
    """Plain HTTP beyond this computer, other schemes, bad names and hashes are usage errors;
    a second subscription to the same name or URL is refused with a hint."""
    plain = run("subscribe", "http://example.org/briefings.yaml")
    assert plain.exit_code == 2
    assert plain.stderr == (
        "Cannot subscribe: http://example.org/briefings.yaml is plain HTTP; use its https:// "
        "address (plain HTTP is accepted only for this computer: 127.0.0.1, ::1, localhost).\n"
    )
    assert run("subscribe", "ftp://example.org/b.yaml").exit_code == 2
    assert run("subscribe", "https://example.org:x/b.yaml").exit_code == 2
    bad_name = run("subscribe", "https://example.org/b.yaml", "--name", "My LSCP")
    assert bad_name.exit_code == 2
    assert "e.g. --name my-lscp" in bad_name.stderr
    assert run("subscribe", "https://example.org/b.yaml", "--sha256", "abc").exit_code == 2
    subscribed(run, site)
    again = run("subscribe", site.url("/briefings.yaml"), "--name", "again")
    assert again.exit_code == 1
    assert again.stderr == (
        f"You already subscribe to {site.url('/briefings.yaml')}, as 'lscp'.\n"
        "Fetch its latest version with: learnref update\n"
    )
    site.serve("/other.yaml", briefing("other-2024-02"))
    same_name = run("subscribe", site.url("/other.yaml"), "--name", "lscp")
    assert same_name.exit_code == 1
    assert "learnref unsubscribe lscp" in same_name.stderr


def test_plain_http_to_this_computer_is_allowed(run: Runner, plain_site: Site) -> None:
    """http://127.0.0.1 works, for tests; an unchanged file is answered 304 there too."""
    plain_site.serve("/briefings.yaml", FIRST)
    assert run("subscribe", plain_site.url("/briefings.yaml"), "--name", "local").exit_code == 0
    assert run("update").stdout == "local: unchanged\n"


def test_update_with_no_subscriptions(run: Runner) -> None:
    """No subscriptions: exit 0, with a hint."""
    result = run("update")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "There are no subscriptions to update.\n"
        "Subscribe to a partnership's briefing file with: learnref subscribe URL\n"
    )


def test_unsubscribe(run: Runner, site: Site, tmp_path: Path) -> None:
    """unsubscribe removes the record and the copy; an unknown name gets a suggestion."""
    subscribed(run, site)
    unknown = run("unsubscribe", "lsc")
    assert unknown.exit_code == 1
    assert unknown.stderr == "No subscription called 'lsc'.\nDid you mean 'lscp'?\n"
    result = run("unsubscribe", "lscp")
    assert result.exit_code == 0, result
    assert result.stdout == (
        f"Unsubscribed from lscp ({site.url('/briefings.yaml')}); its copy is removed.\n"
    )
    assert not (copies(tmp_path) / "lscp.yaml").exists()
    assert "First message." not in run("show", "think-family").stdout
    none = run("unsubscribe", "lscp")
    assert none.stderr == (
        "No subscription called 'lscp'.\n"
        "There are no subscriptions; add one with: learnref subscribe URL\n"
    )


def test_info_lists_subscriptions(run: Runner, site: Site, tmp_path: Path) -> None:
    """info shows each subscription's URL, last update and age, and its copy as a source."""
    subscribed(run, site)
    make_older(tmp_path, "lscp", days=2)
    url = site.url("/briefings.yaml")
    text = run("info").stdout
    copy = copies(tmp_path) / "lscp.yaml"
    assert f"  subscription  {copy}: 1 briefing, 2 messages\n" in text
    assert re.search(
        rf"\nSubscriptions:\n  lscp  {re.escape(url)}: updated \d{{4}}-\d\d-\d\d \d\d:\d\d UTC "
        r"\(2 days ago\)\n",
        text,
    )
    data = json.loads(run("info", "--format", "json").stdout)
    entry = data["subscriptions"][0]
    assert entry["name"] == "lscp"
    assert entry["url"] == url
    assert entry["path"] == str(copy)
    assert entry["sha256"] is None
    assert entry["last_error"] is None
    assert 2 * 86400 <= entry["age_seconds"] < 2 * 86400 + 600
    assert data["sources"][1]["kind"] == "subscription"
    assert data["subscriptions_file"] == {
        "path": str(config_file(tmp_path)),
        "exists": True,
        "problem": None,
    }


def test_a_broken_record_is_reported(run: Runner, tmp_path: Path) -> None:
    """An unreadable subscriptions.toml stops subscribe and update, and info says why."""
    path = config_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text("[subscriptions.x]\nurl = \n", encoding="utf-8")
    result = run("update")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: cannot read the subscriptions: ")
    assert "(cannot read them: " in run("info").stdout
    path.write_text("[subscriptions.x]\netag = 'a'\n", encoding="utf-8")
    assert run("update").stderr.startswith(f"{path}: the subscription x has no url.\n")
    path.write_text('[subscriptions."../x"]\nurl = "https://e.org"\n', encoding="utf-8")
    assert run("update").stderr.startswith(f"{path}: '../x' is not a valid subscription name")


def test_a_damaged_copy_is_skipped_with_one_warning(
    run: Runner, site: Site, tmp_path: Path
) -> None:
    """A copy that no longer reads is left out with one warning, like a user file."""
    subscribed(run, site)
    copy = copies(tmp_path) / "lscp.yaml"
    copy.write_text("version: 1\n", encoding="utf-8")
    result = run("list")
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{copy}: warning: skipped this file (1 error)")


def test_the_record_round_trips(tmp_path: Path) -> None:
    """The TOML writer escapes what it must, and keeps the top-level settings."""
    text = (
        "update_reminder_days = 7\nnote = 'kept'\n"
        '[subscriptions.a]\nurl = "https://example.org/a.yaml"\n'
        'error = "a \\"quoted\\" \\\\ reason\\twith\\u0001 control"\n'
    )
    config = parse_config(text)
    again = parse_config(format_config(config))
    assert again == config
    assert again.settings == {"update_reminder_days": 7, "note": "kept"}


def test_lookups_never_touch_the_network(run: Runner, site: Site, tmp_path: Path) -> None:
    """With the server gone, show and search still work from the copy, and a lookup imports
    neither the subscriptions module nor an HTTP client."""
    subscribed(run, site, body=CHANGED)
    site.stop()
    assert "Zebrafish chronology message." in run("show", "think-family").stdout
    assert run("search", "zebrafish").exit_code == 0
    path = config_file(tmp_path)
    path.write_text("update_reminder_days = 1\n" + path.read_text(encoding="utf-8"), "utf-8")
    completed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "learnref", "search", "zebrafish"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert completed.returncode == 0, completed.stderr
    imported = {line.rsplit("|", 1)[-1].strip() for line in completed.stderr.splitlines()}
    for module in ("learnref.subscriptions", "urllib.request", "http.client", "ssl", "tomllib"):
        assert module not in imported


def _run_with_terminal_stderr(*args: str) -> tuple[str, str]:
    """Run learnref with stderr on a pseudo-terminal and stdout piped: (stdout, stderr)."""
    import pty

    leader, follower = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "learnref", *args],
            stdout=subprocess.PIPE,
            stderr=follower,
            text=True,
            check=False,
            env={**os.environ, "TERM": "xterm", "COLUMNS": "80"},
            timeout=60,
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return completed.stdout, b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_reminder_only_when_set_due_and_on_a_terminal(
    run: Runner, site: Site, tmp_path: Path
) -> None:
    """update_reminder_days turns on a reminder on a terminal's stderr when the subscriptions
    are older; it is off by default and never in a pipe."""
    subscribed(run, site)
    make_older(tmp_path, "lscp", days=3)
    off_stdout, off_stderr = _run_with_terminal_stderr("list")
    assert "learnref update" not in off_stderr
    assert "THEME" in off_stdout
    path = config_file(tmp_path)
    path.write_text("update_reminder_days = 2\n" + path.read_text(encoding="utf-8"), "utf-8")
    _, due = _run_with_terminal_stderr("list")
    assert (
        "Your subscribed briefings were last updated 3 days ago; get the latest with: "
        "learnref update"
    ) in due
    assert "learnref update" not in run("list").stderr  # stderr is not a terminal here
    path.write_text(path.read_text(encoding="utf-8").replace("= 2\n", "= 5\n"), "utf-8")
    _, not_due = _run_with_terminal_stderr("list")
    assert "learnref update" not in not_due


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_update_on_a_terminal_keeps_lines_on_stdout(run: Runner, site: Site) -> None:
    """With stderr a terminal, update draws its progress there and still prints one line per
    source on stdout."""
    subscribed(run, site)
    stdout, _ = _run_with_terminal_stderr("update")
    assert stdout == "lscp: unchanged\n"


def test_last_modified_alone_is_used_for_the_conditional_request(run: Runner, site: Site) -> None:
    """A server that sends only Last-Modified gets If-Modified-Since back, and answers 304."""
    stamp = "Tue, 02 Jan 2024 10:00:00 GMT"
    site.serve("/briefings.yaml", FIRST, etag=None, last_modified=stamp)
    assert run("subscribe", site.url("/briefings.yaml"), "--name", "lscp").exit_code == 0
    site.requests.clear()
    assert run("update").stdout == "lscp: unchanged\n"
    assert site.requests[0][1]["If-Modified-Since"] == stamp
    assert "If-None-Match" not in site.requests[0][1]


def test_answers_that_are_not_http(run: Runner, site: Site) -> None:
    """A server that hangs up without answering, or answers garbage, is a one-line failure."""

    def hang_up(request: _RequestHandler) -> None:
        request.close_connection = True

    def garbage(request: _RequestHandler) -> None:
        request.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
        request.close_connection = True

    site.handle("/silent.yaml", hang_up)
    site.handle("/garbage.yaml", garbage)
    silent = run("subscribe", site.url("/silent.yaml"))
    assert ": the connection closed before the whole file arrived.\n" in silent.stderr
    bad = run("subscribe", site.url("/garbage.yaml"))
    assert ": the server's answer was not valid HTTP.\n" in bad.stderr


def test_files_that_cannot_be_written(run: Runner, site: Site, tmp_path: Path) -> None:
    """A copy or a record that cannot be written leaves nothing half-done behind."""
    site.serve("/briefings.yaml", FIRST)
    url = site.url("/briefings.yaml")
    blocked = copies(tmp_path)
    blocked.parent.mkdir(parents=True)
    blocked.write_text("a file where the folder should be", encoding="utf-8")
    no_copy = run("subscribe", url, "--name", "lscp")
    assert no_copy.exit_code == 1
    assert ": cannot write the copy " in no_copy.stderr
    blocked.unlink()
    config_dir = config_file(tmp_path).parent
    config_dir.parent.mkdir(parents=True)
    config_dir.write_text("a file where the folder should be", encoding="utf-8")
    no_record = run("subscribe", url, "--name", "lscp")
    assert no_record.exit_code == 1
    assert no_record.stderr.startswith(f"Cannot write {config_file(tmp_path)}: ")
    assert not (copies(tmp_path) / "lscp.yaml").exists()
    config_dir.unlink()
    assert run("subscribe", url, "--name", "lscp").exit_code == 0
    copy = copies(tmp_path) / "lscp.yaml"
    copy.unlink()
    copy.mkdir()
    stuck = run("unsubscribe", "lscp")
    assert stuck.exit_code == 1
    assert stuck.stderr.startswith("Removed the subscription 'lscp', but cannot delete its copy ")


def test_records_that_cannot_be_read(run: Runner, tmp_path: Path) -> None:
    """A record that is not UTF-8, or whose subscriptions are not a table, is handled."""
    path = config_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe")
    assert run("update").stderr.startswith(f"Cannot read {path}: it is not UTF-8 text.\n")
    path.write_text("subscriptions = 3\n", encoding="utf-8")
    assert run("update").exit_code == 0


def test_failure_reasons_in_plain_words() -> None:
    """Each kind of network failure becomes a short reason."""
    import errno
    import http.client
    import socket
    import urllib.error

    url = "https://example.org/b.yaml"
    reason = subscriptions._reason
    gaierror = socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    assert reason(urllib.error.URLError(gaierror), url) == (
        "cannot find the server example.org (offline, or a wrong address)"
    )
    assert reason(ssl.SSLError(1, "bad"), url).startswith("a secure connection could not be made")
    assert reason(ConnectionResetError(), url) == (
        "the connection closed before the whole file arrived"
    )
    assert reason(http.client.IncompleteRead(b""), url) == (
        "the connection closed before the whole file arrived"
    )
    assert reason(OSError(errno.EACCES, "Permission denied"), url) == "permission denied"
    assert reason(urllib.error.URLError("odd"), url) == "odd"
    assert reason(ValueError(), url) == "ValueError"
    assert subscriptions._http_reason(418, "") == "418 I'm a Teapot"
    assert subscriptions._http_reason(799, None) == "799 error"


def test_timeouts_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """LEARNREF_HTTP_TIMEOUT replaces both timeouts; a value that is not a number is ignored."""
    assert subscriptions.timeouts() == (10.0, 30.0)
    monkeypatch.setenv("LEARNREF_HTTP_TIMEOUT", "2.5")
    assert subscriptions.timeouts() == (2.5, 2.5)
    monkeypatch.setenv("LEARNREF_HTTP_TIMEOUT", "soon")
    assert subscriptions.timeouts() == (10.0, 30.0)


def test_reminder_rules() -> None:
    """The reminder needs a positive whole number of days and a subscription older than it."""
    now = dt.datetime(2026, 3, 10, tzinfo=dt.timezone.utc)
    record = '[subscriptions.a]\nurl = "https://e.org/a.yaml"\nupdated = "2026-03-01T00:00:00Z"\n'
    due = subscriptions.reminder_due
    assert due("update_reminder_days = 7\n" + record, now) == dt.datetime(
        2026, 3, 1, tzinfo=dt.timezone.utc
    )
    assert due("update_reminder_days = 10\n" + record, now) is None
    assert due("update_reminder_days = true\n" + record, now) is None
    assert due("update_reminder_days = 0\n" + record, now) is None
    assert due("update_reminder_days = 1\n[subscriptions.a]\nurl = 'x'\n", now) is None
    assert due("update_reminder_days = [", now) is None
    assert subscriptions.parse_stamp("yesterday") is None
    assert subscriptions.parse_stamp("2026-03-01T00:00:00") == dt.datetime(
        2026, 3, 1, tzinfo=dt.timezone.utc
    )


def test_settings_of_every_kind_round_trip() -> None:
    """True/false, numbers and keys that need quotes are written back as TOML reads them."""
    config = subscriptions.Config({"flag": True, "off": False, "ratio": 0.5, "odd key": "x"})
    assert parse_config(format_config(config)) == config


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_reminder_and_progress_in_process(
    run: Runner, site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal's stderr: the reminder line when due, and a progress bar that leaves
    the result lines on stdout."""
    from learnref import cli

    subscribed(run, site)
    make_older(tmp_path, "lscp", days=3)
    path = config_file(tmp_path)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    cli._remind_to_update()
    assert terminal.getvalue() == ""
    path.write_text("update_reminder_days = 2\n" + path.read_text(encoding="utf-8"), "utf-8")
    cli._remind_to_update()
    assert terminal.getvalue() == (
        "Your subscribed briefings were last updated 3 days ago; "
        "get the latest with: learnref update\n"
    )
    monkeypatch.setenv("TERM", "xterm")
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stdout)
    with UpdateDisplay() as display:
        display.start(["a", "b"])
        display.result(subscriptions.Result("a", subscriptions.UNCHANGED))
        display.result(subscriptions.Result("b", subscriptions.FAILED, error="x"))
    assert stdout.getvalue() == "a: unchanged\nb: failed: x; there is no copy to keep\n"
    # The result lines go to a pipe: no bar on the terminal, drawn between them.
    assert "Updating" not in terminal.getvalue()
    monkeypatch.setattr(sys, "stdout", _Terminal())
    with UpdateDisplay() as display:
        display.start(["a", "b"])
        display.result(subscriptions.Result("a", subscriptions.UNCHANGED))
    assert "Updating" in terminal.getvalue()


def test_ages_in_words() -> None:
    """Ages are given in the largest whole unit."""
    from learnref.render.updates import ago

    now = dt.datetime(2026, 3, 10, 12, tzinfo=dt.timezone.utc)
    assert ago(now - dt.timedelta(seconds=30), now) == "just now"
    assert ago(now - dt.timedelta(minutes=1), now) == "1 minute ago"
    assert ago(now - dt.timedelta(hours=5), now) == "5 hours ago"
    assert ago(now - dt.timedelta(days=1, hours=23), now) == "1 day ago"


def test_loader_error_type_is_a_learnref_error() -> None:
    """Errors about subscriptions go through learnref's one error path."""
    assert issubclass(subscriptions.SubscriptionError, LearnrefError)


def test_a_subscription_added_during_an_update_is_kept(run: Runner, site: Site) -> None:
    """An update records each result into the record as it is on disk then, so a
    subscription added while it runs is not lost."""
    import dataclasses

    subscribed(run, site)

    def add_another(names: list[str]) -> None:
        config = subscriptions.read_config()
        first = config.subscriptions["lscp"]
        config.subscriptions["added"] = dataclasses.replace(first, name="added")
        subscriptions.write_config(config)

    subscriptions.update(on_start=add_another)
    assert sorted(subscriptions.read_config().subscriptions) == ["added", "lscp"]


def test_a_damaged_copy_is_fetched_whole(run: Runner, site: Site, tmp_path: Path) -> None:
    """A copy damaged on disk is not kept by an "unchanged" answer: update fetches the whole
    file again and the copy is valid once more."""
    subscribed(run, site)
    copy = copies(tmp_path) / "lscp.yaml"
    copy.write_text("garbage: [\n", encoding="utf-8")
    result = run("update")
    assert result.exit_code == 0, result
    assert result.stdout.startswith("lscp: updated")
    assert copy.read_text(encoding="utf-8") == FIRST


def test_an_address_with_a_space_is_sent_encoded() -> None:
    """An address copied from a browser's bar with a space or an accented letter is sent
    percent-encoded, as the browser sends it."""
    assert subscriptions.check_url("http://127.0.0.1:8765/my briefing.yaml?v=é") == (
        "http://127.0.0.1:8765/my%20briefing.yaml?v=%C3%A9"
    )


def test_a_subscription_that_clashes_is_not_recorded(run: Runner, site: Site) -> None:
    """A second subscription to the same briefings would leave one of them skipped: it is
    refused, nothing is recorded, and the first keeps working."""
    subscribed(run, site, name="zeta")
    site.serve("/again.yaml", FIRST)
    result = run("subscribe", site.url("/again.yaml"), "--name", "alpha")
    assert result.exit_code == 1
    assert result.stderr.startswith("Not subscribed to alpha: once added, ")
    assert "Nothing was recorded." in result.stderr
    assert sorted(subscriptions.read_config().subscriptions) == ["zeta"]
    listed = run("list", "--briefings")
    assert (listed.exit_code, listed.stderr) == (0, "")


def test_info_notices_a_missing_copy(run: Runner, site: Site, tmp_path: Path) -> None:
    """A subscription whose copy was deleted says so in `info`, with what to do."""
    subscribed(run, site)
    assert json.loads(run("info", "--format", "json").stdout)["subscriptions"][0]["copy_exists"]
    (copies(tmp_path) / "lscp.yaml").unlink()
    info = run("info")
    assert "its copy is missing (get it again with: learnref update)" in info.stdout
    data = json.loads(run("info", "--format", "json").stdout)
    assert data["subscriptions"][0]["copy_exists"] is False
