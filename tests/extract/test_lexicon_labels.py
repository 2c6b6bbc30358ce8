"""Every term of the disclosure label vocabulary (crawler/extract/data/label_*.txt) with a label as
platforms word it that names its key and a near miss that must not (rows in
tests/extract/lexicons/labels.toml), read by crawler.extract.labels.classify."""

from pathlib import Path

import pytest

from crawler.extract.labels import KEYS, classify, vocabulary
from tests.checks.lexicons.rows import missing_and_extra, rows

ROWS = rows("labels", Path(__file__).parent / "lexicons")
IDS = [f"{row['key']}:{row['term']}" for row in ROWS]


def key_of(row: dict) -> str | None:
    return None if row["key"] == "ignore" else row["key"]


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_platforms_label_names_its_key(row):
    assert classify(row["positive"]) == key_of(row)


@pytest.mark.parametrize("row", ROWS, ids=IDS)
def test_the_near_miss_does_not(row):
    if row["key"] == "ignore":  # a label without the ignored word is read
        assert classify(row["near_miss"]) is not None
    else:
        assert classify(row["near_miss"]) != row["key"]


@pytest.mark.parametrize("key", [*KEYS, "ignore"])
def test_every_term_has_a_row(key):
    table = [row for row in ROWS if row["key"] == key]
    assert missing_and_extra(vocabulary(f"label_{key}"), table) == ([], [])
