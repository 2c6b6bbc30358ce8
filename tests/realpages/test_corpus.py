"""The corpus of real pages: kept as served, with sources and labels; replayed on loopback as
saved; crawled through the replay by `greenroom crawl` without a byte leaving the machine."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import ssl
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
from lxml import html as lxml_html

from corpus.replay import CORPUS, Replay, pages
from greenroom.config import site_domains
from storage.db import connect
from tests.e2e.test_crawl_demo import _extraction_strings

ROOT = Path(__file__).resolve().parents[2]
HELD_BACK = ("zhxieml/IEE-homework", "marridG/2019-EE208")  # for an independent test


def labels() -> dict[str, dict]:
    lines = (CORPUS / "labels.jsonl").read_text(encoding="utf-8").splitlines()
    return {x["id"]: x for x in map(json.loads, filter(None, lines))}


def test_every_page_is_kept_as_served_with_its_source_split_and_label():
    found, labelled = pages(), labels()
    assert len(found) >= 90 and len({p["platform"] for p in found}) >= 6
    for p in found:
        body = gzip.decompress(p["path"].read_bytes())
        assert hashlib.sha256(body).hexdigest() == p["sha256"] and len(body) == p["bytes"]
        assert p["source"]["repo"] not in HELD_BACK and re.fullmatch(
            r"[0-9a-f]{40}", p["source"]["commit"]
        )
        assert p["split"] == ("test" if int(p["sha256"][:8], 16) % 3 == 0 else "dev")
        label = labelled[p["id"]]
        assert label["role"] in ("listing", "shop", "licence", "room", "other")
        assert isinstance(label["fires"], list)
    splits = Counter(p["split"] for p in found)
    assert splits["test"] >= len(found) / 4  # a third, give or take the hash


def _opener(proxy: str):
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({"http": proxy, "https": proxy}),
        urllib.request.HTTPSHandler(context=context),
    )


@pytest.fixture(scope="module")
def replay():
    with Replay() as proxy:
        yield proxy


def test_the_replay_serves_each_saved_page_byte_for_byte_and_nothing_else(replay):
    opener = _opener(replay.url)
    first = {}
    for p in pages():
        first.setdefault(p["url"], p)  # a URL saved twice is served as first saved
    for p in list(first.values())[::7]:
        with opener.open(p["url"], timeout=30) as resp:
            assert resp.read() == gzip.decompress(p["path"].read_bytes()), p["id"]
    for missing in ("https://item.jd.com/1.html", "http://www.taobao.com/robots.txt"):
        with pytest.raises(urllib.error.HTTPError) as refused:
            opener.open(missing, timeout=30)
        assert refused.value.code == 404
    assert any(r.startswith("item.jd.com") for r in replay.requests)


# a few pages of the development split, one of each kind (their roles were studied)
SAMPLE = ("jd-0005", "jd-0006", "jd-0008", "tmall-0003", "taobao-0007", "taobao-0008")


@pytest.fixture(scope="module")
def crawled(replay, tmp_path_factory):
    chosen = [p for p in pages() if p["id"] in SAMPLE]
    urls = [p["url"] for p in chosen]
    tmp = tmp_path_factory.mktemp("realpages")
    config = tmp / "real.toml"
    config.write_text(
        "[crawl]\nstart_urls = [" + ", ".join(f'"{u}"' for u in urls) + "]\n"
        "allowed_domains = [" + ", ".join(f'"{d}"' for d in site_domains(urls)) + "]\n"
        "max_depth = 1\nmax_pages = 400\n",
        encoding="utf-8",
    )
    db = tmp / "real.db"
    done = subprocess.run(
        [sys.executable, "-m", "greenroom.cli", "crawl", "--config", str(config), "--db", str(db)],
        env={**replay.environ(), "GREENROOM_PROGRESS_INTERVAL": "0"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode in (0, 1), done.stderr[-2000:]  # 1: unhealthy, the 404s
    return chosen, connect(db)


def test_a_crawl_through_the_replay_reads_every_page_at_its_own_url(crawled, replay):
    chosen, db = crawled
    captured = {r[0] for r in db.execute("SELECT url FROM captures")}
    assert {p["url"] for p in chosen} <= captured
    asked = set(replay.requests)  # every request the crawl made reached the replay
    assert all(u.split("://", 1)[1] in asked for u in captured if "://" in u)


def test_real_pages_are_typed_by_what_they_show(crawled):
    from greenroom.evaluate import _roles

    chosen, db = crawled
    roles, labelled = _roles(db), labels()
    from toolkit.urls import url_identity

    got = {p["id"]: roles.get(url_identity(p["url"])) for p in chosen}
    assert got == {p["id"]: labelled[p["id"]]["role"] for p in chosen}


def test_no_finding_on_a_page_that_is_not_a_subject(crawled):
    from toolkit.urls import url_identity

    chosen, db = crawled
    others = {url_identity(p["url"]) for p in chosen if labels()[p["id"]]["role"] == "other"}
    fired = {r[0] for r in db.execute("SELECT subject_url FROM findings WHERE status = 'open'")}
    assert others and not fired & others


def test_extraction_names_no_class_or_id_of_any_corpus_page():
    selectors, terms = _extraction_strings()
    terms = {t for t in terms if not t.isascii() or "-" in t or "_" in t}  # not `next`
    names: set[str] = set()
    for p in pages():
        doc = lxml_html.fromstring(gzip.decompress(p["path"].read_bytes()))
        for el in doc.iter():
            if isinstance(el.tag, str):
                names.update((el.get("class") or "").split())
                names.add(el.get("id") or "")
    names = {n for n in names if len(n) > 2}
    assert len(names) > 1000
    leaked = [
        n
        for n in names
        if n in terms
        or any(re.search(rf"(^|[^\w-]){re.escape(n)}($|[^\w-])", sel) for sel in selectors)
    ]
    assert not leaked, leaked
