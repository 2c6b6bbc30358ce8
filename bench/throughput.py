"""Throughput of the full greenroom pipeline against a bare link-following Scrapy spider.

Both crawl the same pages on loopback in the same run, interleaved, `--repeat` times (the
machine is shared: compare the ratios, each measured in one round). A site is one of:

- `demo`: the demo marketplace's small pages (the default);
- `realpages`: the real platform pages of corpus/realpages (60–400 KB, GBK), replayed at
  their own URLs by corpus.replay, as bench/realpages.py crawls them;
- `generated`: bench/sitegen.RealSizeSite, ~600 pages of 20–100 KB with a navigation bar,
  a footer of links, other goods' cards and filler.

`--real-size` is `--site realpages --site generated`. greenroom's time is the crawl's and
the checks' (its analysis after the crawl); a bare spider's is its crawl. Two bare spiders
run each round: the one issue 21's goal names, which reads a page's links with Scrapy's
`LinkExtractor`, and a stricter one that reads only `<a href>` with a CSS selector (the
bench's baseline before). Prints pages/s of each, greenroom's ratio to each per round
(goal, against LinkExtractor: ≥ 0.7 on real-size pages, ≥ 1.0 on the demo, where greenroom
uses two cores against the spider's one) with the spread, and the peak RSS.
`--extract-workers N` sets the extraction worker processes (default: GREENROOM_EXTRACT_WORKERS,
1); `0` extracts in the reactor's process (the one-core design before).

OCR of licence images (about 1 s of CPU each) is off unless --ocr: it is a cost per
image, not per page. Reproduce: .venv/bin/python bench/throughput.py [--real-size] [--ocr]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import scrapy

BARES = {
    "linkextractor": "Scrapy's LinkExtractor (the baseline issue 21 names)",
    "selector": "a CSS selector's <a href>s (less work than LinkExtractor: a stricter baseline)",
}


class BareSpider(scrapy.Spider):
    """Nothing but link following, over the pages greenroom fetched: the baseline. `links`
    is how a page's links are read (BARES)."""

    name = "bare"

    def __init__(self, urls=None, urls_file=None, links="linkextractor", **kw):
        from scrapy.linkextractors import LinkExtractor

        super().__init__(**kw)
        self.start_urls = urls
        self.scope = set(Path(urls_file).read_text().split())
        self.extractor = LinkExtractor() if links == "linkextractor" else None

    async def start(self):
        # each page once: a start request is not filtered by default, so a page linked
        # from another would be fetched twice (64 of the 99 real pages were)
        for url in self.start_urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        if b"html" not in response.headers.get(b"Content-Type", b"html"):
            return
        if self.extractor is not None:
            urls = [link.url for link in self.extractor.extract_links(response)]
        else:
            urls = [response.urljoin(href) for href in response.css("a::attr(href)").getall()]
        for url in urls:
            if url in self.scope:
                yield scrapy.Request(url, callback=self.parse)


