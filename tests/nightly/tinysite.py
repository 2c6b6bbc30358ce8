"""A small loopback site for the nightly tests: pages from a dict, every request recorded.

Records the method, path, User-Agent and start/end time of each request and the most
requests it ever had in flight at once, so tests can check politeness from the server side.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Self

from toolkit import loopback


class TinySite:
    def __init__(
        self, pages: dict[str, str], robots: str = "", delay_s: float = 0.0, host="127.0.0.1"
    ):
        self.pages, self.robots, self.delay_s, self.host = pages, robots, delay_s, host
        self.requests: list[dict] = []
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}/"

    def paths(self) -> list[str]:
        return [r["path"] for r in self.requests]

    def start(self) -> Self:
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                with site._lock:
                    site.in_flight += 1
                    site.max_in_flight = max(site.max_in_flight, site.in_flight)
                    rec = {
                        "path": self.path,
                        "agent": self.headers.get("User-Agent", ""),
                        "start": time.monotonic(),
                    }
                    site.requests.append(rec)
                try:
                    if self.path == "/robots.txt":
                        status, body, ctype = 200, site.robots, "text/plain"
                    elif self.path in site.pages:
                        time.sleep(site.delay_s)
                        status, body, ctype = 200, site.pages[self.path], "text/html"
                    else:
                        status, body, ctype = 404, "<html><body>404</body></html>", "text/html"
                    data = body.encode("utf-8")
                    self.send_response(status)
                    self.send_header("Content-Type", f"{ctype}; charset=utf-8")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                finally:
                    with site._lock:
                        site.in_flight -= 1
                        rec["end"] = time.monotonic()

            def log_message(self, *args) -> None:
                pass

        self._server = loopback.serve(Handler, self.host)
        return self

    def stop(self) -> None:
        loopback.stop(self._server)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head><body><main><h1>{title}</h1>{body}</main></body></html>"
    )


def write_config(directory, site_url: str, **crawl) -> str:
    """A config.toml for `site_url` with extra [crawl] keys (and `mail`, `alerts` → tables)."""
    mail = crawl.pop("mail", None)
    alerts = crawl.pop("alerts", None)
    reference = crawl.pop("reference", None)
    lines = ["[crawl]", f'start_urls = ["{site_url}"]']
    lines += [f"{k} = {_toml(v)}" for k, v in crawl.items()]
    for name, table in (("reference", reference), ("mail", mail), ("alerts", alerts)):
        if table:
            lines += ["", f"[{name}]", *(f"{k} = {_toml(v)}" for k, v in table.items())]
    path = directory / "config.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _toml(v) -> str:
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, list):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    return str(v).lower() if isinstance(v, bool) else str(v)


def small_shop() -> dict[str, str]:
    """A home page, a shop without contacts and its listing with an absolute claim (国家级)."""
    return {
        "/": page("首页", "<a href=/shop/1>杯子小店</a>"),
        "/shop/1": page(
            "杯子小店", "<dl><dt>店铺名称</dt><dd>杯子小店</dd></dl><a href=/item/1>保温杯</a>"
        ),
        "/item/1": page(
            "保温杯 国家级品质",
            "<nav>首页 &gt; 家居 &gt; 杯具</nav><p>售价 ¥59</p><p>国家级品质，最佳之选</p>"
            "<a href=/shop/1>进入店铺</a>",
        ),
    }
