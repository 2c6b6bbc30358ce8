"""Page regions: an item page's own words apart from reviews, Q&A, recommendations, the seller
box and the platform's service notices (crawler.extract.regions), in several markups."""

from __future__ import annotations

import pytest

from crawler.extract.assemble import assemble
from crawler.extract.pages import extract

BUY = "<a href='/cart?id=1'>加入购物车</a><a href='/buy?id=1'>立即购买</a>"
FOOTER = (
    "<div><p>关于我们 | 帮助中心 | 联系客服</p><p>某某商城 客服电话：400-800-1234 "
    "京ICP备12345678号 京公网安备 11000002000001号</p></div>"
)


def item(*, reviews="", qa="", reco="", seller="", service="", tabs="", extra=""):
    return (
        "<html><head><title>玫瑰花茶 100g 罐装-某某商城</title></head><body>"
        "<div><a href='/'>首页</a> <a href='/login'>登录</a> <a href='/cart'>购物车</a></div>"
        f"<div><h1>玫瑰花茶 100g 罐装</h1><p>价格：<b>¥39.00</b></p>{BUY}"
        "<p>运费险 最高可报10元</p></div>"
        f"{seller}{tabs}<div><h3>商品详情</h3><p>平阴重瓣玫瑰，花香浓郁。</p></div>"
        f"{extra}{reviews}{qa}{reco}{service}{FOOTER}</body></html>"
    )


REVIEWS = {
    "h3 section": "<div><h3>商品评价</h3><ul><li>张三：喝了治好了我的失眠，全网第一！</li></ul></div>",
    "count in heading": "<section><h2>累计评价(1.2万+)</h2><p>买家：治疗失眠，第一好喝</p></section>",
    "dt and dd": "<dl><dt>买家评价</dt><dd>治疗失眠有效，第一名</dd></dl>",
}
QA = "<div><h3>问大家</h3><p>问：能治疗失眠吗？答：不能，这是茶。</p></div>"
RECO = (
    "<div><h3>看了又看</h3><ul><li><a href='/p/2'>高仿 LV 老花包 1:1</a> ¥99.00</li>"
    "<li><a href='/p/3'>降压茶 治疗高血压 第一品牌</a> ¥58.00</li></ul></div>"
)
SELLER = "<div><p>花间茶舍 <a href='/shop/9'>进店逛逛</a> 客服电话：0531-8888 6666</p></div>"


def listing(page, html: str):
    facts = extract(page(html, url="http://m.test/p/1"))
    assert facts["role"] == "listing"
    return facts, assemble([{**facts, "capture_id": 1}]).listings[0]


@pytest.mark.parametrize("markup", sorted(REVIEWS))
def test_reviews_are_not_the_listings_words(page, markup):
    facts, view = listing(page, item(reviews=REVIEWS[markup]))
    assert "reviews" in facts["regions"]
    assert "治疗" not in view.text and "第一" not in view.text
    assert "失眠" in view.others_text  # kept apart: public, but a buyer's words


def test_questions_and_answers_are_not_the_listings_words(page):
    facts, view = listing(page, item(qa=QA))
    assert "qa" in facts["regions"] and "治疗" not in view.text and "治疗" in view.others_text


def test_recommended_goods_are_not_the_listing_and_their_prices_are_not_its_price(page):
    facts, view = listing(page, item(reco=RECO))
    assert "高仿" not in view.text and "高血压" not in view.text
    assert view.offered_price == 39.0
    assert {p["value"] for p in facts["prices"]} == {39.0}


def test_a_service_cap_is_no_price_of_the_item(page):
    facts, _view = listing(page, item())
    assert 10.0 not in {p["value"] for p in facts["prices"]}


def test_the_seller_box_is_not_the_listings_words_but_its_contacts_are_kept(page):
    facts, view = listing(page, item(seller=SELLER))
    assert "seller" in facts["regions"] and "花间茶舍" not in view.text
    phone = next(d for d in facts["disclosures"] if d["key"] == "phone" and not d["chrome"])
    assert phone["region"] == "seller" and phone["value"].startswith("0531")


