"""greenroom on real platform pages: role, price and per-check accuracy, and speed.

Serves the corpus of real pages (corpus/realpages: as the platforms served them) through a
loopback replay proxy (corpus.replay), crawls every page at its own URL with `greenroom
crawl` (a subprocess, through the proxy: nothing leaves the machine), then prints
`greenroom eval` for the dev and test splits: role accuracy, price accuracy and precision /
recall per check against the hand-written labels (corpus/realpages/labels.jsonl).

Reproduce: .venv/bin/python bench/realpages.py [--split dev|test] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.replay import CORPUS, Replay, pages
from greenroom.config import site_domains

GREENROOM = [sys.executable, "-m", "greenroom.cli"]


def write_config(directory: Path, urls: list[str], max_depth: int) -> Path:
    """start_urls: the corpus's pages; allowed_domains: their platforms' registrable domains."""
    quoted = ", ".join(f'"{u}"' for u in urls)
    domains = ", ".join(f'"{d}"' for d in site_domains(urls))
    path = directory / "realpages.toml"
    path.write_text(
        f"[crawl]\nstart_urls = [{quoted}]\nallowed_domains = [{domains}]\n"
        f"max_depth = {max_depth}\nroom_samples = 1\n",
        encoding="utf-8",
    )
    return path


def crawl(directory: Path, split: str | None, max_depth: int) -> tuple[Path, float, int]:
    """Crawl the corpus (one split, or all) through the replay proxy; (db, seconds, pages)."""
    chosen = pages(CORPUS, split)
    config = write_config(directory, [p["url"] for p in chosen], max_depth)
    db = directory / "realpages.db"
    with Replay(CORPUS) as proxy:
        started = time.monotonic()
        done = subprocess.run(
            [*GREENROOM, "crawl", "--config", str(config), "--db", str(db)],
            env={**proxy.environ(), "GREENROOM_PROGRESS_INTERVAL": "0"},
            cwd=ROOT,
            check=False,
            capture_output=True,
            text=True,
        )
        seconds = time.monotonic() - started
        print(done.stdout.strip())
        if done.returncode not in (0, 1):  # 1: unhealthy (the 404s of pages not saved)
            sys.exit(f"crawl failed: {done.stderr.strip()[-500:]}")
        asked = len(proxy.requests)
    return db, seconds, asked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=["dev", "test"], help="crawl one split only")
    parser.add_argument("--keep", help="keep the database in this folder")
    parser.add_argument("--max-depth", type=int, default=1, help="links followed (default 1)")
    args = parser.parse_args()
    directory = Path(args.keep or tempfile.mkdtemp(prefix="greenroom-realpages-"))
    directory.mkdir(parents=True, exist_ok=True)
    db, seconds, asked = crawl(directory, args.split, args.max_depth)
    n = len(pages(CORPUS, args.split))
    print(f"\n{n} corpus pages, {asked} requests to the replay proxy in {seconds:.1f} s")
    labels = CORPUS / "labels.jsonl"
    for split in [args.split] if args.split else ["dev", "test"]:
        print(f"\n== {split} split (greenroom eval --labels {labels} --split {split}) ==")
        subprocess.run(
            [*GREENROOM, "eval", "--labels", str(labels), "--db", str(db), "--split", split],
            cwd=ROOT,
            check=False,
        )
    print(
        f"\nreproduce: .venv/bin/python bench/realpages.py{' --split ' + args.split if args.split else ''}"
    )
    print(f"database: {db}")


if __name__ == "__main__":
    main()
