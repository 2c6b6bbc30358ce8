"""One text toolkit: one fold, one lexicon reader, vocabulary with its sources."""

import re
from pathlib import Path

import pytest

from toolkit.lexicon import alternation, read_terms
from toolkit.text import fold, fold_chars

ROOT = Path(__file__).resolve().parents[1]
DATA_DIRS = [ROOT / "checks" / "data", ROOT / "crawler" / "extract" / "data"]


def test_fold_is_nfkc_and_fold_chars_keeps_positions():
    assert fold("９１３３：（Ａ）") == "9133:(A)"
    assert fold(None) == "" and fold("abc") == "abc"
    long = "Ｘ" * 2000  # past the cached length: the same fold
    assert fold(long) == "X" * 2000
    assert fold_chars("ﬁ９") == "ﬁ9"  # a ligature folds to two characters: kept
    assert len(fold_chars("ﬁ９")) == 2


def test_the_reader_keeps_file_order_comments_and_patterns(tmp_path):
    f = tmp_path / "x.txt"
    f.write_text("# a note\n原价   # [PL] item pages\nre:ext\\.?  # [PL] with a # inside\n\n(c)\n")
    assert read_terms(f) == ("原价", "re:ext\\.?", "(c)")
    rx = re.compile(alternation(read_terms(f)))
    assert rx.fullmatch("ext.") and rx.fullmatch("(c)") and not rx.fullmatch("c")


def _vocabulary_files():
    """The data files whose terms a pattern embeds (their head says they are read as one
    alternation)."""
    for d in DATA_DIRS:
        for f in sorted(d.glob("*.txt")):
            if "regular-expression alternation" in f.read_text(encoding="utf-8"):
                yield f


@pytest.mark.parametrize("path", list(_vocabulary_files()), ids=lambda p: p.name)
def test_each_vocabulary_term_names_its_source(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    terms = [ln for ln in lines if ln.strip() and not ln.startswith("#")]
    assert terms
    assert [ln for ln in terms if not re.search(r"\s#\s*\[\w+\]", ln)] == []
