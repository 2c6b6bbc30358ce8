"""A demo bundle's WACZ replayed by pywb on loopback and opened in the real Chromium: the
room draws its host and counters as the sample saw them, the listing shows its title and
price, the shop its name; nothing reaches the live site."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import lxml.html
import pytest

from storage.bundle import export
from storage.evidence.wacz import validate
from tests.evidence.replay import Pywb, pywb_installed
from tests.evidence.test_report_browser import ARGS, CHROMIUM

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no chromium"),
    pytest.mark.skipif(not pywb_installed(), reason="pywb not installed (make setup)"),
]


@pytest.fixture(scope="module")
def replayed(crawled_a, tmp_path_factory):
    """The bundle of one room, one listing and one shop finding, served by pywb."""
    db = crawled_a.db
    picks = {}
    for kind in ("room", "listing", "shop"):
        join = {
            "room": "JOIN rooms s ON s.url = f.subject_url AND s.host_name != '' AND s.samples > 0",
            "listing": "JOIN listings s ON s.url = f.subject_url AND s.price > 0",
            "shop": "JOIN shops s ON s.url = f.subject_url AND s.name != ''",
        }[kind]
        row = db.execute(
            f"SELECT f.id, f.subject_url FROM findings f {join} "
            "WHERE f.subject_type = ? AND f.status = 'open' ORDER BY f.id LIMIT 1",
            [kind],
        ).fetchone()
        assert row, f"the demo has a {kind} finding"
        picks[kind] = row
    where = tmp_path_factory.mktemp("replay")
    out = where / "case.zip"
    export(crawled_a.db_path, out, finding_ids=[r[0] for r in picks.values()], sign_key=None)
    wacz = where / "replay.wacz"
    wacz.write_bytes(zipfile.ZipFile(out).read("replay.wacz"))
    manifest = json.loads(zipfile.ZipFile(out).read("manifest.json"))
    pages = [json.loads(x) for x in zipfile.ZipFile(wacz).read("pages/pages.jsonl").splitlines()]
    with Pywb(wacz, where / "pywb") as pywb:
        yield {
            "db": db,
            "picks": {k: v[1] for k, v in picks.items()},
            "wacz": wacz,
            "pages": pages[1:],
            "captures": {c["id"]: c for c in manifest["captures"]},
            "warc": zipfile.ZipFile(out).read("warc/captures.warc.gz"),
            "pywb": pywb,
            "dir": where,
            "site": crawled_a.site,
        }


@pytest.fixture(scope="module")
def browser():
    sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_replayed(browser, replayed, page_entry, selector):
    """The replayed page in Chromium (pywb's frame around it: what a reader sees) and its
    content frame; every request is kept on pywb (others are refused and listed)."""
    page = browser.new_page()
    leaked = []

    def only_pywb(route):
        if route.request.url.startswith(replayed["pywb"].base + "/"):
            return route.continue_()
        leaked.append(route.request.url)
        return route.abort()

    page.route("**", only_pywb)
    page.goto(replayed["pywb"].url(page_entry["ts"], page_entry["url"]), wait_until="load")
    content = page.frame_locator("#replay_iframe")
    content.locator(selector).first.wait_for(timeout=20_000)
    return page, content, leaked


def record_body(warc: bytes, capture: dict) -> bytes:
    import io

    from warcio.archiveiterator import ArchiveIterator

    start, length = capture["warc"]["offset"], capture["warc"]["length"]
    for record in ArchiveIterator(io.BytesIO(warc[start : start + length])):
        if record.rec_type in ("response", "resource"):
            return record.content_stream().read()
    raise AssertionError(f"no record for capture {capture['id']}")


def test_every_demo_bundle_wacz_validates(replayed):
    assert validate(replayed["wacz"]) == (True, "Validation succeeded, the passed WACZ is valid")


def test_the_room_replays_its_host_and_counters_as_the_sample_saw_them(replayed, browser):
    room = replayed["picks"]["room"]
    samples = [p for p in replayed["pages"] if p["url"] == room]
    captures = replayed["captures"]
    sample = next(p for p in samples if captures[int(p["id"])]["kind"] == "asset")
    dom_capture = captures[captures[int(sample["id"])]["about"]]
    assert dom_capture["kind"] == "dom"
    seen = lxml.html.fromstring(record_body(replayed["warc"], dom_capture).decode())
    host = seen.cssselect(".anchor .nick")[0].text_content()
    counters = [b.text_content() for b in seen.cssselect(".stats b")]
    assert host and counters

    page, room_view, leaked = open_replayed(browser, replayed, sample, ".live-room")
    assert room_view.locator(".live-room").count() == 1  # drawn once, by the recorded script
    assert room_view.locator(".anchor .nick").inner_text() == host
    assert room_view.locator(".stats b").all_inner_texts() == counters
    shot = replayed["dir"] / "room.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page.close()
    site = replayed["site"].url.rstrip("/")
    assert not [u for u in leaked if u.startswith(site)], leaked


def test_the_listing_replays_its_title_and_price(replayed, browser):
    url = replayed["picks"]["listing"]
    title, price = (
        replayed["db"].execute("SELECT title, price FROM listings WHERE url = ?", [url]).fetchone()
    )
    entry = next(p for p in replayed["pages"] if p["url"] == url)
    page, view, _ = open_replayed(browser, replayed, entry, "body")
    text = view.locator("body").inner_text()
    assert title in text and f"{price:.2f}" in text
    page.screenshot(path=str(replayed["dir"] / "listing.png"))
    page.close()


def test_the_shop_replays_its_name(replayed, browser):
    url = replayed["picks"]["shop"]
    (name,) = replayed["db"].execute("SELECT name FROM shops WHERE url = ?", [url]).fetchone()
    entry = next(p for p in replayed["pages"] if p["url"] == url)
    page, view, _ = open_replayed(browser, replayed, entry, "body")
    assert name in view.locator("body").inner_text()
    page.close()


def test_the_rendered_dom_and_screenshot_are_resources_at_the_rooms_url(replayed):
    import io

    from warcio.archiveiterator import ArchiveIterator

    room = replayed["picks"]["room"]
    kinds = {}
    for record in ArchiveIterator(io.BytesIO(replayed["warc"])):
        target = record.rec_headers.get_header("WARC-Target-URI")
        if record.rec_type == "resource" and target in (room, f"urn:fullPage:{room}"):
            kinds.setdefault(target, set()).add(
                (
                    record.rec_headers.get_header("Content-Type"),
                    record.rec_headers.get_header("WARC-Profile"),
                )
            )
    assert kinds[room] == {("text/html; charset=utf-8", "urn:greenroom:profile:rendered-dom")}
    assert kinds[f"urn:fullPage:{room}"] == {("image/png", None)}


def test_pywb_serves_the_rendered_dom_at_its_own_time(replayed):
    import urllib.request

    room = replayed["picks"]["room"]
    dom = next(c for c in replayed["captures"].values() if c["kind"] == "dom" and c["url"] == room)
    stamp = "".join(ch for ch in dom["fetched_at"] if ch.isdigit())[:14]
    raw = f"{replayed['pywb'].base}/{replayed['pywb'].collection}/{stamp}id_/{room}"
    with urllib.request.urlopen(raw, timeout=30) as answer:
        assert answer.read() == record_body(replayed["warc"], dom)
