"""A loopback site of JS-drawn livestream rooms, their JSON API and a few static pages.

Rooms are empty shells that a script fills from `/api/room/<id>`; every API request
advances the room's counters. Faulty rooms: `/live/e500` (API answers 500), `/live/throws`
(the script throws before drawing), `/live/hangs` (the API never answers). Rooms not on the
index: `/live/deny` (its API takes a one-time signature from the page: a replay of the
browser's request is refused with 403), `/live/falls` (its cumulative viewers fall) and
`/live/shape` (its API answers with one more key from the second request on).
Every request path is logged in `site.log` so tests can see what the browser fetched.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from greenroom_demo.png import draw_png

HOSTS = {"1": "李梅", "2": "王小二", "3": "赵晓燕"}


def png(width: int = 24, height: int = 24, rgb: tuple = (30, 160, 60)) -> bytes:
    """A solid-colour PNG (the green-room badge image), by the demo's PNG writer."""
    return draw_png(width, height, lambda x, y: rgb)


SHELL = """<!doctype html><html><head><meta charset="utf-8"><title>直播间</title></head>
<body><header><a href="/">首页</a></header>
<div id="app"></div>
<noscript>请开启 JavaScript 以观看直播</noscript>
<video src="/media/live-{id}.mp4" autoplay muted></video>
<script>{before}
fetch('/api/room/{id}{query}').then(function (r) {{
  if (!r.ok) throw new Error('HTTP ' + r.status);
  return r.json();
}}).then(function (d) {{
  var goods = d.products.map(function (p) {{
    return '<li><a href="' + p.url + '"><h3>' + p.title + '</h3></a><span>￥' + p.price
      + '</span></li>';
  }}).join('');
  var badge = d.green ? '<img src="/img/green.png" alt="绿色直播间">' : '';
  var notice = d.notice ? '<p>' + d.notice + '</p>' : '';
  var shop = d.shop ? '<div>店铺：<a href="' + d.shop.url + '">' + d.shop.name + '</a></div>' : '';
  document.getElementById('app').innerHTML = '<h1>' + d.title + '</h1>'
    + '<div>主播：<b>' + d.host + '</b> <i>' + d.verified + '</i></div>' + badge
    + '<div><span>在线 ' + d.online + '</span> <span>累计观看 ' + d.viewers + '</span> '
    + '<span>点赞 ' + d.likes + '</span></div>' + shop + notice + '<ul>' + goods + '</ul>';
}});
</script></body></html>"""

INDEX = """<!doctype html><html><head><meta charset="utf-8"><title>测试商城</title></head><body>
<h1>测试商城首页</h1><p>欢迎来到测试商城。这里有店铺、商品和直播间。</p>
<ul><li><a href="/shop/1">云岭茶叶旗舰店</a></li><li><a href="/shop/2">蜂蜜小店</a></li>
<li><a href="/about">关于我们</a></li><li><a href="/goods/1">明前龙井</a></li>
<li><a href="/live/1">春茶直播</a></li><li><a href="/live/2">蜂蜜直播</a></li>
<li><a href="/live/e500">直播 A</a></li><li><a href="/live/throws">直播 B</a></li>
<li><a href="/live/hangs">直播 C</a></li></ul></body></html>"""

SHOP = """<!doctype html><html><head><meta charset="utf-8"><title>{name}</title>{script}</head>
<body><h1>{name}</h1><table><tr><th>经营者</th><td>{name}有限公司</td></tr>
<tr><th>统一社会信用代码</th><td>91530100MA6K0XXX0X</td></tr>
<tr><th>联系电话</th><td>0871-65551234</td></tr></table>
<p>本店经营云南普洱茶、滇红、绿茶等产品，均为原产地直供，支持七天无理由退货。
店铺地址：云南省昆明市五华区某某路 88 号。营业时间：每日 9:00 至 21:00。</p>
<p><a href="/">返回首页</a></p></body></html>"""

ABOUT = """<!doctype html><html><head><meta charset="utf-8"><title>关于我们</title></head>
<body><h1>关于我们</h1><p>测试商城是一个用于测试的商城，提供茶叶与蜂蜜等农产品的在线销售服务，
所有商家均经过资质审核。联系我们：service@shop.test。</p></body></html>"""


# A listing whose price is drawn by script from the page's own data (as on JD and Tmall).
SCRIPTED_LISTING = """<!doctype html><html><head><meta charset="utf-8"><title>明前龙井 250g</title>
</head><body><header><a href="/">首页</a></header>
<h1>明前龙井 250g 特级 新茶</h1><div>价格 <b>¥</b><b id="p"></b></div>
<button>立即购买</button> <button>加入购物车</button>
<h3>商品详情</h3><p>产地：浙江杭州西湖。明前采摘，一芽一叶，手工炒制，汤色嫩绿明亮，滋味鲜爽。</p>
<h3>规格参数</h3><table><tr><th>净含量</th><td>250g</td></tr><tr><th>保质期</th><td>18个月</td></tr></table>
<script>var item = {"price": "128.00"};
document.getElementById('p').textContent = item.price;</script></body></html>"""


