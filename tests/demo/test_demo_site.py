"""The demo marketplace over real HTTP: renderings, hazards, room API, config."""

from __future__ import annotations

import json
import re
import threading
import time
import tomllib
import urllib.request
from collections import Counter
from datetime import date

import pytest

from greenroom_demo import catalog
from greenroom_demo.site import DemoSite
from tests.demo.conftest import fetch


def get(url: str) -> tuple[int, dict, bytes]:
    status, headers, body = fetch(url)
    if status == 500:  # the flaky page: a second try succeeds
        status, headers, body = fetch(url)
    return status, headers, body


def test_both_renderings_serve_the_same_subjects(sites):
    counts = {}
    for name, site in sites.items():
        labels = site.labels()
        counts[name] = Counter(x["subject_type"] for x in labels)
        for x in labels:
            assert get(x["subject_url"])[0] == 200, x["subject_url"]
    assert counts["a"] == counts["b"] == {"shop": 35, "listing": 88, "room": 15}


def test_the_two_renderings_differ_in_urls_and_markup(sites):
    a, b = (sites[k].labels() for k in "ab")
    assert not {x["subject_url"].split("/", 3)[3] for x in a} & {
        x["subject_url"].split("/", 3)[3] for x in b
    }
    page_a = get(sites["a"].shop_url(1))[2].decode()
    page_b = get(sites["b"].shop_url(1))[2].decode()
    assert "统一社会信用代码" in get(sites["a"].renderer.abs("/shop/1/licence"))[2].decode()
    assert "经营者" in page_a and "经营主体" not in page_a
    assert "进入店铺" not in page_b and 'class="kv"' not in page_b


def test_directories_link_every_shop_through_redirects(site):
    found = set()
    url = site.renderer.abs(site.renderer.directory_url(1))
    while url:
        html = get(url)[2].decode("utf-8")
        for href in re.findall(r'<a href="([^"]+)">', html):
            href = href.replace("&amp;", "&")
            if "shop" in href or "store" in href:
                status, headers, _ = fetch(site.renderer.abs(href))
                if status in (301, 302):
                    assert status == 301
                    href = headers["Location"]
                found.add(href)
        nxt = re.search(r'<a (?:rel="next" )?href="([^"]+)"(?: class="next")?>下一页', html)
        url = site.renderer.abs(nxt[1]) if nxt else None
    assert {site.renderer.shop_url(s.sid) for s in catalog.SHOPS} <= found


def test_category_pages_paginate_over_every_listing(site):
    seen = set()
    for slug in catalog.CATEGORIES:
        page = 1
        while True:
            status, _, body = get(site.renderer.abs(site.renderer.category_url(slug, page)))
            if status == 404:
                break
            seen |= {int(m) for m in re.findall(r"(?:/item/|gid=|/g/)(\d+)", body.decode())}
            page += 1
    assert seen >= {x.lid for x in catalog.LISTINGS}


def test_go_links_redirect_302_to_the_canonical_listing(site):
    path = "/go/item/2001" if site.rendering == "a" else "/g/2001"
    status, headers, _ = fetch(site.renderer.abs(path))
    assert status == 302 and headers["Location"] == site.renderer.listing_url(2001)


def test_robots_disallows_a_path_that_pages_link_to(site):
    status, _, body = fetch(site.url + "robots.txt")
    assert status == 200
    assert f"Disallow: {site.disallowed_prefix}" in body.decode()
    assert f'href="{site.disallowed_prefix}' in get(site.url)[2].decode()


def test_a_404_is_linked_and_answers_404(site):
    home = get(site.url)[2].decode()
    path = re.search(r'href="([^"]*618[^"]*)"', home)[1]
    assert fetch(site.renderer.abs(path))[0] == 404


@pytest.mark.parametrize(("sid", "header", "meta"), [
    (5, "GBK", None), (11, "GB18030", None), (9, None, '<meta charset="gbk">'),
    (18, None, "charset=gb2312"), (6, None, None), (31, None, '<meta charset="gb18030">'),
])  # fmt: skip
def test_gbk_pages_decode_with_gb18030(site, sid, header, meta):
    status, headers, body = get(site.shop_url(sid))
    assert status == 200
    declared = re.search(r"charset=([\w-]+)", headers["Content-Type"])
    assert (declared[1] if declared else None) == header
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("gb18030")
    assert catalog.SHOP_BY_ID[sid].name in text
    assert (meta in text) if meta else ("charset=" not in text.split("</head>")[0])


def test_the_flaky_page_answers_500_then_200(site):
    first = fetch(site.flaky_url)[0]
    second = fetch(site.flaky_url)[0]
    assert (first, second) == (500, 200) or (first, second) == (200, 200)  # once per night
    fresh = DemoSite(site.rendering).start()
    try:
        assert [fetch(fresh.flaky_url)[0] for _ in range(2)] == [500, 200]
    finally:
        fresh.stop()


