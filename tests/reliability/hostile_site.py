"""A hostile loopback site: one route per page case, all linked from its index.

Each route misbehaves in one way (truncated, huge, binary, slow, reset, looping, bombing,
carrying markup or bidi overrides in its text …). `HostileSite(...).start()` serves it on
127.0.0.1 from daemon threads; `site.url` is the index.
"""

from __future__ import annotations

import gzip
import html
import io
import json
import socket
import struct
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from greenroom_demo.codes import make_uscc
from toolkit import loopback

MB = 1024 * 1024
XSS_SCRIPT = '<script>alert("gr-xss")</script>'
XSS_IMG = "<img src=x onerror=alert('gr-xss')>"
XSS_ATTR = '"><svg onload=alert(1)>'
BIDI = "\u202e\u202d\u2066\u200f"
CONTROL = "\x00\x01\x07\x08\x0b\x1b[31m\x7f"
VALID_USCC = make_uscc("91", "330100", "MA2H3K4L")
FULLWIDTH_USCC = VALID_USCC.translate({c: c + 0xFEE0 for c in range(0x21, 0x7F)})
FULLWIDTH_PHONE = "０５７４－８６８７５２６１"
LONG_VALUE = "长" * 200_000
LINKS_ON_ONE_PAGE = 100_000
NESTING = 10_000
SLOW_SECONDS = 60  # the slow-loris route would dribble this long; DOWNLOAD_TIMEOUT cuts it
BOMB_EXPANDED = 200 * MB


def doc(title: str, body: str, head: str = "") -> str:
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def shop(title: str, rows: list[tuple[str, str]], extra: str = "") -> str:
    """A shop home page: a label/value table (values are already-escaped HTML)."""
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return doc(title, f"<dl>{dl}</dl>{extra}")


