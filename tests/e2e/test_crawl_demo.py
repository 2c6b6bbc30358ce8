"""End to end: crawl the demo marketplace over real HTTP and compare with its labels."""

from __future__ import annotations

import json
import re
import urllib.request
from collections import Counter
from urllib.parse import urlsplit

import pytest

from greenroom.evaluate import evaluate

FOUNDATION_CHECKS = [
    "shop.licence_missing",
    "shop.uscc_invalid",
    "shop.contact_missing",
    "listing.absolute_claim",
]


def scores(crawled, check_ids):
    rows = list(crawled.db.query("SELECT * FROM findings"))
    return {r["check_id"]: r for r in evaluate(rows, crawled.labels, check_ids)}


@pytest.mark.parametrize("check_id", FOUNDATION_CHECKS)
def test_foundation_checks_match_the_labels(crawled_a, check_id):
    row = scores(crawled_a, [check_id])[check_id]
    assert row["precision"] >= 0.95 and row["recall"] >= 0.95, row


def test_micro_f1_over_the_foundation_checks(crawled_a):
    assert scores(crawled_a, FOUNDATION_CHECKS)["micro"]["f1"] >= 0.95


def test_a_licence_missing_finding_names_what_was_seen_and_where(crawled_a):
    findings = crawled_a.findings("shop.licence_missing")
    assert findings
    for f in findings:
        assert f["subject_url"] in f["message"]
        assert re.search(r"[\u4e00-\u9fff]", f["message"])
        assert f["subject_type"] == "shop"


def test_every_finding_links_to_captures_of_its_evidence(crawled_a):
    db = crawled_a.db
    orphans = db.execute(
        "SELECT COUNT(*) FROM findings f WHERE NOT EXISTS "
        "(SELECT 1 FROM finding_evidence e WHERE e.finding_id = f.id)"
    ).fetchone()[0]
    assert orphans == 0


def test_captured_sha256_matches_the_bytes_served(crawled_a):
    import hashlib

    row = next(
        crawled_a.db.query(
            "SELECT * FROM captures WHERE kind = 'response' AND http_status = 200 "
            "AND content_type LIKE 'text/html%' LIMIT 1"
        )
    )
    with urllib.request.urlopen(row["url"]) as resp:  # the demo serves the same bytes again
        served = resp.read()
    assert row["sha256"] == hashlib.sha256(served).hexdigest()


def test_no_request_to_a_robots_disallowed_path(crawled_a):
    site = crawled_a.site
    with urllib.request.urlopen(site.url + "robots.txt") as resp:
        robots = resp.read().decode()
    disallowed = [
        line.split(":", 1)[1].strip()
        for line in robots.splitlines()
        if line.lower().startswith("disallow:") and line.split(":", 1)[1].strip()
    ]
    assert disallowed
    requested = [path for _, path in crawled_a.requests]
    assert not [p for p in requested if any(p.startswith(d) for d in disallowed)]


def test_link_traps_are_bounded_without_max_pages(crawled_a):
    from crawler import settings

    shapes = Counter(urlsplit(path).path for _, path in crawled_a.requests)
    # no path is requested without end: a calendar is walked at most one chain of
    # same-shape pages forwards and one backwards (months ahead and behind)
    assert max(shapes.values()) <= 2 * settings.GREENROOM_BOUNDS_MAX_CHAIN + 1
    assert crawled_a.result["status"] == "finished"


def test_pages_in_gbk_and_gb18030_are_decoded(crawled_a):
    encodings = Counter(
        json.loads(r["facts"]).get("encoding", "").lower()
        for r in crawled_a.db.query("SELECT facts FROM pages")
    )
    assert any(e in encodings for e in ("gbk", "gb18030", "gb2312"))
    titles = [r["title"] for r in crawled_a.db.query("SELECT title FROM pages")]
    assert not [t for t in titles if "\ufffd" in (t or "")]


