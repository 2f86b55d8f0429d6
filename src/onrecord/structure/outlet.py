"""The outlet an article appeared in: a name for people ("CNN", "The Jerusalem Post") and its
web domain ("cnn.com", "jpost.com"), so that either finds it.

The domain is the URL's registrable domain under the Public Suffix List ("edition.cnn.com" and
"www.cnn.com" are "cnn.com", "hosted.ap.org" is "ap.org", "www.express.co.uk" is
"express.co.uk"). The list is the copy the `tld` package ships; it is never fetched.

The name is the one a page gives itself, where it is a name: pages put a URL in
`og:site_name` ("https://www.hawaiinewsnow.com"), a subdomain ("Hosted" on hosted.ap.org), the
domain's first label in lower case ("cleveland" on cleveland.com), a Twitter handle or a
tagline after the name ("LinkNaija | Nigeria's popular news platform"). A page that gives no
name leaves the title's closing part where it spells the domain ("… | Live Science" on
livescience.com), and then the domain itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from tld import get_fld
from tld.utils import MozillaTLDSourceParser


class _BundledSuffixes(MozillaTLDSourceParser):
    """The Public Suffix List as shipped with `tld`: were its file missing, `tld` would
    download the list, and onrecord fetches nothing it was not asked to."""

    uid = "onrecord_bundled"

    @classmethod
    def update_tld_names(cls, fail_silently: bool = False) -> bool:
        return False


#: What follows a name in a site name or a title: "Name | tagline", "Title - Name".
_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[|•·»]\s*")
_HOST = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
#: A domain name as DNS allows it (labels of 1 to 63 characters), of at most 200 characters:
#: a domain stands as an outlet's name where the page gives none, and the store keeps 200.
_DOMAIN = re.compile(r"^(?=.{1,200}$)(?:[^\s.\x00-\x1f]{1,63}\.)+[^\s.\x00-\x1f]{1,63}$")
_MAX_NAME_WORDS = 8
_MAX_NAME_CHARS = 80
#: Shorter names ("AP") are too likely to open a writer's name by chance.
_MIN_OUTLET_LETTERS = 3


def domain_of(url: str | None) -> str | None:
    """The registrable domain of a URL or a bare host ("https://www.cnn.com/x" and
    "edition.cnn.com" are "cnn.com"); None without one (no URL, an IP address, localhost)."""
    host = _host(url)
    if not host:
        return None
    found = get_fld(host, fix_protocol=True, fail_silently=True, parser_class=_BundledSuffixes)
    return found if isinstance(found, str) and _DOMAIN.match(found) else None


def outlet_name(
    candidates: Iterable[str | None], url: str | None, title: str | None = None
) -> str | None:
    """The outlet's name among `candidates` (the page's own metadata, the most trusted first):
    one that spells the domain is surely the outlet's ("SFGate" on sfgate.com, not the
    "Associated Press" its JSON-LD names as publisher), and of two such the one written with
    capitals and spaces ("The Hill", not "TheHill"); else the first that is a name at all. A
    page naming none gives the closing part of its title where that spells the domain, else
    the domain; None when there is neither a name nor a URL."""
    host, domain = _host(url), domain_of(url)
    names = [name for candidate in candidates if (name := _name(candidate, host, domain))]
    spelled = [name for name in names if _spells(name, domain)]
    if spelled:
        return max(spelled, key=lambda name: (name[:1].isupper(), len(name.split())))
    return next(iter(names), None) or _title_name(title, host, domain) or domain


def outlet_names(site: str | None, domain: str | None) -> list[str]:
    """The outlet's names a page may put among its authors: its name, domain and the
    domain's name ("Cleveland com")."""
    names = [site, domain, domain.split(".")[0] if domain else None]
    return [name for name in names if name and len(_letters(name)) >= _MIN_OUTLET_LETTERS]


def title_closing(title: str | None) -> str | None:
    """The closing part of a page title, where pages name their outlet ("… | Live Science",
    "… - Sputnik International")."""
    parts = _SEPARATOR.split(title.strip()) if title else []
    return parts[-1].strip() if len(parts) > 1 else None


def names_outlet(text: str, outlets: Iterable[str]) -> bool:
    """Whether `text` is one of the outlet's names or opens with it, as pages put it among
    their authors: "CNN Business" on CNN, "Business Insider" on Business Insider
    Deutschland, "Cleveland com" on cleveland.com."""
    letters = _letters(text)
    return any(
        letters.startswith(outlet) or outlet.startswith(letters)
        for outlet in map(_letters, outlets)
    )


def without_outlet(text: str, outlets: Iterable[str | None]) -> str:
    """`text` without one of the outlet's names run on at its end: "Finian Cunningham.
    Sputnik International" is Finian Cunningham's."""
    for outlet in filter(None, outlets):
        if text.casefold().endswith(" " + outlet.casefold()):
            return text[: -len(outlet)].rstrip(" .,;:|-–—")
    return text


def _name(candidate: str | None, host: str | None, domain: str | None) -> str | None:
    """`candidate` cut to the name it opens with, or None if it is no name of this outlet."""
    text = _SEPARATOR.split((candidate or "").strip().lstrip("@"))[0].strip()
    if not text or "://" in text or "/" in text or text.lower().startswith("www."):
        return None  # a URL
    if len(text) > _MAX_NAME_CHARS or len(text.split()) > _MAX_NAME_WORDS:
        return None  # a sentence, not a name
    if _HOST.match(text):
        return None  # a host written in lower case: the domain says it better
    labels = (host or "").split(".")
    subdomains = labels[: len(labels) - len((domain or "").split("."))] if domain else []
    if any(text in (label, label.capitalize()) for label in subdomains):
        return None  # "Hosted" on hosted.ap.org
    if domain and text == domain.split(".")[0]:
        return None  # "cleveland" on cleveland.com
    return text


def _title_name(title: str | None, host: str | None, domain: str | None) -> str | None:
    """The closing part of a page title ("… | Live Science") when it is a name spelling the
    domain."""
    name = _name(title_closing(title), host, domain)
    return name if name and _spells(name, domain) else None


def _spells(name: str, domain: str | None) -> bool:
    """Whether a name is the domain written out: "The Hill" and "TheHill" for thehill.com,
    "Live Science" for livescience.com, "Spokesman.com" for spokesman.com."""
    if not domain:
        return False
    letters = _letters(name)
    return letters in (_letters(domain), _letters(domain.split(".")[0]))


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


def _host(url: str | None) -> str | None:
    """The lower-case host of a URL or bare host name, without a port."""
    if not url:
        return None
    try:
        host = urlsplit(url if "://" in url else f"//{url}").hostname
    except ValueError:
        return None
    return host.rstrip(".") if host else None
