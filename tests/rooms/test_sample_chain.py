"""A browser render of a page continues that page's chain of same-shape pages."""

from scrapy.http import HtmlResponse, Request

from crawler.middlewares.bounds import BoundsMiddleware
from crawler.rooms import CHAIN, sample_request


class _Stats:
    def __init__(self):
        self.values = {}

    def inc_value(self, key, n=1):
        self.values[key] = self.values.get(key, 0) + n


class _Crawler:
    def __init__(self, max_chain):
        from scrapy.settings import Settings

        self.settings = Settings(
            {
                "GREENROOM_BOUNDS_ENABLED": True,
                "GREENROOM_BOUNDS_MAX_CHAIN": max_chain,
                "GREENROOM_BOUNDS_MAX_PER_SHAPE": 0,
            }
        )
        self.stats = _Stats()


def test_a_render_of_a_calendar_page_is_cut_like_the_static_page():
    url = "http://m.test/h5/activity?month=2027-03"
    info = {"room": url, "k": 1, "of": 2, "interval": 1.0, "timeout": 5.0, "chain": 3}
    request = sample_request(info)
    assert request.meta[CHAIN] == 3
    bounds = BoundsMiddleware(_Crawler(max_chain=3))
    rendered = HtmlResponse(url, body=b"<html></html>", request=request)
    nxt = Request("http://m.test/h5/activity?month=2027-04")
    assert list(bounds.process_spider_output(rendered, [nxt])) == []  # 4 in a row > 3
    bounds = BoundsMiddleware(_Crawler(max_chain=4))
    (kept,) = bounds.process_spider_output(rendered, [nxt])
    assert kept.meta[CHAIN] == 4