@pytest.mark.parametrize("other", ["crawled_b", "crawled_c", "crawled_f", "crawled_g"])
def test_another_rendering_gives_the_same_findings(crawled_a, other, request):
    def by_subject(crawled):
        fired = {}
        for f in crawled.findings():
            fired.setdefault(f["subject_url"], set()).add(f["check_id"])
        return [
            (x["subject_type"], sorted(fired.get(x["subject_url"], ()))) for x in crawled.labels
        ]

    assert by_subject(crawled_a) == by_subject(request.getfixturevalue(other))


def _extraction_strings() -> tuple[list[str], set[str]]:
    """String literals of the extraction code that are selectors (CSS/XPath), and the
    terms of its vocabulary files."""
    import ast
    from pathlib import Path

    import crawler.extract as extract_pkg

    selectors, terms = [], set()
    for path in Path(extract_pkg.__file__).parent.rglob("*"):
        if path.suffix == ".py":
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    value = node.value
                    if re.search(r"@class|@id|\[class|\[id|(^|[\s,>])[.#][A-Za-z]", value):
                        # (not prose such as a docstring, nor a file suffix such as ".txt")
                        if not re.search(r"\w \w+ \w", value) and not re.fullmatch(r"\.\w+", value):
                            selectors.append(value)
        elif path.suffix == ".txt":
            terms.update(
                line.split("#")[0].strip() for line in path.read_text(encoding="utf-8").splitlines()
            )
    return selectors, terms


def _markup_names(crawled) -> set[str]:
    """Class names and ids used by the pages of one rendering."""
    from lxml import html as lxml_html

    names = set()
    for x in crawled.labels[::7]:
        with urllib.request.urlopen(x["subject_url"]) as resp:
            doc = lxml_html.fromstring(resp.read())
        for el in doc.iter():
            if not isinstance(el.tag, str):
                continue
            names.update((el.get("class") or "").split())
            if el.get("id"):
                names.add(el.get("id"))
    return {n for n in names if len(n) > 2}


def test_extraction_names_no_class_id_or_path_of_any_rendering(
    crawled_a, crawled_b, crawled_c, crawled_e
):
    """Generic, proven: no class name, id or URL path of any rendering in extraction."""
    selectors, terms = _extraction_strings()
    for crawled in (crawled_a, crawled_b, crawled_c, crawled_e):
        names = _markup_names(crawled)
        assert names, "the demo pages use classes and ids"
        leaked = [
            n
            for n in names
            if n in terms
            or any(re.search(rf"(^|[^\w-]){re.escape(n)}($|[^\w-])", sel) for sel in selectors)
        ]
        assert not leaked, leaked
        paths = {urlsplit(x["subject_url"]).path for x in crawled.labels}
        segments = {
            seg for p in paths for seg in p.split("/") if len(seg) > 2 and not seg.isdigit()
        }
        leaked = [
            s for s in segments if any(f"/{s}" in sel for sel in selectors) or f"/{s}" in terms
        ]
        assert not leaked, leaked


def _own_words(subject) -> str:
    """Every word a subject's own regions give the checks (title, description, claims and
    text of a listing; the disclosures and listings of a shop; a room's words and sellers)."""
    from dataclasses import fields

    parts = []
    for f in fields(subject):
        value = getattr(subject, f.name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str):
                parts.append(item)
            elif hasattr(item, "value") and hasattr(item, "label"):
                parts += [str(item.label), str(item.value)]
                if isinstance(item.value, float):  # a price as the page shows it
                    parts += [f"¥{item.value:.2f}", f"¥{item.value:,.2f}"]
            elif hasattr(item, "captures"):  # a shop's listing: its category is read there
                parts.append(_own_words(item))
    return "\n".join(parts)


# checks whose snippet states what was computed (counters across samples), not quoted words
COMPUTED = {"room.metrics_inconsistent", "listing.fictitious_original_price"}


def _own_captures(subject) -> set:
    """The captures of a subject's pages, of what its disclosures were read from (a licence
    image read by OCR) and, for a shop, of its listings (a permit category is read there)."""
    from dataclasses import fields

    found = set(subject.captures)
    for f in fields(subject):
        value = getattr(subject, f.name)
        for item in value if isinstance(value, list) else [value]:
            if getattr(item, "capture_id", None) is not None:
                found.add(item.capture_id)
            found.update(getattr(item, "captures", None) or ())  # a shop's listings
    return found