def _bare(urls: list[str], urls_file: str, links: str, out: str) -> None:
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(
        {
            "DOWNLOADER_MIDDLEWARES": {},
            "SPIDER_MIDDLEWARES": {},
            "ITEM_PIPELINES": {},
            "EXTENSIONS": {},
            "LOG_LEVEL": "ERROR",
            "AUTOTHROTTLE_ENABLED": False,
            "GREENROOM_RENDER_ENABLED": False,
            "DOWNLOAD_HANDLERS": {},
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls=urls, urls_file=urls_file, links=links)
    process.start()
    elapsed = crawler.stats.get_value("elapsed_time_seconds", 0)
    pages = crawler.stats.get_value("response_received_count", 0)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime  # the whole process, start-up included
    Path(out).write_text(json.dumps({"pages": pages, "seconds": elapsed, "cpu": cpu}))


def run_bare(urls: list[str], urls_file: str, links: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = f"{tmp}/bare.json"
        p = multiprocessing.get_context("spawn").Process(
            target=_bare, args=(urls, urls_file, links, out)
        )
        p.start()
        p.join()
        return json.loads(Path(out).read_text())


def run_greenroom(
    config: Path, db: str, ocr: bool, extract_workers: int | None, depth: int
) -> dict:
    """One `greenroom crawl` (crawl and checks); its pages and seconds (crawl + checks)."""
    from greenroom import analyse as analysemod
    from greenroom import config as configmod
    from greenroom.run import crawl

    timed = {"checks": 0.0, "checks_cpu": 0.0}
    analyse = analysemod.analyse

    def timed_analyse(*args, **kw):  # greenroom.run.crawl calls it after the crawl
        started, cpu = time.monotonic(), time.thread_time()
        try:
            return analyse(*args, **kw)
        finally:
            timed["checks"] += time.monotonic() - started
            timed["checks_cpu"] += time.thread_time() - cpu

    analysemod.analyse = timed_analyse
    try:
        result = crawl(
            configmod.load(config),
            db,
            extra_settings={
                "AUTOTHROTTLE_ENABLED": False,
                "GREENROOM_RENDER_ENABLED": False,
                "GREENROOM_PROGRESS_INTERVAL": 0,
                "GREENROOM_OCR_ENABLED": ocr,
                **(
                    {}
                    if extract_workers is None
                    else {"GREENROOM_EXTRACT_WORKERS": extract_workers}
                ),
                **({"DEPTH_LIMIT": depth} if depth else {}),
            },
        )
    finally:
        analysemod.analyse = analyse
    stats = result["stats"]
    crawl_s = stats.get("elapsed_time_seconds", 0)
    return {
        "pages": stats.get("response_received_count", 0),
        "seconds": crawl_s + timed["checks"],
        "crawl": crawl_s,
        "checks": timed["checks"],
        # CPU seconds of the crawl process (start-up included), its extraction workers, checks
        "cpu": stats.get("greenroom/cpu/crawl", 0.0),
        "cpu_workers": stats.get("greenroom/cpu/workers", 0.0),
        "cpu_checks": timed["checks_cpu"],
    }


def captured_urls(db: str, path: str) -> None:
    """The URLs greenroom fetched, for the bare spider to follow: the same page set."""
    rows = (
        sqlite3.connect(db)
        .execute("SELECT DISTINCT url FROM captures WHERE kind = 'response'")
        .fetchall()
    )
    Path(path).write_text("\n".join(u for (u,) in rows))


@contextmanager
def serving(site: str, directory: Path):
    """(config, start URLs, depth limit) of a site served on loopback for the length of the
    block. The real pages' links lead to pages not saved (404): only the pages are read."""
    if site == "demo":
        from greenroom_demo.site import DemoSite

        with DemoSite(rendering="a") as demo:
            yield demo.write_config(directory), [demo.url], 0
    elif site == "generated":
        from sitegen import RealSizeSite

        with RealSizeSite(shops=100) as gen:
            config = directory / "generated.toml"
            config.write_text(f'[crawl]\nstart_urls = ["{gen.url}"]\n', encoding="utf-8")
            yield config, [gen.url], 0
    else:
        from realpages import write_config

        from corpus.replay import CORPUS, Replay, pages

        urls = [p["url"] for p in pages(CORPUS)]
        with Replay(CORPUS) as proxy:
            saved = dict(os.environ)
            os.environ.clear()
            os.environ.update(proxy.environ())  # the crawl processes inherit the proxy
            try:
                yield write_config(directory, urls, max_depth=1), urls, -1  # no link followed
            finally:
                os.environ.clear()
                os.environ.update(saved)


def measure(site: str, repeat: int, ocr: bool, extract_workers: int | None) -> list[dict]:
    rounds = []
    with tempfile.TemporaryDirectory() as tmp, serving(site, Path(tmp)) as (config, urls, depth):
        for k in range(repeat):
            db = f"{tmp}/bench-{k}.db"
            full = run_greenroom(config, db, ocr, extract_workers, depth)
            captured_urls(db, f"{tmp}/urls.txt")
            bares = {links: run_bare(urls, f"{tmp}/urls.txt", links) for links in BARES}
            rounds.append({"full": full, **bares})
            print(f"  {site} round {k + 1}: {_line(full, bares)}", flush=True)
    return rounds


def _rate(run: dict) -> float:
    return run["pages"] / run["seconds"] if run["seconds"] else 0.0


def _line(full: dict, bares: dict) -> str:
    out = (
        f"greenroom {full['pages']} pages in {full['crawl']:.1f}s crawl + {full['checks']:.1f}s "
        f"checks = {_rate(full):.1f} pages/s"
    )
    for links, bare in bares.items():
        out += (
            f"\n    bare ({links}) {bare['pages']} pages in {bare['seconds']:.1f}s = "
            f"{_rate(bare):.1f} pages/s; ratio {_rate(full) / _rate(bare):.2f}"
        )
    return f"{out}\n    {_cpu(full, bares)}"


def _cpu(full: dict, bares: dict) -> str:
    """CPU ms per page (user + system, whole processes): what the load does not move."""

    def ms(seconds: float, run: dict) -> float:
        return 1000 * seconds / max(run["pages"], 1)

    total = full["cpu"] + full["cpu_workers"] + full["cpu_checks"]
    bare = ", ".join(f"{links} {ms(b['cpu'], b):.0f}" for links, b in bares.items())
    return (
        f"CPU ms/page: greenroom {ms(total, full):.0f} = crawl process {ms(full['cpu'], full):.0f}"
        f" + extraction workers {ms(full['cpu_workers'], full):.0f} + checks "
        f"{ms(full['cpu_checks'], full):.0f}; bare {bare}"
    )


def _spread(values: list[float]) -> str:
    """The median (of an even count, the mean of the middle two) and the spread."""
    values = sorted(values)
    return f"{statistics.median(values):.2f} (spread {values[0]:.2f}–{values[-1]:.2f})"


def report(site: str, rounds: list[dict], goal: float) -> None:
    """Medians over the rounds; the goal is against the LinkExtractor spider."""
    print(f"{site}:")
    print(f"  greenroom pipeline : {_spread([_rate(r['full']) for r in rounds])} pages/s")
    for links, what in BARES.items():
        print(f"  bare spider, {what}:")
        print(f"    {_spread([_rate(r[links]) for r in rounds])} pages/s")
        ratios = [_rate(r["full"]) / _rate(r[links]) for r in rounds]
        aim = f"; goal ≥ {goal}" if links == "linkextractor" else ""
        print(f"    ratio {_spread(ratios)}, median of {len(rounds)}{aim}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--site", action="append", choices=["demo", "realpages", "generated"])
    parser.add_argument("--real-size", action="store_true", help="realpages and generated")
    parser.add_argument("--repeat", type=int, default=3, help="rounds per site (default 3)")
    parser.add_argument(
        "--extract-workers", type=int, help="default: GREENROOM_EXTRACT_WORKERS; 0: in the reactor"
    )
    parser.add_argument("--ocr", action="store_true", help="also read licence images (OCR)")
    args = parser.parse_args()
    sites = args.site or (["realpages", "generated"] if args.real_size else ["demo"])
    results = {site: measure(site, args.repeat, args.ocr, args.extract_workers) for site in sites}
    print()
    for site, rounds in results.items():
        report(site, rounds, 1.0 if site == "demo" else 0.7)
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"peak RSS (largest child process): {rss_mb:.0f} MB")
    from crawler.settings import GREENROOM_EXTRACT_WORKERS

    workers = GREENROOM_EXTRACT_WORKERS if args.extract_workers is None else args.extract_workers
    print(f"extraction: {f'{workers} worker process(es)' if workers else 'in the reactor'}")
    print(f"licence images read by OCR: {'yes' if args.ocr else 'no (add --ocr)'}")
    print(f"reproduce: .venv/bin/python {' '.join(['bench/throughput.py', *sys.argv[1:]])}")


if __name__ == "__main__":
    main()