def test_calendar_and_session_links_never_end_but_repeat_the_same_bytes(site):
    cal = "/events?month=2026-12" if site.rendering == "a" else "/huodong/rili?ym=202612"
    html = get(site.renderer.abs(cal))[2].decode()
    assert ("2027-01" in html) or ("202701" in html)
    item = site.listing_url(101)
    first, again = get(item)[2], get(item)[2]
    assert first == again  # same request, same bytes
    sessions = re.findall(r"(?:jsessionid|sid)=(\w{20})", first.decode("utf-8", "replace"))
    assert len(set(sessions)) == len(sessions) >= 3
    follow = re.search(r'href="([^"]+(?:jsessionid|sid)=\w{20})"', first.decode())[1]
    assert get(site.renderer.abs(follow.replace("&amp;", "&")))[0] == 200


def test_the_xss_shop_name_is_escaped(site):
    html = get(site.shop_url(29))[2].decode()
    assert "&lt;img src=x onerror=alert(1)&gt;旗舰店" in html
    assert "<img src=x" not in html


def test_licence_image_is_a_real_png(site):
    path = "/img/licence/26.png" if site.rendering == "a" else "/upload/zz/26.png"
    status, headers, body = get(site.renderer.abs(path))
    assert status == 200 and headers["Content-Type"] == "image/png"
    assert body.startswith(b"\x89PNG\r\n\x1a\n") and b"IEND" in body
    assert 'alt="营业执照"' in get(site.renderer.abs(site.renderer.licence_url(26)))[2].decode()


def counters(site, rid):
    data = json.loads(get(site.api_url(rid))[2])
    if site.rendering == "b":
        names = {"zx": "online", "gk": "viewers", "dz": "likes", "ys": "sold"}
        data = {"stats": {names[k]: v for k, v in data["data"]["tj"].items()}}
    stats = data["stats"]
    return {k: float(re.sub(r"[^\d.]", "", v)) * (1e4 if v[-1] in "万w" else 1)
            for k, v in stats.items()}  # fmt: skip


def test_room_shells_are_empty_and_need_javascript(site):
    html = get(site.room_url(1))[2].decode()
    assert "<noscript>" in html and "<script src=" in html
    assert "林小茶" not in html  # drawn by the script from the API


def test_room_api_counters_advance_between_fetches(site):
    one, two = counters(site, 1), counters(site, 1)
    assert two["likes"] > one["likes"] and two["sold"] > one["sold"]
    assert two["online"] < one["online"]  # online may fall
    bad_one, bad_two = counters(site, 5), counters(site, 5)
    assert bad_two["likes"] < bad_one["likes"]  # the room labelled metrics_inconsistent


def test_fault_rooms_fail_in_three_ways(site):
    assert fetch(site.api_url(13))[0] == 500
    assert json.loads(get(site.api_url(14))[2]).get("data") is None
    done = threading.Event()

    def hang():
        try:
            fetch(site.api_url(15))
        except OSError:
            pass  # the site stopped
        done.set()

    threading.Thread(target=hang, daemon=True).start()
    assert not done.wait(1.0)


def get_quietly(url):
    try:
        fetch(url)
    except OSError:
        pass


def test_stop_returns_while_a_request_hangs():
    site = DemoSite("b", faults=True).start()
    threading.Thread(target=get_quietly, args=(site.api_url(15),), daemon=True).start()
    time.sleep(0.3)
    started = time.monotonic()
    site.stop()
    assert time.monotonic() - started < 3


def test_requests_are_recorded_in_order(site):
    before = len(site.requests)
    get(site.url + "robots.txt")
    assert site.requests[before] == ("GET", "/robots.txt")


def test_night_2_makes_one_shop_unreachable(site):
    sid = next(s.sid for s in catalog.SHOPS if s.unreachable_from)
    site.night = 2
    try:
        assert fetch(site.shop_url(sid))[0] == 503
        assert all(x["reachable"] for x in site.labels() if str(sid) not in x["subject_url"]
                   or x["subject_type"] == "room")  # fmt: skip
    finally:
        site.night = 1
    assert fetch(site.shop_url(sid))[0] == 200


def test_write_config_writes_parseable_toml_and_reference_files(site, tmp_path):
    path = site.write_config(tmp_path)
    config = tomllib.loads(path.read_text("utf-8"))
    assert config["crawl"]["start_urls"] == [site.url]
    assert config["crawl"]["room_samples"] == 2 and config["crawl"]["room_sample_interval_s"] == 1
    assert (
        (tmp_path / config["reference"]["brands"])
        .read_text("utf-8")
        .startswith("brand,aliases,reference_price")
    )
    registry = (tmp_path / config["reference"]["green_registry"]).read_text("utf-8")
    assert f"{site.room_url(8)}," in registry and date.today().isoformat() in registry
    labels_path = site.write_labels(tmp_path / "labels.json")
    assert json.loads(labels_path.read_text("utf-8")) == site.labels()


def test_only_loopback_hosts_are_accepted():
    with pytest.raises(ValueError):
        DemoSite(host="0.0.0.0")


def test_the_module_serves_from_the_command_line():
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "greenroom_demo.site", "--rendering", "b", "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://\S+", line)[0]
        with urllib.request.urlopen(url + "robots.txt", timeout=5) as resp:
            assert b"/seller-center/" in resp.read()
    finally:
        proc.terminate()
        proc.wait(5)
