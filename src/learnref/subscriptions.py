"""Subscriptions: a briefing file a partnership publishes at a URL, kept here as a local copy
that only a newer, valid file replaces.

The record is one TOML file, `subscriptions.toml` in the config folder; each copy is an
ordinary briefing file, `subscriptions/NAME.yaml` in the data folder, loaded like any other
source (see `sources.resolve`). Fetching uses the standard library's urllib, with HTTPS only
(plain HTTP for this computer alone, for tests), separate connect and read timeouts, at most
five redirects and never one from HTTPS to HTTP, a size cap, conditional requests, the
proxy environment variables and a User-Agent naming learnref.

This module knows nothing of terminals: it returns result records. Only `subscribe`,
`update`, `unsubscribe` and `info` import it; lookups never touch the network.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import LearnrefError, NotFoundError, UsageError, WriteError, os_reason
from .paths import subscriptions_dir, subscriptions_file
from .quoting import shown

if TYPE_CHECKING:
    import urllib.request
    from urllib.parse import SplitResult

    from .loader import FileContent

if TYPE_CHECKING:
    from typing import NamedTuple
else:
    from ._records import NamedTuple

USER_AGENT = f"learnref/{__version__}"
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
# LEARNREF_HTTP_TIMEOUT (seconds) replaces both timeouts: for tests, and for slow links.
TIMEOUT_ENV = "LEARNREF_HTTP_TIMEOUT"
# A CA bundle (PEM) to trust instead of the system's: for tests, and for networks whose
# proxy re-signs HTTPS with its own certificate authority.
CA_BUNDLE_ENV = "LEARNREF_CA_BUNDLE"
MAX_REDIRECTS = 5
# The whole download may take this many read timeouts (5 minutes by default).
DOWNLOAD_TIMEOUTS = 10
CHUNK_BYTES = 64 * 1024
LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")
REMINDER_KEY = "update_reminder_days"

UPDATED = "updated"
UNCHANGED = "unchanged"
FAILED = "failed"


class SubscriptionError(LearnrefError):
    """A subscription could not be made, found or recorded (exit 1)."""


class FetchError(Exception):
    """Why a fetched file cannot be used, in plain words (the end of one line);
    `connection` when the network, not the address or the file, was the trouble."""

    def __init__(self, reason: str, *, connection: bool = False) -> None:
        super().__init__(reason)
        self.connection = connection


# ---------------------------------------------------------------------------------------
# The record: subscriptions.toml


@dataclass
class Subscription:
    """One subscription as recorded: where it comes from and what is known of its copy."""

    name: str
    url: str
    sha256: str | None = None  # a pinned file: only this exact content is accepted
    added: str | None = None  # ISO 8601, UTC
    updated: str | None = None  # when the source last confirmed the copy (a 200 or a 304)
    checked: str | None = None  # when an update was last tried
    error: str | None = None  # why the last try failed, else None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def copy_path(self) -> Path:
        """The local copy, an ordinary briefing file."""
        return subscriptions_dir() / f"{self.name}.yaml"


_FIELDS = ("url", "sha256", "added", "updated", "checked", "error", "etag", "last_modified")


@dataclass
class Config:
    """subscriptions.toml: top-level settings (update_reminder_days), then the subscriptions."""

    settings: dict[str, Any] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)


def _toml_loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]
    data: dict[str, Any] = tomllib.loads(text)
    return data


def parse_config(text: str) -> Config:
    """The record from the text of subscriptions.toml; SubscriptionError when unreadable."""
    from .loader import SLUG_PATTERN

    path = subscriptions_file()
    try:
        data = _toml_loads(text)
    except ValueError as error:  # tomllib.TOMLDecodeError is a ValueError
        raise SubscriptionError(
            f"{path}: cannot read the subscriptions: {error}.",
            "Fix the file, or remove it and subscribe again.",
        ) from None
    config = Config()
    for key, value in data.items():
        if key == "subscriptions":
            continue
        if isinstance(value, (str, int, float, bool)):
            config.settings[key] = value
    tables = data.get("subscriptions", {})
    if not isinstance(tables, dict):
        tables = {}
    for name, table in tables.items():
        if not SLUG_PATTERN.match(str(name)):
            raise SubscriptionError(
                f"{path}: {shown(str(name))!r} is not a valid subscription name "
                "(lowercase letters, digits and hyphens).",
                "Fix the name in the file.",
            )
        if not isinstance(table, dict) or not isinstance(table.get("url"), str):
            raise SubscriptionError(
                f"{path}: the subscription {shown(str(name))} has no url.",
                f"Fix the file, or remove the subscription: learnref unsubscribe {name}",
            )
        values = {key: table[key] for key in _FIELDS if isinstance(table.get(key), str)}
        config.subscriptions[str(name)] = Subscription(str(name), **values)
    return config


def read_config() -> Config:
    """The record; an empty one when there is no subscriptions.toml yet."""
    try:
        text = subscriptions_file().read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return Config()
    except (OSError, UnicodeDecodeError) as error:
        reason = os_reason(error) if isinstance(error, OSError) else "it is not UTF-8 text"
        raise SubscriptionError(
            f"Cannot read {subscriptions_file()}: {reason}.",
            "Fix the file's permissions, or remove it and subscribe again.",
        ) from None
    return parse_config(text)


def _toml_string(text: str) -> str:
    escapes = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return _toml_string(str(value))


def _toml_key(key: str) -> str:
    if key and all(char.isascii() and (char.isalnum() or char in "-_") for char in key):
        return key
    return _toml_string(key)


def format_config(config: Config) -> str:
    """The text of subscriptions.toml for this record."""
    lines = [
        "# learnref's subscriptions: written by learnref subscribe, update and unsubscribe.",
        f"# Settings you may add at the top: {REMINDER_KEY} = 7 (a reminder on the terminal",
        "# when the subscriptions are older than that many days).",
    ]
    lines += [f"{_toml_key(key)} = {_toml_value(value)}" for key, value in config.settings.items()]
    for name, subscription in config.subscriptions.items():
        lines += ["", f"[subscriptions.{_toml_key(name)}]"]
        for key in _FIELDS:
            value = getattr(subscription, key)
            if value is not None:
                lines.append(f"{key} = {_toml_string(value)}")
    return "\n".join(lines) + "\n"


def write_config(config: Config) -> None:
    """Write subscriptions.toml atomically; WriteError when it cannot."""
    from .files import write_atomically

    path = subscriptions_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, format_config(config).encode("utf-8"))
    except OSError as error:
        raise WriteError(f"Cannot write {path}: {os_reason(error)}.") from None


# ---------------------------------------------------------------------------------------
# Addresses and names


def check_url(url: str, *, redirected_from: str | None = None) -> str:
    """`url` when learnref may fetch it (HTTPS, or HTTP to this computer), else FetchError."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"{shown(url)} is not a valid address") from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http") or not host:
        raise FetchError(f"{shown(url)} is not an https:// address")
    if scheme == "http":
        if redirected_from is not None and redirected_from.lower().startswith("https:"):
            raise FetchError(
                f"the server redirected to a plain HTTP address ({shown(url)}); "
                "learnref never leaves HTTPS"
            )
        if host.lower() not in LOOPBACK_HOSTS:
            raise FetchError(
                f"{shown(url)} is plain HTTP; use its https:// address "
                "(plain HTTP is accepted only for this computer: 127.0.0.1, ::1, localhost)"
            )
    return _encoded(parts)


