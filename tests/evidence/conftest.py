"""A small case built straight into the capture store: a shop with an XSS name and a mobile
number, its licence page and listing, a rendered room (DOM, screenshot, API response) whose
seller is the shop, robots.txt, and an unrelated shop that must stay out of the bundle."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from greenroom_demo.png import draw_png
from storage.db import connect
from storage.warc import DOM_PROFILE, ROBOTS_STAT, CaptureStore

BASE = "http://127.0.0.1:8000"
SHOP = f"{BASE}/shop/7"
LICENCE = f"{BASE}/shop/7/licence"
LISTING = f"{BASE}/item/1"
ROOM = f"{BASE}/live/3"
OTHER = f"{BASE}/shop/9"
XSS = "<img src=x onerror=alert(1)>"
MOBILE, MASKED = "13800000000", "138****0000"
HOST_ID, HOST_ID_MASKED = "330106199001011234", "3301**********1234"
UA = "greenroom/0.1 (market regulator compliance crawler)"
BROWSER_UA = "Mozilla/5.0 (X11; Linux x86_64) HeadlessChrome/131.0.6778.85 Safari/537.36"


def png(width: int = 64, height: int = 32, rgb=(200, 30, 30)) -> bytes:
    """A valid PNG of one colour, by the demo's PNG writer (no imaging library needed)."""
    return draw_png(width, height, lambda x, y: rgb)


def shop_html(name: str, phone: str) -> bytes:
    return (
        f"<html><head><title>{name}</title></head><body><h1>{name}</h1>"
        f"<p>联系电话：{phone}</p><a href='/shop/7/licence'>营业执照</a>"
        "<script>document.title='pwned'</script></body></html>"
    ).encode()


