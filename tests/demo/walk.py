"""Walking a demo rendering in-process: answer a target, decode it as a browser would, follow
every link from the start pages (the tests of renderings e to i share these)."""

from __future__ import annotations

import re
from collections import deque
from contextlib import contextmanager
from html import unescape
from pathlib import Path

from greenroom_demo import catalog
from greenroom_demo.data_listings import BD, FW, RR
from greenroom_demo.data_shops import SENYU_USCC, SHARED_USCC
from greenroom_demo.site import DemoSite

ADDED = {RR, FW, BD, "room.food_waste_promotion"}  # near misses renderings f on may add
MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")  # a whole mainland mobile number
# The food-waste listings renderings l on title by their short names (the claims sit elsewhere).
WASTE_TITLES = {301: "辣条 10斤装", 602: "酵素果冻 10条", 1003: "自热火锅 8盒"}


def get(renderer, target: str):
    resp = renderer.handle(target)
    if resp.status == 500:  # the flaky page: a second try succeeds
        resp = renderer.handle(target)
    return resp


def text_of(resp, unescaped: bool = False) -> str:
    """The body in its declared charset (header, then <meta>), else GB18030."""
    declared = re.search(r"charset=([\w-]+)", resp.headers.get("Content-Type", ""))
    meta = re.search(r"charset=[\"']?([\w-]+)", resp.body[:600].decode("latin-1"))
    codec = (declared or meta)[1] if (declared or meta) else "gb18030"
    codec = "gb18030" if codec.lower() in ("gbk", "gb2312", "gb18030") else codec
    text = resp.body.decode(codec)
    return unescape(text) if unescaped else text


def drop_session(url: str) -> str:
    return re.sub(r";jsessionid=[^/?#]*", "", url)


def links(html: str, clean=drop_session) -> set[str]:
    """The site-relative targets of a page's href/src attributes, each passed through `clean`."""
    found = set()
    for url in re.findall(r'(?:href|src)="([^"]*)"', html):
        url = clean(unescape(url)).split("#", 1)[0]
        if url.startswith("/"):
            found.add(url)
    return found


def walk(renderer, starts=("/", "/live"), clean=drop_session) -> dict[str, int]:
    """Every target reachable by links from `starts` (three calendar months): {target: status}."""
    seen: dict[str, int] = {}
    queue = deque(starts)
    while queue:
        target = queue.popleft()
        if target in seen or re.search(r"month=(?!2026-1[12]|2027-01)", target):
            continue
        resp = get(renderer, target)
        seen[target] = resp.status
        if resp.status in (301, 302):
            queue.append(resp.headers["Location"])
            continue
        if resp.status != 200 or "html" not in resp.headers.get("Content-Type", ""):
            continue
        if target.startswith(renderer.ADMIN_PREFIX):
            continue
        queue.extend(sorted(links(text_of(resp), clean) - seen.keys()))
    return seen


def in_process(key: str, night: int = 1):
    """Rendering `key` with faults on `night`, answered in-process (port 8000 only names the
    base URL)."""
    site = DemoSite(rendering=key, night=night, faults=True)
    site.port = 8000
    return site.renderer


def page(renderer, target: str) -> str:
    return text_of(get(renderer, target), unescaped=True)


def labels_beside_as(key: str):
    """(night, a's label, rendering `key`'s label) of each subject on nights 1, 2 and 8;
    `key`'s labels of plain pages (which a has not) left out."""
    for night in (1, 2, 8):
        a, x = in_process("a", night).site, in_process(key, night).site
        subjects = [lb for lb in x.labels() if lb["subject_type"] != "page"]
        assert len(subjects) == len(a.labels())
        for la, lx in zip(a.labels(), subjects, strict=True):
            assert la["subject_type"] == lx["subject_type"]
            yield night, la, lx


def assert_only_near_misses_added(
    key: str, added=ADDED, same_urls: bool = True, roles: bool = False
) -> None:
    """Rendering `key`'s labels are rendering a's on nights 1, 2 and 8 (at a's URLs unless
    not `same_urls`), but for near misses of `added` checks it alone shows, each noted
    "[rendering <key>: …]"; with `roles`, each reachable subject's role is its type."""
    for _, la, lx in labels_beside_as(key):
        if same_urls:
            assert la["subject_url"] == lx["subject_url"]
        assert lx["fires"] == la["fires"]
        assert set(la["near_miss"]) <= set(lx["near_miss"])
        new = set(lx["near_miss"]) - set(la["near_miss"])
        assert new <= added and not new & set(lx["fires"])
        assert (f"rendering {key}" in lx["note"]) == bool(new)
        if roles and lx["reachable"]:
            assert lx["role"] == lx["subject_type"]


