"""Decoding, width folding and label:value pairs: the same facts whatever the bytes or markup."""

import pytest

from crawler.extract.text import fold, label_values
from toolkit.charset import decode

SHOWN = "统一社会信用代码：91330106MA2B0XXXXX 企业名称：杭州好茶贸易有限公司"
HTML = f"<html><head>{{meta}}</head><body><p>{SHOWN}</p></body></html>"


@pytest.mark.parametrize(
    ("body", "headers", "encoding"),
    [
        (
            HTML.format(meta="").encode("utf-8"),
            {"content-type": "text/html; charset=utf-8"},
            "utf-8",
        ),
        (HTML.format(meta="").encode("gbk"), {"content-type": "text/html; charset=GBK"}, "gb18030"),
        (HTML.format(meta='<meta charset="gb2312">').encode("gbk"), {}, "gb18030"),
        (
            HTML.format(
                meta='<meta http-equiv="Content-Type" content="text/html; charset=gbk">'
            ).encode("gbk"),
            {"content-type": "text/html"},
            "gb18030",
        ),
        (HTML.format(meta="").encode("gb18030"), {}, "gb18030"),  # declared nowhere
        (
            HTML.format(meta="").encode("gbk"),
            {"content-type": "text/html; charset=utf-8"},
            "gb18030",
        ),
        (HTML.format(meta='<meta charset="gbk">').encode("utf-8"), {}, "utf-8"),  # wrong meta
        (
            HTML.format(meta="").encode("gbk"),
            {"content-type": "text/html; charset=iso-8859-1"},
            "gb18030",
        ),
        (b"\xef\xbb\xbf" + HTML.format(meta="").encode("utf-8"), {}, "utf-8"),
        (HTML.format(meta="").encode("utf-16"), {}, "utf-16-le"),
    ],
    ids=[
        "utf8-header",
        "gbk-header",
        "gbk-meta-only",
        "gbk-http-equiv",
        "gb18030-undeclared",
        "gbk-declared-utf8",
        "utf8-declared-gbk",
        "gbk-declared-latin1",
        "utf8-bom",
        "utf16-bom",
    ],
)
def test_decode_reads_chinese_whatever_the_declaration(body, headers, encoding):
    text, used = decode(body, headers)
    assert SHOWN in text
    assert used == encoding


@pytest.mark.parametrize(
    "body",
    [b"", b"\x00\x01\x02\xff\xfe\xfa" * 100, bytes(range(256)) * 10, b"<html><body>\xff\xfe\x81"],
)
def test_decode_never_raises(body):
    text, encoding = decode(body, {"content-type": "text/html; charset=no-such-charset"})
    assert isinstance(text, str) and encoding


def test_decode_rare_gb18030_characters():
    text, used = decode("𠀀 㐀 €".encode("gb18030"), {"content-type": "text/html; charset=gbk"})
    assert (text, used) == ("𠀀 㐀 €", "gb18030")


@pytest.mark.parametrize(
    ("shown", "folded"),
    [
        ("０５７１－８８８８６６６６", "0571-88886666"),
        ("统一社会信用代码：９１３３", "统一社会信用代码:9133"),
        ("杭州（好茶）有限公司", "杭州(好茶)有限公司"),
        ("  邮箱\u3000\n a＠b．cn  ", "邮箱 a@b.cn"),
        ("ＡＢＣ\u200bｄ", "ABC d"),
    ],
)
def test_fold_makes_full_width_half_width_and_one_space(shown, folded):
    assert fold(shown) == folded


PAIRS = {"统一社会信用代码": "91330106MA2B0XXXXX", "联系电话": "0571-88886666"}


