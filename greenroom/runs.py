"""Runs: the `runs` row of a crawl, and progress lines on stderr while it goes.

Settings: GREENROOM_PROGRESS_INTERVAL (seconds; 0 turns progress off).
"""

from __future__ import annotations

import hashlib
import json
import sys
import time
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from storage.warc import utcnow


class Progress:
    """Every few seconds `pages N · errors N · shops N listings N rooms N` on stderr; on a
    terminal, a live display instead (`greenroom.progress`): pages and rate, rooms rendered,
    errors, and an ETA when `max_pages` bounds the crawl."""

    LIVE_INTERVAL = 0.25  # seconds between live updates (the display redraws 4 times a second)

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.loop = None
        self.live = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        interval = crawler.settings.getfloat("GREENROOM_PROGRESS_INTERVAL")
        if not interval:
            raise NotConfigured("GREENROOM_PROGRESS_INTERVAL is 0")
        return cls(crawler, interval)

    def opened(self, spider=None):
        from greenroom import progress

        self.started = time.monotonic()
        if progress.on_terminal():
            total = self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT") or None
            self.live = progress.display("抓取", total=total, unit="页").__enter__()
        self.loop = task.LoopingCall(self.report)
        self.loop.start(self.LIVE_INTERVAL if self.live else self.interval, now=False)

    def report(self):
        stats = self.crawler.stats.get_stats()
        if self.live:
            self.live.update(stats.get("greenroom/capture/count", 0), **live_figures(stats))
            return
        print(progress_line(stats, time.monotonic() - self.started), file=sys.stderr, flush=True)

    def closed(self, spider=None, reason=None):
        if self.loop and self.loop.running:
            self.loop.stop()
        if self.live:
            self.report()
            self.live.__exit__(None, None, None)
            self.live = None


def live_figures(stats: dict) -> dict:
    """What the live crawl display shows beside the pages: rooms rendered, errors, roles."""
    return {
        "直播间渲染": stats.get("greenroom/render/rendered", 0),
        "错误": sum(v for k, v in stats.items() if k.startswith("greenroom/errors/")),
        "店铺": stats.get("greenroom/pages/shop", 0),
        "商品": stats.get("greenroom/pages/listing", 0),
        "直播间": stats.get("greenroom/pages/room", 0),
    }


def progress_line(stats: dict, elapsed: float) -> str:
    pages = stats.get("greenroom/capture/count", 0)
    errors = sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))
    roles = {r: stats.get(f"greenroom/pages/{r}", 0) for r in ("shop", "listing", "room")}
    rate = pages / elapsed if elapsed else 0
    return (
        f"[greenroom] {elapsed:5.0f}s · pages {pages} ({rate:.0f}/s) · errors {errors} · "
        f"shops {roles['shop']} · listings {roles['listing']} · rooms {roles['room']}"
    )


def config_hash(path: str | None) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16] if path else ""


def start_run(db, config_path: str | None, start_urls: list[str]) -> int:
    """Insert the `runs` row of a new crawl; return its id."""
    row = {
        "started": utcnow(),
        "config_hash": config_hash(config_path),
        "config_path": str(Path(config_path).resolve()) if config_path else None,
        "start_urls": json.dumps(start_urls),
        "status": "running",
    }
    return db["runs"].insert(row).last_pk


def unfinished_run(db, config_path: str | None, start_urls: list[str]) -> int | None:
    """The id of the last run if it was killed or interrupted with the same config."""
    row = db.execute(
        "SELECT id, status, config_hash, start_urls FROM runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if (
        row
        and row[1] in ("running", "interrupted")
        and row[2] == config_hash(config_path)
        and row[3] == json.dumps(start_urls)
    ):
        return row[0]
    return None


EVENTS = """CREATE TABLE IF NOT EXISTS run_findings (
  run_id INTEGER NOT NULL, finding_id INTEGER NOT NULL, event TEXT NOT NULL,
  PRIMARY KEY (run_id, finding_id))"""