def _encoded(parts: SplitResult) -> str:
    """The address with spaces and other letters a request cannot carry percent-encoded,
    as a browser sends it ("my briefing.yaml" -> "my%20briefing.yaml")."""
    from urllib.parse import quote, urlunsplit

    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


def default_name(url: str) -> str:
    """A subscription name made from the URL's host and path, without www. and the
    file extension: https://www.example.org/learning/briefings.yaml ->
    example-org-learning-briefings."""
    from urllib.parse import urlsplit

    from .model import slugify

    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path
    for suffix in (".yaml", ".yml"):
        path = path.removesuffix(suffix)
    name = slugify(f"{host} {path}")[:60].strip("-")
    return name or "subscription"


def check_name(name: str) -> str:
    """`name` when it is a slug (lowercase letters and digits joined by hyphens)."""
    from .loader import SLUG_PATTERN

    if not SLUG_PATTERN.match(name):
        from .model import slugify

        raise UsageError(
            f"{shown(name)!r} is not a valid subscription name.",
            f"Use lowercase letters, digits and hyphens, e.g. --name {slugify(name) or 'my-lscp'}",
        )
    return name


def check_sha256(value: str) -> str:
    """A SHA-256 digest as 64 lowercase hex digits, else UsageError."""
    digest = value.strip().lower()
    if len(digest) != 64 or any(char not in "0123456789abcdef" for char in digest):
        raise UsageError(
            f"--sha256 {shown(value)!r} is not a SHA-256 digest (64 hexadecimal digits).",
            "Compute it with: sha256sum FILE (or shasum -a 256 FILE on macOS)",
        )
    return digest


