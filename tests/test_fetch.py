"""Fetching: limits, manners, the cache, and the guard that keeps URLs off internal hosts."""

from __future__ import annotations

import socket
import time

import httpx
import pytest
from loopback import LoopbackSite, Route

from onrecord.errors import InputError
from onrecord.fetch import Fetcher, FetchSettings, is_public
from onrecord.read.html import decode_html

PAGE = (
    b"<html><head><title>Hi</title></head><body><p>Hello from the loopback site.</p></body></html>"
)


def local_fetcher(tmp_path, **overrides) -> Fetcher:
    """A fetcher allowed onto the loopback site, fast, with its own cache."""
    options = {
        "allow_private": True,
        "host_delay": 0.0,
        "backoff": 0.01,
        "read_timeout": 2.0,
        "cache_dir": tmp_path / "cache",
    }
    return Fetcher(FetchSettings(**{**options, **overrides}))


@pytest.fixture
def site():
    routes = {
        "/robots.txt": Route(
            b"User-agent: onrecord\nDisallow: /members/\n", content_type="text/plain"
        ),
        "/page": Route(PAGE),
        "/members/page": Route(PAGE),
        "/moved": Route(status=301, headers={"Location": "/page"}),
        "/loop": Route(status=302, headers={"Location": "/loop"}),
        "/slow": Route(PAGE, delay=1.5),
        "/huge": Route(b"<p>" + b"x" * 300_000 + b"</p>"),
        "/endless": Route(b"<p>" + b"y" * 300_000, stream=True),
        "/flaky": Route(PAGE, failures=[503, 500]),
        "/busy": Route(PAGE, failures=[429], headers={"Retry-After": "0"}),
        "/broken": Route(b"oops", status=500),
        "/picture.png": Route(b"\x89PNG\r\n", content_type="image/png"),
        "/latin1": Route(
            "<html><body><p>Caf\u00e9 cr\u00e8me, s'il vous pla\u00eet.</p></body></html>".encode(
                "latin-1"
            ),
            content_type="text/html; charset=iso-8859-1",
        ),
    }
    with LoopbackSite(routes) as running:
        yield running


def test_a_page_is_fetched_with_its_final_url_media_type_and_an_honest_user_agent(site, tmp_path):
    document = local_fetcher(tmp_path).fetch(site.url("/page"))
    assert document.content == PAGE
    assert document.media_type == "text/html"
    assert document.metadata["url"] == site.url("/page")
    assert document.metadata["charset"] == "utf-8"
    assert all(agent.startswith("onrecord/") for agent in site.agents)


def test_redirects_are_followed_to_the_final_url(site, tmp_path):
    document = local_fetcher(tmp_path).fetch(site.url("/moved"))
    assert document.origin == site.url("/page")
    assert document.metadata["requested_url"] == site.url("/moved")


def test_redirects_are_capped(site, tmp_path):
    with pytest.raises(InputError, match="too many redirects"):
        local_fetcher(tmp_path, max_redirects=3).fetch(site.url("/loop"))
    assert site.hits["/loop"] == 4


def test_a_slow_server_times_out(site, tmp_path):
    with pytest.raises(InputError, match="timed out"):
        local_fetcher(tmp_path, read_timeout=0.3, retries=0).fetch(site.url("/slow"))


def test_a_body_over_the_limit_is_refused_whether_or_not_its_length_is_declared(site, tmp_path):
    fetcher = local_fetcher(tmp_path, max_bytes=100_000)
    with pytest.raises(InputError, match="100,000-byte limit"):
        fetcher.fetch(site.url("/huge"))
    with pytest.raises(InputError, match="100,000-byte limit"):
        fetcher.fetch(site.url("/endless"))


def test_server_errors_and_rate_limits_are_retried_with_backoff(site, tmp_path):
    assert local_fetcher(tmp_path).fetch(site.url("/flaky")).content == PAGE
    assert site.hits["/flaky"] == 3
    assert local_fetcher(tmp_path).fetch(site.url("/busy")).content == PAGE
    assert site.hits["/busy"] == 2


