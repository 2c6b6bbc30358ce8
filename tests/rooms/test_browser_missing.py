"""Without a browser the static crawl completes; rooms are recorded errors and flagged."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/nonexistent/chromium", "/bin/false"])
def test_rooms_are_skipped_and_recorded_when_no_browser_starts(run_crawl, path):
    result = run_crawl(GREENROOM_BROWSER_PATH=path)
    assert result.stats["greenroom/render/browser_missing"] == 1
    assert result.stats["finish_reason"] == "finished"
    pages = {i["url"].split("/", 3)[3] for i in result.items if i["kind"] == "static"}
    assert {"shop/1", "shop/2", "about"} <= pages
    errors = result.rows("SELECT url, kind FROM crawl_errors")
    assert len(errors) == 5 and {e["kind"] for e in errors} == {"render"}  # one per room
    assert not [i for i in result.items if i["kind"] == "sample"]


def test_playwrights_listener_errors_are_logged_in_one_line_with_their_cause():
    """A browser that is killed mid-render fails scrapy-playwright's route and response
    listeners; Playwright logs each with its traceback. The render middleware keeps one line."""
    import io
    import logging

    from crawler.middlewares.render import _one_line_logs

    log = logging.getLogger("playwright")
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    log.addHandler(handler)
    try:
        _one_line_logs(log)
        try:
            raise RuntimeError(
                "Request.all_headers: Target page, context or browser has been closed\nmore"
            )
        except RuntimeError as exc:
            log.error("Error occurred in event listener", exc_info=exc)
    finally:
        log.removeHandler(handler)
    said = out.getvalue()
    assert "Traceback" not in said
    assert said.strip() == (
        "Error occurred in event listener: RuntimeError: Request.all_headers: "
        "Target page, context or browser has been closed"
    )
