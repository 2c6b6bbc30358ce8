"""The demo marketplace served over HTTP on loopback, with its labels and a ready config.

Example:
    with DemoSite(rendering="b", faults=True) as site:
        config = site.write_config(tmp_dir)   # config.toml, brands.csv, green_registry.csv
        labels = site.labels()                # ground truth for the current night

`python -m greenroom_demo.site --rendering a --port 8000` serves until Ctrl-C.
"""

from __future__ import annotations

import argparse
import csv
import json
import threading
from collections import Counter
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Self

from greenroom_demo import catalog, labels
from greenroom_demo.data_brands import BRANDS
from greenroom_demo.render_a import RenderA
from greenroom_demo.render_b import RenderB
from greenroom_demo.render_c import RenderC
from greenroom_demo.render_d import RenderD
from greenroom_demo.render_e import RenderE
from greenroom_demo.render_f import RenderF
from greenroom_demo.render_g import RenderG
from greenroom_demo.render_h import RenderH
from greenroom_demo.render_i import RenderI
from greenroom_demo.render_k import RenderK
from greenroom_demo.render_l import RenderL
from greenroom_demo.render_m import RenderM
from greenroom_demo.render_n import RenderN
from greenroom_demo.render_o import RenderO
from greenroom_demo.render_p import RenderP
from greenroom_demo.render_q import RenderQ
from greenroom_demo.render_r import RenderR
from toolkit import loopback

RENDERERS = {
    "a": RenderA,
    "b": RenderB,
    "c": RenderC,
    "d": RenderD,
    "e": RenderE,
    "f": RenderF,
    "g": RenderG,
    "h": RenderH,
    "i": RenderI,
    "k": RenderK,
    "l": RenderL,
    "m": RenderM,
    "n": RenderN,
    "o": RenderO,
    "p": RenderP,
    "q": RenderQ,
    "r": RenderR,
}
LOOPBACK = ("127.0.0.1", "localhost", "::1")
HANG_SECONDS = 3600
REGISTRY_DAYS = {"valid": 180, "expired": -30, "today": 0}


class _Handler(BaseHTTPRequestHandler):
    server_version = "DemoMarket/1.0"

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, head: bool) -> None:
        site: DemoSite = self.site  # type: ignore[attr-defined]  (DemoSite.start sets it)
        site._record(self.command, self.path)
        resp = site.renderer.handle(self.path)
        if resp.hang:
            site._stopping.wait(HANG_SECONDS)
            return
        self.send_response(resp.status)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if not head:
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args) -> None:
        pass


class DemoSite:
    """A fixture marketplace with labelled shops, listings and livestream rooms."""

    def __init__(
        self,
        rendering: str = "a",
        night: int = 1,
        faults: bool = False,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        if rendering not in RENDERERS:
            raise ValueError(f"rendering must be one of {sorted(RENDERERS)}, not {rendering!r}")
        if host not in LOOPBACK:
            raise ValueError(f"the demo site serves on loopback only, not {host!r}")
        self.rendering, self.night, self.faults = rendering, night, faults
        self.host, self.port = host, port
        self.requests: list[tuple[str, str]] = []
        self.renderer = RENDERERS[rendering](self)
        self._lock = threading.Lock()
        self._hits: Counter = Counter()
        self._stopping = threading.Event()
        self._server: loopback.LoopbackServer | None = None

    # --- serving -----------------------------------------------------------------------------

    def start(self) -> DemoSite:
        self._stopping.clear()
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = loopback.serve(handler, self.host, self.port, poll_interval=0.1)
        self.port = self._server.server_address[1]
        return self

    def stop(self) -> None:
        self._stopping.set()
        loopback.stop(self._server)
        self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def _record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def hit(self, key) -> int:
        """Count one more request for `key`; returns the new count (thread-safe)."""
        with self._lock:
            self._hits[key] += 1
            return self._hits[key]

    # --- hazards the tests look at -----------------------------------------------------------

    @property
    def flaky_url(self) -> str:
        """A page that answers 500 on its first request of each night, then 200."""
        return self.renderer.abs(self.renderer.listing_url(catalog.FLAKY_LISTING))

    @property
    def disallowed_prefix(self) -> str:
        """The robots.txt-disallowed path prefix that pages link to."""
        return self.renderer.ADMIN_PREFIX

    def shop_url(self, sid: int) -> str:
        return self.renderer.abs(self.renderer.shop_url(sid))

    def listing_url(self, lid: int) -> str:
        return self.renderer.abs(self.renderer.listing_url(lid))

    def room_url(self, rid: int) -> str:
        return self.renderer.abs(self.renderer.room_url(rid))

    def api_url(self, rid: int) -> str:
        return self.renderer.abs(self.renderer.api_path(rid))

    # --- labels and config -------------------------------------------------------------------

    def labels(self) -> list[dict]:
        return labels.build(self.renderer, self.night, self.faults)

    def write_labels(self, path) -> Path:
        path = Path(path)
        path.write_text(json.dumps(self.labels(), ensure_ascii=False, indent=1), "utf-8")
        return path

    def registry_rows(self, today: date | None = None) -> list[dict]:
        today = today or date.today()
        rows = []
        for room in catalog.rooms(self.faults):
            if room.registry:
                seller = catalog.SHOP_BY_ID.get(room.seller_sid or 0)
                until = today + timedelta(days=REGISTRY_DAYS[room.registry])
                rows.append(
                    {
                        "room_url": self.room_url(room.rid),
                        "operator": seller.operator if seller else room.host,
                        "valid_until": until.isoformat(),
                    }
                )
        return rows

    def write_config(self, directory) -> Path:
        """Write config.toml, brands.csv and green_registry.csv into `directory`."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        with open(directory / "brands.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["brand", "aliases", "reference_price"])
            writer.writerows(BRANDS)
        with open(directory / "green_registry.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, ["room_url", "operator", "valid_until"])
            writer.writeheader()
            writer.writerows(self.registry_rows())
        config = directory / "config.toml"
        config.write_text(
            f"# greenroom demo marketplace (rendering {self.rendering}, night {self.night})\n"
            "[crawl]\n"
            f'start_urls = ["{self.url}"]\n'
            f'allowed_domains = ["{self.host}"]\n'
            "max_pages = 1500\n"
            "room_samples = 2\n"
            "room_sample_interval_s = 1\n\n"
            "[reference]\n"
            'brands = "brands.csv"\n'
            'green_registry = "green_registry.csv"\n',
            "utf-8",
        )
        return config


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve the greenroom demo marketplace.")
    parser.add_argument("--rendering", choices=sorted(RENDERERS), default="a")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--host", default="127.0.0.1", choices=LOOPBACK)
    parser.add_argument("--night", type=int, default=1)
    parser.add_argument("--faults", action="store_true", help="add three broken rooms")
    args = parser.parse_args(argv)
    site = DemoSite(args.rendering, args.night, args.faults, args.host, args.port).start()
    serve_until_interrupted(
        site, f"demo marketplace (rendering {args.rendering}, night {args.night}) at {site.url}"
    )


def serve_until_interrupted(site, banner: str) -> None:
    """Print `banner`, serve until Ctrl-C, then stop the site (a fixture site's `main`)."""
    print(banner)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        site.stop()


if __name__ == "__main__":
    main()
