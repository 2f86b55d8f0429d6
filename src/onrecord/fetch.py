"""Fetching pages and feeds from the web: politely, within limits, and never from inside.

Every address a request goes to is resolved and checked first, and the connection is made to the
checked address itself, so neither a redirect nor a DNS answer that changes between check and
connect can lead onrecord to a private, loopback, link-local or cloud-metadata host. This guard is
what lets a web service fetch URLs its users supply; `allow_private=True` lifts it for local use.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import os
import re
import socket
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import httpx

from onrecord.errors import InputError
from onrecord.records import Document

log = logging.getLogger(__name__)


def _version() -> str:
    try:
        return version("onrecord")
    except PackageNotFoundError:
        return "0"


#: Says who is asking and why, as a polite crawler should; robots.txt rules for "onrecord" apply.
USER_AGENT = os.environ.get(
    "ONRECORD_USER_AGENT",
    f"onrecord/{_version()} (news attribution analysis; +https://pypi.org/project/onrecord/)",
)
ROBOTS_AGENT = "onrecord"

#: Media types worth reading: pages, feeds and text. Anything else (images, PDFs) is refused.
ACCEPTED_TYPES = (
    "text/",
    "application/xhtml+xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/json",
    "application/x-ndjson",
    "application/warc",
)
_DISALLOW_ALL = ["User-agent: *", "Disallow: /"]
_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})


@dataclass(slots=True)
class FetchSettings:
    """Limits and manners of a fetcher, gathered in one place."""

    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    max_redirects: int = 5
    max_bytes: int = int(os.environ.get("ONRECORD_MAX_FETCH_BYTES", str(10 * 1024 * 1024)))
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 30.0
    #: Seconds one fetch may take in all (robots.txt, redirects, retries and the body): a server
    #: trickling a byte at a time never trips the read timeout.
    deadline: float = 60.0
    #: Seconds between two requests to the same host (raised by a robots.txt Crawl-delay).
    host_delay: float = 1.0
    respect_robots: bool = True
    allow_private: bool = False
    cache_dir: Path | None = field(default_factory=lambda: default_cache_dir())


def default_cache_dir() -> Path:
    """`$ONRECORD_CACHE`, else `~/.cache/onrecord`; fetched pages live under `http/` there."""
    root = os.environ.get("ONRECORD_CACHE") or Path.home() / ".cache" / "onrecord"
    return Path(root) / "http"


def check_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """The IP address to connect to for `host`, refusing one that is not on the public internet.

    Every address the name resolves to must be public: a name with one private answer could be
    steered to it on the next lookup.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise InputError(f"cannot resolve host {host}: {error}") from error
    addresses = [str(info[4][0]) for info in infos]
    if not addresses:
        raise InputError(f"cannot resolve host {host}")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise InputError(
                    f"refusing to fetch {host}: it resolves to the non-public address {address}"
                    " (use --allow-private to fetch from local or private hosts)"
                )
    # IPv4 first: many hosts resolve to IPv6 addresses they cannot be reached on
    return next((a for a in addresses if ":" not in a), addresses[0])


#: IPv6 ranges that carry an IPv4 address a router would deliver to, so the IPv4 one decides.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
#: IPv6 ranges refused whatever they hold: IPv4-compatible (::a.b.c.d, deprecated) and
#: IPv4-translated (::ffff:0:a.b.c.d) forms, local-use NAT64 (its IPv4 sits where the local
#: network chose), site-local (deprecated, routed inside a site) and Teredo.
_NOT_PUBLIC_V6 = tuple(
    ipaddress.IPv6Network(network)
    for network in ("::/96", "::ffff:0:0:0/96", "64:ff9b:1::/48", "fec0::/10", "2001::/32")
)


