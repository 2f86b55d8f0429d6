"""An article's outlet: a name for people and a web domain, each found however the page
writes them, and never a URL, a subdomain word or a Twitter handle for a name."""

from __future__ import annotations

import socket

import pytest
import tld.utils

from onrecord.evaluate.corpora import data_root
from onrecord.evaluate.extraction import load_pages
from onrecord.structure.html import structure_html
from onrecord.structure.outlet import domain_of, outlet_name


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.cnn.com/2019/11/18/investing/story", "cnn.com"),
        ("https://edition.cnn.com/x", "cnn.com"),
        ("cnn.com", "cnn.com"),
        ("https://hosted.ap.org/citizensvoice/article/2896", "ap.org"),
        ("https://www.express.co.uk/news/world/1206313", "express.co.uk"),
        ("http://www.autoracing.com.br/classificacao-nascar/", "autoracing.com.br"),
        ("https://profootballtalk.nbcsports.com/2019/11/19/x", "nbcsports.com"),
        ("HTTPS://WWW.CNN.COM:443/x", "cnn.com"),
        ("http://127.0.0.1:8000/x", None),
        ("http://localhost/x", None),
        ("http://[::1]/x", None),
        ("http://[bad/x", None),
        ("http://x..com/", None),
        ("http://" + "a" * 300 + ".com/", None),
        ("", None),
        (None, None),
    ],
)
def test_the_domain_is_the_registrable_domain_of_the_url(url, domain):
    assert domain_of(url) == domain


def test_the_public_suffix_list_is_the_one_shipped_never_fetched(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise AssertionError("onrecord tried to reach the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(tld.utils, "tld_names", {})  # loaded again, from the package's file
    assert domain_of("https://www.bbc.co.uk/news") == "bbc.co.uk"


@pytest.mark.parametrize(
    ("candidates", "url", "title", "name"),
    [
        (["CNN"], "https://edition.cnn.com/x", None, "CNN"),
        # a URL, a subdomain word, the domain in lower case: the domain says it
        (
            ["https://www.hawaiinewsnow.com"],
            "https://www.hawaiinewsnow.com/story/1",
            None,
            "hawaiinewsnow.com",
        ),
        (["Hosted"], "https://hosted.ap.org/citizensvoice/article/1", "Tories | Hosted", "ap.org"),
        (["cleveland"], "https://www.cleveland.com/x", None, "cleveland.com"),
        (["livescience.com"], "https://www.livescience.com/x", None, "livescience.com"),
        # a tagline after the name, a handle's @
        (
            ["LinkNaija | Nigeria's popular news platform"],
            "https://www.linknaija.com/x",
            None,
            "LinkNaija",
        ),
        (
            [" The Jerusalem Post | JPost.com "],
            "https://www.jpost.com/x",
            None,
            "The Jerusalem Post",
        ),
        # a name spelling the domain beats a publisher named by syndication
        (["Associated Press", "SFGate"], "https://www.sfgate.com/x", None, "SFGate"),
        (["TheHill", "The Hill"], "https://thehill.com/x", None, "The Hill"),
        # a brand with a dot in it is a name
        (["Space.com"], "https://www.space.com/x", None, "Space.com"),
        (["ProFootballTalk"], "https://profootballtalk.nbcsports.com/x", None, "ProFootballTalk"),
        # no name given: the title's closing part where it spells the domain, else the domain
        (
            [None],
            "https://www.hawaiinewsnow.com/x",
            "Fire on Oahu | Hawaii News Now",
            "Hawaii News Now",
        ),
        ([None], "https://www.ascom.com/x", "Ascom announces a partnership", "ascom.com"),
        (["Riverside Gazette"], None, None, "Riverside Gazette"),
        ([None], None, None, None),
    ],
)
def test_the_outlet_name_is_a_name_else_the_domain(candidates, url, title, name):
    assert outlet_name(candidates, url, title) == name


def test_an_html_page_gives_its_outlet_name_and_domain():
    page = (
        '<html><head><title>Fire on Oahu | Hosted</title><meta property="og:site_name" '
        'content="Hosted"><meta name="twitter:site" content="@ap"></head><body><article>'
        + "<p>The fire on Oahu burned for three days before crews could contain it.</p>" * 3
        + "</article></body></html>"
    )
    article = structure_html(page, url="https://hosted.ap.org/citizensvoice/article/1")
    assert (article.site, article.domain) == ("ap.org", "ap.org")


def test_a_saved_syndicated_copy_is_the_outlet_that_published_it_not_the_original():
    page = (
        '<html><head><link rel="canonical" href="https://www.cnn.com/2019/11/18/health/duvet">'
        '<meta property="og:url" content="https://www.msn.com/en-us/health/ar-BBWXwNX">'
        '<meta property="og:site_name" content="MSN"></head><body><article>'
        + "<p>The man whose duvet nearly killed him found out why after months of tests.</p>" * 3
        + "</article></body></html>"
    )
    article = structure_html(page)  # a file: no URL it was fetched from
    assert (article.site, article.domain) == ("MSN", "msn.com")
    assert article.canonical_url == "https://www.cnn.com/2019/11/18/health/duvet"


needs_benchmark = pytest.mark.skipif(
    not (data_root() / "extraction" / "ground-truth.json").exists(),
    reason="the extraction benchmark is not in ../shared/data",
)


@needs_benchmark
def test_on_real_pages_every_outlet_has_a_name_that_is_no_url_and_a_domain():
    outlets = {}
    for page in load_pages():
        article = structure_html(page.html, url=page.url)
        outlets[page.url.split("/")[2]] = (article.site, article.domain)
    assert outlets["www.cnn.com"] == ("CNN", "cnn.com")
    assert outlets["hosted.ap.org"] == ("ap.org", "ap.org")  # its og:site_name is "Hosted"
    assert outlets["www.sfgate.com"] == ("SFGate", "sfgate.com")  # JSON-LD: Associated Press
    assert outlets["www.livescience.com"] == ("Live Science", "livescience.com")
    assert outlets["www.jpost.com"] == ("The Jerusalem Post", "jpost.com")
    assert outlets["www.cleveland.com"] == ("cleveland.com", "cleveland.com")
    for site, domain in outlets.values():
        assert site and domain and "://" not in site and not site.startswith("www.")
