"""The demo's labels: every check has positives and near misses, consistent with SPEC."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

import pytest

from checks.registry import CHECKS
from greenroom_demo import catalog
from greenroom_demo.codes import make_uscc, uscc_check_char, uscc_is_valid
from greenroom_demo.site import DemoSite

CHECK_IDS = [module.ID for module in CHECKS]  # the catalogue: every check the demo labels
NEEDS_HISTORY = "listing.fictitious_original_price"


def labels_at(night: int, rendering: str = "a") -> list[dict]:
    site = DemoSite(rendering, night=night)
    site.port = 8000  # labels need no server: only the base URL
    return site.labels()


def tally(labels: list[dict], field: str) -> Counter:
    return Counter(check for x in labels if x["reachable"] for check in x[field])


@pytest.mark.parametrize("night", [1, 2, 8])
@pytest.mark.parametrize("check_id", CHECK_IDS)
def test_every_check_has_three_positives_and_three_near_misses(check_id, night):
    labels = labels_at(night)
    if check_id == NEEDS_HISTORY and night < 8:
        # needs 7 nights of history: nothing may be labelled to fire before night 8
        assert tally(labels, "fires")[check_id] == 0
        return
    assert tally(labels, "fires")[check_id] >= 3
    assert tally(labels, "near_miss")[check_id] >= 3


@pytest.mark.parametrize("night", range(1, 8))
def test_no_fictitious_price_finding_before_seven_nights_of_history(night):
    assert not tally(labels_at(night), "fires")[NEEDS_HISTORY]


def test_labels_only_use_catalogue_ids_and_never_fire_and_miss_at_once():
    for night in (1, 2, 8):
        for label in labels_at(night):
            assert set(label["fires"]) | set(label["near_miss"]) <= set(CHECK_IDS)
            assert not set(label["fires"]) & set(label["near_miss"]), label


def test_every_subject_is_labelled_with_an_absolute_url_identity():
    labels = labels_at(1, "b")
    assert Counter(x["subject_type"] for x in labels) == {"shop": 35, "listing": 88, "room": 12}
    for x in labels:
        assert set(x) == {"subject_type", "subject_url", "fires", "near_miss", "note", "reachable"}
        assert x["subject_url"].startswith("http://127.0.0.1:8000/")
        assert "sid=" not in x["subject_url"] and "jsessionid" not in x["subject_url"]
    assert len({x["subject_url"] for x in labels}) == len(labels)


@pytest.mark.parametrize(
    ("lid", "field"),
    [(104, "fires"), (1302, "fires"), (3001, "fires"), (702, "near_miss"), (1001, "near_miss"),
     (1103, "near_miss")],
)  # fmt: skip
def test_night_8_original_prices_against_the_seven_nights_before(lid, field):
    label = next(x for x in labels_at(8) if x["subject_url"].endswith(f"/item/{lid}"))
    assert NEEDS_HISTORY in label[field]


def test_night_2_resolves_some_findings_adds_others_and_loses_one_shop():
    one, two = labels_at(1), labels_at(2)
    fixed = [a for a, b in zip(one, two, strict=True) if set(a["fires"]) - set(b["fires"])]
    new = [b for a, b in zip(one, two, strict=True) if set(b["fires"]) - set(a["fires"])]
    assert len(fixed) >= 3 and len(new) >= 3
    unreachable = [x for x in two if not x["reachable"]]
    assert {x["subject_type"] for x in unreachable} == {"shop", "listing"}
    assert all(x["reachable"] for x in one)


def test_shown_usccs_are_invalid_exactly_where_labelled():
    for shop in catalog.SHOPS:
        code = shop.licence.uscc if shop.licence else None
        if code:
            assert uscc_is_valid(code) != ("shop.uscc_invalid" in shop.fires), shop.sid


def fold(name: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def test_operator_names_differ_from_the_licence_only_where_labelled():
    for shop in catalog.SHOPS:
        if not (shop.licence and shop.licence.name):
            continue
        others = {shop.operator, shop.shown_footer, shop.shown_legal_name} - {None}
        differs = any(fold(n) != fold(shop.licence.name) for n in others)
        assert differs == ("shop.identity_mismatch" in shop.fires), shop.sid


def test_food_permit_numbers_are_malformed_exactly_where_labelled():
    provinces = {"11", "31", "32", "33", "35", "44", "51"}
    for shop in catalog.SHOPS:
        for kind, number in shop.permits:
            if kind != "食品经营许可证":
                continue
            ok = bool(re.fullmatch(r"JY[1-3]\d{13}", number)) and number[3:5] in provinces
            assert ok != ("shop.permit_invalid" in shop.fires), shop.sid


def test_uscc_check_character_matches_gb32100_examples():
    assert uscc_check_char("91110000600037341") == "L"
    for first in "YNA":
        assert uscc_is_valid(make_uscc(first + "1", "330106", "MA2H3K5X"))


def test_shared_licence_is_shown_under_different_names_only_where_labelled():
    names: dict[str, set[str]] = {}
    for shop in catalog.SHOPS:
        if shop.licence and shop.licence.uscc:
            names.setdefault(shop.licence.uscc, set()).add(shop.licence.name)
    for shop in catalog.SHOPS:
        code = shop.licence.uscc if shop.licence else None
        shared = bool(code) and len(names[code]) > 1
        assert shared == ("shop.licence_shared" in shop.fires), shop.sid


def test_fault_rooms_expect_no_findings():
    site = DemoSite("a", faults=True)
    rooms = [x for x in site.labels() if x["subject_type"] == "room"]
    assert len(rooms) == 15
    assert all(not x["fires"] for x in rooms if "fault" in x["note"])
