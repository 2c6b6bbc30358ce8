"""What a shop discloses: the same facts in any markup; platform chrome flagged; ICP/QQ ≠ phone."""

import json

import pytest

from crawler.extract.pages import extract

USCC, NAME, PHONE, EMAIL = (
    "91330106MA2B0XXXXX",
    "杭州好茶贸易有限公司",
    "0571-88886666",
    "kf@haocha.cn",
)
ADDRESS = "浙江省杭州市西湖区文三路100号"
EXPECTED = {("uscc", USCC), ("phone", PHONE), ("email", EMAIL), ("address", ADDRESS)}

JSONLD = {
    "@context": "https://schema.org",
    "@type": "Store",
    "name": "好茶旗舰店",
    "legalName": NAME,
    "taxID": USCC,
    "telephone": PHONE,
    "email": EMAIL,
    "address": {
        "@type": "PostalAddress",
        "addressRegion": "浙江省",
        "addressLocality": "杭州市西湖区",
        "streetAddress": "文三路100号",
    },
}
MARKUPS = {
    "table": f"<table><tr><th>企业名称</th><td>{NAME}</td></tr><tr><th>统一社会信用代码</th><td>{USCC}</td></tr>"
    f"<tr><th>联系电话</th><td>{PHONE}</td></tr><tr><th>电子邮箱</th><td>{EMAIL}</td></tr>"
    f"<tr><th>经营地址</th><td>{ADDRESS}</td></tr></table>",
    "dl": f"<dl><dt>名称</dt><dd>{NAME}</dd><dt>社会信用代码</dt><dd>{USCC}</dd><dt>客服电话</dt>"
    f"<dd>{PHONE}</dd><dt>邮箱</dt><dd>{EMAIL}</dd><dt>地址</dt><dd>{ADDRESS}</dd></dl>",
    "running-full-width": f"<p>公司名称：{NAME}，统一社会信用代码：{USCC}；联系电话：０５７１－８８８８６６６６，"
    f"E-mail：{EMAIL}。联系地址：{ADDRESS}</p>",
    "running-half-width": f"<div>主体名称: {NAME} | 信用代码: {USCC} | 电话: {PHONE} | 邮箱: {EMAIL}"
    f" | 住所: {ADDRESS}</div>",
    "spans-odd-colons": f"<div><span>公司名称 ：</span><span>{NAME}</span></div><div><span>营业执照注册号"
    f"：</span><span> {USCC}</span></div><div><span>客服热线 ：</span><span>{PHONE}（9:00-21:00）"
    f"</span></div><div><span>联系邮箱：</span><span>{EMAIL}</span></div><div><span>经营地址 ："
    f"</span><span>{ADDRESS}</span></div>",
    "br-lines-then-footer": f"<p>企业名称：{NAME}<br>信用代码：{USCC}<br>客服热线：{PHONE}（工作日）"
    f"<br>电子邮件：{EMAIL}<br>经营地址：{ADDRESS} Copyright © 2026 {NAME} 浙ICP备12345678号</p>",
    "jsonld": f'<script type="application/ld+json">{json.dumps(JSONLD, ensure_ascii=False)}</script>',
    "microdata": f'<div itemscope itemtype="https://schema.org/Organization"><span itemprop="legalName">{NAME}'
    f'</span><span itemprop="taxID">{USCC}</span><span itemprop="telephone">{PHONE}</span>'
    f'<a itemprop="email" href="mailto:{EMAIL}">{EMAIL}</a><div itemprop="address">{ADDRESS}</div></div>',
}


def facts_of(fragment, page):
    return {
        (d["key"], d["value"]) for d in extract(page(fragment))["disclosures"] if not d["chrome"]
    }


@pytest.mark.parametrize("markup", MARKUPS.values(), ids=MARKUPS.keys())
def test_same_disclosures_in_every_markup(markup, page):
    assert EXPECTED <= facts_of(markup, page)


@pytest.mark.parametrize("markup", MARKUPS.values(), ids=MARKUPS.keys())
def test_the_name_is_registered_name_on_a_licence_or_operator_in_structured_data(markup, page):
    names = {(k, v) for k, v in facts_of(markup, page) if v == NAME}
    assert names & {("registered_name", NAME), ("operator", NAME)}


