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
