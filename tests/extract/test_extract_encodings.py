"""Undeclared pages that are not GB18030: Big5 (Taiwan, Hong Kong), Shift-JIS, UTF-16.

The bytes are real: genuine Traditional Chinese and Japanese shop text encoded with Python's
codecs, served without a charset in the header or a `<meta>`. Extraction, the report and
the UI read them with one decoder (`toolkit.charset.decode`).
"""

from __future__ import annotations

import asyncio

import pytest

from crawler.extract.pages import extract
from crawler.items import Page
from toolkit.charset import decode, web_charset

BIG5_SHOP = (
    "<html><head><title>阿里山高山茶專賣店</title></head><body><h1>阿里山高山茶專賣店</h1>"
    "<p>公司名稱：阿里山茶葉股份有限公司</p><p>統一編號：12345678</p>"
    "<p>商品：台灣烏龍茶 150克，售價 NT$ 680 元。七天鑑賞期，退換貨請聯繫客服。</p>"
    "<p>聯絡電話：(02) 2345-6789</p></body></html>"
)
HK_SHOP = (
    "<html><head><title>香港旺角藥房</title></head><body><h1>維他命C 咀嚼片</h1>"
    "<p>價錢：港幣 88 元，買二送一。門市地址：九龍旺角彌敦道 600 號</p></body></html>"
)
SJIS_SHOP = (
    "<html><head><title>抹茶専門店 京都宇治</title></head><body><h1>宇治抹茶 100g</h1>"
    "<p>価格：3,240円（税込）。特定商取引法に基づく表記：販売業者 株式会社お茶の京都、"
    "所在地 京都府宇治市。返品は商品到着後7日以内にご連絡ください。</p></body></html>"
)
GB_SHOP = (
    "<html><head><title>正品运动鞋专卖店</title></head><body><h1>高仿耐克运动鞋</h1>"
    "<p>营业执照：统一社会信用代码 91330100MA27XXXX1X。售价 99 元。</p></body></html>"
)
HTML = {"content-type": "text/html"}  # no charset: undeclared


@pytest.mark.parametrize(
    "text, codec, found",
    [
        (BIG5_SHOP, "big5", "big5"),
        (BIG5_SHOP * 2000, "big5", "big5"),  # past the detector's sample
        (SJIS_SHOP * 2000, "shift_jis", ("shift_jis", "cp932")),
        (HK_SHOP, "big5hkscs", ("big5", "big5hkscs")),
        (SJIS_SHOP, "shift_jis", ("shift_jis", "cp932")),
        (SJIS_SHOP, "euc_jp", "euc_jp"),
        (GB_SHOP, "utf-16-le", "utf-16-le"),
        (GB_SHOP, "utf-16-be", "utf-16-be"),
        (GB_SHOP, "gb18030", "gb18030"),
        ("<p>店铺名称：张三食品</p>", "gb18030", "gb18030"),  # short GB stays GB
        ("<p>店鋪名稱：張三食品</p>", "gb18030", "gb18030"),  # traditional characters in GBK
        ("<p>店鋪名稱：張三食品</p>", "big5", "big5"),
    ],
)
def test_an_undeclared_page_is_read_in_its_own_encoding(text, codec, found):
    decoded, used = decode(text.encode(codec), HTML)
    assert decoded == text
    assert used in (found if isinstance(found, tuple) else (found,))


def test_big5_bytes_also_decode_as_gb18030_which_is_why_detection_is_needed():
    garbled = BIG5_SHOP.encode("big5").decode("gb18030")  # no error: only wrong characters
    assert garbled != BIG5_SHOP


@pytest.mark.parametrize(
    "headers, meta, expected",
    [
        ({"content-type": "text/html; charset=big5"}, "", "big5"),
        (HTML, '<meta charset="big5">', "big5"),
        (HTML, '<meta http-equiv="Content-Type" content="text/html; charset=Big5">', "big5"),
    ],
)
def test_a_declared_charset_comes_before_detection(headers, meta, expected):
    body = BIG5_SHOP.replace("<head>", f"<head>{meta}").encode("big5")
    text, used = decode(body, headers)
    assert used == expected and "阿里山茶葉股份有限公司" in text


@pytest.mark.parametrize(
    "text, codec, heading",
    [
        (BIG5_SHOP, "big5", "阿里山高山茶專賣店"),
        (SJIS_SHOP, "shift_jis", "宇治抹茶 100g"),
        (GB_SHOP, "utf-16-le", "高仿耐克运动鞋"),
    ],
)
def test_extraction_reads_the_title_and_text_of_an_undeclared_page(text, codec, heading):
    facts = extract(Page(url="http://shop.test/1", body=text.encode(codec), headers=HTML))
    assert facts["title"] == heading  # the page's own heading, read in its encoding
    assert heading in facts["text"]


@pytest.mark.parametrize(
    "codec, label",
    [
        ("big5", "big5"),
        ("cp932", "shift_jis"),
        ("shift_jis", "shift-jis"),
        ("euc_jp", "euc-jp"),
        ("utf-16-le", "utf-16le"),
        ("gb18030", "gb18030"),
    ],
)
def test_codecs_are_labelled_the_way_browsers_read_them(codec, label):
    assert web_charset(codec) == label


def test_the_ui_serves_an_undeclared_capture_with_the_charset_extraction_used(tmp_path):
    from storage.warc import CaptureStore
    from tests.ui.casedb import served

    path = tmp_path / "enc.db"
    store = CaptureStore(path, run_id=1)
    ids = {
        codec: store.record_response(
            url=f"http://shop.test/{codec}",
            response_headers={"Content-Type": "text/html"},
            body=text.encode(codec),
        )
        for text, codec in ((BIG5_SHOP, "big5"), (SJIS_SHOP, "shift_jis"), (GB_SHOP, "gb18030"))
    }
    store.close()
    ds = served(path)
    for codec, text in (("big5", BIG5_SHOP), ("shift_jis", SJIS_SHOP), ("gb18030", GB_SHOP)):
        response = asyncio.run(ds.client.get(f"/-/capture/{ids[codec]}"))
        assert response.status_code == 200
        assert response.content == text.encode(codec)  # the bytes as captured
        charset = response.headers["content-type"].split("charset=")[1]
        assert response.content.decode(charset) == text