@pytest.mark.parametrize(
    "markup",
    [
        (
            "<table><tr><th>统一社会信用代码</th><td>91330106MA2B0XXXXX</td></tr>"
            "<tr><td>联系电话</td><td>0571-88886666</td></tr></table>"
        ),
        (
            "<table><tr><th>统一社会信用代码</th><th>联系电话</th></tr>"
            "<tr><td>91330106MA2B0XXXXX</td><td>0571-88886666</td></tr></table>"
        ),
        (
            "<table><tr><td>统一社会信用代码</td><td>91330106MA2B0XXXXX</td>"
            "<td>联系电话</td><td>0571-88886666</td></tr></table>"
        ),
        "<dl><dt>统一社会信用代码：</dt><dd>91330106MA2B0XXXXX</dd><dt>联系电话</dt><dd>0571-88886666</dd></dl>",
        "<ul><li>统一社会信用代码：91330106MA2B0XXXXX</li><li>联系电话: 0571-88886666</li></ul>",
        "<p>统一社会信用代码：91330106MA2B0XXXXX，联系电话：0571-88886666。</p>",
        "<p>统一社会信用代码 91330106MA2B0XXXXX | 联系电话 0571-88886666</p>",
        "<div>统一社会信用代码:91330106MA2B0XXXXX<br>联系电话:0571-88886666</div>",
        (
            "<div><span>统一社会信用代码</span><span>91330106MA2B0XXXXX</span></div>"
            "<div><span>联系电话：</span><span>0571-88886666</span></div>"
        ),
        (
            "<div><div>统一社会信用代码</div><div>91330106MA2B0XXXXX</div></div>"
            "<div><div>联系电话</div><div>0571-88886666</div></div>"
        ),
        "<p>统 一 社 会 信 用 代 码 ： 91330106MA2B0XXXXX  联系电话：０５７１－８８８８６６６６</p>",
    ],
    ids=[
        "th-td",
        "header-row",
        "td-td-x2",
        "dl",
        "li-colons",
        "running-text",
        "spaces-and-bar",
        "br",
        "sibling-spans",
        "sibling-divs",
        "spaced-label-full-width",
    ],
)
def test_label_values_reads_every_layout(markup):
    found = dict(label_values(f"<html><body>{markup}</body></html>"))
    assert {k: found.get(k) for k in PAIRS} == PAIRS


def test_label_values_splits_a_run_of_pairs_at_known_labels():
    html = "<p>地址：杭州市文三路100号电话：0571-8888888 营业时间：09:00-18:00</p>"
    assert label_values(html) == [
        ("地址", "杭州市文三路100号"),
        ("电话", "0571-8888888"),
        ("营业时间", "09:00-18:00"),
    ]


@pytest.mark.parametrize("doc", ["", "   ", "<<<>>>", "<html>", "\x00\x00", "<table><tr><td>"])
def test_label_values_of_nothing_is_empty(doc):
    assert label_values(doc) == []


@pytest.mark.parametrize(
    "text",
    [
        "¥ 39.00",
        "￥39",
        "39 元",
        "RMB 12",
        "rmb12",
        "Cny 8",
        "价格 39",
        "RMB",
        "元宵节",
        "Ｒｍｂ 5",
    ],
)
def test_a_price_is_seen_as_the_pattern_sees_it(text):
    """links.shows_price looks for the pattern only where a money mark is: same answer."""
    from crawler.extract.links import PRICE_HINT, shows_price

    assert shows_price(text) is (PRICE_HINT.search(text) is not None)
    assert shows_price(f"<{text}> 还有很多别的字 " * 20) is (PRICE_HINT.search(text) is not None)


def test_squeezing_white_space_is_the_pattern_s_answer_for_any_text():
    """text.squeeze takes str.split's road where no zero-width space is: same answer."""
    import random

    from crawler.extract.text import _WS, squeeze

    rng = random.Random(7)
    alphabet = " \t\n\r\x0b\x0c\x1c\x1f\xa0\u3000\u2009\u200b\u200c\u200d\u2060\ufeffa：电1"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert squeeze(text) == _WS.sub(" ", text).strip(), repr(text)


def test_the_first_words_of_an_element_are_those_its_text_iterator_gives_first():
    """text.FirstWords walks the children itself, each once a tree: the same answer as lxml's
    itertext, on random trees with comments, instructions, scripts and blank stretches, asked
    in any order."""
    import random

    import lxml.etree

    from crawler.extract.text import FirstWords

    parser = lxml.etree.HTMLParser()  # comments and instructions kept, as a page may have
    pieces = ["<b>", "</b>", "<i>", "</i>", "<span>", "</span>", "<!-- c -->", "<?pi x?>"]
    pieces += ["<script>s</script>", "<br>", " ", "\n\t", "\u3000", "商品评价", "x", "<p>"]
    pieces += ["<div><img><img></div>"] * 3
    rng = random.Random(5)
    checked = 0
    for _ in range(3_000):
        body = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 16)))
        root = lxml.etree.fromstring(f"<div>{body}</div>", parser)
        found = list(root.iter(lxml.etree.Element))
        rng.shuffle(found)
        first = FirstWords()
        for el in found:
            expected = next((p for p in map(str.lstrip, el.itertext()) if p), "")
            assert first[el] == expected, body
            checked += 1
    assert checked > 10_000
