"""Time `greenroom check` over a synthetic database of 1,000,000 listings and 50,000 shops.

The database holds page facts as the crawler stores them (no captures are re-read: the
facts carry the current extractor version). `greenroom check` runs twice: first over the
page facts alone (what the first crawl of a database does at its end: every subject and
finding is new and the search index is built from nothing), then again over the analysed
database, which is what `greenroom check` meets in use. Each prints its steps, wall and
CPU seconds and memory (its largest process, and all its processes together).
Goal: < 60 s on 2 cores (`--workers 2`), memory bounded.

Reproduce: .venv/bin/python bench/check_scale.py [--listings 1000000] [--shops 50000]
           [--workers 2]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TITLES = [
    "西湖龙井 明前特级 250g",
    "高仿LV老花手袋 原单品质",
    "国家级非遗手工红茶",
    "纯棉短袖T恤 夏季新款",
    "降血糖苦瓜茶 30袋",
    "第一次购买专享 蓝牙耳机",
    "新鲜红富士苹果 5斤装",
    "定制实木相框",
]
CRUMBS = [
    ["首页", "食品饮料", "茶叶"],
    ["首页", "箱包", "女包"],
    ["首页", "服装", "T恤"],
    ["首页", "数码", "耳机"],
    ["首页", "生鲜", "水果"],
    ["首页", "家居", "相框"],
]


def uscc_of(i: int) -> str:
    """A valid 统一社会信用代码 of its own for shop i (one shared by every shop would be read
    as the platform's, as a real platform's would)."""
    from stdnum.cn import uscc

    first17 = f"91330108{i:08d}0"
    return first17 + uscc.calc_check_digit(first17)


def shop_facts(i: int, base: str, version: str) -> dict:
    url = f"{base}/s/{i}"
    disclosures = [{"key": "shop_name", "label": "店铺", "value": f"店铺{i}"}]
    if i % 7:
        disclosures += [
            {"key": "registered_name", "label": "企业名称", "value": f"某某贸易有限公司{i}"},
            {"key": "uscc", "label": "统一社会信用代码", "value": uscc_of(i)},
            {"key": "phone", "label": "联系电话", "value": f"0571-8{i % 10_000_000:07d}"},
        ]
    return {
        "url": url,
        "canonical": url,
        "role": "shop",
        "title": f"店铺{i}",
        "shop_name": f"店铺{i}",
        "disclosures": disclosures,
        "links": [],
        "extractor": version,
        "text": f"店铺{i}",
    }


def listing_facts(i: int, shops: int, base: str, version: str, rnd: random.Random) -> dict:
    url = f"{base}/i/{i}"
    title = TITLES[i % len(TITLES)]
    price = round(rnd.uniform(5, 3000), 2)
    return {
        "url": url,
        "canonical": url,
        "role": "listing",
        "title": title,
        "extractor": version,
        "breadcrumb": CRUMBS[i % len(CRUMBS)],
        "description": f"{title}，品质保证。",
        "prices": [
            {"kind": "offered", "label": "售价", "value": price},
            {"kind": "original", "label": "原价", "value": round(price * 1.5, 2)},
        ],
        "links": [{"url": f"{base}/s/{i % shops}", "text": "进入店铺", "rel": "shop"}],
        "disclosures": [],
        "text": f"{title} 售价 ¥{price}",
        "claims": [],
    }


def build(db_path: Path, listings: int, shops: int) -> None:
    from greenroom.analyse import extractor_version
    from storage.db import connect

    db = connect(db_path)
    version = extractor_version()
    base = "http://shop.example.test"
    rnd = random.Random(7)
    db.conn.execute("INSERT INTO runs (id, started, status) VALUES (1, '2026-11-29', 'finished')")

    def rows():
        for i in range(shops):
            yield i + 1, shop_facts(i, base, version)
        for i in range(listings):
            yield shops + i + 1, listing_facts(i, shops, base, version, rnd)

    batch = []
    with db.conn:
        for cid, facts in rows():
            facts["capture_id"] = cid  # as the crawler stores them
            batch.append(
                (
                    cid,
                    1,
                    facts["url"],
                    facts["canonical"],
                    facts["role"],
                    facts["title"],
                    json.dumps(facts, ensure_ascii=False),
                )
            )
            if len(batch) == 20_000:
                db.conn.executemany("INSERT INTO pages VALUES (?,?,?,?,?,?,?)", batch)
                batch = []
        db.conn.executemany("INSERT INTO pages VALUES (?,?,?,?,?,?,?)", batch)


def tree_pss_mb(pid: int) -> float:
    """Proportional memory (PSS: pages shared after fork counted once) of a process and all
    its descendants, in MB, from /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        grew = bool(more)
        tree |= more
    total = 0
    for p in tree:
        try:
            with open(f"/proc/{p}/smaps_rollup") as fh:
                total += sum(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except OSError:
            continue
    return total / 1024


def timed_check(db_path: Path, workers: int) -> dict:
    """Run `greenroom check` once; its wall and CPU seconds, largest RSS, total PSS, and its
    step lines (stderr)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    child = subprocess.Popen(
        [sys.executable, "-m", "greenroom.cli", "check", "--db", str(db_path)]
        + ["--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    peak = [0.0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], tree_pss_mb(child.pid))
            time.sleep(1.0)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = child.communicate()
    wall = time.monotonic() - started
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if child.returncode != 0:
        sys.exit(f"greenroom check failed ({child.returncode}): {err.strip()[-500:]}")
    return {
        "wall": wall,
        "cpu": cpu,
        "rss": after.ru_maxrss / 1024,  # the largest of any child so far
        "pss": peak[0],
        "out": out.strip(),
        "steps": [line for line in err.splitlines() if line.startswith("[greenroom]")],
    }


def report(title: str, run: dict, goal: str = "") -> None:
    print(f"\n{title}")
    for line in run["steps"]:
        print(f"  {line}")
    print(f"  {run['out']}")
    print(
        f"  => {run['wall']:.1f} s wall{goal}, {run['cpu']:.0f} s CPU, largest RSS "
        f"{run['rss']:.0f} MB, {run['pss']:.0f} MB PSS in all its processes together"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listings", type=int, default=1_000_000)
    parser.add_argument("--shops", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2, help="greenroom check --workers")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_path = Path(tmp) / "scale.db"
        started = time.monotonic()
        build(db_path, args.listings, args.shops)
        print(
            f"built {args.listings:,} listings + {args.shops:,} shops in "
            f"{time.monotonic() - started:.0f}s (page facts only, as a crawl stores them)"
        )
        first = timed_check(db_path, args.workers)
        report(
            "first analysis (what a first crawl does at its end: every subject and finding "
            "new, the search index built from nothing):",
            first,
        )
        again = timed_check(db_path, args.workers)
        report(
            "greenroom check over the analysed database (every check re-run over every "
            "subject; unchanged subjects are not rewritten or re-indexed):",
            again,
            " (goal < 60 s)",
        )
        print(
            f"\nreproduce: .venv/bin/python bench/check_scale.py --listings {args.listings} "
            f"--shops {args.shops} --workers {args.workers}   (uptime before: "
            f"{os.getloadavg()[0]:.1f})"
        )


if __name__ == "__main__":
    main()
