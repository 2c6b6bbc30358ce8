"""facts["pairs"]: label/value pairs laid out as table rows, columns, dt/dd and checkboxes."""

from crawler.extract.pages import extract

LISTING = "<h1>纯棉T恤</h1><p>券后价 ¥59</p><button>立即购买</button>{}"


def pairs_of(page, fragment):
    facts = extract(page(LISTING.format(fragment), url="http://shop.test/goods/1"))
    assert facts["role"] == "listing"
    return [(p["label"], p["value"], p["row"]) for p in facts["pairs"]]


def test_a_two_cell_row_and_the_last_two_cells_of_a_longer_row(page):
    html = (
        "<table><tr><th>七天无理由退货</th><td>不支持</td></tr>"
        "<tr><td>服务说明</td><td>运费险</td><td>赠送</td></tr></table>"
    )
    assert pairs_of(page, html) == [("七天无理由退货", "不支持", 1), ("运费险", "赠送", 2)]


def test_columns_under_a_header_row_share_their_row(page):
    html = (
        "<table><tr><th>买家</th><th>手机</th></tr><tr><td>张*</td><td>139****6684</td></tr>"
        "<tr><td>李*</td><td>138****5678</td></tr></table>"
    )
    assert pairs_of(page, html) == [
        ("买家", "张*", 1),
        ("手机", "139****6684", 1),
        ("买家", "李*", 2),
        ("手机", "138****5678", 2),
    ]


def test_definition_lists_and_checkboxes(page):
    html = (
        "<dl><dt>退换政策</dt><dd>不支持退换</dd></dl>"
        "<label><input type='checkbox'> 我已知悉本商品不支持七天无理由退货</label>"
    )
    assert pairs_of(page, html) == [
        ("退换政策", "不支持退换", 1),
        ("勾选确认", "我已知悉本商品不支持七天无理由退货", 2),
    ]


def test_the_platform_footer_is_left_out(page):
    html = "<footer><table><tr><th>客服热线</th><td>400-123-4567</td></tr></table></footer>"
    assert pairs_of(page, html) == []


def test_blocks_that_read_label_then_value_from_their_own_elements(page):
    html = (
        "<ul><li><b>七天无理由</b><i>不支持</i></li><li><b>发货</b><i>48小时内</i></li></ul>"
        "<div><h3>收货信息</h3><p><span>收货人</span>王建国</p>"
        "<p><span>收货地址</span>浙江省杭州市西湖区文三路90号</p><p>已发货</p></div>"
    )
    found = pairs_of(page, html)
    assert [(a, b) for a, b, _ in found] == [
        ("七天无理由", "不支持"),
        ("发货", "48小时内"),
        ("收货人", "王建国"),
        ("收货地址", "浙江省杭州市西湖区文三路90号"),
    ]
    rows = [r for _, _, r in found]
    assert rows[0] == rows[1] and rows[2] == rows[3] and rows[1] != rows[2]  # one box, one row


def test_a_mark_before_a_service_is_its_verdict(page):
    html = "<ul><li><i>✗</i>七天无理由退货<em>特价商品</em></li><li><i>✓</i>正品保障</li></ul>"
    assert [(a, b) for a, b, _ in pairs_of(page, html)] == [
        ("七天无理由退货特价商品", "✗"),
        ("正品保障", "✓"),
    ]


def test_a_paragraph_with_bold_words_is_no_pair(page):
    assert pairs_of(page, "<p>面料 <b>纯棉</b> 亲肤透气，四季可穿。</p>") == []


def test_a_row_header_under_two_header_rows_names_each_column(page):
    html = (
        "<table><thead><tr><th rowspan='2'>服务项目</th><th colspan='2'>商品状态</th></tr>"
        "<tr><th>未拆封</th><th>已拆封</th></tr></thead><tbody>"
        "<tr><th>七天无理由退货</th><td>支持</td><td>不支持</td></tr>"
        "<tr><th>店铺客服</th><td colspan='2'>0571-88886666</td></tr></tbody></table>"
    )
    assert pairs_of(page, html) == [
        ("七天无理由退货 未拆封", "支持", 1),
        ("七天无理由退货 已拆封", "不支持", 1),
        ("店铺客服", "0571-88886666", 2),  # a cell across both columns has no one heading
    ]


def test_a_section_heading_and_a_menu_row_are_no_pairs(page):
    html = (
        "<div><div><h3>看了又看</h3><ul><li>大胃王挑战 辣条 ¥69.90</li></ul></div>"
        "<div><span>医药健康</span><div><a href='/c/1'>医疗器械</a><a href='/c/2'>理疗仪</a>"
        "<a href='/c/3'>治疗仪</a></div></div>"
        "<div><b>退换</b><i>不支持</i></div></div>"
    )
    assert pairs_of(page, html) == [("退换", "不支持", 1)]