@pytest.mark.parametrize(
    ("fragment", "key", "value"),
    [
        ("<p>经营者：杭州好茶贸易有限公司 <a href='/l'>查看营业执照</a></p>", "operator", NAME),
        ("<p>经营主体：杭州好茶贸易有限公司</p>", "operator", NAME),
        ("<p>法定代表人：王五</p>", "legal_rep", "王五"),
        ("<p>食品经营许可证：JY13301060012345</p>", "permit", "JY13301060012345"),
        ("<p>许可证编号：JY13301060012345</p>", "permit", "JY13301060012345"),
        ("<p>仅销售预包装食品备案：YB13301060012345</p>", "filing", "YB13301060012345"),
        (
            "<p>第二类医疗器械经营备案凭证编号：浙杭食药监械经营备20180001号</p>",
            "filing",
            "浙杭食药监械经营备20180001号",
        ),
        (
            "<p>本店为个人卖家，依法不需要办理市场主体登记。</p>",
            "exempt",
            "本店为个人卖家,依法不需要办理市场主体登记。",
        ),
        ("<p>店铺名称：好茶旗舰店</p>", "shop_name", "好茶旗舰店"),
        ("<a href='tel:13800138000'>拨打</a>", "phone", "13800138000"),
        ("<a href='mailto:kf@haocha.cn'>写信</a>", "email", EMAIL),
        ("<p>联系方式：kf@haocha.cn</p>", "email", EMAIL),
        ("<img src='/lic.jpg' alt='营业执照'>", "licence_image", "http://shop.test/lic.jpg"),
    ],
)
def test_each_disclosure_gets_its_key(fragment, key, value, page):
    assert (key, value) in facts_of(fragment, page)


def test_permit_kind_is_kept_in_the_label(page):
    found = extract(page("<p>医疗器械经营许可证：浙杭食药监械经营许20170001号</p>"))["disclosures"]
    assert [(d["key"], d["label"]) for d in found] == [("permit", "医疗器械经营许可证")]


@pytest.mark.parametrize(
    ("fragment", "key", "value"),
    [
        ("<p>客服QQ：12345678</p>", "qq", "12345678"),
        ("<p>联系方式：QQ 12345678</p>", "qq", "12345678"),
        ("<p>微信：haocha_kf</p>", "wechat", "haocha_kf"),
        ("<p>联系方式：微信 haocha_kf</p>", "wechat", "haocha_kf"),
        ("<p>浙ICP备12345678号-1</p>", "icp", "浙ICP备12345678号-1"),
        ("<p>备案号：浙ICP备12345678号</p>", "icp", "浙ICP备12345678号"),
        ("<p>浙公网安备 33010602000001号</p>", "icp", "浙公网安备 33010602000001号"),
    ],
)
def test_icp_qq_and_wechat_are_never_phones(fragment, key, value, page):
    found = facts_of(fragment, page)
    assert (key, value) in found
    assert not [v for k, v in found if k == "phone"]


PLATFORM = (
    "<header role='banner'>某某商城 客服热线：400-123-4567</header><nav><a href='/'>首页</a></nav>{}"
    "<footer>©2024 某某商城网络科技有限公司 版权所有 浙ICP备12345678号 统一社会信用代码：91330100MA27XXXX8L</footer>"
)


def test_platform_header_and_footer_are_flagged_chrome(page):
    found = extract(page(PLATFORM.format(f"<main><p>联系电话：{PHONE}</p></main>")))["disclosures"]
    chrome = {(d["key"], d["value"]) for d in found if d["chrome"]}
    own = {(d["key"], d["value"]) for d in found if not d["chrome"]}
    assert own == {("phone", PHONE)}
    assert chrome == {
        ("phone", "400-123-4567"),
        ("operator", "某某商城网络科技有限公司"),
        ("icp", "浙ICP备12345678号"),
        ("uscc", "91330100MA27XXXX8L"),
    }


def test_a_sections_own_footer_is_not_chrome(page):
    html = f"<article><p>好茶</p><footer>联系电话：{PHONE}</footer></article>"
    assert ("phone", PHONE) in facts_of(html, page)


def test_invalid_and_huge_jsonld_never_spoil_the_page(page):
    bad = '<script type="application/ld+json">{"@type": "Store", "name": </script>'
    huge = '<script type="application/ld+json">{"x": "' + "a" * 2_000_000 + '"}</script>'
    found = facts_of(bad + huge + f"<p>联系电话：{PHONE}</p>", page)
    assert found == {("phone", PHONE)}


@pytest.mark.parametrize(
    ("fragment", "operator"),
    [
        ("<p>© 2026 北京 稻香斋 食品有限公司</p>", "北京 稻香斋 食品有限公司"),
        ("<p>宁波甬集电子商务有限公司 版权所有 Copyright © 2026</p>", "宁波甬集电子商务有限公司"),
        ("<p>Copyright © 杭州好茶贸易有限公司 All rights reserved</p>", NAME),
    ],
)
def test_copyright_names_an_operator(fragment, operator, page):
    assert ("operator", operator) in facts_of(fragment, page)


def test_a_qq_number_in_a_phone_field_is_not_a_phone(page):
    html = "<table><tr><th>联系电话</th><td>暂未开通，请联系客服QQ：2853346712</td></tr></table>"
    found = facts_of(html, page)
    assert ("qq", "2853346712") in found
    assert not [v for k, v in found if k == "phone"]