KINDS = ("new", "persisting", "reopened", "resolved")


def finding_states(db) -> dict[int, str]:
    """Every finding's status before a run's checks: {finding id: open|resolved}."""
    return dict(db.execute("SELECT id, status FROM findings").fetchall())


def record_events(db, run_id: int, before: dict[int, str]) -> dict[str, dict[str, int]]:
    """What this run did to each finding (`run_findings`: new, persisting, reopened,
    resolved), kept so a past run's summary stays exact after later nights change the
    findings; returns the counts per check."""
    db.execute(EVENTS)
    rows = db.execute(
        "SELECT id, check_id, status, first_run FROM findings WHERE last_run = ? OR first_run = ?",
        [run_id, run_id],
    ).fetchall()
    events, by_check = [], {}
    for fid, check_id, status, first_run in rows:
        if first_run == run_id:
            event = "new"
        elif status == "resolved":
            event = "resolved"
        else:
            event = "reopened" if before.get(fid) == "resolved" else "persisting"
        events.append((run_id, fid, event))
        counts = by_check.setdefault(check_id, dict.fromkeys(KINDS, 0))
        counts[event] += 1
    with db.conn:
        db.conn.execute("DELETE FROM run_findings WHERE run_id = ?", [run_id])
        db.conn.executemany("INSERT INTO run_findings VALUES (?, ?, ?)", events)
    return by_check


def finish_run(
    db,
    run_id: int,
    stats: dict,
    status: str,
    findings: dict | None = None,
    health: list[str] | None = None,
    by_check: dict | None = None,
) -> None:
    """Record the end of a run: counts from the crawl stats and the findings lifecycle."""
    findings = findings or {}
    if "by_check" not in db["runs"].columns_dict:
        db["runs"].add_column("by_check", str)
    errors = sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))
    db["runs"].update(
        run_id,
        {
            "finished": utcnow(),
            "status": status,
            "pages": stats.get("greenroom/capture/count", 0),
            "errors": errors,
            "bytes": stats.get("greenroom/capture/bytes", 0),
            "rooms_rendered": stats.get("greenroom/render/rendered", 0),
            "findings_new": findings.get("new", 0),
            "findings_persisting": findings.get("persisting", 0),
            "findings_resolved": findings.get("resolved", 0),
            "health": json.dumps(health or [], ensure_ascii=False),
            "by_check": json.dumps(by_check or {}),
            "stats": json.dumps(
                {k: v for k, v in stats.items() if isinstance(v, int | float | str)}, default=str
            ),
        },
    )


def stamp_run(db, run_id: int, tsa_url: str) -> str:
    """Have a time-stamping authority sign the head of the capture hash chain at run end
    (RFC 3161 over sha256 of the head's 64 hex characters); the DER reply goes to
    `runs.timestamp_token`. Returns the attested time; raises TimestampError."""
    from storage.evidence import timestamp

    for column, kind in (
        ("timestamp_token", bytes),
        ("timestamp_head", str),
        ("timestamp_capture", int),
        ("timestamp_tsa", str),
        ("timestamp_at", str),
    ):
        if column not in db["runs"].columns_dict:
            db["runs"].add_column(column, kind)
    row = db.execute("SELECT id, chain_hash FROM captures ORDER BY id DESC LIMIT 1").fetchone()
    if row is None:
        raise timestamp.TimestampError("no captures: no chain head to time-stamp")
    token = timestamp.request_token(tsa_url, row[1].encode())
    at = timestamp.token_time(token).isoformat().replace("+00:00", "Z")
    db["runs"].update(
        run_id,
        {
            "timestamp_token": token,
            "timestamp_head": row[1],
            "timestamp_capture": row[0],
            "timestamp_tsa": tsa_url,
            "timestamp_at": at,
        },
    )
    return at
