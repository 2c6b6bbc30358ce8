"""The catalogue's data file: each check's row, read once, with the id taken from the module."""

import pytest

from checks import catalogue
from checks.catalogue import declared, rows
from checks.registry import CHECKS


def test_every_table_is_a_check_module_and_the_order_is_the_files():
    assert [m.ID for m in CHECKS] == list(rows())
    assert [m.__name__ for m in CHECKS] == [f"checks.{check_id}" for check_id in rows()]


def test_declared_takes_the_id_and_subject_from_the_module_name():
    ident, subject, severity, basis, title, summary = declared("checks.shop.contact_missing")
    assert (ident, subject, severity) == ("shop.contact_missing", "shop", "medium")
    assert basis == "电子商务法 §15; 绿色直播间 方案"
    assert (title, summary) == ("未公示联系方式", "店铺未公示联系电话或电子邮箱。")


def test_a_module_without_a_table_is_named_with_the_file():
    with pytest.raises(KeyError, match=r"check 'shop\.nope' has no table in .*catalogue\.toml"):
        declared("checks.shop.nope")


@pytest.mark.parametrize(
    ("table", "problem"),
    [
        ('severity = "urgent"\nbasis = "b"\ntitle_zh = "t"\nsummary_zh = "s"', "severity 'urgent'"),
        ('severity = "low"\nbasis = " "\ntitle_zh = "t"', "lacks basis, summary_zh"),
    ],
)
def test_a_broken_row_is_refused_with_one_line(tmp_path, monkeypatch, table, problem):
    path = tmp_path / "catalogue.toml"
    path.write_text(f'["shop.x"]\n{table}\n', encoding="utf-8")
    monkeypatch.setattr(catalogue, "CATALOGUE", path)
    rows.cache_clear()
    try:
        with pytest.raises(ValueError, match=rf"\['shop\.x'\] {problem}$"):
            rows()
    finally:
        monkeypatch.undo()
        rows.cache_clear()
    assert "shop.contact_missing" in rows()
