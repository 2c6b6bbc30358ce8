"""A loopback marketplace whose livestream rooms attack the browser that renders them.

Every room is a JS shell (an empty mount, a script that fetches `/api/room/<id>`), so the
crawler detects it and renders it in Chromium. `/live/good` draws itself like a real room;
the others misbehave in one way each:

- `/live/spin`: its script loops forever before drawing (the renderer's main thread is
  never free again);
- `/live/hog`: its script allocates memory without end;
- `/live/popups`: draws, then opens a popup every 20 ms;
- `/live/download`: draws, then makes the browser download a file, again and again;
- `/live/away`: draws, then navigates the tab away to another page of the site;
- `/live/silent`: its data API never answers (held until the site stops).

For the browser-crash fault, `HostileRooms(rooms=("good", "slow"), gated=True)` serves a
well-behaved room whose API answers after `slow_s`, and `/later`, a page held until
`site.gate` is set, that links one more room (`/live/after`) to be drawn by whatever
browser is left afterwards.

Static shops and listings beside them must still be captured and checked. The site serves
127.0.0.1 only, and no page links or navigates anywhere else.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from toolkit import loopback

ROOMS = ("good", "spin", "hog", "popups", "download", "away", "silent")
ITEMS = 40  # static listings: enough pages that a handful of failed rooms keeps a run healthy

SHELL = """<!doctype html><html><head><meta charset="utf-8"><title>直播间 {id}</title></head>
<body><header><a href="/">首页</a></header><div id="app"></div>
<noscript>请开启 JavaScript 以观看直播</noscript>
<script>{before}
fetch('/api/room/{id}').then(function (r) {{ return r.json(); }}).then(function (d) {{
  document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1>'
    + '<div>主播：<b>' + d.host + '</b> <i>未实名认证</i></div>'
    + '<div><span>在线 1.2万</span> <span>累计观看 12.9万</span> <span>点赞 8,532</span></div>'
    + '<ul><li><a href="/item/1"><h3>明前龙井 250g</h3></a><span>￥168</span></li></ul>';
  {after}
}});
</script></body></html>"""

SPIN = "while (true) { Math.random(); }"
HOG = "var hoard = []; while (true) { hoard.push(new Array(1 << 20).fill(Math.random())); }"
POPUPS = "setInterval(function () { window.open('/popup?' + Math.random(), '_blank'); }, 20);"
DOWNLOAD = """setInterval(function () {
    var a = document.createElement('a'); a.href = '/download/evidence.bin';
    a.download = 'evidence.bin'; document.body.appendChild(a); a.click();
  }, 50);"""
AWAY = "setTimeout(function () { location.href = '/moved-away'; }, 50);"
BEFORE = {"spin": SPIN, "hog": HOG}
AFTER = {"popups": POPUPS, "download": DOWNLOAD, "away": AWAY}

PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>"""


def shop_page(n: int) -> str:
    contact = "<dt>联系电话</dt><dd>0571-86875261</dd>" if n == 1 else ""
    rows = f"<dt>店铺名称</dt><dd>某某茶叶旗舰店{n}</dd><dt>经营者</dt><dd>杭州某某茶叶有限公司{n}</dd>"
    rows += contact
    body = f"<dl>{rows}</dl><p>本店经营西湖龙井、径山茶等产品，原产地直供。</p>"
    return PAGE.format(title=f"某某茶叶旗舰店{n}", body=body)


def item_page(n: int) -> str:
    body = (
        f'<p>店铺：<a href="/shop/{n % 2 + 1}">某某茶叶旗舰店{n % 2 + 1}</a></p>'
        f"<p>价格：￥{100 + n}.00</p><p>规格：250g 罐装，产地浙江杭州。</p>"
        '<button type="button">立即购买</button><button type="button">加入购物车</button>'
    )
    return PAGE.format(title=f"明前龙井 {n} 号", body=body)


def index_page(rooms: tuple[str, ...], gated: bool) -> str:
    links = [*(f"/shop/{n}" for n in (1, 2)), *(f"/item/{n}" for n in range(1, ITEMS + 1))]
    links += [f"/live/{room}" for room in rooms] + (["/later"] if gated else [])
    items = "".join(f'<li><a href="{u}">{u}</a></li>' for u in links)
    return PAGE.format(title="测试商城", body=f"<p>店铺、商品和直播间。</p><ul>{items}</ul>")


class HostileRooms:
    """Serve the rooms on 127.0.0.1 from daemon threads: `site = HostileRooms().start()`."""

    def __init__(
        self,
        hold_s: float = 120.0,
        rooms: tuple[str, ...] = ROOMS,
        gated: bool = False,
        slow_s: float = 4.0,
    ) -> None:
        self.hold_s = hold_s  # how long the silent API holds a request before giving up
        self.rooms, self.gated, self.slow_s = rooms, gated, slow_s
        self.gate = threading.Event()
        self.gate.set()
        self.requests: list[str] = []
        self._stop = threading.Event()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def hits(self, prefix: str) -> int:
        return sum(1 for p in list(self.requests) if p.startswith(prefix))

    def start(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                site.requests.append(self.path)
                try:
                    site._answer(self, self.path.split("?", 1)[0])
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self._server = loopback.serve(Handler)
        return self

    def stop(self) -> None:
        self._stop.set()
        loopback.stop(self._server)

    def _answer(self, h: BaseHTTPRequestHandler, path: str) -> None:
        parts = path.strip("/").split("/")
        if path == "/":
            return _send(h, 200, index_page(self.rooms, self.gated))
        if parts[0] == "shop" and len(parts) == 2:
            return _send(h, 200, shop_page(int(parts[1])))
        if parts[0] == "item" and len(parts) == 2 and parts[1].isdigit():
            return _send(h, 200, item_page(int(parts[1])))
        if parts[0] == "live" and len(parts) == 2 and parts[1] in (*ROOMS, "slow", "after"):
            room = parts[1]
            shell = SHELL.format(id=room, before=BEFORE.get(room, ""), after=AFTER.get(room, ""))
            return _send(h, 200, shell)
        if parts[:2] == ["api", "room"] and len(parts) == 3:
            if parts[2] == "silent":
                self._stop.wait(self.hold_s)
                return _send(h, 504, "{}", "application/json")
            if parts[2] == "slow":
                self._stop.wait(self.slow_s)
            data = {"title": f"春茶直播 {parts[2]}", "host": "李梅"}
            return _send(h, 200, json.dumps(data, ensure_ascii=False), "application/json")
        if path == "/later":
            self.gate.wait(self.hold_s)
            body = '<p><a href="/live/after">稍后开播</a></p>'
            return _send(h, 200, PAGE.format(title="稍后", body=body))
        if path == "/popup":
            return _send(h, 200, PAGE.format(title="弹窗", body="<p>广告</p>"))
        if parts[0] == "download":
            return _send(h, 200, b"\0" * 65536, "application/octet-stream")
        if path == "/moved-away":
            return _send(h, 200, PAGE.format(title="别处", body="<p>这里不是直播间。</p>"))
        if path == "/robots.txt":
            return _send(h, 200, "User-agent: *\nAllow: /\n", "text/plain")
        return _send(h, 404, PAGE.format(title="页面不存在", body=""))


def _send(h, status: int, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    h.send_header("Cache-Control", "no-store")
    h.end_headers()
    h.wfile.write(data)