# ---------------------------------------------------------------------------------------
# Fetching


class Fetched(NamedTuple):
    """What a server answered: a new body (200) or not modified (304)."""

    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None


def timeouts() -> tuple[float, float]:
    """(connect, read) timeouts in seconds; LEARNREF_HTTP_TIMEOUT replaces both."""
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        seconds = float(value) if value else 0.0
    except ValueError:
        seconds = 0.0
    if seconds > 0:
        return seconds, seconds
    return CONNECT_TIMEOUT, READ_TIMEOUT


def _opener() -> urllib.request.OpenerDirector:
    """A urllib opener: proxies from the environment, verified TLS, the read timeout set
    once connected, and redirects checked (at most MAX_REDIRECTS, never to plain HTTP)."""
    import http.client
    import ssl
    import urllib.request

    bundle = os.environ.get(CA_BUNDLE_ENV) or None
    context = ssl.create_default_context(cafile=bundle)
    read_timeout = timeouts()[1]

    # urllib has one timeout for connecting and reading: connect with the connect timeout
    # (given to open()), then give each read the read timeout.
    class Secure(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            self.sock.settimeout(read_timeout)

    class Plain(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            self.sock.settimeout(read_timeout)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Secure, req, context=context)

    class PlainHandler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Plain, req)

    class Redirects(urllib.request.HTTPRedirectHandler):
        max_redirections = MAX_REDIRECTS

        def redirect_request(
            self,
            req: urllib.request.Request,
            fp: Any,
            code: int,
            msg: str,
            headers: Any,
            newurl: str,
        ) -> urllib.request.Request | None:
            check_url(newurl, redirected_from=req.full_url)
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    return urllib.request.build_opener(
        urllib.request.ProxyHandler(), SecureHandler(), PlainHandler(), Redirects()
    )


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None) -> Fetched:
    """GET `url` (conditionally, when given an ETag or Last-Modified); FetchError says why
    it could not. The body is read in chunks and refused past MAX_FILE_BYTES."""
    import urllib.error
    import urllib.request

    url = check_url(url)
    headers = {"User-Agent": USER_AGENT, "Accept": "application/yaml, text/yaml, */*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    connect_timeout = timeouts()[0]
    try:
        with _opener().open(request, timeout=connect_timeout) as response:
            body = _read_capped(response)
            return Fetched(
                200, body, response.headers.get("ETag"), response.headers.get("Last-Modified")
            )
    except urllib.error.HTTPError as error:
        with error:
            if error.code == 304 and (etag or last_modified):
                return Fetched(
                    304, b"", error.headers.get("ETag"), error.headers.get("Last-Modified")
                )
            raise FetchError(_http_reason(error.code, error.reason)) from None
    except FetchError:
        raise
    except Exception as error:  # urllib, http.client, ssl and socket errors
        raise FetchError(_reason(error, url), connection=True) from None


def _read_capped(response: Any) -> bytes:
    from .loader import MAX_FILE_BYTES

    limit = f"over the {MAX_FILE_BYTES // 1048576} MB limit for one briefing file"
    length_header = response.headers.get("Content-Length", "").strip()
    length = int(length_header) if length_header.isdigit() else None
    if length is not None and length > MAX_FILE_BYTES:
        raise FetchError(f"the file is {length / 1048576:.1f} MB, {limit}")
    import time

    # The read timeout bounds each wait; a server trickling a byte at a time would never
    # trip it, so the whole download also has a time limit.
    seconds = DOWNLOAD_TIMEOUTS * timeouts()[1]
    deadline = time.monotonic() + seconds
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read1(CHUNK_BYTES):  # whatever has arrived, up to a chunk
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            raise FetchError(f"the file is {limit}")
        if time.monotonic() > deadline:
            raise FetchError(f"the download took longer than {seconds:g} seconds", connection=True)
        chunks.append(chunk)
    # http.client's read(n) returns what came when the connection closes early, without
    # complaint: a body shorter than its Content-Length is a cut-off download.
    if length is not None and size < length:
        raise FetchError("the connection closed before the whole file arrived", connection=True)
    return b"".join(chunks)


def _http_reason(code: int, reason: object) -> str:
    from http import HTTPStatus

    if 300 <= code < 400:
        return f"more than {MAX_REDIRECTS} redirects, or a redirect loop"
    text = str(reason or "").strip()
    if not text:
        try:
            text = HTTPStatus(code).phrase
        except ValueError:
            text = "error"
    return f"{code} {shown(text)}"


def _reason(error: BaseException, url: str) -> str:  # noqa: PLR0911 - one answer per failure
    import http.client
    import socket
    import ssl
    import urllib.error
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or url
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, BaseException):
        error = error.reason
    if isinstance(error, socket.gaierror):
        return f"cannot find the server {shown(host)} (offline, or a wrong address)"
    if isinstance(error, TimeoutError):
        return f"the server did not answer within {timeouts()[1]:g} seconds"
    if isinstance(error, ssl.SSLCertVerificationError):
        detail = error.verify_message or "not trusted"
        return f"the server's certificate could not be verified ({detail})"
    if isinstance(error, ssl.SSLEOFError):
        return "the connection closed before the whole file arrived"
    if isinstance(error, ssl.SSLError):
        detail = str(getattr(error, "reason", None) or error)
        return f"a secure connection could not be made ({detail})"
    if isinstance(error, http.client.IncompleteRead):
        return "the connection closed before the whole file arrived"
    if isinstance(error, ConnectionRefusedError):
        return f"the server {shown(host)} refused the connection"
    if isinstance(error, (ConnectionError, http.client.RemoteDisconnected)):
        return "the connection closed before the whole file arrived"
    if isinstance(error, http.client.HTTPException):
        return "the server's answer was not valid HTTP"
    if isinstance(error, urllib.error.URLError):
        return shown(str(error.reason))
    if isinstance(error, OSError):
        return os_reason(error)
    return shown(str(error) or type(error).__name__)


