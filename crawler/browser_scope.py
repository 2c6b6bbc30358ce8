"""Keeps Chromium in the crawl's scope: every browser request passes one filter first.

A room's script may ask the browser for anything; the filter aborts (not fatal, counted)
each request that is not http(s), whose host is outside the crawl's allowed_domains, or
whose host is a subdomain resolving to a private, loopback, link-local or reserved address
(the crawl's own hosts, the allowed_domains themselves, may be private). An aborted request never reaches its host and leaves no `api` capture.
`crawler.rooms.init_page` installs it as the page's first route (Playwright runs the last
route added first; an allowed request falls back to scrapy-playwright's own).

Stats: greenroom/render/aborted, …/aborted/<reason> (scheme, off_site, private_address).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from playwright.async_api import Request as BrowserRequest
    from playwright.async_api import Route, WebSocketRoute
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)

SCHEMES = {"http", "https", "ws", "wss"}
RESOLVE_TIMEOUT_S = 5.0


def _global(address: str) -> bool:
    try:
        return ipaddress.ip_address(address.split("%", 1)[0]).is_global
    except ValueError:
        return False


@dataclass(frozen=True)
class BrowserScope:
    """The hosts a rendering browser may reach: allowed_domains and their subdomains."""

    domains: tuple[str, ...]
    stats: StatsCollector | None = None

    def refusal(self, url: str) -> str | None:
        """Why the browser may not fetch `url` ('scheme', 'off_site', 'private_address'), or None."""
        parts = urlsplit(url)
        if parts.scheme not in SCHEMES:
            return "scheme"
        host = (parts.hostname or "").rstrip(".").lower()
        if not host:
            return "off_site"
        own = any(host == d or host.endswith("." + d) for d in self.domains)
        if not own:
            return "off_site"
        return None

    async def refusal_resolved(self, url: str) -> str | None:
        """`refusal`, then: a subdomain (not one of the crawl's own hosts) that resolves to
        a private, loopback, link-local or reserved address is refused too."""
        reason = self.refusal(url)
        host = (urlsplit(url).hostname or "").rstrip(".").lower()
        if reason or host in self.domains:
            return reason
        try:
            infos = await asyncio.wait_for(
                asyncio.get_running_loop().getaddrinfo(host, None), RESOLVE_TIMEOUT_S
            )
        except (OSError, TimeoutError):
            return None  # unresolvable: the browser's own lookup fails the same way
        if any(not _global(info[4][0]) for info in infos):
            return "private_address"
        return None

    def count(self, reason: str, url: str) -> None:
        logger.info("browser request aborted (%s): %s", reason, url[:200])
        if self.stats is not None:
            self.stats.inc_value("greenroom/render/aborted")
            self.stats.inc_value(f"greenroom/render/aborted/{reason}")


def scope_for(room_url: str, allowed_domains: list[str] | tuple[str, ...] | None, stats=None):
    """The scope of a crawl (its allowed_domains), or only the room's own host without them."""
    domains = [d.lower().rstrip(".") for d in (allowed_domains or []) if d]
    if not domains:
        domains = [(urlsplit(room_url).hostname or "").lower()]
    return BrowserScope(tuple(domains), stats)


async def route_in_scope(route: Route, request: BrowserRequest, *, scope, aborted: set) -> None:
    """Page route: abort what is out of scope (counted, remembered), pass on the rest."""
    reason = await scope.refusal_resolved(request.url)
    if reason is None:
        await route.fallback()
        return
    aborted.add(request.url)
    scope.count(reason, request.url)
    await route.abort("blockedbyclient")


async def socket_in_scope(ws: WebSocketRoute, *, scope) -> None:
    """WebSocket route: connect to the server only in scope, else close unopened."""
    reason = await scope.refusal_resolved(ws.url)
    if reason is None:
        ws.connect_to_server()
        return
    scope.count(reason, ws.url)
    await ws.close(code=1008, reason="out of scope")