def build_case(db_path: Path) -> dict:
    """Write the case into `db_path`; return the capture and finding ids by name."""
    store = CaptureStore(db_path, run_id=1)
    req = {"User-Agent": UA, "Accept": "text/html"}
    html = {"Content-Type": "text/html; charset=utf-8"}
    ids = {}
    ids["robots"] = store.record_response(
        url=f"{BASE}/robots.txt",
        request_headers=req,
        response_headers={"Content-Type": "text/plain"},
        body=b"User-agent: *\nDisallow: /admin\n",
    )
    ids["shop"] = store.record_response(
        url=SHOP, request_headers=req, response_headers=html, body=shop_html(XSS, MOBILE)
    )
    ids["licence"] = store.record_response(
        url=LICENCE,
        request_headers=req,
        response_headers=html,
        body="<p>营业执照 统一社会信用代码：91330100MA27XYZ12K</p>".encode(),
    )
    ids["listing"] = store.record_response(
        url=LISTING,
        request_headers=req,
        response_headers=html,
        body="<h1>国家级 最佳 龙井茶</h1><a href='/shop/7'>进入店铺</a>".encode(),
    )
    ids["room"] = store.record_response(
        url=ROOM,
        request_headers=req,
        response_headers=html,
        body=b"<div id=app></div><script src=/app.js></script>",
    )
    dom = (
        f"<div>主播：王五 手机 {MOBILE} 身份证 {HOST_ID}</div>"
        f"<div>店铺：<a href='/shop/7'>{XSS}</a></div>"
    ).encode()
    ids["dom"] = store.record_resource(
        url=ROOM,
        content_type="text/html; charset=utf-8",
        data=dom,
        kind="dom",
        about=ids["room"],
        target=ROOM,
        warc_headers={"WARC-Profile": DOM_PROFILE},
    )
    ids["screenshot"] = store.record_resource(
        url=ROOM,
        content_type="image/png",
        data=png(),
        kind="screenshot",
        about=ids["dom"],
        target=f"urn:fullPage:{ROOM}",
    )
    ids["api"] = store.record_response(
        url=f"{BASE}/api/room/3",
        request_headers={"User-Agent": BROWSER_UA},
        response_headers={"Content-Type": "application/json"},
        body=json.dumps({"host": "王五", "online": 12}).encode(),
        kind="api",
        about=ids["dom"],
    )
    ids["other"] = store.record_response(
        url=OTHER,
        request_headers=req,
        response_headers=html,
        body=shop_html("别的店", "0571-88886666"),
    )
    store.close()

    db = connect(db_path)
    with db.conn:
        db["pages"].insert_all(
            [
                {
                    "capture_id": ids["shop"],
                    "url": SHOP,
                    "canonical": SHOP,
                    "role": "shop",
                    "title": XSS,
                    "facts": json.dumps({"text": f"{XSS} 联系电话：{MOBILE} 营业执照"}),
                },
                {
                    "capture_id": ids["dom"],
                    "url": ROOM,
                    "canonical": ROOM,
                    "role": "room",
                    "title": "直播间",
                    "facts": json.dumps(
                        {"text": f"主播：王五 手机 {MOBILE} 身份证 {HOST_ID} 店铺：{XSS}"}
                    ),
                },
            ],
            replace=True,
        )
        db["shops"].insert_all(
            [
                {"url": SHOP, "name": XSS, "phones": json.dumps([MOBILE])},
                {"url": OTHER, "name": "别的店", "phones": json.dumps(["0571-88886666"])},
            ],
            pk="url",
            replace=True,
        )
        db["listings"].insert(
            {"url": LISTING, "shop_url": SHOP, "title": "国家级 最佳 龙井茶"},
            pk="url",
            replace=True,
        )
        db["rooms"].insert(
            {
                "url": ROOM,
                "title": "直播间",
                "host_name": "王五",
                "sellers": json.dumps([XSS, SHOP]),
            },
            pk="url",
            replace=True,
        )
        findings = [
            (
                "shop.contact_placeholder",
                "shop",
                SHOP,
                f"店铺 {XSS} 公示的联系电话 {MOBILE} 为占位号码",
                MOBILE,
                [ids["shop"]],
            ),
            (
                "shop.licence_missing",
                "shop",
                SHOP,
                f"店铺 {XSS} 未公示经营者名称",
                "营业执照",
                [ids["shop"], ids["licence"]],
            ),
            (
                "listing.absolute_claim",
                "listing",
                LISTING,
                "商品标题使用绝对化用语“国家级”",
                "国家级",
                [ids["listing"]],
            ),
            (
                "room.host_unverified",
                "room",
                ROOM,
                f"直播间主播王五（手机 {MOBILE}）未显示实名认证",
                f"身份证 {HOST_ID}",
                [ids["dom"]],
            ),
            (
                "shop.contact_missing",
                "shop",
                OTHER,
                "店铺 别的店 未公示联系电话",
                "",
                [ids["other"]],
            ),
        ]
        for n, (check, kind, url, message, snippet, evidence) in enumerate(findings, 1):
            db["findings"].insert(
                {
                    "id": n,
                    "check_id": check,
                    "severity": "medium",
                    "subject_type": kind,
                    "subject_url": url,
                    "message": message,
                    "snippet": snippet,
                    "first_seen": "2026-11-29T03:15:00.000Z",
                    "last_seen": "2026-11-29T03:15:00.000Z",
                    "status": "open",
                    "first_run": 1,
                    "last_run": 1,
                }
            )
            db["finding_evidence"].insert_all(
                [{"finding_id": n, "capture_id": c} for c in evidence]
            )
    db.conn.close()
    return ids


@pytest.fixture
def case(tmp_path):
    """The case, with the row of its run as a crawl records it (robots.txt obeyed)."""
    db_path = tmp_path / "case.db"
    ids = build_case(db_path)
    db = connect(db_path)
    db["runs"].insert({"id": 1, "status": "finished", "stats": json.dumps({ROBOTS_STAT: True})})
    db.conn.close()
    return {"db": db_path, "ids": ids, "dir": tmp_path}
