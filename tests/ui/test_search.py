"""Chinese full-text search: splitting, query expressions, and keeping the index in sync."""

from __future__ import annotations

import json

import pytest

from storage.db import connect
from storage.search import index, match_expression, search, split_text


@pytest.mark.parametrize(
    ("text", "indexed"),
    [
        ("高仿耐克", "高仿 仿耐 耐克 克"),
        ("降血糖", "降血 血糖 糖"),
        ("超A货", "超 A 货"),
        ("ＡＢＣ１２３", "ABC123"),
        ("", ""),
    ],
)
def test_cjk_runs_become_bigrams_plus_their_last_character(text, indexed):
    assert " ".join(split_text(text).split()) == indexed
    known: dict[str, str] = {}
    assert split_text(text, known) == split_text(text, known) == split_text(text)


def test_runs_split_before_are_reused_and_kept_bounded(monkeypatch):
    from storage import search as searchmod

    monkeypatch.setattr(searchmod, "_KNOWN_RUNS_MAX", 3)
    known: dict[str, str] = {}
    split_text("店铺未公示营业执照，店铺未公示许可证", known)
    assert known == {
        "店铺未公示营业执照": " 店铺 铺未 未公 公示 示营 营业 业执 执照 照 ",
        "店铺未公示许可证": " 店铺 铺未 未公 公示 示许 许可 可证 证 ",
    }
    known["高仿"] = " 看 这 里 "  # a run split before is taken as it was
    assert split_text("高仿", known) == " 看 这 里 "
    split_text("一，二，三", known)
    assert len(known) <= 3


@pytest.mark.parametrize(
    ("q", "expression"),
    [
        ("高仿", '"高仿"'),
        ("仿", '"仿"*'),
        ("高仿耐克", '"高仿 仿耐 耐克"'),
        ("A货", '"A 货"*'),
        ("鞋A", '"鞋 A"'),
        ("耐克 高仿", '"耐克" AND "高仿"'),
        ('say "hi"', '"say" AND """hi"""'),
        ("", '""'),
        ("，。！", '""'),
    ],
)
def test_queries_become_phrases(q, expression):
    assert match_expression(q) == expression


@pytest.fixture
def db(tmp_path):
    db = connect(tmp_path / "s.db")
    db["listings"].insert_all(
        [
            {"url": "a", "title": "高仿耐克运动鞋", "description": "", "claims": "[]"},
            {"url": "b", "title": "苦瓜茶", "description": "可降血糖", "claims": '["降血糖"]'},
            {"url": "c", "title": "最高仿真模型", "description": "", "claims": "[]"},
        ],
        pk="url",
    )
    index(db)
    return db


def urls(db, q, table="listings"):
    return [r["url"] for r in search(db, q, table)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("高仿", {"a", "c"}),
        ("仿", {"a", "c"}),
        ("降血糖", {"b"}),
        ("血", {"b"}),
        ("鞋", {"a"}),
        ("高仿耐克", {"a"}),
        ("耐克 苦瓜", set()),
        ("茶", {"b"}),
    ],
)
def test_one_two_and_three_character_terms_are_found(db, q, expected):
    assert set(urls(db, q)) == expected


def test_index_is_idempotent(db):
    assert index(db) == {"listings": 0, "shops": 0, "rooms": 0, "findings": 0}
    assert urls(db, "降血糖") == ["b"]


def test_replace_update_and_delete_are_picked_up_by_the_next_index(db):
    db["listings"].insert(
        {"url": "b", "title": "苦瓜茶", "description": "清热", "claims": "[]"},
        pk="url",
        replace=True,
    )
    db["listings"].update("a", {"title": "正品运动鞋"})
    db["listings"].delete("c")
    db["listings"].insert({"url": "d", "title": "原单包", "description": "", "claims": "[]"})
    assert index(db)["listings"] == 3
    assert urls(db, "降血糖") == []
    assert urls(db, "高仿") == []
    assert urls(db, "正品") == ["a"]
    assert urls(db, "原单") == ["d"]


def test_unchanged_rows_stored_again_are_not_reindexed(db):
    rows = [dict(r) for r in db["listings"].rows]
    db["listings"].insert_all(rows, pk="url", replace=True)
    assert index(db)["listings"] == 0
    assert set(urls(db, "高仿")) == {"a", "c"}


def test_rebuild_after_many_changes_keeps_results_right(db):
    for i in range(30):
        db["listings"].update("a", {"description": f"第{i}版"})
        index(db)
    assert index(db, rebuild=True)["listings"] == 3
    assert urls(db, "第29版") == ["a"]


def test_shops_are_found_by_name_code_and_phone(tmp_path):
    db = connect(tmp_path / "s.db")
    db["shops"].insert(
        {
            "url": "s",
            "name": "茶香小铺",
            "uscc": "91330100MA27XXXX1X",
            "phones": json.dumps(["0571-88886666"]),
        },
        pk="url",
    )
    index(db)
    for q in ("茶香", "91330100MA27XXXX1X", "0571-88886666", "88886666"):
        assert urls(db, q, "shops") == ["s"], q


def test_unknown_table_is_refused(db):
    with pytest.raises(ValueError, match="cannot search"):
        search(db, "x", "captures")
