"""Query speed of the investigator's UI at scale, and the choice of Chinese indexing.

Default: builds a database of 1,000,000 listings, 100,000 shops, 20,000 rooms and 100,000
findings (bulk inserts), indexes it with `storage.search.index`, then times every canned
query and Chinese full-text searches through Datasette's JSON API (in-process client) and
prints the median of each (goal: < 100 ms).

`--choice`: compares CJK bigrams with jieba word segmentation on a labelled set (recall,
precision) and on synthetic listings (indexing and query time); the figures behind the
choice written down in `storage/search.py`.

Reproduce: .venv/bin/python bench/query.py [--listings 1000000] [--findings 100000]
           .venv/bin/python bench/query.py --choice
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BRANDS = ["耐克", "阿迪达斯", "香奈儿", "古驰", "苹果", "华为", "茅台", "雅诗兰黛", "兰蔻", "戴森"]
GOODS = [
    "运动鞋",
    "手提包",
    "口红",
    "手机壳",
    "白酒",
    "面霜",
    "吹风机",
    "T恤",
    "手表",
    "耳机",
    "苦瓜茶",
    "蜂蜜",
    "枸杞",
    "保温杯",
    "床上四件套",
    "儿童玩具",
    "羽绒服",
    "牛仔裤",
]
WORDS = [
    "新款",
    "正品",
    "包邮",
    "限时",
    "特价",
    "爆款",
    "官方",
    "旗舰",
    "夏季",
    "加厚",
    "学生",
    "男女",
    "同款",
    "送礼",
    "家用",
    "便携",
    "大容量",
    "进口",
    "原装",
    "促销",
    "清仓",
]
DESC = [
    "品质保证，假一赔十",
    "厂家直销，支持七天无理由退货",
    "材质舒适，做工精细",
    "适合日常使用",
    "多色可选，欢迎咨询客服",
    "今日下单立减二十元",
    "发货迅速，全国包邮",
    "精选原料，健康生活",
    "经典设计，百搭款式",
    "库存有限，售完即止",
]
SPICE = [("高仿", 0.01), ("降血糖", 0.004), ("原单", 0.005), ("国家级", 0.003), ("A货", 0.003)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
CITIES = ["杭州", "宁波", "温州", "广州", "深圳", "义乌", "福州", "厦门", "苏州", "成都"]
TRADES = ["贸易", "电子商务", "商贸", "科技", "食品", "服饰", "日用品"]
CHECKS = [
    "listing.counterfeit_signal",
    "listing.absolute_claim",
    "listing.medical_claim",
    "shop.licence_missing",
    "shop.contact_missing",
    "shop.uscc_invalid",
    "room.host_unverified",
    "room.seller_undisclosed",
    "listing.returns_refused",
]


def title(rng: random.Random) -> str:
    parts = [rng.choice(BRANDS), *rng.sample(WORDS, 2), rng.choice(GOODS)]
    for word, p in SPICE:
        if rng.random() < p:
            parts.insert(rng.randrange(len(parts) + 1), word)
    return "".join(parts)


def build(path: Path, n_listings: int, n_findings: int, seed: int = 7) -> dict:
    """Bulk-build a greenroom database of the given size; returns sample parameters."""
    from storage.db import connect
    from storage.search import index

    rng = random.Random(seed)
    connect(path).conn.close()  # the schema
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=OFF")
    conn.execute("PRAGMA synchronous=OFF")
    n_shops, n_rooms = max(n_listings // 10, 10), max(n_listings // 50, 10)
    shops = []
    for i in range(n_shops):
        city, trade = rng.choice(CITIES), rng.choice(TRADES)
        company = f"{city}{rng.choice(SURNAMES)}{rng.choice(SURNAMES)}{trade}有限公司{i}"
        shared = i % 500 == 1  # every 500th shop borrows the licence of the one before
        uscc = f"9133{(i - 1 if shared else i):014d}"
        phone = f"139{(i // 2 if i % 700 == 3 else i + 10_000_000):08d}"
        shops.append(
            (
                f"http://m.example.cn/shop/{i}",
                f"{city}{rng.choice(GOODS)}小店{i}",
                company,
                uscc,
                company,
                json.dumps([phone]),
                "[]",
                json.dumps([f"{city}市某路{i}号"], ensure_ascii=False),
                "[]",
                10,
                1,
            )
        )
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO shops VALUES (?,?,?,?,?,?,?,?,?,?,?)", shops)
    conn.executemany(
        "INSERT INTO listings VALUES (?,?,?,?,?,?,?,?)",
        (
            (
                f"http://m.example.cn/item/{i}",
                f"http://m.example.cn/shop/{i % n_shops}",
                title(rng),
                rng.choice(GOODS),
                round(rng.uniform(5, 3000), 2),
                "，".join(rng.sample(DESC, 3)),
                "[]",
                1,
            )
            for i in range(n_listings)
        ),
    )
    conn.executemany(
        "INSERT INTO rooms VALUES (?,?,?,?,?,?,?,?)",
        (
            (
                f"http://m.example.cn/live/{i}",
                f"{rng.choice(BRANDS)}{rng.choice(WORDS)}专场",
                f"主播{rng.choice(SURNAMES)}{i}",
                rng.randrange(2),
                json.dumps([shops[i % n_shops][4]], ensure_ascii=False),
                None,
                2,
                1,
            )
            for i in range(n_rooms)
        ),
    )
    start = 1_767_225_600  # 2026-01-01
    conn.executemany(
        "INSERT INTO findings (check_id, severity, subject_type, subject_url, message, snippet,"
        " first_seen, last_seen, status, first_run, last_run, reopened) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            (
                check,
                "high",
                check.split(".")[0],
                f"http://m.example.cn/{check.split('.')[0].replace('listing', 'item')}/{i}",
                f"商品标题含违规用语“{rng.choice(['高仿', '国家级', '降血糖', '最佳'])}”",
                "…",
                time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(start + i * 60)),
                time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(start + i * 90)),
                "open" if i % 4 else "resolved",
                1,
                1,
                1 if i % 97 == 0 else 0,
            )
            for i in range(n_findings)
            for check in [CHECKS[i % len(CHECKS)]]
        ),
    )
    conn.execute("COMMIT")
    conn.close()
    db = connect(path)
    t = time.perf_counter()
    index(db)
    indexed = time.perf_counter() - t
    db.conn.close()
    return {
        "uscc": shops[501][3],
        "operator": shops[min(1234, n_rooms - 1)][4],
        "shop_name": shops[4321 % n_shops][1],
        "since": time.strftime("%Y-%m-%d", time.gmtime(start + int(n_findings * 0.95) * 60)),
        "index_seconds": indexed,
        "finding": n_findings // 2 + 1,
    }


def time_queries(path: Path, params: dict, repeat: int) -> list[tuple[str, float, int]]:
    from urllib.parse import quote

    from greenroom.ui.app import make_datasette

    ds = make_datasette(path)
    name = path.stem
    urls = {
        "new_findings": f"/{name}/new_findings.json?since={params['since']}",
        "by_uscc": f"/{name}/by_uscc.json?uscc={params['uscc']}",
        "shared_licences": f"/{name}/shared_licences.json",
        "repeat_offenders": f"/{name}/repeat_offenders.json",
        "rooms_by_operator": f"/{name}/rooms_by_operator.json?operator={quote(params['operator'])}",
        "search_listings 高仿": f"/{name}/search_listings.json?q={quote('高仿')}",
        "search_listings 降血糖": f"/{name}/search_listings.json?q={quote('降血糖')}",
        "search_listings 耐克 运动鞋": f"/{name}/search_listings.json?q={quote('耐克 运动鞋')}",
        "search_shops (name)": f"/{name}/search_shops.json?q={quote(params['shop_name'])}",
        "search_findings 高仿": f"/{name}/search_findings.json?q={quote('高仿')}",
        "/-/search 高仿 (all tables)": f"/-/search?_json=1&q={quote('高仿')}",
        "finding page": f"/-/finding/{params['finding']}",
    }

    async def run():
        await ds.invoke_startup()
        out = []
        for label, url in urls.items():
            times, n = [], 0
            for _ in range(repeat):
                t = time.perf_counter()
                sep = "&" if "?" in url else "?"
                r = await ds.client.get(url + (f"{sep}_shape=array" if ".json" in url else ""))
                times.append(time.perf_counter() - t)
                assert r.status_code == 200, (url, r.status_code, r.text[:300])
                body = r.json() if "json" in r.headers["content-type"] else None
                n = (
                    len(body)
                    if isinstance(body, list)
                    else (sum(len(v) for v in body["results"].values()) if body else 1)
                )
            out.append((label, statistics.median(times) * 1000, n))
        return out

    return asyncio.run(run())


# --choice: bigrams versus jieba -------------------------------------------------------------
LABELLED = [  # (query, text, a reader says it is a hit)
    ("高仿", "高仿耐克运动鞋 超A货", True),
    ("高仿", "高仿款香奈儿手提包", True),
    ("高仿", "顶级高仿原单复刻", True),
    ("高仿", "最高仿真度飞机模型", False),
    ("高仿", "高仿真硅胶娃娃", False),
    ("原单", "外贸原单尾货清仓", True),
    ("原单", "原单货 品质保证", True),
    ("原单", "原单价199元现价99", False),
    ("降血糖", "苦瓜茶可降血糖", True),
    ("降血糖", "长期服用降血糖降血压", True),
    ("降血糖", "糖尿病人降血糖必备", True),
    ("顶级", "顶级工艺 国家级品质", True),
    ("顶级", "山顶级别的景观房", False),
    ("国家级", "国家级非遗传承", True),
    ("第一", "销量第一的面霜", True),
    ("第一", "第一次购买送礼品", False),
    ("A货", "超A货一比一", True),
    ("复刻", "复刻版经典款", True),
    ("杭州甲乙贸易", "杭州甲乙贸易有限公司", True),
    ("甲乙", "杭州甲乙贸易有限公司", True),
    ("丙丁旗舰店", "宁波丙丁旗舰店官方", True),
    ("大胃王", "大胃王挑战十斤牛排", True),
    ("暴饮暴食", "暴饮暴食吃播", True),
    ("精仿", "精仿名表 1:1", True),
    ("治疗", "可治疗失眠", True),
    ("治疗", "无需治疗费用", False),
]


def _jieba_split(text: str) -> str:
    import jieba

    return " ".join(w for w in jieba.cut_for_search(text) if w.strip())


def _jieba_match(q: str) -> str:
    import jieba

    words = [w for w in jieba.cut(q) if w.strip()]
    return '"' + " ".join(words).replace('"', '""') + '"'


def choice(n: int) -> None:
    import jieba

    from storage.search import match_expression, split_text

    t = time.perf_counter()
    jieba.initialize()
    jieba_load = time.perf_counter() - t
    schemes = {
        "bigrams": (split_text, match_expression),
        "jieba": (_jieba_split, _jieba_match),
    }
    rng = random.Random(3)
    corpus = [title(rng) + "，" + "，".join(rng.sample(DESC, 3)) for _ in range(n)]
    print(f"labelled set: {len(LABELLED)} pairs; synthetic corpus: {n} listings")
    print(f"{'scheme':8} {'recall':>7} {'precision':>9} {'index s':>8} {'query ms':>9}")
    for name, (split, match) in schemes.items():
        conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61')")
        conn.executemany("INSERT INTO t VALUES (?)", [(split(x),) for _, x, _ in LABELLED])
        tp = fp = fn = 0
        for i, (q, _text, relevant) in enumerate(LABELLED, 1):
            hit = bool(
                conn.execute(
                    "SELECT 1 FROM t WHERE t MATCH ? AND rowid = ?", (match(q), i)
                ).fetchone()
            )
            tp += hit and relevant
            fp += hit and not relevant
            fn += (not hit) and relevant
        big = sqlite3.connect(":memory:")
        big.execute("CREATE VIRTUAL TABLE t USING fts5(x, content='', tokenize='unicode61')")
        t = time.perf_counter()
        big.executemany("INSERT INTO t VALUES (?)", ((split(x),) for x in corpus))
        index_s = time.perf_counter() - t
        times = []
        for q in ["高仿", "降血糖", "运动鞋", "原单", "耐克"] * 5:
            t = time.perf_counter()
            big.execute(
                "SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 50", (match(q),)
            ).fetchall()
            times.append(time.perf_counter() - t)
        print(
            f"{name:8} {tp / (tp + fn):7.2f} {tp / max(tp + fp, 1):9.2f} {index_s:8.2f} "
            f"{statistics.median(times) * 1000:9.2f}"
        )
    print(f"jieba dictionary load: {jieba_load:.2f} s")
    print("Reproduce: .venv/bin/python bench/query.py --choice")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--listings", type=int, default=1_000_000)
    ap.add_argument("--findings", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--db", help="keep the database here (default: a temporary directory)")
    ap.add_argument("--choice", action="store_true", help="compare bigrams with jieba")
    ap.add_argument("--corpus", type=int, default=20_000, help="listings for --choice")
    args = ap.parse_args()
    if args.choice:
        choice(args.corpus)
        return
    with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as tmp:
        path = Path(args.db) if args.db else Path(tmp) / "bench.db"
        sidecar = path.with_name(path.name + ".params.json")
        if path.exists() and sidecar.exists():
            from storage.db import connect
            from storage.search import index

            params = json.loads(sidecar.read_text())
            db = connect(path)
            index(db)  # brings an older bench database up to date
            db.conn.close()
            print(f"reusing {path} ({path.stat().st_size / 2**20:.0f} MiB)")
        elif path.exists():
            sys.exit(f"{path}: exists and is not a bench database; give a new path")
        else:
            t = time.perf_counter()
            params = build(path, args.listings, args.findings)
            built = time.perf_counter() - t
            sidecar.write_text(json.dumps(params))
            print(
                f"built {args.listings:,} listings, {args.findings:,} findings in {built:.0f} s "
                f"(search index: {params['index_seconds']:.0f} s); "
                f"{path.stat().st_size / 2**20:.0f} MiB"
            )
        results = time_queries(path, params, args.repeat)
    print(f"\n{'query (Datasette JSON API, in-process)':44} {'median ms':>10} {'rows':>6}")
    for label, ms, n in results:
        flag = "" if ms < 100 else "  (over 100 ms)"
        print(f"{label:44} {ms:10.1f} {n:6}{flag}")
    worst = max(ms for _, ms, _ in results)
    print(
        f"\nslowest median {worst:.1f} ms; goal < 100 ms each: {'met' if worst < 100 else 'NOT met'}"
    )
    print(
        f"Reproduce: .venv/bin/python bench/query.py --listings {args.listings} "
        f"--findings {args.findings}"
    )


if __name__ == "__main__":
    main()