def _gzip_bomb() -> bytes:
    zeros = b"\0" * MB
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as fh:
        for _ in range(BOMB_EXPANDED // MB):
            fh.write(zeros)
    return buf.getvalue()


def _nested_json(depth: int) -> str:
    return (
        '{"@context":"https://schema.org","@type":"Store","name":' + "[" * depth + "]" * depth + "}"
    )


class Route:
    """One page case: how it is served. `kind` picks the handler behaviour."""

    def __init__(self, kind: str, body: bytes = b"", status: int = 200, **opts):
        self.kind, self.body, self.status, self.opts = kind, body, status, opts


def _text(s: str, status: int = 200, ctype: str = "text/html; charset=utf-8", **opts) -> Route:
    return Route("plain", s.encode("utf-8"), status, ctype=ctype, **opts)


def routes() -> dict[str, Route]:
    """Every page case of the site by path (the index links each of them)."""
    r: dict[str, Route] = {}
    r["/truncated"] = Route(
        "plain",
        doc("截断的页面", "<p>售价 ¥10</p>" * 50).encode()[:-120] + b'<div class="x',
        ctype="text/html; charset=utf-8",
    )
    r["/big"] = Route("big", ctype="text/html; charset=utf-8", size=50 * MB, declared=True)
    r["/big-chunked"] = Route("big", ctype="text/html; charset=utf-8", size=50 * MB, declared=False)
    r["/binary"] = Route(
        "plain", bytes((i * 7919 + 13) % 256 for i in range(64 * 1024)), ctype="text/html"
    )
    r["/charset-wrong"] = Route(
        "plain",
        doc("错误字符集 店铺", "<p>联系电话：0574-86875261</p>").encode("gbk"),
        ctype="text/html; charset=utf-8",
    )
    r["/charset-unknown"] = Route(
        "plain",
        doc("未知字符集", "<p>售价 ¥10</p>").encode("utf-8"),
        ctype="text/html; charset=x-klingon-42",
    )
    r["/charset-meta-unknown"] = Route(
        "plain",
        doc("未知字符集", "<p>售价 ¥10</p>").replace("utf-8", "no-such-codec").encode("gb18030"),
        ctype="text/html",
    )
    r["/mixed-encodings"] = Route(
        "plain",
        "<html><head><title>混合编码</title></head><body><p>".encode()
        + "联系电话 0574-86875261".encode()
        + "经营者：杭州某某商贸有限公司".encode("gbk")
        + "地址 浙江".encode("utf-16-le")
        + b"\xff\xfe\xc0\x80</p></body></html>",
        ctype="text/html; charset=utf-8",
    )
    r["/deep"] = _text(doc("深层嵌套", "<div>" * NESTING + "底部文字" + "</div>" * NESTING))
    r["/deep-unclosed"] = _text(doc("深层未闭合", "<span><b><i>" * (NESTING // 3) + "文字"))
    # Fragments (no new requests) and off-site links (out of scope): 100,000 anchors in 2 MB.
    links = "".join(f"<a href=#{i}></a>" for i in range(LINKS_ON_ONE_PAGE - 1000))
    links += "".join(f"<a href=//elsewhere.invalid/{i}>外</a>" for i in range(1000))
    r["/many-links"] = _text(doc("十万链接", links))
    r["/refresh-a"] = _text(
        doc("刷新A", "", head='<meta http-equiv="refresh" content="0;url=/refresh-b">')
    )
    r["/refresh-b"] = _text(
        doc("刷新B", "", head='<meta http-equiv="refresh" content="0;url=/refresh-a">')
    )
    r["/refresh-self"] = _text(doc("刷新自身", "", head='<meta http-equiv="refresh" content="0">'))
    r["/redirect-loop"] = Route("redirect", status=302, to="/redirect-loop-b")
    r["/redirect-loop-b"] = Route("redirect", status=301, to="/redirect-loop")
    r["/redirect-self"] = Route("redirect", status=307, to="/redirect-self")
    r["/chain/0"] = Route("chain", status=302, hops=25)
    r["/slow-loris"] = Route("slow", ctype="text/html; charset=utf-8")
    r["/slow-headers"] = Route("slow-headers")
    r["/reset"] = Route("reset", ctype="text/html; charset=utf-8")
    r["/reset-before-headers"] = Route("reset-early")
    r["/empty"] = Route("plain", b"", ctype="text/html; charset=utf-8")
    r["/empty-no-type"] = Route("plain", b"", ctype="")
    r["/whitespace"] = Route("plain", b" \r\n\t " * 100, ctype="text/html")
    for code in (400, 401, 403, 404, 410, 418, 429, 451):
        for n in range(3):
            r[f"/err/{code}/{n}"] = _text(doc(f"错误 {code}", "出错了"), status=code)
    for code in (500, 502, 503, 504):
        for n in range(2):
            r[f"/err/{code}/{n}"] = _text(doc(f"错误 {code}", "出错了"), status=code)
    r["/gzip-bomb"] = Route("bomb", ctype="text/html; charset=utf-8")
    r["/gzip-broken"] = Route(
        "plain",
        gzip.compress(doc("坏压缩", "x").encode())[:40] + b"\x00garbage",
        ctype="text/html; charset=utf-8",
        encoding="gzip",
    )
    r["/jsonld-invalid"] = _text(
        doc(
            "坏 JSON-LD",
            "<p>售价 ¥10</p>",
            head='<script type="application/ld+json">{"@type": "Store", "name": "坏的", </script>'
            '<script type="application/ld+json">NaN undefined {{{</script>',
        )
    )
    big = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "巨大",
        "offers": [
            {"@type": "Offer", "price": str(i), "priceCurrency": "CNY"} for i in range(20_000)
        ],
        "description": "描述" * 100_000,
    }
    r["/jsonld-enormous"] = _text(
        doc(
            "巨大 JSON-LD",
            "",
            head=f'<script type="application/ld+json">{json.dumps(big, ensure_ascii=False)}</script>',
        )
    )
    r["/jsonld-deep"] = _text(
        doc(
            "深层 JSON-LD",
            "",
            head=f'<script type="application/ld+json">{_nested_json(100_000)}</script>',
        )
    )
    r["/microdata-cycle"] = _text(
        doc(
            "微数据循环",
            (
                '<div itemscope itemtype="https://schema.org/Store" id="a" itemref="b">'
                '<span itemprop="name">循环店</span></div>'
                '<div id="b" itemprop="owner" itemscope itemtype="https://schema.org/Organization" itemref="a">'
                '<span itemprop="legalName">循环公司</span></div>'
                '<div itemscope itemtype="https://schema.org/Product" id="c" itemref="c">'
                '<span itemprop="name">自指</span></div>'
            ),
        )
    )
    # Shops whose captured text is hostile (markup, controls, bidi, length, full width).
    r["/shop/xss"] = _text(
        shop(
            html.escape(f"{XSS_SCRIPT}店铺"),
            [
                ("店铺名称", html.escape(f"{XSS_SCRIPT}{XSS_IMG}小店")),
                ("经营者", html.escape(f"{XSS_IMG}杭州某某{XSS_ATTR}有限公司")),
                ("营业执照", html.escape(f"{XSS_SCRIPT} 执照号 {XSS_IMG}")),
                ("统一社会信用代码", html.escape(f"91330100<b>X</b>{XSS_SCRIPT}")),
                ("联系电话", html.escape(f"{XSS_IMG}")),
            ],
            extra=f'<a href="/item/xss">{html.escape(XSS_SCRIPT)}商品</a>',
        )
    )
    r["/item/xss"] = _text(
        doc(
            html.escape(f"{XSS_SCRIPT}{XSS_IMG} 保温杯 国家级品质"),
            "<nav>首页 &gt; 家居 &gt; 杯具</nav><p>售价 ¥59</p>"
            f"<p>{html.escape(XSS_IMG)}国家级品质，最佳之选</p><a href=/shop/xss>进入店铺</a>",
        )
    )
    r["/shop/bidi"] = _text(
        shop(
            f"控制{BIDI}字符店",
            [
                ("店铺名称", html.escape(f"控制{CONTROL}{BIDI}字符店")),
                ("经营者", html.escape(f"{BIDI}杭州{CONTROL}有限公司")),
                ("统一社会信用代码", html.escape(f"9133{BIDI}0100{CONTROL}")),
                ("联系电话", "0574-86875261"),
            ],
        )
    )
    r["/shop/long"] = _text(
        shop(
            "超长字段店",
            [
                ("店铺名称", LONG_VALUE),
                ("经营者", LONG_VALUE),
                ("统一社会信用代码", "9" * 100_000),
                ("联系电话", "1" * 100_000),
                ("地址", LONG_VALUE),
            ],
        )
    )
    r["/shop/fullwidth"] = _text(
        shop(
            "全角店",
            [
                ("店铺名称", "全角店"),
                ("经营者", "杭州全角商贸有限公司"),
                ("统一社会信用代码", FULLWIDTH_USCC),
                ("联系电话", FULLWIDTH_PHONE),
            ],
        )
    )
    return r


class HostileSite:
    def __init__(self) -> None:
        self.routes = routes()
        self.requests: list[str] = []
        self._server: ThreadingHTTPServer | None = None
        self._bomb: bytes | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def index(self) -> bytes:
        links = "".join(f'<li><a href="{p}">{p}</a></li>' for p in self.routes)
        return doc("恶意站点", f"<ul>{links}</ul>").encode()

    def bomb(self) -> bytes:
        if self._bomb is None:
            self._bomb = _gzip_bomb()
        return self._bomb

    def start(self) -> Self:
        site = self
        handlers: dict[str, Callable] = {}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def head(self, status: int, ctype: str, length: int | None, **extra: str) -> None:
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                if length is not None:
                    self.send_header("Content-Length", str(length))
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True

            def do_GET(self) -> None:
                site.requests.append(self.path)
                path = self.path.split("?")[0]
                if path == "/robots.txt":
                    return self.head(404, "text/plain", 0)
                if path == "/":
                    body = site.index()
                    self.head(200, "text/html; charset=utf-8", len(body))
                    return self.wfile.write(body)
                if path.startswith("/chain/"):
                    n = int(path.rsplit("/", 1)[1])
                    return self.head(302, "text/html", 0, Location=f"/chain/{n + 1}")
                route = site.routes.get(path)
                if route is None:
                    return self.head(404, "text/html", 0)
                try:
                    handlers[route.kind](self, route)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        def plain(h, r):
            extra = {"Content-Encoding": r.opts["encoding"]} if "encoding" in r.opts else {}
            h.head(r.status, r.opts.get("ctype", ""), len(r.body), **extra)
            h.wfile.write(r.body)

        def big(h, r):
            size = r.opts["size"]
            h.head(200, r.opts["ctype"], size if r.opts["declared"] else None)
            chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
            sent = 0
            while sent < size:
                h.wfile.write(chunk)
                sent += len(chunk)

        def redirect(h, r):
            h.head(r.status, "text/html", 0, Location=r.opts["to"])

        def slow(h, r):
            h.head(200, r.opts["ctype"], SLOW_SECONDS)
            for _ in range(SLOW_SECONDS):
                h.wfile.write(b"<")
                h.wfile.flush()
                time.sleep(1)

        def slow_headers(h, r):
            for b in b"HTTP/1.1 200 OK\r\n":
                h.wfile.write(bytes([b]))
                h.wfile.flush()
                time.sleep(1)

        def _rst(h):
            h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            h.connection.close()
            h.close_connection = True

        def reset(h, r):
            h.head(200, r.opts["ctype"], 100_000)
            h.wfile.write(doc("连接重置", "<p>售价 ¥10</p>").encode()[:200])
            h.wfile.flush()
            time.sleep(0.2)
            _rst(h)

        def reset_early(h, r):
            _rst(h)

        def bomb(h, r):
            body = site.bomb()
            h.head(200, r.opts["ctype"], len(body), **{"Content-Encoding": "gzip"})
            h.wfile.write(body)

        handlers.update(
            plain=plain,
            big=big,
            redirect=redirect,
            slow=slow,
            reset=reset,
            bomb=bomb,
            **{"slow-headers": slow_headers, "reset-early": reset_early},
        )

        self.bomb()
        self._server = loopback.serve(Handler)
        return self

    def stop(self) -> None:
        loopback.stop(self._server)
