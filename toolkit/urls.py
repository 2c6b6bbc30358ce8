"""One URL identity: the key under which the project stores, compares and follows a URL.

    >>> url_identity("HTTP://Item.JD.com:443/1.html?b=2&a=1&ptag=17.1#top")
    'http://item.jd.com:443/1.html?a=1&b=2'

w3lib canonicalises (scheme and host lower-cased, query sorted, percent-encoding uniform,
fragment dropped). Then the default port goes, and the parameters `data/url_params.toml` names:
session ids and tracking everywhere, a platform's own tracking on its hosts only. A trailing
slash is part of the path (`/shop/` and `/shop` may be two pages); only an empty path becomes `/`.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_PARAMS = Path(__file__).with_name("data") / "url_params.toml"
_PLAIN = re.compile(r"https?://[a-z0-9.\-]+(/[A-Za-z0-9._~!$&'()*+,=:@/\-]*)?")
# a URL whose canonical form is its query sorted, nothing else (_sorted_query); the %XX kept
# as they are are bytes of non-ASCII text in upper-case hex
_HIGH = r"%[89A-F][0-9A-F]"
_SORTABLE = re.compile(
    rf"https?://[a-z0-9.\-]+(?::\d+)?(?:/(?:[A-Za-z0-9/_.~!$'()*,:@=\-]|{_HIGH})*)?"
    rf"(?:\?(?:[A-Za-z0-9_.~=&+\-]|{_HIGH})*)?"
)
_TOKEN = re.compile(r"[A-Za-z0-9_\-]{16,}")
_DEFAULT_PORT = {"http": 80, "https": 443}


@lru_cache(maxsize=262_144)
def url_identity(url: str) -> str:
    """The URL's key: the same page gives the same key wherever it was linked from."""
    url = (url or "").strip()
    if _PLAIN.fullmatch(url) and "/." not in url:  # nothing to do: no query, fragment, port,
        return url if url.count("/") > 2 else url + "/"  # upper case or dot segment
    kept = clean_url(url)
    if "://" not in kept:
        return kept
    return _sorted_query(kept) or canonicalize_url(kept, keep_fragments=False)


def _sorted_query(url: str) -> str | None:
    """w3lib's canonical form of a URL that needs no more than its query sorted (three in four
    real links, at a third of the cost), or None for any other URL."""
    if _SORTABLE.fullmatch(url) is None or "/." in url:
        return None
    base, _, query = url.partition("?")
    if "/" not in base.partition("://")[2]:  # no path: w3lib gives "/"
        base += "/"
    pairs = []
    for piece in query.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            if "=" in value:
                return None  # w3lib encodes it
            pairs.append((_unquoted(name), _unquoted(value), name, value))
    pairs.sort()  # as w3lib sorts them: by the bytes they stand for
    return base + "?" + "&".join(f"{n}={v}" for _, _, n, v in pairs) if pairs else base


def _unquoted(part: str) -> bytes:
    return unquote_to_bytes(part.replace("+", " "))


# an http(s) URL urlsplit would take apart as written: a lower-case host with no port or
# user, a path with no `;`, no tab or line break anywhere (urlsplit drops those first)
_SIMPLE = re.compile(
    r"(https?)://([a-z0-9.\-]+)(/[^?#;\t\r\n]*)?(?:\?([^#\t\r\n]*))?(?:#[^\t\r\n]*)?"
)


@lru_cache(maxsize=262_144)
def clean_url(url: str) -> str:
    """The URL to request: as linked (its own encoding and order: a server may read `a,b`
    and `a%2Cb` apart), without fragment, default port, session ids and tracking."""
    url = (url or "").strip()
    simple = _SIMPLE.fullmatch(url)
    if simple is None:
        return _clean_split(url)
    scheme, host, path, query = simple.groups()  # most links: no urlsplit, in a third the time
    query = _kept(query, registrable(host)) if query else ""
    return f"{scheme}://{host}{path or '/'}" + (f"?{query}" if query else "")


def _kept(query: str, site: str) -> str:
    """A query without the parameters data/url_params.toml drops on `site`."""
    return "&".join(p for p in query.split("&") if p and not _dropped(p, site))


def _clean_split(url: str) -> str:
    """clean_url of any URL, by urlsplit."""
    try:
        parts = urlsplit(url)
        scheme, host, port = parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
    except ValueError:
        return url.split("#", 1)[0]
    if scheme not in _DEFAULT_PORT or not host:
        return url.split("#", 1)[0]
    site = registrable(host)
    netloc = host if port in (None, _DEFAULT_PORT[scheme]) else f"{host}:{port}"
    if ":" in host:  # an IPv6 literal keeps its brackets
        netloc = f"[{host}]" + netloc[len(host) :]
    path = parts.path
    if ";" in path:  # /item/1;jsessionid=…
        path = "/".join(
            ";".join(p for i, p in enumerate(seg.split(";")) if not i or not _dropped(p, site))
            for seg in path.split("/")
        )
    return urlunsplit((scheme, netloc, path or "/", _kept(parts.query, site), ""))


def typed_url_keys(url: str) -> list[str]:
    """The keys a URL typed by a person may mean: its identity with and without a final slash."""
    key = url_identity(url)
    base, sep, query = key.partition("?")
    if urlsplit(base).path in ("", "/"):  # the site's root
        return [key]
    other = base[:-1] if base.endswith("/") else base + "/"
    return [key, other + sep + query]


def registrable(host: str) -> str:
    """The registrable domain of a host (item.jd.com → jd.com); an IP or bare name stays."""
    parts = _split_host(host)
    return parts.top_domain_under_public_suffix or host if parts.suffix else host


def site_name(host: str) -> str:
    """The name a registrable domain carries without its suffix (www.amazon.cn → amazon): one
    organisation's sites in several countries share it."""
    parts = _split_host(host)
    return parts.domain if parts.suffix else host


@lru_cache(maxsize=65_536)
def _split_host(host: str):
    """tldextract's split of a host: a crawl's links name few hosts, each split once."""
    return _suffixes()(host)


def _dropped(piece: str, site: str) -> bool:
    name, _, value = piece.partition("=")
    name = unquote(name).strip().lower()
    every, tokens, sites = _params()
    if _named(name, every) or site in sites and _named(name, sites[site]):
        return True
    return name in tokens and bool(_TOKEN.fullmatch(unquote(value)))


_Names = tuple[frozenset[str], tuple[str, ...]]  # names as they are, and prefixes (`utm_*`)


def _named(name: str, names: _Names) -> bool:
    exact, prefixes = names
    return name in exact or name.startswith(prefixes)


def _names(listed) -> _Names:
    listed = tuple(listed)
    return (
        frozenset(n for n in listed if not n.endswith("*")),
        tuple(n[:-1] for n in listed if n.endswith("*")),
    )


@cache
def _params() -> tuple[_Names, frozenset[str], dict[str, _Names]]:
    data = tomllib.loads(_PARAMS.read_text(encoding="utf-8"))
    every = data.get("every_site", {})
    sites = {k: _names(v.get("drop", ())) for k, v in data.get("sites", {}).items()}
    return _names(every.get("drop", ())), frozenset(every.get("drop_tokens", ())), sites


@cache
def _suffixes():
    import tldextract

    # the public suffix list shipped inside the package: nothing is fetched
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def site_domains(urls: list[str]) -> list[str]:
    """The registrable domains of the start URLs (item.jd.com → jd.com), so that a platform's
    hosts (item., mall., shop.) are one site; an IP address or a bare host name stays."""
    return sorted({registrable(urlsplit(u).hostname or "") for u in urls} - {""})
