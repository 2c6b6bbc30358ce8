"""Every term of the 七日无理由退货 exemptions (returns_exemptions.toml: 消费者权益保护法 第二十五条,
暂行办法 第六条、第七条) counts when said of this item and not when said elsewhere on its page
(rows in tests/checks/lexicons/returns_exemptions.toml), read by listing.returns_refused."""

import tomllib

import pytest

from checks.base import Listing
from checks.listing import returns_refused
from checks.terms import DATA
from tests.checks.lexicons.rows import missing_and_extra, rows

ROWS = rows("returns_exemptions")
IDS = [f"{row['key']}:{row['term']}" for row in ROWS]
REFUSAL = "本商品不支持七天无理由退货"
with (DATA / "returns_exemptions.toml").open("rb") as f:
    EXEMPTIONS = {e["key"]: e["terms"] for e in tomllib.load(f)["exemption"]}


def findings(ref, *, title: str, refusal: str, text: str = "") -> list:
    listing = Listing(url="http://shop.test/item/1", title=title, description=refusal, text=text)
    return list(returns_refused.check(listing, ref))


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_kind_said_of_this_item_exempts_it(row, ref):
    refusal = row.get("refusal", REFUSAL)
    if row.get("where") == "text":
        assert findings(ref, title="纯棉T恤 男款", refusal=refusal, text=row["positive"]) == []
    else:
        assert findings(ref, title=row["positive"], refusal=refusal) == []


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_word_elsewhere_on_the_page_does_not(row, ref):
    found = findings(ref, title="纯棉T恤 男款", refusal=REFUSAL, text=row["near_miss"])
    assert len(found) == 1


@pytest.mark.parametrize("key", EXEMPTIONS)
def test_every_term_has_a_row(key):
    table = [row for row in ROWS if row["key"] == key]
    assert missing_and_extra(EXEMPTIONS[key], table) == ([], [])
