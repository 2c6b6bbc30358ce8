"""A small static marketplace on 127.0.0.1 for the fault cases: shops, listings, findings.

Every answer waits `delay_s`, so a crawl lasts long enough to be killed at a chosen point.
`down()` closes the listening socket (the network to the site is gone: connections are
refused) and `up()` listens again on the same port, so the same URLs work after it.
"""

from __future__ import annotations

import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from greenroom_demo.codes import make_uscc
from toolkit import loopback

SHOPS = 12
ITEMS_PER_SHOP = 5

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
</head><body><main><h1>{title}</h1>{body}</main></body></html>"""


def shop(n: int) -> str:
    # every third shop shows no contact (shop.contact_missing), every fourth a bad USCC
    uscc = make_uscc("91", "330100", f"MA2H{n:04d}")
    uscc = uscc[:-1] + ("0" if uscc[-1] != "0" else "1") if n % 4 == 0 else uscc
    rows = [("店铺名称", f"某某茶叶旗舰店 {n} 号"), ("经营者", f"杭州某某茶叶有限公司第{n}分公司")]
    rows += [("统一社会信用代码", uscc)]
    rows += [] if n % 3 == 0 else [("联系电话", f"0571-8687{n:04d}")]
    dl = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    items = "".join(f'<li><a href="/item/{n}-{k}">商品 {n}-{k}</a></li>' for k in range(1, 6))
    body = (
        f"<dl>{dl}</dl>"
        f"<p>本店经营西湖龙井、径山茶等产品，原产地直供。</p><ul>{items}</ul>"
        f'<p><a href="/shop/{n % SHOPS + 1}">下一家店铺</a></p>'
    )
    return PAGE.format(title=f"某某茶叶旗舰店 {n} 号", body=body)


def item(n: int, k: int) -> str:
    body = (
        f'<p>店铺：<a href="/shop/{n}">某某茶叶旗舰店 {n} 号</a></p>'
        f"<p>价格：￥{100 + 10 * n + k}.00</p><p>规格：250g 罐装，产地浙江杭州。</p>"
        '<button type="button">立即购买</button><button type="button">加入购物车</button>'
    )
    return PAGE.format(title=f"明前龙井 {n}-{k} 号", body=body)


def index() -> str:
    links = "".join(f'<li><a href="/shop/{n}">店铺 {n}</a></li>' for n in range(1, SHOPS + 1))
    return PAGE.format(title="测试商城", body=f"<ul>{links}</ul>")


def pages() -> dict[str, str]:
    """Every page of the site by path: the capture set of a complete crawl."""
    out = {"/": index()}
    for n in range(1, SHOPS + 1):
        out[f"/shop/{n}"] = shop(n)
        for k in range(1, ITEMS_PER_SHOP + 1):
            out[f"/item/{n}-{k}"] = item(n, k)
    return out


class FaultSite:
    def __init__(self, delay_s: float = 0.05) -> None:
        self.pages = pages()
        self.delay_s = delay_s
        self.requests: list[str] = []
        self.port = 0
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def start(self) -> Self:
        return self.up()

    def up(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append(self.path)
                time.sleep(site.delay_s)
                path = self.path.split("?", 1)[0]
                if path == "/robots.txt":
                    status, body, ctype = 200, b"User-agent: *\nAllow: /\n", "text/plain"
                elif path in site.pages:
                    status, body = 200, site.pages[path].encode("utf-8")
                    ctype = "text/html; charset=utf-8"
                else:
                    status, body, ctype = 404, b"not found", "text/plain"
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = loopback.serve(Handler, port=self.port)  # (reuses the port: HTTPServer)
        self.port = self._server.server_address[1]
        return self

    def down(self) -> None:
        """Stop answering: the listening socket is closed, new connections are refused."""
        loopback.stop(self._server)
        self._server = None

    stop = down