def is_public(address: str) -> bool:
    """True for an address on the public internet (not private, loopback, link-local — which
    holds the 169.254.169.254 cloud-metadata service — multicast, reserved or unspecified).

    An IPv6 address that embeds an IPv4 one (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::a.b.c.d,
    6to4 2002:aabb:ccdd::) is as public as the IPv4 address it leads to; the other forms that
    embed one are refused."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(ip)
        if embedded is not None:
            ip = embedded
        elif any(ip in network for network in _NOT_PUBLIC_V6):
            return False
    return ip.is_global and not ip.is_multicast


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return ip.sixtofour


class Fetcher:
    """Fetches URLs into `Document`s, one host at a time and politely; reuse one for a run.

    Responses are cached on disk by URL, so a re-run reads the cache instead of the web.
    """

    def __init__(
        self, settings: FetchSettings | None = None, *, transport: httpx.BaseTransport | None = None
    ) -> None:
        self.settings = settings or FetchSettings()
        timeout = httpx.Timeout(self.settings.read_timeout, connect=self.settings.connect_timeout)
        # Redirects are followed by hand, so each hop is checked; proxies from the environment
        # are ignored, so the checked address is the one connected to.
        self._client = httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
            transport=transport,
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._crawl_delay: dict[str, float] = {}
        self._deadline = float("inf")

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, refresh: bool = False) -> Document:
        """The document at `url` (after redirects), from the cache when it was fetched before
        from addresses this fetcher's guard allows."""
        cached = None if refresh else self._cached(url)
        if cached is not None:
            return cached
        addresses: list[str] = []
        document = self._fetch(url, addresses)
        self._store(url, document, addresses)
        return document

    def _fetch(self, url: str, addresses: list[str]) -> Document:
        """Fetch `url`, following redirects; every address connected to is added to
        `addresses`, so the cache can tell later whether the guard would allow them."""
        current = _parse(url)
        self._deadline = time.monotonic() + self.settings.deadline
        for _ in range(self.settings.max_redirects + 1):
            address = self._address(current)
            addresses.append(address)
            if self.settings.respect_robots and not self._robots_allow(current, address):
                raise InputError(
                    f"robots.txt of {current.host} disallows {current}"
                    " (use --ignore-robots to fetch it anyway)"
                )
            status, headers, body = self._request(current, address)
            if status in _REDIRECT_STATUS and "location" in headers:
                current = _parse(str(current.join(headers["location"])))
                continue
            if status >= 400:
                raise InputError(f"HTTP {status} from {current}")
            content_type = headers.get("content-type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type and not media_type.startswith(ACCEPTED_TYPES):
                raise InputError(f"{current} serves {media_type}, not a web page or feed")
            return Document(
                content=body,
                origin=str(current),
                media_type=media_type or "application/octet-stream",
                fetched_at=datetime.now(UTC),
                metadata={
                    "url": str(current),
                    "requested_url": url,
                    "status": status,
                    "charset": charset_of(content_type),
                },
            )
        raise InputError(f"too many redirects (over {self.settings.max_redirects}) from {url}")

    def _request(self, url: httpx.URL, address: str) -> tuple[int, httpx.Headers, bytes]:
        """One GET with retries on 429/5xx and network errors: status, headers, bounded body."""
        attempt = 0
        while True:
            self._wait_for_host(url.host)
            try:
                status, headers, body = self._get(url, address)
            except httpx.TransportError as error:
                if attempt >= self.settings.retries:
                    raise _transport_error(url, error) from error
                wait = self._retry_wait(attempt, None)
            else:
                if status not in _RETRY_STATUS or attempt >= self.settings.retries:
                    return status, headers, body
                wait = self._retry_wait(attempt, headers.get("retry-after"))
            if time.monotonic() + wait > self._deadline:
                raise self._too_slow(url)
            attempt += 1
            time.sleep(wait)

    def _get(self, url: httpx.URL, address: str) -> tuple[int, httpx.Headers, bytes]:
        """Connect to the checked address of the host, naming the host for HTTP and TLS."""
        request = self._client.build_request(
            "GET",
            url.copy_with(host=address),
            headers={"Host": url.netloc.decode("ascii")},
            extensions={"sni_hostname": url.host},
        )
        response = self._client.send(request, stream=True)
        try:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.settings.max_bytes:
                raise self._too_large(url)
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                if time.monotonic() > self._deadline:
                    raise self._too_slow(url)
                size += len(chunk)
                if size > self.settings.max_bytes:
                    raise self._too_large(url)
                chunks.append(chunk)
        finally:
            response.close()
        return response.status_code, response.headers, b"".join(chunks)

    def _address(self, url: httpx.URL) -> str:
        port = url.port or (443 if url.scheme == "https" else 80)
        return check_address(url.host, port, allow_private=self.settings.allow_private)

    def _too_slow(self, url: httpx.URL) -> InputError:
        return InputError(f"gave up on {url} after {self.settings.deadline:g} s (too slow)")

    def _too_large(self, url: httpx.URL) -> InputError:
        return InputError(f"{url} is over the {self.settings.max_bytes:,}-byte limit")

    def _retry_wait(self, attempt: int, retry_after: str | None) -> float:
        """Retry-After when the server gives one, else exponential backoff; capped either way."""
        wait = self.settings.backoff * 2**attempt
        if retry_after:
            if retry_after.strip().isdigit():
                wait = float(retry_after)
            else:
                try:
                    wait = (parsedate_to_datetime(retry_after) - datetime.now(UTC)).total_seconds()
                except (TypeError, ValueError):
                    pass
        return max(0.0, min(wait, self.settings.max_retry_wait))

    def _wait_for_host(self, host: str) -> None:
        delay = max(self.settings.host_delay, self._crawl_delay.get(host, 0.0))
        last = self._last_request.get(host)
        if last is not None:
            pause = last + delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        self._last_request[host] = time.monotonic()

    def _robots_allow(self, url: httpx.URL, address: str) -> bool:
        """Whether robots.txt lets onrecord fetch `url`; read once per host (RFC 9309: a missing
        file allows everything, an unreachable or failing one allows nothing)."""
        origin = f"{url.scheme}://{url.netloc.decode('ascii')}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(url, address)
        rules = self._robots[origin]
        return rules is None or rules.can_fetch(ROBOTS_AGENT, str(url))

    def _read_robots(
        self, url: httpx.URL, address: str
    ) -> urllib.robotparser.RobotFileParser | None:
        """The robots.txt rules of `url`'s origin; None when there are none (a 4xx answer)."""
        robots_url = url.copy_with(path="/robots.txt", query=None, fragment=None)
        rules = urllib.robotparser.RobotFileParser(str(robots_url))
        try:
            status, _, body = self._request(robots_url, address)
        except InputError as error:
            if isinstance(error.__cause__, httpx.TransportError):
                raise  # the host cannot be reached: say so, not that robots.txt forbids it
            log.warning("robots.txt unreadable, not fetching from %s: %s", url.host, error)
            rules.parse(_DISALLOW_ALL)
            return rules
        if status >= 500:
            rules.parse(_DISALLOW_ALL)
        elif status >= 400:
            return None
        else:
            rules.parse(body.decode("utf-8", errors="replace").splitlines())
            self._crawl_delay[url.host] = float(rules.crawl_delay(ROBOTS_AGENT) or 0.0)
        return rules

    def _cache_path(self, url: str) -> Path | None:
        if self.settings.cache_dir is None:
            return None
        return self.settings.cache_dir / hashlib.sha256(url.encode("utf-8")).hexdigest()

    def _cached(self, url: str) -> Document | None:
        """The cached document at `url`, unless it was read from an address the guard refuses
        now: a page fetched once with `allow_private` is fetched again, and so refused, without
        it. An entry that does not say where it was read from counts as private."""
        path = self._cache_path(url)
        if path is None or not path.with_suffix(".json").exists():
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            body = path.with_suffix(".body").read_bytes()
        except (OSError, ValueError):
            return None
        if not self.settings.allow_private and not _all_public(meta.get("addresses")):
            return None
        return Document(
            content=body,
            origin=meta["origin"],
            media_type=meta["media_type"],
            fetched_at=datetime.fromisoformat(meta["fetched_at"]),
            metadata={**meta["metadata"], "from_cache": True},
        )

    def _store(self, url: str, document: Document, addresses: list[str]) -> None:
        """Write body then metadata, each atomically: a half-written entry is never read."""
        path = self._cache_path(url)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        content = document.content
        meta = {
            "origin": document.origin,
            "media_type": document.media_type,
            "fetched_at": (document.fetched_at or datetime.now(UTC)).isoformat(),
            "metadata": document.metadata,
            "addresses": addresses,
        }
        for suffix, data in (
            (".body", content if isinstance(content, bytes) else content.encode("utf-8")),
            (".json", json.dumps(meta).encode("utf-8")),
        ):
            temporary = path.with_suffix(suffix + ".tmp")
            temporary.write_bytes(data)
            os.replace(temporary, path.with_suffix(suffix))


@lru_cache(maxsize=1)
def default_fetcher() -> Fetcher:
    """One fetcher per process with the default, safe settings, so per-host delays, robots.txt
    rules and connections are shared by every source of a run."""
    return Fetcher()


def _all_public(addresses: object) -> bool:
    """Whether a cache entry lists the addresses it was read from, all of them public."""
    if not isinstance(addresses, list) or not addresses:
        return False
    try:
        return all(isinstance(a, str) and is_public(a) for a in addresses)
    except ValueError:
        return False


def _parse(url: str) -> httpx.URL:
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as error:
        raise InputError(f"not a valid URL: {url}") from error
    if parsed.scheme not in ("http", "https") or not parsed.host:
        raise InputError(f"not an http or https URL: {url}")
    return parsed.copy_with(fragment=None)


def _transport_error(url: httpx.URL, error: httpx.TransportError) -> InputError:
    """What a network failure means, in words: "connection refused", not "ConnectError"."""
    if isinstance(error, httpx.TimeoutException):
        return InputError(f"timed out fetching {url}")
    detail = re.sub(
        r"^\[Errno -?\d+\]\s*", "", str(error).strip().splitlines()[0] if str(error).strip() else ""
    )
    detail = detail or type(error).__name__
    if isinstance(error, httpx.ConnectError):
        return InputError(f"could not connect to {url.host}: {detail}")
    return InputError(f"could not fetch {url}: {detail}")


def charset_of(content_type: str) -> str | None:
    """The charset a Content-Type header declares, if any."""
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip():
            return value.strip().strip("\"'").lower()
    return None


class Offline(Fetcher):
    """A fetcher that fetches nothing, for reading where the network is not to be used (a
    count of a feed's entries, a cluster's workers): each URL is refused with `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason

    def fetch(self, url: str, *, refresh: bool = False) -> Document:
        raise InputError(self.reason)
