"""CPU a room's evidence costs in Chromium: Playwright's DOM and screenshot against DevTools'.

Opens pages of the loopback room site (tests/rooms/roomsite.py) four at a time in
Chromium, as a room sample does (a new page, drawn, its evidence taken, closed), and prints
the CPU ms per page by process group (bench/rooms.py's `scan`) for each way of taking the
evidence, in interleaved rounds: the machine's other work changes from minute to minute,
so compare rounds, not runs.

- `none`: the page is opened, drawn and closed; no evidence (the floor).
- `playwright`: what a sample took before crawler/devtools.py: `page.content()` once while
  settling, `page.screenshot(full_page=True)`, then scrapy-playwright's `page.content()`.
- `devtools`: what it takes now (crawler.devtools.DevTools): the DOM while settling, the
  full-page PNG, the DOM.

Example:
    .venv/bin/python bench/render_evidence.py --pages 60 --rounds 3
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for path in (ROOT, ROOT / "tests" / "rooms", ROOT / "bench"):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

WAYS = ("none", "playwright", "devtools")


async def _evidence(page, way: str) -> None:
    from crawler.devtools import DevTools

    if way == "playwright":
        await page.content()
        await page.screenshot(full_page=True, type="png")
        await page.content()
    elif way == "devtools":
        devtools = await DevTools.open(page)
        await devtools.dom()
        await devtools.screenshot()
        await devtools.dom()
        await devtools.close()


async def measure(url: str, way: str, pages: int) -> dict[str, float]:
    """CPU ms per page by process group, over `pages` pages opened four at a time."""
    from playwright.async_api import async_playwright
    from rooms import scan

    from crawler.browser import BROWSER_ARGS, BROWSER_PATH

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=BROWSER_PATH, args=BROWSER_ARGS)
        context = await browser.new_context()

        async def one(n: int) -> None:
            page = await context.new_page()
            await page.goto(f"{url}live/{n % 100 + 1}", wait_until="load")
            await page.wait_for_timeout(300)  # the room's API answers, its script draws
            await _evidence(page, way)
            await page.close()

        await asyncio.gather(*(one(n) for n in range(4)))  # the browser warmed up
        _, before = scan(os.getpid(), pss=False)
        for k in range(0, pages, 4):
            await asyncio.gather(*(one(n) for n in range(k, min(k + 4, pages))))
        _, after = scan(os.getpid(), pss=False)
        await browser.close()
    return {g: 1000 * (s - before.get(g, 0.0)) / pages for g, s in after.items()}


def main() -> None:
    from roomsite import RoomSite

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    totals: dict[str, list[float]] = {way: [] for way in WAYS}
    with RoomSite() as site:
        for r in range(1, args.rounds + 1):
            for way in WAYS:
                per = asyncio.run(measure(site.url, way, args.pages))
                totals[way].append(sum(per.values()))
                parts = ", ".join(
                    f"{g} {v:.0f}"
                    for g, v in sorted(per.items(), key=lambda kv: -kv[1])
                    if v >= 0.5
                )
                print(f"round {r} {way:10} CPU ms a page {sum(per.values()):4.0f} = {parts}")
    floor = statistics.median(totals["none"])
    for way in WAYS[1:]:
        median = statistics.median(totals[way])
        print(f"{way}: median {median:.0f} ms a page, evidence {median - floor:.0f} ms over none")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"reproduce: .venv/bin/python bench/render_evidence.py --pages {args.pages} "
          f"--rounds {args.rounds}")  # fmt: skip


if __name__ == "__main__":
    main()