def assert_subjects_reachable(renderer, walked: dict[str, int]) -> None:
    """Every labelled subject serves; all but rooms are reached by links, rooms from the
    live square."""
    rooms = {renderer.room_url(r.rid) for r in catalog.rooms(True)}
    for label in renderer.site.labels():
        target = label["subject_url"].removeprefix(renderer.abs(""))
        assert get(renderer, target).status == 200, target
        if label["subject_type"] == "room":
            assert target in rooms, target
            continue  # rooms are linked from the live square
        assert target in walked, target
    assert rooms <= walked.keys(), sorted(rooms - walked.keys())


def shared_licences(renderer):
    """(sid, licence page, the USCC it shows, the shop's operator) of shops 30 to 34: 30, 31
    and 32 show one shared code, 33 and 34 the code of their one operator."""
    for sid in (30, 31, 32, 33, 34):
        code = SENYU_USCC if sid in (33, 34) else SHARED_USCC
        yield sid, page(renderer, f"/shop/{sid}/licence"), code, catalog.shop(sid, 1).operator


def room_payload(renderer, rid: int) -> dict:
    """Room `rid`'s first API answer on night 1."""
    return renderer.api_payload(catalog.room(rid, 1), 0)


def section(html: str, cls: str) -> str:
    """The first `<section class="cls">` of a page."""
    return re.search(rf'<section class="{cls}">.*?</section>', html).group(0)


def assert_links_served(renderer, walked: dict[str, int], script: str) -> None:
    """Every link answers 200 or a redirect but the nav's taken-down page; the room shell loads
    the rendering's `script` (which defines window.liveExtra) before live-a.js."""
    dead = {"/promo/2023-618"}
    bad = {t: s for t, s in walked.items() if s not in (200, 301, 302) and t not in dead}
    assert not bad
    assert walked[f"/static/{script}"] == 200
    shell = page(renderer, "/live/9")
    assert shell.index(f"/static/{script}") < shell.index("/static/live-a.js")
    assert "window.liveExtra" in get(renderer, f"/static/{script}").body.decode()


def assert_walks(renderer, script: str) -> None:
    """Rendering `renderer.key`'s pages link up, its links serve, its room shell loads `script`,
    and its labels keep rendering a's fires (only near misses of the five checks added)."""
    walked = walk(renderer)
    assert_subjects_reachable(renderer, walked)
    assert_links_served(renderer, walked, script)
    assert_only_near_misses_added(renderer.key)


def assert_loopback_only(renderer) -> None:
    """No page served links (href, src, action) anywhere but the site itself."""
    for target, status in walk(renderer).items():
        if status != 200 or target.startswith(("/static/", "/img/")):
            continue
        for url in re.findall(r'(?:href|src|action)="([^"]*)"', text_of(get(renderer, target))):
            assert url.startswith(("/", renderer.abs("/"))), (target, url)


def labels_by_path(renderer) -> dict[str, dict]:
    """The labels of `renderer`'s night by subject path."""
    return {x["subject_url"].removeprefix(renderer.abs("")): x for x in renderer.site.labels()}


def assert_returns_near_miss_labelled(renderer) -> None:
    """Listing 2101's returns talk is labelled a near miss of listing.returns_refused; 1701's
    refusal is not."""
    labels = labels_by_path(renderer)
    assert RR in labels["/item/2101"]["near_miss"]
    assert RR not in labels["/item/1701"]["near_miss"]


def assert_no_mobile_number(renderer, lids) -> None:
    """No item page of `lids` shows a whole mobile number (spaces inside one ignored)."""
    for lid in lids:
        assert not MOBILE.search(page(renderer, f"/item/{lid}").replace(" ", "")), lid


def waste_pages(renderer):
    """(lid, page) of the WASTE_TITLES listings, each titled (h1 and <title>) by its short
    name alone."""
    for lid, short in WASTE_TITLES.items():
        html = page(renderer, f"/item/{lid}")
        assert f'<h1 class="item-title">{short}</h1>' in html and f"<title>{short} - " in html
        yield lid, html


@contextmanager
def chromium_tab(key: str):
    """Rendering `key` served on loopback and one tab of the crawler's Chromium: (site, tab).
    A missing browser fails the test (`make setup` installs it), it does not skip it."""
    from playwright import sync_api

    from crawler.browser import BROWSER_PATH, INSTALL_HINT

    assert Path(BROWSER_PATH).exists(), f"no browser at {BROWSER_PATH}: {INSTALL_HINT}"
    with DemoSite(key, faults=True) as site, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=BROWSER_PATH)
        try:
            yield site, browser.new_page()
        finally:
            browser.close()
