"""A generated marketplace for the soak bench: ≥ 50,000 linked pages, deterministic, on loopback.

`/` links 100 category pages; each category is paginated (`/c/<c>?page=<p>`, 20 shops a
page, a `下一页` link); a shop (`/shop/<sid>`) shows its operator, 统一社会信用代码 and
phone, links its licence page (`/shop/<sid>/licence`) and its listings (`/item/<lid>`);
each listing links back to its shop and shows a breadcrumb and a price. Every page is a
pure function of its URL, so two runs see the same site. With the defaults (10,000 shops,
3 listings each) the site has 50,601 pages.

    python bench/sitegen.py --port 8800        # serve until Ctrl-C
    site = GeneratedSite(shops=10_000).start(); site.url; site.pages; site.stop()
"""

from __future__ import annotations

import argparse
import asyncio
import re
import threading
import zlib
from typing import Self

CATEGORIES = 100
PER_PAGE = 20
KINDS = ("食品饮料 > 茶叶", "服饰鞋包 > 女装", "数码家电 > 手机配件", "美妆个护 > 面膜")
ROUTES = [
    (re.compile(r"^/$"), "home"),
    (re.compile(r"^/c/(\d+)(?:\?page=(\d+))?$"), "category"),
    (re.compile(r"^/shop/(\d+)$"), "shop"),
    (re.compile(r"^/shop/(\d+)/licence$"), "licence"),
    (re.compile(r"^/item/(\d+)$"), "item"),
]


def _page(title: str, body: str, nav: str = "", footer: str = "") -> bytes:
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{title}</title></head><body><header><a href=/>首页</a> 平台客服 400-826-5177"
        f"{nav}</header><main><h1>{title}</h1>{body}</main>"
        f"<footer>{footer}© 生成市场 · 浙ICP备2023041706号-1</footer></body></html>"
    ).encode()


ROBOTS = b"User-agent: *\nDisallow: /admin/\n"
NOT_FOUND = 404, _page("页面不存在", "<p>404</p>")


class NoSuchPage(Exception):
    """A category page, shop or listing beyond the generated site (answered with a 404)."""


def _uscc(sid: int) -> str:
    """A well-formed looking code (the soak bench measures the crawl, not the checks)."""
    return f"91330108MA{sid:07d}X"[:18]