@pytest.mark.parametrize(("path", "reason"), [("/nowhere", "HTTP 404"), ("/broken", "HTTP 500")])
def test_http_errors_are_refused_with_the_status(site, tmp_path, path, reason):
    with pytest.raises(InputError, match=reason):
        local_fetcher(tmp_path, retries=1).fetch(site.url(path))


def test_content_that_is_not_a_page_or_feed_is_refused(site, tmp_path):
    with pytest.raises(InputError, match="image/png"):
        local_fetcher(tmp_path).fetch(site.url("/picture.png"))


def test_robots_txt_is_respected_unless_overridden(site, tmp_path):
    with pytest.raises(InputError, match="robots.txt"):
        local_fetcher(tmp_path).fetch(site.url("/members/page"))
    assert site.hits["/members/page"] == 0
    document = local_fetcher(tmp_path, respect_robots=False).fetch(site.url("/members/page"))
    assert document.content == PAGE


def test_a_rerun_reads_the_cache_instead_of_the_web(site, tmp_path):
    local_fetcher(tmp_path).fetch(site.url("/page"))
    again = local_fetcher(tmp_path).fetch(site.url("/page"))
    assert site.hits["/page"] == 1
    assert again.content == PAGE and again.metadata["from_cache"] is True
    local_fetcher(tmp_path).fetch(site.url("/page"), refresh=True)
    assert site.hits["/page"] == 2


def test_requests_to_one_host_are_spaced_by_the_delay(site, tmp_path):
    fetcher = local_fetcher(tmp_path, host_delay=0.4, respect_robots=False, cache_dir=None)
    started = time.monotonic()
    fetcher.fetch(site.url("/page"))
    fetcher.fetch(site.url("/moved"))
    assert time.monotonic() - started >= 0.8


def test_the_declared_charset_decodes_the_page(site, tmp_path):
    document = local_fetcher(tmp_path).fetch(site.url("/latin1"))
    assert "Café crème" in decode_html(document.content, document.metadata["charset"])


# --- the guard against reaching internal hosts -------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.7",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "100.64.0.1",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_not_public(address):
    assert not is_public(address)


def test_public_addresses_are_public():
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1::1")


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/",
        "http://10.1.2.3/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]:8080/",
    ],
)
def test_without_the_flag_internal_addresses_are_refused_before_any_connection(url, tmp_path):
    fetcher = Fetcher(FetchSettings(cache_dir=tmp_path, host_delay=0.0))
    with pytest.raises(InputError, match="non-public address.*--allow-private"):
        fetcher.fetch(url)


def test_the_loopback_site_itself_is_refused_without_the_flag(site, tmp_path):
    with pytest.raises(InputError, match="non-public"):
        Fetcher(FetchSettings(cache_dir=tmp_path)).fetch(site.url("/page"))
    assert sum(site.hits.values()) == 0


@pytest.fixture
def fake_dns(monkeypatch):
    """Names resolved without the network: a public name, and one pointing inside."""
    answers = {"news.example": "93.184.216.34", "intranet.example": "10.20.30.40"}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (answers[host], port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def test_a_name_resolving_to_a_private_address_is_refused(fake_dns, tmp_path):
    with pytest.raises(InputError, match="10.20.30.40"):
        Fetcher(FetchSettings(cache_dir=tmp_path)).fetch("http://intranet.example/")


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/",
        "http://127.0.0.1:8080/",
        "http://10.0.0.1/",
        "http://intranet.example/secrets",
    ],
)
def test_a_redirect_from_a_public_page_to_an_internal_host_is_refused(fake_dns, tmp_path, target):
    """The public hop is answered by a mock transport, so nothing leaves the machine; the
    redirect's target is checked before any connection to it."""
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": target})

    fetcher = Fetcher(
        FetchSettings(cache_dir=tmp_path, host_delay=0.0), transport=httpx.MockTransport(answer)
    )
    with pytest.raises(InputError, match="non-public address"):
        fetcher.fetch("http://news.example/story")
    # the connection goes to the checked address, with the host named in the request
    assert {r.url.host for r in seen} == {"93.184.216.34"}
    assert {r.headers["host"] for r in seen} == {"news.example"}


