"""Exporting evidence: seconds, bundle size and peak RSS; with and without room resources.

1. Memory: builds a database straight through the capture store (a shop, its listings with
   one finding each, a livestream room with DOM + screenshot + API samples), then exports
   the shop and verifies the bundle, each in a fresh process so the peak RSS is the
   export's own, at two body sizes: peak RSS must stay flat while the bundle grows.
2. Room resources (--findings): the same kind of database with N findings, its room samples
   with and without the scripts, style sheets, images and document the page loaded (kind
   `asset`, what a room needs to replay), exported whole: bundle size and export time.
3. The demo (--demo): `greenroom demo`'s marketplace crawled twice on loopback, with
   GREENROOM_ROOM_RESOURCES on and off; every open finding exported: size and time.

Reproduce: .venv/bin/python bench/export.py [--captures 1000] [--body-kb 64 256]
           [--findings 1000] [--demo] [--skip-memory]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BASE = "http://127.0.0.1:8000"
SHOP = f"{BASE}/shop/1"


def body(kb: int, seed: int) -> bytes:
    """An HTML page of about `kb` KiB that gzip cannot shrink to nothing."""
    chunk = os.urandom(kb * 512).hex()
    return f"<html><body><h1>商品 {seed} 国家级</h1><p>{chunk}</p></body></html>".encode()


ROOM_ASSETS = [  # what a rendered room's page loads besides its data (url, type, KiB)
    ("/static/live.js", "application/javascript", 24),
    ("/static/live.css", "text/css", 6),
    ("/static/badge.png", "image/png", 12),
    ("/static/cover.jpg", "image/jpeg", 48),
]


def build(db_path: Path, captures: int, kb: int, *, findings: int = 0, assets: bool = False):
    """`captures` as in the memory bench; or, with `findings`, that many findings (listings
    and a room sampled once per ten listings, its samples with their assets when asked)."""
    from storage.db import connect
    from storage.findings import Outcome, apply
    from storage.warc import DOM_PROFILE, CaptureStore

    store = CaptureStore(db_path, run_id=1)
    req = {"User-Agent": "greenroom/0.1 (market regulator compliance crawler)"}
    html = {"Content-Type": "text/html; charset=utf-8"}
    store.record_response(url=f"{BASE}/robots.txt", request_headers=req, body=b"User-agent: *\n")
    shop = store.record_response(
        url=SHOP, request_headers=req, response_headers=html, body=body(kb, 0)
    )
    evidence = [("shop.contact_missing", "shop", SHOP, shop)]
    room = store.record_response(
        url=f"{BASE}/live/1", request_headers=req, response_headers=html, body=b"<div id=app></div>"
    )
    samples = (captures - 3) // 10  # each sample: dom, screenshot, api
    n_listings = captures - 3 - 3 * samples
    if findings:
        n_listings, samples = findings - 2, max(1, findings // 10)
    for k in range(samples):
        dom = store.record_resource(
            url=f"{BASE}/live/1",
            content_type="text/html",
            data=body(kb, k),
            kind="dom",
            about=room,
            target=f"{BASE}/live/1",
            warc_headers={"WARC-Profile": DOM_PROFILE},
        )
        store.record_resource(
            url=f"{BASE}/live/1",
            content_type="image/png",
            data=b"\x89PNG\r\n\x1a\n" + os.urandom(kb * 1024),
            kind="screenshot",
            about=dom,
            target=f"urn:fullPage:{BASE}/live/1",
        )
        for path, ctype, size in ROOM_ASSETS if assets else []:
            store.record_response(
                url=BASE + path,
                request_headers=req,
                response_headers={"Content-Type": ctype},
                body=os.urandom(size * 1024),
                kind="asset",
                about=dom,
            )
        store.record_response(
            url=f"{BASE}/api/live/1?k={k}",
            request_headers=req,
            response_headers={"Content-Type": "application/json"},
            body=b'{"online": 1}',
            kind="api",
            about=dom,
        )
        if k == 0:
            evidence.append(("room.host_unverified", "room", f"{BASE}/live/1", dom))
    listings = []
    for i in range(n_listings):
        url = f"{BASE}/item/{i}"
        cid = store.record_response(
            url=url, request_headers=req, response_headers=html, body=body(kb, i)
        )
        listings.append({"url": url, "shop_url": SHOP, "title": f"商品 {i}"})
        evidence.append(("listing.absolute_claim", "listing", url, cid))
    store.close()
    db = connect(db_path)
    with db.conn:
        db["shops"].insert({"url": SHOP, "name": "店铺"}, pk="url")
        db["listings"].insert_all(listings, pk="url")
        db["rooms"].insert({"url": f"{BASE}/live/1", "sellers": json.dumps([SHOP])}, pk="url")
    outcomes = [
        Outcome(check, "medium", kind, url, "国家级", "国家级", [cid])
        for check, kind, url, cid in evidence
    ]
    apply(db, outcomes, run_id=1, checked=None)  # stored as `greenroom check` stores them


def child(args) -> None:
    """Run one export or verify in this (fresh) process; print seconds and peak RSS."""
    started = time.perf_counter()
    if args.child == "export":
        from checks.registry import rules
        from storage.bundle import export

        export(args.db, args.out, shop_url=SHOP, rules=rules())
    elif args.child == "export-all":
        from checks.registry import rules
        from storage.bundle import export
        from storage.db import connect

        ids = [
            r[0] for r in connect(args.db).execute("SELECT id FROM findings WHERE status = 'open'")
        ]
        export(args.db, args.out, finding_ids=ids, rules=rules())
    else:
        from storage.verify import verify_bundle

        assert verify_bundle(args.out).ok
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "rss_mib": rss}))


def bench_findings(n: int, kb: int) -> None:
    print(f"export of {n} findings (a shop's listings and one room's samples), bodies ~{kb} KiB:")
    for assets in (False, True):
        with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as tmp:
            db, out = Path(tmp) / "bench.db", Path(tmp) / "bundle.zip"
            build(db, 0, kb, findings=n, assets=assets)
            exp = measure("export-all", db, out)
            print(
                f"  room resources {'on ' if assets else 'off'}: bundle "
                f"{out.stat().st_size / 2**20:8.1f} MiB | export {exp['seconds']:6.2f} s, "
                f"peak RSS {exp['rss_mib']:6.1f} MiB"
            )


def bench_demo() -> None:
    print("the demo marketplace (rendering a, crawled on loopback), every open finding exported:")
    for resources in (False, True):
        with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as tmp:
            db, out = Path(tmp) / "demo.db", Path(tmp) / "bundle.zip"
            done = subprocess.run(
                [sys.executable, __file__, "--child", "crawl-demo", "--db", str(db)]
                + (["--resources"] if resources else []),
                capture_output=True,
                text=True,
                check=True,
            )
            crawl = json.loads(done.stdout.strip().splitlines()[-1])
            exp = measure("export-all", db, out)
            print(
                f"  room resources {'on ' if resources else 'off'}: {crawl['findings']} findings, "
                f"{crawl['captures']} captures ({crawl['assets']} assets) | bundle "
                f"{out.stat().st_size / 2**20:6.1f} MiB | export {exp['seconds']:6.2f} s | "
                f"crawl {crawl['seconds']:6.1f} s"
            )


def crawl_demo(db: Path, resources: bool) -> None:
    from greenroom import config as configmod
    from greenroom.run import crawl
    from greenroom_demo.site import DemoSite
    from storage.db import connect

    site = DemoSite(rendering="a").start()
    try:
        cfg = configmod.load(site.write_config(db.parent))
        started = time.perf_counter()
        crawl(cfg, db, extra_settings={"GREENROOM_ROOM_RESOURCES": resources})
        seconds = time.perf_counter() - started
    finally:
        site.stop()
    conn = connect(db)
    count = conn.execute
    print(
        json.dumps(
            {
                "seconds": seconds,
                "findings": count("SELECT count(*) FROM findings WHERE status='open'").fetchone()[
                    0
                ],
                "captures": count("SELECT count(*) FROM captures").fetchone()[0],
                "assets": count("SELECT count(*) FROM captures WHERE kind='asset'").fetchone()[0],
            }
        )
    )


def measure(step: str, db: Path, out: Path) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", step, "--db", str(db), "--out", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--captures", type=int, default=1000)
    parser.add_argument("--body-kb", type=int, nargs="+", default=[64, 256])
    parser.add_argument("--findings", type=int, default=1000)
    parser.add_argument("--demo", action="store_true", help="also crawl and export the demo")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--child", choices=["export", "export-all", "verify", "crawl-demo"])
    parser.add_argument("--resources", action="store_true")
    parser.add_argument("--db")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child == "crawl-demo":
        crawl_demo(Path(args.db), args.resources)
        return
    if args.child:
        child(args)
        return
    if args.findings:
        bench_findings(args.findings, args.body_kb[0])
    if args.demo:
        bench_demo()
    if args.skip_memory:
        args.body_kb = []
    else:
        print(f"export of a shop with {args.captures} captures (fresh process each):")
    for kb in args.body_kb:
        with tempfile.TemporaryDirectory(prefix="greenroom-bench-") as tmp:
            db, out = Path(tmp) / "bench.db", Path(tmp) / "bundle.zip"
            build(db, args.captures, kb)
            exp, ver = measure("export", db, out), measure("verify", db, out)
            size = out.stat().st_size / 2**20
            print(
                f"  bodies ~{kb:>4} KiB: bundle {size:8.1f} MiB | export {exp['seconds']:6.2f} s, "
                f"peak RSS {exp['rss_mib']:6.1f} MiB | verify {ver['seconds']:6.2f} s, "
                f"peak RSS {ver['rss_mib']:6.1f} MiB"
            )
    print(
        "reproduce: .venv/bin/python bench/export.py "
        f"--captures {args.captures} --body-kb {' '.join(map(str, args.body_kb or [64]))} "
        f"--findings {args.findings}"
        + (" --demo" if args.demo else "")
        + (" --skip-memory" if args.skip_memory else "")
    )


if __name__ == "__main__":
    main()