@pytest.mark.parametrize("crawled", ["crawled_a", "crawled_c"])
def test_every_findings_evidence_comes_from_its_own_subject(crawled, request):
    """Its captures are its subject's pages, and its quoted words are its subject's own."""
    from greenroom.analyse import assembled
    from storage.store import Store

    crawled = request.getfixturevalue(crawled)
    db = crawled.db
    assembly, _seen = assembled(Store(crawled.db_path, db), None)
    subjects = {s.url: s for s in (*assembly.shops, *assembly.listings, *assembly.rooms)}
    checked = 0
    for f in db.query("SELECT * FROM findings WHERE status = 'open'"):
        subject = subjects[f["subject_url"]]
        evidence = {
            r["capture_id"] for r in db["finding_evidence"].rows_where("finding_id = ?", [f["id"]])
        }
        assert evidence <= _own_captures(subject), f
        if f["check_id"] in COMPUTED:
            continue
        words = _own_words(subject)
        for part in filter(None, (f["snippet"] or "").split("；")):
            if "*" in part:  # personal data, masked in the snippet
                continue
            # the part, its value (`label: value`), or the first word it quotes (“…”): the
            # words the finding rests on; what it says of other subjects comes after them
            quoted = re.findall(r"“([^”]+)”", part)[:1] or [part.split(": ", 1)[-1]]
            assert part in words or quoted[0] in words, (f["check_id"], f["subject_url"], part)
            checked += 1
    assert checked > 20


def test_rendering_e_written_like_real_platforms_scores_on_every_check(crawled_e):
    """Real platforms' clutter (seller box, recommendations, reviews, Q&A, service notices,
    script-drawn prices, a footer of the site's own licences): every check P = R = 1.0,
    each page typed as labelled but for at most one, each price as labelled but for two."""
    from greenroom.evaluate import roles_and_prices

    found = crawled_e.findings()
    subjects = [x for x in crawled_e.labels if "fires" in x]
    rows = evaluate(found, subjects, sorted({c for x in subjects for c in x["fires"]}))
    assert all(r["precision"] == r["recall"] == 1.0 for r in rows), rows
    measured = {r["measure"]: r for r in roles_and_prices(crawled_e.db, crawled_e.labels)}
    assert measured["role"]["of"] - measured["role"]["right"] <= 1
    assert measured["price"]["of"] - measured["price"]["right"] <= 2


@pytest.mark.parametrize("rendering", ["m", "n", "o", "p", "q", "r"])
def test_blind_renderings_score_on_every_check(tmp_path_factory, rendering):
    """The blind tests built from the labels alone (m: a real-platform marketplace; n:
    the five lawyer checks in accordions, `<br>` lines and a quoted law; o: a Taobao /
    Tmall / Douyin-style marketplace; p and q: the five checks in tables and feeds; r: a
    mobile-web marketplace), after their first-score misses were fixed at their causes:
    no false finding, and no miss but the ones a rendering's doc names (r: two drug and
    food shops whose goods say their kind nowhere a permit check reads, docs/render-r.md)."""
    from tests.conftest import _crawl_demo

    crawled = _crawl_demo(tmp_path_factory, rendering)
    try:
        base = crawled.site.url.rstrip("/")
        subjects = [x for x in crawled.labels if "fires" in x]
        wanted = {(c, x["subject_url"]) for x in subjects for c in x["fires"]}
        found = {(f["check_id"], f["subject_url"]) for f in crawled.findings()}
        assert found - wanted == set()
        missed = {(c, url.removeprefix(base)) for c, url in wanted - found}
        assert missed == KNOWN_MISSES.get(rendering, set())
    finally:
        crawled.site.stop()


# first-score misses left on purpose, each explained in the rendering's doc
KNOWN_MISSES = {"r": {("shop.permit_missing", "/shop/16"), ("shop.permit_missing", "/shop/25")}}
