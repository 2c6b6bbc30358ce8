"""Where extraction spends its time on real-size pages: cProfile over crawler.extract.

Extracts every real corpus page (corpus/realpages) and the real-size generated site's pages
(bench/sitegen.RealSizeSite) in this process, then prints pages/s of extraction alone and the
top functions by own time and by cumulative time.

`--timed N` leaves cProfile out: it extracts the corpus's pages N times and prints the CPU
ms a page of each pass (min and median: the machine is shared), then the slowest pages of
the last pass, where a page-size pathology shows first.

`--instructions N` counts instead of timing: it runs itself twice under valgrind's cachegrind,
reading no page and then the corpus's first N pages as the crawl's workers read them
(extract, the links to follow, the facts as stored), and prints the difference a page. The
count is the same from run to run (PYTHONHASHSEED=0), where CPU time on a shared machine
swings by a fifth: an A/B of two checkouts needs one run of each. (`apt-get install
valgrind`; ~1 min for 40 pages.)

Reproduce: .venv/bin/python bench/extract_profile.py [--top 15] [--timed 5] [--instructions 40]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import os
import pstats
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from sitegen import RealSizeSite

from corpus.replay import pages as corpus_pages
from crawler.extract.pages import extract
from crawler.items import Page


def real_size_pages(generated: int = 150) -> list[Page]:
    """The corpus's pages and `generated` pages of the real-size generated site."""
    out = [Page(url=p["url"], body=gzip.decompress(p["path"].read_bytes())) for p in corpus_pages()]
    site = RealSizeSite(shops=100)
    paths = [f"/c/{c}" for c in range(generated // 5)]
    paths += [f"/shop/{s}" for s in range(generated // 5)]
    paths += [f"/shop/{s}/licence" for s in range(generated // 5)]
    paths += [f"/item/{i}" for i in range(generated - len(paths))]
    out += [Page(url=f"http://127.0.0.1:8800{p}", body=site.render(p)[1]) for p in paths]
    return out


def timed(passes: int, slowest: int = 8) -> None:
    """CPU ms a corpus page over `passes` passes, and the slowest pages of the last."""
    found = list(corpus_pages())
    pages = [Page(url=p["url"], body=gzip.decompress(p["path"].read_bytes())) for p in found]
    for page in pages:  # vocabularies, regexes and caches as a long crawl has them
        extract(page)
    rounds, each = [], []
    for _ in range(passes):
        each = []
        for meta, page in zip(found, pages, strict=True):
            started = time.process_time()
            extract(page)
            each.append((time.process_time() - started, meta["id"], len(page.body)))
        rounds.append(1000 * sum(t for t, _, _ in each) / len(pages))
    rounds.sort()
    print(
        f"{len(pages)} corpus pages, {passes} passes: CPU ms a page min {rounds[0]:.1f}, "
        f"median {rounds[len(rounds) // 2]:.1f} ({' '.join(f'{r:.0f}' for r in rounds)})"
    )
    print("slowest pages of the last pass:")
    for seconds, name, size in sorted(each, reverse=True)[:slowest]:
        print(f"  {1000 * seconds:7.1f} ms  {name:<14} {size / 1000:7.0f} KB")
    print(f"reproduce: .venv/bin/python bench/extract_profile.py --timed {passes}")


def read_pages(count: int) -> None:
    """What one worker does for the corpus's first `count` pages, after a warm-up page."""
    from crawler.extraction import read, warm

    warm()
    for meta in corpus_pages()[:count]:
        read(Page(url=meta["url"], body=gzip.decompress(meta["path"].read_bytes())))


def instructions(count: int) -> None:
    """Instructions a page of extraction, counted by cachegrind: (count pages) − (none)."""
    if shutil.which("valgrind") is None:
        sys.exit("extract_profile: --instructions needs valgrind (apt-get install valgrind)")

    def counted(pages: int) -> int:
        done = subprocess.run(
            ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null"]
            + [sys.executable, __file__, "--read", str(pages)],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            check=True,
        )
        return int(re.search(r"I\s+refs:\s+([\d,]+)", done.stderr).group(1).replace(",", ""))

    per_page = (counted(count) - counted(0)) / count
    print(f"{count} corpus pages: {per_page / 1e6:.1f} M instructions a page (read by a worker)")
    print(f"reproduce: .venv/bin/python bench/extract_profile.py --instructions {count}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--timed", type=int, metavar="N", help="N passes without cProfile")
    parser.add_argument("--instructions", type=int, metavar="N", help="count, over N pages")
    parser.add_argument("--read", type=int, help=argparse.SUPPRESS)  # (under valgrind)
    args = parser.parse_args()
    if args.read is not None:
        read_pages(args.read)
        return
    if args.instructions:
        instructions(args.instructions)
        return
    if args.timed:
        timed(args.timed)
        return
    pages = real_size_pages()
    for page in pages[:3]:  # vocabularies and regexes compiled before the clock starts
        extract(page)
    mb = sum(len(p.body) for p in pages) / 1e6
    profile = cProfile.Profile()
    started = time.process_time()
    profile.enable()
    for page in pages:
        extract(page)
    profile.disable()
    cpu = time.process_time() - started
    print(f"{len(pages)} pages ({mb:.1f} MB) extracted in {cpu:.1f} s CPU under cProfile")
    stats = pstats.Stats(profile)
    for order in ("tottime", "cumulative"):
        print(f"\n== top {args.top} by {order} ==")
        stats.sort_stats(order).print_stats(args.top)
    print("reproduce: .venv/bin/python bench/extract_profile.py")


if __name__ == "__main__":
    main()
