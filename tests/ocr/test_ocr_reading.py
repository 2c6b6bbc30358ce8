"""Reading licence images offline: real OCR on scans drawn by the demo, fields, USCC readings."""

from __future__ import annotations

import pytest

from checks.identifiers import uscc_problem
from crawler import licence_images, ocr
from greenroom_demo import licence_images as draw
from greenroom_demo.catalog import SHOP_BY_ID

LICENCE = SHOP_BY_ID[1].licence  # the demo's own: 杭州山间茶业有限公司, with a business scope


def read_fields(data: bytes, engine: str = "rapidocr") -> dict[str, list[str]]:
    result = ocr.read(data, engine)
    out: dict[str, list[str]] = {}
    for d in licence_images.fields([ln.text for ln in result.lines]):
        out.setdefault(d["key"], []).append(d["value"])
    return out


@pytest.mark.parametrize(
    ("shown", "read"),
    [
        ("9133O1O6MA2H3K5XIN", "91330106MA2H3K5X1N"),  # O and I: only 0 and 1 are allowed
        ("91330106MA2H3K5S1Z", "91330106MA2H3K5512"),  # S → 5, Z → 2
        ("9l33o106ma2h3k5x1n", "91330106MA2H3K5X1N"),  # lower case: l → 1, o → 0
        ("9133 0106-MA2H 3K5X 1N", "91330106MA2H3K5X1N"),  # spaces and hyphens dropped
        ("９１３３０１０６ＭＡ２Ｈ３Ｋ５Ｘ１Ｎ", "91330106MA2H3K5X1N"),  # full width folded
        ("91330106MA2H3K5V1N", "91330106MA2H3K5V1N"),  # V: U or Y? left as read
    ],
)  # fmt: skip
def test_a_code_read_from_an_image_takes_the_one_reading_gb32100_allows(shown, read):
    assert licence_images.fix_uscc(shown) == read


def test_a_code_still_invalid_after_the_readings_stays_invalid():
    assert uscc_problem(licence_images.fix_uscc("91330106MA2H3K5V1N"))


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["统一社会信用代码91330106MA27W1N51N"], {"uscc": "91330106MA27W1N51N"}),
        (["统一社会信用代码", "9133O106MA27W1N51N"], {"uscc": "91330106MA27W1N51N"}),
        (["名 称 杭州山间茶业有限公司"], {"registered_name": "杭州山间茶业有限公司"}),
        (["名称：杭州山间茶业有限公司"], {"registered_name": "杭州山间茶业有限公司"}),
        (["法定代表人 周明", "住所 浙江省杭州市西湖区龙井路118号"],
         {"legal_rep": "周明", "address": "浙江省杭州市西湖区龙井路118号"}),
        (["许可证编号：JY13301060023417"], {"permit": "JY13301060023417"}),
        (["类型 有限责任公司", "经营范围 茶叶销售", "成立日期 2018年05月16日", "营业执照"], {}),
    ],
)  # fmt: skip
def test_fields_come_from_ocr_lines_through_the_page_vocabulary(lines, expected):
    found = {d["key"]: d["value"] for d in licence_images.fields(lines)}
    assert found == expected


def test_fields_read_from_an_image_are_labelled_so_and_keep_the_line_as_read():
    (d,) = licence_images.fields(["统一社会信用代码 9133O106MA27W1N51N"])
    assert d["label"] == "图片识别:统一社会信用代码（识别原文 9133O106MA27W1N51N）"
    assert d["value"] == "91330106MA27W1N51N"


@pytest.mark.parametrize(
    ("licence", "quality", "seed"),
    [
        (LICENCE, "clean", 1),
        (LICENCE, "rough", 2),
        (LICENCE, "rough", 5),
        (SHOP_BY_ID[17].licence, "clean", 17),
        (SHOP_BY_ID[20].licence, "rough", 20),
    ],
)
def test_rapidocr_reads_name_and_code_exactly_from_a_generated_scan(licence, quality, seed):
    found = read_fields(draw.licence_image(licence, seed=seed, quality=quality))
    assert found.get("registered_name") == [licence.name]
    assert found.get("uscc") == [licence.uscc]


def test_an_invalid_code_is_read_as_shown_not_corrected():
    licence = SHOP_BY_ID[17].licence  # its check character is wrong (shop.uscc_invalid)
    found = read_fields(draw.licence_image(licence, seed=3))
    assert found["uscc"] == [licence.uscc]
    assert uscc_problem(found["uscc"][0])


@pytest.mark.parametrize("quality", ["blank", "unreadable"])
def test_a_blank_or_unreadable_scan_yields_no_field(quality):
    assert read_fields(draw.licence_image(LICENCE, seed=4, quality=quality)) == {}


def test_the_ocr_result_names_its_engine_and_version():
    result = ocr.read(draw.licence_image(LICENCE, seed=1))
    assert result.engine.startswith("rapidocr-onnxruntime 1.")
    assert LICENCE.name in result.text
    assert result.as_json()["engine"] == result.engine


def test_bytes_that_are_no_image_are_refused():
    with pytest.raises(ValueError, match="not an image"):
        ocr.read(b"<html>not an image</html>")


def test_an_unknown_engine_is_reported_unavailable():
    usable, why = ocr.engine_status("no-such-engine")
    assert not usable and "no-such-engine" in why


def box(text, x, y, w, h=28, slope=0.0):
    """An OCR box: text, confidence and four corners, its baseline falling by `slope`."""
    return (text, 0.9, [(x, y), (x + w, y + w * slope), (x + w, y + w * slope + h), (x, y + h)])


def test_boxes_of_a_skewed_scan_are_joined_into_lines():
    slope = 0.07  # 4°: across 300 px the baseline drops by 21 px, most of a line's height
    boxes = [
        box("名称", 90, 100, 60, slope=slope),
        box("杭州山间茶业有限公司", 230, 100 + 140 * slope, 280, slope=slope),
        box("法定代表人", 90, 150, 140, slope=slope),
        box("周明", 230, 150 + 140 * slope, 56, slope=slope),
    ]
    lines = [ln.text for ln in ocr.join_lines(boxes)]
    assert lines == ["名称 杭州山间茶业有限公司", "法定代表人 周明"]


def test_a_second_column_far_to_the_right_is_a_line_of_its_own():
    boxes = [
        box("名称 杭州山间茶业有限公司", 90, 100, 340),
        box("注册资本 壹佰万元", 700, 100, 240),
    ]
    lines = [ln.text for ln in ocr.join_lines(boxes)]
    assert lines == ["名称 杭州山间茶业有限公司", "注册资本 壹佰万元"]


@pytest.mark.skipif(
    not ocr.engine_status("tesseract")[0], reason="tesseract is an optional engine, not installed"
)
def test_tesseract_reads_the_code_of_a_clean_scan_when_installed():
    found = read_fields(draw.licence_image(LICENCE, seed=1), "tesseract")
    assert LICENCE.uscc in found.get("uscc", [])
