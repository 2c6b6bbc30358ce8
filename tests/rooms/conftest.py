"""Fixtures of the room tests: the loopback room site and real crawls of it (Chromium)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from crawl import throttle_settings
from roomsite import RoomSite

from crawler.browser import BROWSER_PATH, INSTALL_HINT
from storage.db import connect
from storage.warc import read_capture

HERE = Path(__file__).parent
BROWSER = BROWSER_PATH  # what the crawler renders with: chromium-headless-shell


@dataclass
class RoomCrawl:
    """A finished crawl: its items, stats and database (captures, crawl errors)."""

    site: RoomSite
    db_path: Path
    items: list[dict]
    stats: dict

    def rows(self, sql: str, *params) -> list[dict]:
        return list(connect(self.db_path).query(sql, params))

    def body(self, row: dict) -> bytes:
        return read_capture(self.db_path, row)[1]

    def samples(self, path: str) -> list[dict]:
        found = [i for i in self.items if i["kind"] == "sample" and i["url"].endswith(path)]
        return sorted(found, key=lambda i: i["sample"])


def crawl(site: RoomSite, tmp: Path, **overrides) -> RoomCrawl:
    """Run tests/rooms/crawl.py in a subprocess (a reactor runs once per process)."""
    db, out = tmp / "rooms.db", tmp / "result.json"
    cmd = [sys.executable, str(HERE / "crawl.py"), site.url, "--db", str(db), "--out", str(out)]
    for key, value in overrides.items():
        cmd += ["--set", f"{key}={json.dumps(value)}"]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(out.read_text(encoding="utf-8"))
    return RoomCrawl(site, db, result["items"], result["stats"])


@pytest.fixture(scope="session")
def room_site():
    # make test installs Debian's chromium: a missing browser is a failure, not a skip
    assert Path(BROWSER).exists(), f"no browser at {BROWSER}: {INSTALL_HINT}"
    with RoomSite(hang_s=60) as site:
        yield site


@pytest.fixture
def run_crawl(room_site, tmp_path):
    """Crawl the room site with some settings changed: run_crawl(GREENROOM_X=value)."""
    return lambda **overrides: crawl(room_site, tmp_path, **overrides)


@pytest.fixture(scope="session")
def rendered(room_site, tmp_path_factory) -> RoomCrawl:
    """One crawl of the room site: 2 samples per room, /about forced into the browser,
    AutoThrottle on as greenroom's settings have it."""
    return crawl(
        room_site,
        tmp_path_factory.mktemp("rendered"),
        **throttle_settings(),
        GREENROOM_RENDER_FORCE=[r"/about$"],
        GREENROOM_ROOM_SAMPLES=2,
        GREENROOM_ROOM_SAMPLE_INTERVAL=1.0,
        GREENROOM_RENDER_TIMEOUT=6.0,
    )