def room_data(room: str, n: int) -> dict:
    """The JSON of room `room` at its n-th API request (counters advance with n)."""
    viewers = 500_000 - 20_000 * n if room == "falls" else 129_000 + 1_000 * n
    return {
        "title": "春茶上新专场" if room == "1" else "土蜂蜜直播",
        "host": HOSTS.get(room, "测试主播"),
        "verified": "已实名认证" if room == "1" else "未实名认证",
        "online": f"{(12_000 + 300 * n) / 10_000:.1f}万",
        "viewers": f"{viewers / 10_000:.1f}万",
        "likes": f"{8_532 + 100 * n:,}",
        "green": room == "1",
        "notice": "本直播间正在申报绿色直播间" if room == "2" else "",
        "shop": {"name": "云岭茶叶旗舰店", "url": "/shop/1"} if room == "1" else None,
        "products": [
            {"title": "明前龙井 250g", "price": "168", "url": "/item/1"},
            {"title": "普洱熟茶饼 357g", "price": "89.9", "url": "/item/2"},
        ],
        "onlineCount": 12_000 + 300 * n,
    }


class RoomSite:
    """Serve the rooms on 127.0.0.1 in a thread: `site = RoomSite().start(); site.url`."""

    def __init__(self, hang_s: float = 60.0) -> None:
        self.log: list[str] = []
        self.hits: dict[str, int] = {}
        self.hang_s = hang_s
        self.signatures: dict[str, bool] = {}  # one-time signature -> used (/live/deny)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.server: ThreadingHTTPServer | None = None

    def start(self) -> RoomSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                site._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def stop(self) -> None:
        self._stop.set()
        if self.server:
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _count(self, key: str) -> int:
        with self._lock:
            self.hits[key] = self.hits.get(key, 0) + 1
            return self.hits[key]

    def _sign(self) -> str:
        with self._lock:
            sig = f"s{len(self.signatures) + 1}x{time.time_ns()}"
            self.signatures[sig] = False
            return sig

    def _signed(self, path: str) -> bool:
        """Whether the request carries a signature issued and not used yet (then used)."""
        sig = path.partition("?sig=")[2]
        with self._lock:
            if self.signatures.get(sig) is False:
                self.signatures[sig] = True
                return True
            return False

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path.split("?", 1)[0]
        with self._lock:
            self.log.append(path)
        parts = path.strip("/").split("/")
        if path == "/":
            return _send(h, 200, INDEX)
        if parts[0] == "shop" and len(parts) == 2:
            script = "<script>window.dataLayer = [];</script>" if parts[1] == "1" else ""
            name = "云岭茶叶旗舰店" if parts[1] == "1" else "蜂蜜小店"
            return _send(h, 200, SHOP.format(name=name, script=script))
        if path == "/about":
            return _send(h, 200, ABOUT)
        if path == "/goods/1":
            return _send(h, 200, SCRIPTED_LISTING)
        if parts[0] == "live" and len(parts) == 2:
            room = parts[1]
            before = "undefinedDrawHelper();" if room == "throws" else ""
            query = f"?sig={self._sign()}" if room == "deny" else ""
            return _send(h, 200, SHELL.format(id=room, before=before, query=query))
        if parts[:2] == ["api", "room"] and len(parts) == 3:
            room = parts[2]
            if room == "e500":
                return _send(h, 500, '{"error": "internal"}', "application/json")
            if room == "deny" and not self._signed(h.path):
                return _send(h, 403, '{"error": "signature used"}', "application/json")
            if room == "hangs":
                self._stop.wait(self.hang_s)
                return _send(h, 504, "{}", "application/json")
            n = self._count(f"api/{room}")
            data = room_data(room, n)
            if room == "shape" and n > 1:
                data["extra"] = {"promo": True}  # the answer changes shape
            body = json.dumps(data, ensure_ascii=False)
            return _send(h, 200, body, "application/json; charset=utf-8", no_store=True)
        if path == "/img/green.png":
            return _send(h, 200, png(), "image/png")
        if parts[0] == "media":
            return _send(h, 200, b"\x00" * 4096, "video/mp4")
        return _send(h, 404, "<html><body>页面不存在</body></html>")


def _send(h, status, body, ctype="text/html; charset=utf-8", no_store=False) -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    try:
        h.send_response(status)
        h.send_header("Content-Type", ctype)
        h.send_header("Content-Length", str(len(data)))
        if no_store:
            h.send_header("Cache-Control", "no-store")
        h.end_headers()
        h.wfile.write(data)
    except (BrokenPipeError, ConnectionResetError):
        pass


if __name__ == "__main__":  # python tests/rooms/roomsite.py: serve until Ctrl-C
    with RoomSite() as s:
        print(s.url, flush=True)
        while True:
            time.sleep(3600)
