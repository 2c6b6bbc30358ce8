"""Speed work must not change what extraction returns: the facts of every real corpus page and
of real-size generated pages, digested, are those recorded in data/facts_sha256.json.

A deliberate change to extraction records the new digests:
    .venv/bin/python tests/extract/test_extract_same_facts.py --write
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from corpus.replay import pages as corpus_pages
from crawler.extract.pages import extract
from crawler.items import Page

GOLDEN = Path(__file__).parent / "data" / "facts_sha256.json"
GENERATED = ("/c/1", "/c/2", "/shop/3", "/shop/3/licence", "/item/9", "/item/10", "/shop/41")


def sample_pages() -> dict[str, Page]:
    """The corpus's real pages and a few real-size generated ones, by a stable name."""
    from sitegen import RealSizeSite

    out = {}
    for p in corpus_pages():
        body = gzip.decompress(p["path"].read_bytes())
        out[p["id"]] = Page(url=p["url"], body=body, headers={"content-type": "text/html"})
    site = RealSizeSite(shops=100)
    for path in GENERATED:
        out[f"generated{path}"] = Page(
            url=f"http://127.0.0.1:8800{path}", body=site.render(path)[1]
        )
    return out


def digest(facts: dict) -> str:
    raw = json.dumps(facts, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()


def digests() -> dict[str, str]:
    return {name: digest(extract(page)) for name, page in sample_pages().items()}


def test_extraction_gives_the_recorded_facts_for_every_sample_page():
    recorded = json.loads(GOLDEN.read_text())
    now = digests()
    changed = sorted(name for name in recorded if now.get(name) != recorded[name])
    assert not changed, f"facts changed on {len(changed)} pages, e.g. {changed[:5]}"
    assert set(now) == set(recorded)


if __name__ == "__main__" and "--write" in sys.argv:
    GOLDEN.write_text(json.dumps(digests(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {GOLDEN}")
