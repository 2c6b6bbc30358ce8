"""Meta-tests: every check module is registered, named after its id, and documented."""

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import checks
from checks.registry import CHECKS, by_id, catalogue

HEADINGS = [
    "## What it does",
    "## Legal basis",
    "## Known problems",
    "## Example",
    "## Compliant",
    "## Options",
    "## References",
]
ROOT = Path(checks.__file__).parent
SPEC_IDS = {
    "shop.licence_missing",
    "shop.uscc_invalid",
    "shop.contact_missing",
    "shop.contact_placeholder",
    "shop.permit_missing",
    "shop.permit_invalid",
    "shop.identity_mismatch",
    "room.host_unverified",
    "room.seller_undisclosed",
    "room.metrics_inconsistent",
    "room.green_badge_unverified",
    "listing.counterfeit_signal",
    "listing.absolute_claim",
    "listing.medical_claim",
}


def check_modules():
    for subject in ("shop", "listing", "room"):
        for info in pkgutil.iter_modules([str(ROOT / subject)]):
            yield importlib.import_module(f"checks.{subject}.{info.name}")


ALL = list(check_modules())


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_every_check_module_is_registered(module):
    assert module in CHECKS


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_id_matches_path(module):
    subject, name = module.__name__.split(".")[1:]
    assert module.ID == f"{subject}.{name}"
    assert module.SUBJECT == subject


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_docstring_has_every_heading_in_order(module):
    doc = inspect.cleandoc(module.__doc__)
    positions = [doc.find(h) for h in HEADINGS]
    assert -1 not in positions, [h for h, p in zip(HEADINGS, positions) if p == -1]
    assert positions == sorted(positions)
    assert doc.splitlines()[0].strip() and not doc.splitlines()[0].startswith("#")


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_constants_and_entry_point(module):
    assert module.SEVERITY in {"high", "medium", "low"}
    assert module.BASIS.strip()
    assert callable(getattr(module, "check", None)) or callable(getattr(module, "check_all", None))


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_each_check_has_its_test_file(module):
    subject, name = module.__name__.split(".")[1:]
    assert (Path(__file__).parent / f"test_{subject}_{name}.py").exists()


def test_registry_holds_the_core_catalogue_once_each():
    ids = [module.ID for module in CHECKS]
    assert len(ids) == len(set(ids))
    assert SPEC_IDS <= set(ids)


def test_by_id_finds_the_module_and_names_a_missing_id():
    assert by_id("shop.uscc_invalid").ID == "shop.uscc_invalid"
    with pytest.raises(KeyError, match="no check with id 'shop.nope'"):
        by_id("shop.nope")


def test_catalogue_rows_carry_the_one_line_description():
    rows = {row["id"]: row for row in catalogue()}
    row = rows["shop.contact_missing"]
    assert row["subject"] == "shop"
    assert row["severity"] == "medium"
    assert row["basis"] == "电子商务法 §15; 绿色直播间 方案"
    assert row["summary"] == "Shop shows no telephone number and no e-mail address."
    assert row["doc"].startswith(row["summary"])
    assert list(rows) == [m.ID for m in CHECKS]


LAWYERLY = {
    "listing.returns_refused": [
        "消费者权益保护法",
        "暂行办法",
        "消费者定作",
        "鲜活易腐",
        "拆封的音像制品",
        "在线下载",
        "报纸、期刊",
        "确认",
    ],
    "listing.food_waste_promotion": ["反食品浪费法 第二十二条", "## Exemptions"],
    "room.food_waste_promotion": ["反食品浪费法 第二十二条", "## Exemptions"],
    "listing.buyer_data_exposed": ["个人信息保护法", "cn.ric", "phonenumbers", "## Exemptions"],
    "shop.licence_shared": ["电子商务法 第十五条", "## Exemptions"],
}


@pytest.mark.parametrize(("check_id", "words"), LAWYERLY.items())
def test_greenroom_checks_id_states_articles_and_exemptions(check_id, words):
    from click.testing import CliRunner

    from greenroom.cli import cli

    result = CliRunner().invoke(cli, ["checks", check_id])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{check_id}  (")
    assert all(w in result.output for w in words), [w for w in words if w not in result.output]


def test_greenroom_checks_with_an_unknown_id_exits_2():
    from click.testing import CliRunner

    from greenroom.cli import cli

    result = CliRunner().invoke(cli, ["checks", "listing.nope"])
    assert result.exit_code == 2
    assert "no check with id 'listing.nope'" in result.output


CJK = range(0x4E00, 0xA000)


@pytest.mark.parametrize("module", ALL, ids=lambda m: m.__name__)
def test_each_check_has_a_chinese_title_and_summary(module):
    for text in (module.TITLE_ZH, module.SUMMARY_ZH):
        assert text.strip() and any(ord(ch) in CJK for ch in text)
    row = next(c for c in catalogue() if c["id"] == module.ID)
    assert (row["title"], row["summary_zh"]) == (module.TITLE_ZH, module.SUMMARY_ZH)


def test_chinese_titles_are_distinct():
    titles = [c["title"] for c in catalogue()]
    assert len(set(titles)) == len(titles)


def test_greenroom_checks_lists_and_shows_the_chinese_titles():
    from click.testing import CliRunner

    from greenroom.cli import cli

    listed = CliRunner().invoke(cli, ["checks", "--format", "json"])
    assert listed.exit_code == 0
    import json

    rows = json.loads(listed.output)
    assert {r["id"]: r["title"] for r in rows} == {c["id"]: c["title"] for c in catalogue()}
    one = CliRunner().invoke(cli, ["checks", "shop.contact_missing"])
    assert one.output.splitlines()[1] == "未公示联系方式：店铺未公示联系电话或电子邮箱。"
