"""Soak bench: one nightly crawl of a generated 50,000-page marketplace; does memory stay flat?

Serves bench/sitegen.py on loopback, runs `greenroom.run.crawl` (the real nightly path: lock,
runs row, crawl child, checks) and samples the crawl process's RSS and the captured page
count twice a second. Prints pages/s, the peak RSS up to 5,000 pages and up to 50,000
pages (goal: within 20%), and the time the checks took.

Reproduce: .venv/bin/python bench/soak.py [--shops 10000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import multiprocessing
import sqlite3
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.sitegen import GeneratedSite

MARKS = (5_000, 50_000)


def rss_kb(pid: int) -> int:
    """Resident set size of a process in kB (Linux /proc), 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class Sampler(threading.Thread):
    """Samples (seconds, pages captured, RSS kB of the crawl child) until stopped."""

    def __init__(self, db_path: Path, interval: float = 0.5):
        super().__init__(daemon=True)
        self.db_path, self.interval = db_path, interval
        self.samples: list[tuple[float, int, int]] = []
        self.done = threading.Event()

    def run(self) -> None:
        start = time.monotonic()
        while not self.done.wait(self.interval):
            children = multiprocessing.active_children()
            if not children or not self.db_path.exists():
                continue
            try:
                con = sqlite3.connect(f"file:{self.db_path}?mode=ro", uri=True, timeout=1)
                pages = con.execute("SELECT COUNT(*) FROM captures").fetchone()[0]
                con.close()
            except sqlite3.Error:
                continue
            rss = sum(rss_kb(c.pid) for c in children)
            self.samples.append((time.monotonic() - start, pages, rss))

    def peak(self, upto: int) -> tuple[int, int]:
        """(peak RSS kB, pages at that sample) over the samples with at most `upto` pages."""
        within = [(rss, pages) for _, pages, rss in self.samples if pages <= upto and rss]
        return max(within, default=(0, 0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shops", type=int, default=10_000, help="shops (5 pages each)")
    parser.add_argument("--keep", help="keep the database in this directory")
    args = parser.parse_args(argv)

    from greenroom import config as configmod
    from greenroom.run import crawl

    work = Path(args.keep or tempfile.mkdtemp(prefix="greenroom-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "soak.db"
    for stale in work.glob("soak.db*"):
        if stale.is_file():
            stale.unlink()
    with GeneratedSite(shops=args.shops) as site:
        config = work / "soak.toml"
        config.write_text(
            f'[crawl]\nstart_urls = ["{site.url}"]\nmax_pages = {site.pages + 100}\n'
            'user_agent = "greenroom-soak/0.1"\ncontact = "soak@example.org"\n',
            encoding="utf-8",
        )
        print(f"[soak] {site.pages} pages at {site.url}; database {db_path}", file=sys.stderr)
        sampler = Sampler(db_path)
        sampler.start()
        started = time.monotonic()
        result = crawl(configmod.load(config), db_path, log_level="ERROR")
        total = time.monotonic() - started
        sampler.done.set()
        sampler.join()
    stats = result["stats"]
    pages = stats.get("greenroom/capture/count", 0)
    crawl_s = stats.get("elapsed_time_seconds") or total
    print(f"site pages            {site.pages}")
    print(f"pages captured        {pages}")
    print(f"crawl                 {crawl_s:.0f} s, {pages / crawl_s:.0f} pages/s")
    print(f"whole run             {total:.0f} s (checks and findings included)")
    peaks = {mark: sampler.peak(mark) for mark in MARKS}
    for mark, (rss, at) in peaks.items():
        print(f"peak RSS to {mark:>6} pages {rss / 1024:6.0f} MiB (sample at {at} pages)")
    low, high = peaks[MARKS[0]][0], peaks[MARKS[1]][0]
    if low and high:
        growth = high / low - 1
        verdict = "ok" if growth <= 0.2 else "ABOVE GOAL"
        print(f"RSS growth 5k → 50k   {growth:+.0%} (goal ≤ +20%: {verdict})")
    print(f"run status            {result['status']}, health {result.get('health') or 'ok'}")
    print("reproduce             .venv/bin/python bench/soak.py " + " ".join(argv or sys.argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