@pytest.mark.parametrize(
    "address",
    [
        "::7f00:1",  # IPv4-compatible ::127.0.0.1
        "::5db8:d822",  # IPv4-compatible, even of a public address: a deprecated form
        "::ffff:0:7f00:1",  # IPv4-translated ::ffff:0:127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of the metadata address 169.254.169.254
        "64:ff9b::7f00:1",  # NAT64 of loopback
        "64:ff9b:1::5db8:d822",  # local-use NAT64: where it leads is the local network's choice
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a9fe:a9fe::1",  # 6to4 of the metadata address
        "2002:a00:1::1",  # 6to4 of 10.0.0.1
        "fec0::1",  # site-local
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
    ],
)
def test_ipv6_forms_that_embed_an_internal_ipv4_address_are_not_public(address):
    assert not is_public(address)


@pytest.mark.parametrize("address", ["64:ff9b::5db8:d822", "2002:5db8:d822::1"])
def test_nat64_and_6to4_forms_of_a_public_ipv4_address_are_public(address):
    """64:ff9b::93.184.216.34 and 2002:5db8:d822:: lead to 93.184.216.34."""
    assert is_public(address)


def test_a_redirect_to_the_metadata_address_through_nat64_is_refused(fake_dns, tmp_path):
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://[64:ff9b::a9fe:a9fe]/latest/"})

    fetcher = Fetcher(
        FetchSettings(cache_dir=tmp_path, host_delay=0.0), transport=httpx.MockTransport(answer)
    )
    with pytest.raises(InputError, match="non-public address 64:ff9b::a9fe:a9fe"):
        fetcher.fetch("http://news.example/story")


def test_a_page_cached_with_allow_private_is_refused_without_it_before_the_cache(site, tmp_path):
    assert local_fetcher(tmp_path).fetch(site.url("/page")).content == PAGE
    guarded = Fetcher(FetchSettings(cache_dir=tmp_path / "cache", host_delay=0.0))
    with pytest.raises(InputError, match="non-public address 127.0.0.1"):
        guarded.fetch(site.url("/page"))
    assert site.hits["/page"] == 1
    # with the flag again, the cache answers
    assert local_fetcher(tmp_path).fetch(site.url("/page")).metadata["from_cache"] is True
    assert site.hits["/page"] == 1


def test_a_page_redirected_through_an_internal_host_is_not_served_from_the_cache(
    fake_dns, tmp_path
):
    """Fetched with the flag through a private hop to a public page; without the flag the
    cached copy is not used, and the private hop is refused."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        if request.url.host == "10.20.30.40":
            return httpx.Response(302, headers={"Location": "http://news.example/story"})
        return httpx.Response(200, html=PAGE.decode())

    def fetcher(allow_private: bool) -> Fetcher:
        settings = FetchSettings(cache_dir=tmp_path, host_delay=0.0, allow_private=allow_private)
        return Fetcher(settings, transport=httpx.MockTransport(answer))

    assert fetcher(True).fetch("http://intranet.example/go").content == PAGE
    with pytest.raises(InputError, match="non-public address 10.20.30.40"):
        fetcher(False).fetch("http://intranet.example/go")


def test_a_page_fetched_under_the_guard_is_read_from_the_cache_under_it(fake_dns, tmp_path):
    requests: list[str] = []

    def answer(request: httpx.Request) -> httpx.Response:
        requests.append(request.url.path)
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(200, html=PAGE.decode())

    def fetcher() -> Fetcher:
        settings = FetchSettings(cache_dir=tmp_path, host_delay=0.0)
        return Fetcher(settings, transport=httpx.MockTransport(answer))

    fetcher().fetch("http://news.example/story")
    again = fetcher().fetch("http://news.example/story")
    assert again.metadata["from_cache"] is True and requests == ["/robots.txt", "/story"]