def check_content(body: bytes, url: str, sha256: str | None) -> FileContent:
    """The validated briefing file in `body`; FetchError when it is pinned to other content
    or is not a valid briefing file."""
    import hashlib

    from .loader import parse_bytes

    if sha256 is not None:
        digest = hashlib.sha256(body).hexdigest()
        if digest != sha256:
            raise FetchError(f"the file's SHA-256 is {digest}, not the pinned {sha256}")
    content = parse_bytes(body, url)
    if content.problems:
        count = len(content.problems)
        first = content.problems[0]
        where = f"line {first.line}: " if first.line > 0 else ""
        raise FetchError(
            f"not a valid briefing file ({count} error{'s' if count != 1 else ''}; "
            f"first, {where}{shown(first.message)})"
        )
    return content


# ---------------------------------------------------------------------------------------
# Subscribe, update, unsubscribe


class Result(NamedTuple):
    """What one subscribe or update did for one subscription."""

    name: str
    status: str  # UPDATED, UNCHANGED or FAILED
    briefings: int = 0
    messages: int = 0
    publishers: tuple[str, ...] = ()
    error: str | None = None  # why it failed
    kept_since: dt.datetime | None = None  # when a failure keeps a copy: when it was current
    connection: bool = False  # a failure of the network, not of the address or the file


