"""Capture every response as received into the WARC store; put its id in response.meta.

Settings: GREENROOM_DB (the database beside which `<db>.captures/` holds the WARC files).
Stats: greenroom/capture/count, greenroom/capture/bytes.
"""

from __future__ import annotations

from storage.warc import CaptureStore, utcnow


def _headers(headers) -> dict[str, str]:
    return {k.decode("latin-1"): b", ".join(v).decode("latin-1") for k, v in headers.items()}


class CaptureMiddleware:
    def __init__(self, crawler):
        self.crawler = crawler
        self.store = CaptureStore.for_crawler(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_response(self, request, response, spider=None):
        if request.meta.get("playwright") or "replayed" in response.flags:
            return response  # rendered DOM (stored by crawler.rooms) or already captured
        capture_id = self.store.record_response(
            url=response.url,
            method=request.method,
            request_headers=_headers(request.headers),
            status=response.status,
            response_headers=_headers(response.headers),
            body=response.body,
            fetched_at=utcnow(),
        )
        request.meta["capture_id"] = capture_id
        stats = self.crawler.stats
        stats.inc_value("greenroom/capture/count")
        stats.inc_value("greenroom/capture/bytes", len(response.body))
        return response
