"""One browser page serves many samples (crawler.browser_pages): each keeps its own room."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def one_page(room_site, tmp_path_factory):
    """Every render through one browser page at a time, each page serving up to 3 samples."""
    from conftest import crawl

    return crawl(
        room_site,
        tmp_path_factory.mktemp("one-page"),
        PLAYWRIGHT_MAX_PAGES_PER_CONTEXT=1,
        GREENROOM_RENDER_PAGE_USES=3,
        GREENROOM_RENDER_FORCE=[r"/about$"],
        GREENROOM_ROOM_SAMPLES=2,
        GREENROOM_ROOM_SAMPLE_INTERVAL=1.0,
        GREENROOM_RENDER_TIMEOUT=6.0,
    )


def test_a_page_serves_later_samples_up_to_its_uses(one_page):
    stats = one_page.stats
    renders = stats["greenroom/render/rendered"] + stats["greenroom/render/errors"]
    assert renders >= 8  # rooms 1 and 2, /about, and two samples of each failing room
    assert stats["playwright/page_count/max_concurrent"] == 1
    assert stats["greenroom/render/pages/reused"] >= 1
    assert (
        stats["greenroom/render/pages/opened"] + stats["greenroom/render/pages/reused"] == renders
    )
    # no page served more than 3 samples, and no failed sample's page served another
    assert stats["greenroom/render/pages/opened"] >= -(-renders // 3)
    assert stats["greenroom/render/pages/closed"] >= stats["greenroom/render/errors"]


def test_each_sample_on_a_shared_page_keeps_only_its_own_room(one_page):
    doms = {}
    for row in one_page.rows("SELECT * FROM captures WHERE kind = 'dom'"):
        doms.setdefault(row["url"].rsplit("/", 1)[1], []).append(one_page.body(row).decode())
    assert len(doms["1"]) == 1 and len(doms["2"]) == 1 and len(doms["about"]) == 1
    assert "李梅" in doms["1"][0] and "王小二" not in doms["1"][0]
    assert "王小二" in doms["2"][0] and "李梅" not in doms["2"][0]
    assert "关于我们" in doms["about"][0]
    assert not any("直播" in dom and "主播" in dom for dom in doms["about"])
    for dom in doms["1"] + doms["2"] + doms["about"]:
        assert dom.count("<html") == 1  # one document, not a blanked page's remains


def test_the_room_facts_are_the_same_through_a_shared_page(one_page, rendered):
    for room in ("/live/1", "/live/2"):
        first = one_page.samples(room)[0]["facts"]
        assert first["host"] == rendered.samples(room)[0]["facts"]["host"]
        assert [p["title"] for p in first["products"]] == ["明前龙井 250g", "普洱熟茶饼 357g"]
    errors = {e["url"].rsplit("/", 1)[1] for e in one_page.rows("SELECT url FROM crawl_errors")}
    assert errors == {"e500", "throws", "hangs"}  # failures stay failures, on any page


class _Page:
    """A stand-in with the three calls the pool makes of a Playwright page."""

    def __init__(self, blank_fails: bool = False) -> None:
        self.closed, self.blanked, self.blank_fails = False, 0, blank_fails

    def is_closed(self) -> bool:
        return self.closed

    async def goto(self, url: str, **_) -> None:
        assert url == "about:blank"
        if self.blank_fails:
            raise RuntimeError("Target crashed")
        self.blanked += 1

    async def close(self) -> None:
        self.closed = True


class _Request:
    def __init__(self) -> None:
        self.meta: dict = {}


def _run(coro):
    import asyncio

    return asyncio.run(coro)


def test_the_pool_never_hands_out_more_places_than_pages_and_each_place_returns_once():
    import asyncio

    from crawler.browser_pages import PAGE, BrowserPages

    async def scenario():
        pages = BrowserPages(size=2, uses=5)
        first, second, third = _Request(), _Request(), _Request()
        await pages.take(first)
        await pages.take(second)
        assert PAGE not in first.meta  # no idle page yet: scrapy-playwright opens one
        waiting = asyncio.ensure_future(pages.take(third))
        await asyncio.sleep(0.01)
        assert not waiting.done()  # two samples hold the two places
        page = _Page()
        first.meta[PAGE] = page  # as scrapy-playwright leaves it
        pages.give_back(first)
        pages.give_back(first)  # a second return of the same request gives nothing back
        await asyncio.wait_for(waiting, 1)
        assert third.meta[PAGE] is page and page.blanked == 1  # blanked, then reused
        pages.drop(second)  # failed before a page existed: only its place returns
        fourth = _Request()
        await asyncio.wait_for(pages.take(fourth), 1)
        assert PAGE not in fourth.meta
        assert pages.places.locked()  # two places out: none lost, none given back twice

    _run(scenario())


def test_a_failed_or_used_up_page_is_closed_never_reused():
    import asyncio

    from crawler.browser_pages import PAGE, BrowserPages

    async def scenario():
        pages = BrowserPages(size=1, uses=2)
        failed, sample = _Page(), _Request()
        await pages.take(sample)
        sample.meta[PAGE] = failed
        pages.drop(sample)
        await asyncio.sleep(0.01)
        assert failed.closed and pages.idle == []
        page = _Page()
        for _ in range(2):  # the page serves two samples, then it is closed
            sample = _Request()
            await asyncio.wait_for(pages.take(sample), 1)
            sample.meta.setdefault(PAGE, page)
            pages.give_back(sample)
            await asyncio.sleep(0.01)
        assert page.closed and page.blanked == 1 and pages.idle == []
        crashed, sample = _Page(blank_fails=True), _Request()
        await asyncio.wait_for(pages.take(sample), 1)
        sample.meta[PAGE] = crashed
        pages.give_back(sample)
        await asyncio.sleep(0.01)
        assert crashed.closed and pages.idle == []  # could not be blanked: closed
        await asyncio.wait_for(pages.take(_Request()), 1)  # and its place came back

    _run(scenario())


def test_pages_opened_together_are_closed_apart():
    """Four pages opened at once serve 8, 7, 6 and 5 samples: they are not all closed (and
    their renderers started again) at the same moment."""
    import asyncio

    from crawler.browser_pages import PAGE, BrowserPages

    async def scenario():
        pages = BrowserPages(size=4, uses=8)
        served: dict[_Page, int] = {}
        for _ in range(8):  # rounds of four samples at once
            samples = [_Request() for _ in range(4)]
            for sample in samples:
                await asyncio.wait_for(pages.take(sample), 1)
                page = sample.meta.setdefault(PAGE, _Page())  # none idle: a new one opens
                served[page] = served.get(page, 0) + 1
            for sample in samples:
                pages.give_back(sample)
            await asyncio.sleep(0.01)
        return served

    served = _run(scenario())
    first = list(served)[:4]
    assert [served[p] for p in first] == [8, 7, 6, 5]
    assert all(p.closed for p in first) and not any(p.closed for p in list(served)[4:])
