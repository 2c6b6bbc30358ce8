"""Capture every response as received into the WARC store; put its id in response.meta.

A compressed body is stored only if it inflates within Scrapy's size limit
(`download_maxsize` in the request's meta, else DOWNLOAD_MAXSIZE); one past it is counted
and dropped with IgnoreRequest (the spider records it as a `size` crawl error), so the
store never holds a bomb. Inflating is counted in 64 KiB chunks, never held.

Settings: GREENROOM_DB (the database beside which `<db>.captures/` holds the WARC files),
DOWNLOAD_MAXSIZE.
Stats: greenroom/capture/count, greenroom/capture/bytes, greenroom/capture/over_limit.
"""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from storage.inflate import encodings, exceeds
from storage.warc import CaptureStore, utcnow


def _headers(headers) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in headers.items()}


class CaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = CaptureStore.for_crawler(crawler)
        self.maxsize = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if request.meta.get("playwright") or "replayed" in response.flags:
            return response  # rendered DOM (stored by crawler.rooms) or already captured
        self._refuse_over_limit(request, response)
        capture_id = self.store.record_response(
            url=response.url,
            method=request.method,
            request_headers=_headers(request.headers),
            status=response.status,
            response_headers=_headers(response.headers),
            body=response.body,
            fetched_at=utcnow(),
            **request.meta.get("greenroom_capture", {}),  # kind, about (crawler.room_api)
        )
        request.meta["capture_id"] = capture_id
        stats = self.crawler.stats
        stats.inc_value("greenroom/capture/count")
        stats.inc_value("greenroom/capture/bytes", len(response.body))
        return response

    def _refuse_over_limit(self, request, response) -> None:
        limit = request.meta.get("download_maxsize", self.maxsize)
        codings = encodings(_headers(response.headers))
        if not limit or not codings:
            return
        size = exceeds(response.body, codings, limit)
        if size is not None:
            self.crawler.stats.inc_value("greenroom/capture/over_limit")
            raise IgnoreRequest(
                f"{', '.join(codings)} body of {len(response.body)} bytes inflates past "
                f"DOWNLOAD_MAXSIZE ({limit} bytes); not stored"
            )
