"""Resume a killed run without fetching again: replay what this run already captured.

When a run is started again after a crash (SIGKILL, reboot) it is the same run: the
spider starts from the start URLs, and every URL this run already captured is answered
from its stored WARC record instead of the network. The frontier rebuilds itself from the
replayed pages' links, no page is fetched twice, no capture is written twice. Why not
JOBDIR: Scrapy's disk queues write their state at a clean shutdown only, so they do not
survive SIGKILL; the capture store does (WARC bytes first, rows in short transactions).
A response whose WARC bytes were written but whose row was not yet committed when the
process died (at most one batch, storage.warc.FLUSH_EVERY rows or FLUSH_SECONDS) is not
a capture: it is fetched again, and its orphaned bytes are referenced by no row.

Settings: GREENROOM_RESUME_ENABLED, GREENROOM_DB, GREENROOM_RUN_ID.
Stats: greenroom/resume/replayed.
"""

from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes

from storage.warc import CaptureStore, read_capture, replayable

REPLAYABLE = (200, 203, 301, 302, 303, 307, 308, 404, 410)


class ResumeMiddleware:
    def __init__(self, crawler):
        settings = crawler.settings
        run_id = settings.getint("GREENROOM_RUN_ID")
        if not settings.getbool("GREENROOM_RESUME_ENABLED") or not run_id:
            raise NotConfigured("resume is off or there is no run id")
        self.crawler = crawler
        self.store = CaptureStore.for_crawler(crawler)
        self.captured = replayable(self.store.db, run_id, REPLAYABLE)
        if not self.captured:
            # A fresh run, the usual case every night: off without a warning in the log.
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        capture_id = self.captured.get(request.url)
        if capture_id is None or request.meta.get("playwright") or request.dont_filter:
            return None
        row = self.store.db["captures"].get(capture_id)
        try:
            headers, body = read_capture(self.store.db_path, row)
        except (OSError, ValueError):  # unreadable or past the size limit: fetch it again
            return None
        headers.pop("content-encoding", None)  # read_capture decoded the body already
        request.meta["capture_id"] = capture_id
        request.meta["greenroom_replayed"] = True
        self.crawler.stats.inc_value("greenroom/resume/replayed")
        cls = responsetypes.from_args(headers=Headers(headers), url=request.url, body=body)
        return cls(
            url=request.url,
            status=row["http_status"],
            headers=headers,
            body=body,
            request=request,
            flags=["replayed"],
        )