def test_a_tab_bar_names_the_blocks_it_leads_to(page):
    tabs = (
        "<ul><li><a href='#detail'>商品介绍</a></li><li><a href='#comment'>商品评价(86)</a></li>"
        "<li><a href='#ask'>问大家</a></li></ul>"
    )
    blocks = (
        "<div id='detail'><p>产自山东平阴，当季鲜花窨制。</p></div>"
        "<div id='comment'><p>138****0000：包治百病，全网第一</p></div>"
        "<div id='ask'><p>问：孕妇能喝吗？答：请遵医嘱。</p></div>"
    )
    facts, view = listing(page, item(tabs=tabs, extra=blocks))
    assert {"reviews", "qa", "description"} <= set(facts["regions"])
    assert "全网第一" not in view.text and "孕妇" not in view.text
    assert "平阴" in view.description


def test_the_sites_footer_beside_its_icp_filing_is_chrome(page):
    facts, _view = listing(page, item())
    hotline = [d for d in facts["disclosures"] if d["value"].startswith("400")]
    assert hotline and all(d["chrome"] for d in hotline)


def test_a_review_count_beside_the_price_heads_no_region(page):
    html = item().replace("<b>¥39.00</b></p>", "<b>¥39.00</b></p><span>累计评价 1124+</span>")
    facts, view = listing(page, html)
    assert view.offered_price == 39.0 and "reviews" not in facts["regions"]


def test_a_shop_page_keeps_its_own_disclosures_beside_its_recommendations(page):
    html = (
        "<html><head><title>花间茶舍-某某商城</title></head><body><div><h1>花间茶舍</h1>"
        "<p>店铺名称：花间茶舍</p><p>联系电话：0531-8888 6666</p></div>"
        "<div><h3>店铺推荐</h3><ul>"
        + "".join(f"<li><a href='/p/{i}'>玫瑰花茶 {i} 号</a> ¥{30 + i}.00</li>" for i in range(6))
        + f"</ul></div>{FOOTER}</body></html>"
    )
    facts = extract(page(html, url="http://m.test/shop/9"))
    assert facts["role"] == "shop"
    assert any(d["key"] == "phone" and not d["chrome"] for d in facts["disclosures"])


@pytest.mark.parametrize(
    "answer",
    [
        "<div><i>答</i><div>本店商品不退不换</div><div>商家回复</div></div>",
        "<p>商家回复：亲，本店商品不退不换哦</p>",
    ],
    ids=["mark beside the answer", "inline"],
)
def test_the_sellers_own_reply_among_questions_is_the_listings_words(page, answer):
    qa = f"<div><h3>问大家</h3><p>问：能治疗失眠吗？答：能。</p>{answer}</div>"
    facts, view = listing(page, item(qa=qa))
    assert "seller_answer" in facts["regions"]
    assert "不退不换" in view.text  # the shop's refusal is the shop's
    assert "治疗" not in view.text and "治疗" in view.others_text  # the buyer's words are not


@pytest.mark.parametrize(
    "heading",
    [
        "<h3>\u3000商品评价</h3>",  # an ideographic space before it
        "<h3>\u200b商品评价</h3>",  # a zero-width space before it
        "<h3> <b> 商品评价</b></h3>",  # its words in a child, after white space
        "<h3>\uff08\u5546\u54c1\u8bc4\u4ef7\uff09</h3>",  # wrapped: not a heading
    ],
    ids=["ideographic space", "zero-width space", "in a child", "wrapped in brackets"],
)
def test_a_heading_is_judged_by_its_folded_words_however_it_is_written(page, heading):
    facts, view = listing(page, item(reviews=f"<div>{heading}<p>张三：治疗失眠，第一！</p></div>"))
    wrapped = "\uff08" in heading
    assert ("reviews" in facts["regions"]) is not wrapped
    assert ("治疗" in view.text) is wrapped


def test_no_character_outside_the_openers_folds_to_the_start_of_a_heading():
    """The pre-check of crawler.extract.regions passes over an element whose first visible
    character is not an opener: no such character may fold to a heading term's beginning."""
    from crawler.extract import labels
    from crawler.extract.regions import _HEADING_WORDS, _openers
    from crawler.extract.text import fold

    openers = _openers()
    terms = sorted({t for n in _HEADING_WORDS for t in labels.vocabulary(n)})
    firsts = {t[0].lower() for t in terms}
    assert {"商", "评", "问"} <= openers and "x" not in openers and "<" not in openers
    for code in range(0x10000):
        ch = chr(code)
        if ch in openers or 0xD800 <= code <= 0xDFFF:
            continue
        folded = fold(ch + "x")
        assert not folded or folded[0].lower() not in firsts, hex(code)
    assert {"\uff24", "\u24d3", "\ufa1d"} <= openers  # Ｄ, ⓓ, a compatibility form of 精
