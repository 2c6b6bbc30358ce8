"""A small findings database with captures, screenshots and hostile content, for the UI."""

from __future__ import annotations

import json
from pathlib import Path

from greenroom_demo.png import draw_png
from storage.db import connect
from storage.search import index
from storage.warc import CaptureStore

XSS_SHOP = "<img src=x onerror=alert(1)>"
XSS_TITLE = "<script>alert('title')</script>正品运动鞋"
XSS_SNIPPET = "主播：<script>alert('snippet')</script>未实名"
USCC = "91330100MA27XXXX1X"
SHOP_A = "http://127.0.0.1/shop/a"
SHOP_B = "http://127.0.0.1/shop/b"
SHOP_C = "http://127.0.0.1/shop/c"
SHOP_D = "http://127.0.0.1/shop/d"
FAKE = "http://127.0.0.1/item/fake-nike"
SUGAR = "http://127.0.0.1/item/bitter-melon-tea"
HOSTILE = "http://127.0.0.1/item/hostile"
ROOM = "http://127.0.0.1/live/9"


def served(db_path: Path):
    """A started Datasette over a database, prepared as `greenroom serve` prepares it."""
    import asyncio

    from greenroom.ui.app import make_datasette, prepare

    prepare(db_path)
    ds = make_datasette(db_path)
    asyncio.run(ds.invoke_startup())
    return ds


def png(width: int = 40, height: int = 20, rgb=(200, 30, 30)) -> bytes:
    """A solid-colour PNG (a room's screenshot), by the demo's PNG writer."""
    return draw_png(width, height, lambda x, y: rgb)


def page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body>{body}</body></html>".encode()


def build(db_path: Path) -> dict:
    """Write captures (WARC), subjects, findings and the search index; return the ids."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    store = CaptureStore(db_path, run_id=1)
    ids = {
        "shop_a": store.record_response(
            url=SHOP_A, response_headers=html, body=page(XSS_SHOP, f"<h1>{XSS_SHOP}</h1>")
        ),
        "fake": store.record_response(
            url=FAKE,
            response_headers=html,
            body=page("高仿耐克运动鞋", "<p>高仿耐克 Air 超A货 1:1 原单 仅售 99 元</p>"),
        ),
        "sugar": store.record_response(
            url=SUGAR, response_headers=html, body=page("苦瓜茶", "<p>长期饮用可降血糖</p>")
        ),
        "hostile": store.record_response(
            url=HOSTILE, response_headers=html, body=b"<script>alert('raw')</script>"
        ),
        "room": store.record_response(
            url=ROOM, response_headers=html, body=page("直播间", "<div id=app></div>")
        ),
    }
    ids["shot"] = store.record_resource(
        url=ROOM, content_type="image/png", data=png(), kind="screenshot", about=ids["room"]
    )
    store.close()

    db = connect(db_path)
    db["runs"].insert({"id": 1, "started": "2026-03-01T01:00:00Z", "status": "finished"})
    phones = json.dumps
    db["shops"].insert_all(
        [
            {
                "url": SHOP_A,
                "name": XSS_SHOP,
                "registered_name": "杭州甲乙贸易有限公司",
                "uscc": USCC,
                "operator": "杭州甲乙贸易有限公司",
                "phones": phones(["0571-88886666"]),
            },
            {
                "url": SHOP_B,
                "name": "丙丁旗舰店",
                "registered_name": "宁波丙丁电子商务有限公司",
                "uscc": USCC,
                "operator": "宁波丙丁电子商务有限公司",
                "phones": phones([]),
            },
            {
                "url": SHOP_C,
                "name": "茶香小铺",
                "registered_name": "福州茶香商行",
                "uscc": "92350100MA2Y00001K",
                "phones": phones(["13912345678"]),
            },
            {
                "url": SHOP_D,
                "name": "好物优选",
                "registered_name": "厦门好物有限公司",
                "uscc": "91350200MA2Y00002P",
                "phones": phones(["139-1234-5678"]),
            },
        ],
        pk="url",
    )
    db["listings"].insert_all(
        [
            {
                "url": FAKE,
                "shop_url": SHOP_A,
                "title": "高仿耐克运动鞋 超A货",
                "category": "运动鞋",
                "price": 99.0,
                "description": "1:1 原单，专柜品质",
                "claims": "[]",
            },
            {
                "url": SUGAR,
                "shop_url": SHOP_C,
                "title": "苦瓜茶 养生茶",
                "category": "食品 > 茶叶",
                "price": 39.0,
                "description": "长期饮用可降血糖、降血压",
                "claims": json.dumps(["降血糖"], ensure_ascii=False),
            },
            {
                "url": HOSTILE,
                "shop_url": SHOP_B,
                "title": XSS_TITLE,
                "category": "运动鞋",
                "price": 299.0,
                "description": "最高仿真度模型",
                "claims": "[]",
            },
        ],
        pk="url",
    )
    db["rooms"].insert(
        {
            "url": ROOM,
            "title": "今晚福利专场",
            "host_name": "小美",
            "host_verified": 0,
            "sellers": json.dumps(["杭州甲乙贸易有限公司"], ensure_ascii=False),
            "samples": 2,
        },
        pk="url",
    )
    findings = [
        (
            "listing.counterfeit_signal",
            "high",
            "listing",
            FAKE,
            "商品“高仿耐克运动鞋 超A货”使用假冒用语“高仿”并提及品牌“耐克”",
            "高仿耐克 Air 超A货",
            "2026-03-01T02:00:00.000Z",
            0,
            [ids["fake"]],
        ),
        (
            "listing.medical_claim",
            "high",
            "listing",
            SUGAR,
            "商品“苦瓜茶 养生茶”宣称“降血糖”，非药品不得宣称治疗疾病",
            "长期饮用可降血糖",
            "2026-03-05T02:00:00.000Z",
            1,
            [ids["sugar"]],
        ),
        (
            "room.host_unverified",
            "medium",
            "room",
            ROOM,
            "直播间未展示主播实名认证信息",
            XSS_SNIPPET,
            "2026-03-06T02:00:00.000Z",
            0,
            [ids["room"]],
        ),
        (
            "shop.licence_shared",
            "high",
            "shop",
            SHOP_A,
            f"统一社会信用代码 {USCC} 也由其他经营者的店铺展示：{XSS_SHOP}",
            XSS_SHOP,
            "2026-02-20T02:00:00.000Z",
            0,
            [ids["shop_a"]],
        ),
        (
            "listing.absolute_claim",
            "low",
            "listing",
            HOSTILE,
            f"商品“{XSS_TITLE}”使用绝对化用语",
            XSS_TITLE,
            "2026-03-06T02:00:00.000Z",
            0,
            [ids["hostile"]],
        ),
    ]
    fids = {}
    for check_id, sev, kind, url, msg, snippet, seen, reopened, evidence in findings:
        fid = (
            db["findings"]
            .insert(
                {
                    "check_id": check_id,
                    "severity": sev,
                    "subject_type": kind,
                    "subject_url": url,
                    "message": msg,
                    "snippet": snippet,
                    "first_seen": seen,
                    "last_seen": seen,
                    "status": "open",
                    "first_run": 1,
                    "last_run": 1,
                    "reopened": reopened,
                }
            )
            .last_pk
        )
        fids[check_id] = fid
        db["finding_evidence"].insert_all([{"finding_id": fid, "capture_id": c} for c in evidence])
    index(db)
    db.conn.close()
    return {"captures": ids, "findings": fids}
