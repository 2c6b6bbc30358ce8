"""Reference files: the shipped defaults load; a bad file names the file, line and problem."""

import pytest

from checks.reference import (
    ReferenceFileError,
    default_reference,
    load_brands,
    load_green_registry,
)


def test_shipped_brands_are_many_and_well_formed():
    brands = default_reference("2025-06-01").brands
    assert len(brands) >= 40
    names = {b["brand"] for b in brands}
    assert {"Louis Vuitton", "Rolex", "Nike", "SK-II", "Apple", "Dyson", "Moutai"} <= names
    assert all(b["reference_price"] > 0 and b["source"] for b in brands)
    lv = next(b for b in brands if b["brand"] == "Louis Vuitton")
    assert "LV" in lv["aliases"] and "路易威登" in lv["aliases"]


def test_default_reference_carries_the_date_and_registry():
    ref = default_reference("2025-06-01")
    assert ref.today == "2025-06-01"
    assert ref.green_registry
    assert all("valid_until" in entry for entry in ref.green_registry.values())


def test_brands_need_no_source_column_and_quote_thousands(tmp_path):
    path = tmp_path / "brands.csv"
    path.write_text("brand,aliases,reference_price\nAcme,阿克米| ACME ,1,200\n", encoding="utf-8")
    with pytest.raises(ReferenceFileError, match="more fields than the header's 3"):
        load_brands(path)  # "1,200" unquoted is one field too many
    path.write_text('brand,aliases,reference_price\nAcme,阿克米| ACME ,"1,200"\n', encoding="utf-8")
    assert load_brands(path) == [
        {"brand": "Acme", "aliases": ["阿克米", "ACME"], "reference_price": 1200.0, "source": ""}
    ]


BRANDS = "brand,aliases,reference_price\n"
GREEN = "room_url,operator,valid_until\n"


@pytest.mark.parametrize(
    ("load", "text", "line", "problem"),
    [
        (load_brands, "brand,reference_price\nAcme,100\n", 1, "missing column(s): aliases"),
        (load_brands, BRANDS + "Acme,,cheap\n", 2, "reference_price 'cheap' is not a number"),
        (
            load_brands,
            BRANDS + "Acme,,100\nBeta,,-5\n",
            3,
            "reference_price '-5' must be a positive number",
        ),
        (load_brands, BRANDS + ",,100\n", 2, "empty brand"),
        (
            load_green_registry,
            "room_url,valid_until\nhttp://a/r/1,2025-01-01\n",
            1,
            "missing column(s): operator",
        ),
        (
            load_green_registry,
            GREEN + "http://a/r/1,某公司,2025-13-01\n",
            2,
            "valid_until '2025-13-01' is not an ISO date (YYYY-MM-DD)",
        ),
        (load_green_registry, GREEN + ",某公司,2025-01-01\n", 2, "empty room_url"),
    ],
    ids=[
        "brands-missing-column",
        "brands-price-not-a-number",
        "brands-price-negative",
        "brands-empty-brand",
        "green-missing-column",
        "green-bad-date",
        "green-empty-url",
    ],
)
def test_bad_reference_file_names_file_line_and_problem(tmp_path, load, text, line, problem):
    path = tmp_path / "reference.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFileError) as info:
        load(path)
    assert (info.value.path, info.value.line, info.value.problem) == (str(path), line, problem)
    assert str(info.value).startswith(f"{path}:{line}: ")
    assert isinstance(info.value, ValueError)


def test_missing_file_is_a_reference_error(tmp_path):
    path = tmp_path / "nope.csv"
    with pytest.raises(ReferenceFileError) as info:
        load_brands(path)
    assert str(info.value) == f"{path}: file not found"


def test_green_registry_is_keyed_by_url_identity(tmp_path):
    path = tmp_path / "green.csv"
    path.write_text(
        "\ufeffroom_url,operator,valid_until\nHTTP://Live.CN/room/8/#top,某公司,2025-12-31\n",
        encoding="utf-8",
    )
    assert load_green_registry(path) == {
        "http://live.cn/room/8/": {
            "room_url": "HTTP://Live.CN/room/8/#top",
            "operator": "某公司",
            "valid_until": "2025-12-31",
        }
    }


def test_a_registered_room_typed_with_a_final_slash_is_the_room_without_one():
    from checks.room.green_badge_unverified import lookup

    registry = {"http://live.cn/room/8/": {"room_url": "HTTP://Live.CN/room/8/#top"}}
    assert lookup(registry, "http://live.cn/room/8") is registry["http://live.cn/room/8/"]
    assert lookup(registry, "http://live.cn/room/9") is None