class GeneratedSite:
    """The generated marketplace: `shops` shops × `listings` listings, 100 categories."""

    def __init__(self, shops: int = 10_000, listings: int = 3, port: int = 0) -> None:
        self.shops, self.listings, self.port = shops, listings, port
        self.hits = 0
        self._server: asyncio.Server | None = None

    @property
    def pages(self) -> int:
        """Every HTML page the site has (robots.txt not counted)."""
        per_cat = -(-self.shops // CATEGORIES)
        cat_pages = CATEGORIES * max(1, -(-per_cat // PER_PAGE))
        return 1 + cat_pages + self.shops * (2 + self.listings)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def render(self, path: str) -> tuple[int, bytes]:
        """Status and body of a GET of `path`: 404 for a path the site has no page for."""
        if path == "/robots.txt":
            return 200, ROBOTS
        for pattern, name in ROUTES:
            m = pattern.match(path)
            if m:
                try:
                    title, body = getattr(self, f"_{name}")(*m.groups())
                except NoSuchPage:
                    break
                return 200, _page(title, body)
        return NOT_FOUND

    def _shop_no(self, sid: str | int) -> int:
        s = int(sid)
        if s >= self.shops:
            raise NoSuchPage(f"no shop {s}")
        return s

    # The pages: each handler returns the page's title and body (NoSuchPage: a 404).

    def _home(self) -> tuple[str, str]:
        links = "".join(f"<li><a href=/c/{c}>类目 {c}</a></li>" for c in range(CATEGORIES))
        return "生成市场", f"<ul>{links}</ul>"

    def _category(self, cat: str, page: str | None) -> tuple[str, str]:
        c, p = int(cat), int(page or 1)
        sids = list(range(c, self.shops, CATEGORIES))
        chunk = sids[(p - 1) * PER_PAGE : p * PER_PAGE]
        if c >= CATEGORIES or not chunk:
            raise NoSuchPage(f"no page {p} of category {c}")
        items = "".join(f"<li><a href=/shop/{s}>店铺 {s}</a></li>" for s in chunk)
        more = len(sids) > p * PER_PAGE
        nxt = f'<a rel=next href="/c/{c}?page={p + 1}">下一页</a>' if more else ""
        return f"类目 {c} 第 {p} 页", f"<ul>{items}</ul>{nxt}"

    def _shop(self, sid: str) -> tuple[str, str]:
        s = self._shop_no(sid)
        lids = range(s * self.listings, (s + 1) * self.listings)
        items = "".join(f"<li><a href=/item/{i}>商品 {i}</a></li>" for i in lids)
        return f"生成店铺{s}", (
            f"<dl><dt>店铺名称</dt><dd>生成店铺{s}</dd><dt>经营者</dt>"
            f"<dd>杭州生成{s}贸易有限公司</dd><dt>联系电话</dt><dd>0571-8{s:07d}</dd></dl>"
            f"<p><a href=/shop/{s}/licence>营业执照</a></p><ul>{items}</ul>"
        )

    def _licence(self, sid: str) -> tuple[str, str]:
        s = self._shop_no(sid)
        return f"生成店铺{s} 营业执照", (
            f"<table><tr><th>企业名称</th><td>杭州生成{s}贸易有限公司</td></tr>"
            f"<tr><th>统一社会信用代码</th><td>{_uscc(s)}</td></tr></table>"
            f"<a href=/shop/{s}>店铺首页</a>"
        )

    def _item(self, lid: str) -> tuple[str, str]:
        i = int(lid)
        s = self._shop_no(i // self.listings)
        return f"商品 {i}", (
            f"<nav>首页 &gt; {KINDS[i % len(KINDS)]}</nav><p>售价 ¥{10 + i % 90}.00</p>"
            f"<p>商品描述：第 {i} 号商品，品质可靠。</p><a href=/shop/{s}>进入店铺</a>"
        )

    def respond(self, path: str) -> bytes:
        """The whole HTTP/1.1 response to a GET of `path`."""
        self.hits += 1
        status, body = self.render(path)
        ctype = "text/plain" if path == "/robots.txt" else "text/html; charset=utf-8"
        reason = "OK" if status == 200 else "Not Found"
        head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n"
        return f"{head}Content-Length: {len(body)}\r\n\r\n".encode() + body

    def start(self) -> Self:
        """Serve on 127.0.0.1 from a thread of this process (an asyncio loop: the bench
        measures the crawler, so the site spends as little CPU per request as it can)."""
        ready = threading.Event()
        self._loop = asyncio.new_event_loop()

        async def serve() -> None:
            self._server = await self._loop.create_server(
                lambda: _Http(self), "127.0.0.1", self.port, backlog=128
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(serve())
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._server:
            self._loop.call_soon_threadsafe(self._server.close)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


_FILLER = (
    "<p>本品精选优质原料，经过严格的质量检测，产地直供，口感醇厚，包装精美，适合送礼与自用。"
    "收到商品后请检查外包装是否完好，如有破损请在签收时当面拒收并联系客服处理。</p>"
)


class RealSizeSite(GeneratedSite):
    """The generated marketplace at real page sizes: every page 20–100 KB (a pure function of
    its URL), with a platform navigation bar of category links, a footer of links beside
    the ICP filing, a few other goods' cards and paragraphs of filler, as real pages have."""

    def __init__(self, shops: int = 300, listings: int = 3, port: int = 0) -> None:
        super().__init__(shops=shops, listings=listings, port=port)
        cats = "".join(f"<li><a href=/c/{c}>类目 {c}</a></li>" for c in range(CATEGORIES))
        self._nav = f"<nav><ul>{cats}</ul></nav>".encode()
        help_links = "".join(f"<a href=/c/{c}>帮助中心 {c}</a> " for c in range(0, CATEGORIES, 2))
        self._footer = f"<div>{help_links}</div>".encode()

    def render(self, path: str) -> tuple[int, bytes]:
        status, body = super().render(path)
        if status != 200 or not path.startswith(("/shop/", "/item/", "/c/")):
            return status, body
        seed = zlib.crc32(path.encode())
        size = 20_000 + seed % 80_000
        others = "".join(
            f"<li><a href=/item/{(seed + k * 7919) % (self.shops * self.listings)}>"
            f"推荐商品 {k}</a></li>"
            for k in range(4)
        )
        filler = f"<section><h3>猜你喜欢</h3><ul>{others}</ul></section>".encode()
        room = size - len(body) - len(self._nav) - len(self._footer) - len(filler)
        para = _FILLER.encode()
        filler += para * max(0, room // len(para))
        body = body.replace(b"</header>", self._nav + b"</header>", 1)
        body = body.replace(b"</main>", filler + b"</main>", 1)
        return status, body.replace(b"<footer>", b"<footer>" + self._footer, 1)


class _Http(asyncio.Protocol):
    """HTTP/1.1 GET with keep-alive: the request line's path is all the site reads."""

    def __init__(self, site: GeneratedSite) -> None:
        self.site, self.buffer = site, b""

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
            parts = head.split(b"\r\n", 1)[0].split(b" ")
            path = parts[1].decode("latin-1") if len(parts) >= 2 else "/"
            self.transport.write(self.site.respond(path))
            if b"connection: close" in head.lower():
                self.transport.close()
                return


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the generated soak-bench marketplace.")
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--shops", type=int, default=10_000)
    args = parser.parse_args(argv)
    from greenroom_demo.site import serve_until_interrupted

    site = GeneratedSite(shops=args.shops, port=args.port).start()
    serve_until_interrupted(site, f"generated marketplace: {site.pages} pages at {site.url}")


if __name__ == "__main__":
    main()
