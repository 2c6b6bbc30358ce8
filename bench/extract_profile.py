"""Where extraction spends its time on real-size pages: cProfile over crawler.extract.

Extracts every real corpus page (corpus/realpages) and the real-size generated site's pages
(bench/sitegen.RealSizeSite) in this process, then prints pages/s of extraction alone and the
top functions by own time and by cumulative time.

Reproduce: .venv/bin/python bench/extract_profile.py [--top 15]
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import pstats
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
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