def now_utc() -> dt.datetime:
    """The current time in UTC, to the second."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)


def _stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_stamp(value: str | None) -> dt.datetime | None:
    """A recorded time, or None when absent or unreadable."""
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _counted(name: str, status: str, content: FileContent) -> Result:
    publishers = tuple(dict.fromkeys(briefing.publisher for briefing in content.briefings))
    return Result(name, status, len(content.briefings), content.message_count(), publishers)


def _store_copy(path: Path, body: bytes) -> None:
    from .files import write_atomically

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, body)
    except OSError as error:
        raise FetchError(f"cannot write the copy {path}: {os_reason(error)}") from None


def subscribe(url: str, *, name: str | None = None, sha256: str | None = None) -> Result:
    """Record a subscription and fetch its file at once; nothing is recorded unless the
    file arrives and is valid."""
    try:
        url = check_url(url)
    except FetchError as error:
        raise UsageError(f"Cannot subscribe: {error}.") from None
    name = check_name(name if name is not None else default_name(url))
    pin = check_sha256(sha256) if sha256 is not None else None
    config = read_config()
    for existing in config.subscriptions.values():
        if existing.url == url:
            raise SubscriptionError(
                f"You already subscribe to {shown(url)}, as {existing.name!r}.",
                "Fetch its latest version with: learnref update",
            )
    if name in config.subscriptions:
        raise SubscriptionError(
            f"There is already a subscription called {name!r} "
            f"({shown(config.subscriptions[name].url)}).",
            "Choose another name with --name NAME, or remove it first: "
            f"learnref unsubscribe {name}",
        )
    subscription = Subscription(name, url, sha256=pin)
    try:
        fetched = fetch(url)
        content = check_content(fetched.body, url, pin)
        _store_copy(subscription.copy_path, fetched.body)
    except FetchError as error:
        raise SubscriptionError(
            f"Cannot subscribe to {shown(url)}: {error}.",
            "Nothing was recorded. Check the address in a web browser, "
            "or ask the partnership that publishes it.",
        ) from None
    stamp = _stamp(now_utc())
    subscription.added = subscription.updated = subscription.checked = stamp
    subscription.etag, subscription.last_modified = fetched.etag, fetched.last_modified
    config.subscriptions[name] = subscription
    try:
        write_config(config)
    except WriteError:
        subscription.copy_path.unlink(missing_ok=True)
        raise
    return _counted(name, UPDATED, content)


def _update_one(subscription: Subscription) -> Result:
    """Fetch one subscription and replace its copy when a new valid file came; the record
    is changed in place."""
    copy = subscription.copy_path
    # A copy that is missing or damaged is fetched whole: a conditional request would be
    # answered "unchanged" and leave it broken.
    have_copy = _usable(copy, subscription.url)
    moment = _stamp(now_utc())
    subscription.checked = moment
    try:
        fetched = fetch(
            subscription.url,
            etag=subscription.etag if have_copy else None,
            last_modified=subscription.last_modified if have_copy else None,
        )
        if fetched.status == 304:
            status = UNCHANGED
            content = None
        else:
            content = check_content(fetched.body, subscription.url, subscription.sha256)
            # A server that sends no ETag answers every request in full: an identical file
            # is left alone, so the cache of what was loaded stays valid.
            if have_copy and _same(copy, fetched.body):
                status = UNCHANGED
            else:
                _store_copy(copy, fetched.body)
                status = UPDATED
    except FetchError as error:
        subscription.error = str(error)
        kept = parse_stamp(subscription.updated) if have_copy else None
        return Result(
            subscription.name,
            FAILED,
            error=str(error),
            kept_since=kept,
            connection=error.connection,
        )
    subscription.updated = moment
    subscription.error = None
    subscription.etag = fetched.etag or (subscription.etag if status == UNCHANGED else None)
    subscription.last_modified = fetched.last_modified or (
        subscription.last_modified if status == UNCHANGED else None
    )
    if content is None or status == UNCHANGED:
        return Result(subscription.name, UNCHANGED)
    return _counted(subscription.name, UPDATED, content)


def _usable(copy: Path, url: str) -> bool:
    """Whether the stored copy is there and still a valid briefing file."""
    from .loader import parse_bytes

    try:
        return not parse_bytes(copy.read_bytes(), url).problems
    except OSError:
        return False


def _same(path: Path, body: bytes) -> bool:
    try:
        return path.read_bytes() == body
    except OSError:
        return False


def update(
    *,
    on_start: Callable[[list[str]], None] | None = None,
    on_result: Callable[[Result], None] | None = None,
) -> list[Result]:
    """Fetch every subscription, in the order recorded. `on_start` gets the names first;
    `on_result` gets each result as it comes. The record is saved after each one."""
    config = read_config()
    names = list(config.subscriptions)
    if on_start is not None:
        on_start(names)
    results = []
    for name in names:
        result = _update_one(config.subscriptions[name])
        _save_one(config.subscriptions[name])
        results.append(result)
        if on_result is not None:
            on_result(result)
    return results


def _save_one(subscription: Subscription) -> None:
    """Record one subscription's new state in the record as it is now on disk, so that a
    subscribe or unsubscribe made while an update runs is kept."""
    config = read_config()
    if subscription.name in config.subscriptions:
        config.subscriptions[subscription.name] = subscription
        write_config(config)


def unsubscribe(name: str) -> Subscription:
    """Remove a subscription's record and its copy; NotFoundError (with a suggestion) for
    a name that is not subscribed."""
    from .lookup import did_you_mean, suggestions

    config = read_config()
    subscription = config.subscriptions.pop(name, None)
    if subscription is None:
        names = list(config.subscriptions)
        hint = did_you_mean(suggestions(name, names)) if names else None
        raise NotFoundError(
            f"No subscription called {shown(name)!r}.",
            hint
            or (
                f"The subscriptions are: {', '.join(names)}"
                if names
                else "There are no subscriptions; add one with: learnref subscribe URL"
            ),
        )
    write_config(config)
    try:
        subscription.copy_path.unlink(missing_ok=True)
    except OSError as error:
        raise WriteError(
            f"Removed the subscription {name!r}, but cannot delete its copy "
            f"{subscription.copy_path}: {os_reason(error)}."
        ) from None
    return subscription


# ---------------------------------------------------------------------------------------
# Reports: info and the reminder


class Report(NamedTuple):
    """One subscription as `info` shows it."""

    name: str
    url: str
    path: Path
    sha256: str | None
    updated: dt.datetime | None
    error: str | None
    copy_exists: bool = True  # False when its copy is gone from the data folder


def reports() -> list[Report]:
    """Every subscription, in the order recorded."""
    return [
        Report(
            s.name,
            s.url,
            s.copy_path,
            s.sha256,
            parse_stamp(s.updated),
            s.error,
            s.copy_path.is_file(),
        )
        for s in read_config().subscriptions.values()
    ]


def oldest_update(subscriptions: Iterable[Subscription]) -> dt.datetime | None:
    """When the least recently updated subscription was last confirmed current."""
    moments = [parse_stamp(s.updated) for s in subscriptions]
    known = [moment for moment in moments if moment is not None]
    return min(known) if known else None


def reminder_due(text: str, now: dt.datetime) -> dt.datetime | None:
    """The oldest update when update_reminder_days is set and the subscriptions are older
    than that, else None. A file that cannot be read gives no reminder: this runs before
    every command, which must not fail because of it."""
    try:
        config = parse_config(text)
    except LearnrefError:
        return None
    days = config.settings.get(REMINDER_KEY)
    if isinstance(days, bool) or not isinstance(days, int) or days <= 0:
        return None
    oldest = oldest_update(config.subscriptions.values())
    if oldest is None or now - oldest < dt.timedelta(days=days):
        return None
    return oldest
