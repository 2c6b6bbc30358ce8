"""Decoding pages: milliseconds per page for UTF-8, declared and undeclared GB18030, Big5,
Shift-JIS and UTF-16 (toolkit.charset.decode), and whether each read right.

Undeclared pages that are not UTF-8 go through charset-normalizer (issue 22); this shows
what that costs next to a page whose header declares its charset. Pages are made of genuine
shop text repeated to the size asked (default 60 KB, a typical listing page).

Example:
    .venv/bin/python -m bench.decode
    .venv/bin/python -m bench.decode --kb 300 --pages 50
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from toolkit.charset import decode

TEXT = {
    "zh-Hans": "<p>营业执照：统一社会信用代码 91330100MA27XXXX1X。高仿耐克运动鞋，售价 99 元，七天无理由退货。</p>",
    "zh-Hant": "<p>公司名稱：阿里山茶葉股份有限公司。台灣烏龍茶 150克，售價 NT$ 680 元，七天鑑賞期。</p>",
    "ja": "<p>宇治抹茶 100g 価格：3,240円（税込）。販売業者 株式会社お茶の京都、返品は7日以内。</p>",
}
CASES = [
    ("utf-8", "zh-Hans", "utf-8", True),
    ("gb18030, declared", "zh-Hans", "gb18030", True),
    ("gb18030, undeclared", "zh-Hans", "gb18030", False),
    ("big5, undeclared", "zh-Hant", "big5", False),
    ("shift_jis, undeclared", "ja", "shift_jis", False),
    ("utf-16-le, undeclared", "zh-Hans", "utf-16-le", False),
]


def page(lang: str, kb: int) -> str:
    block = TEXT[lang]
    return (
        "<html><head><title>店</title></head><body>"
        + block * (kb * 1024 // len(block.encode()))
        + "</body></html>"
    )


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kb", type=int, default=60, help="page size in KB (default 60)")
    ap.add_argument("--pages", type=int, default=200, help="pages per case (default 200)")
    args = ap.parse_args(argv)
    print(f"{'page':24} {'ms/page':>8}  read right")
    for label, lang, codec, declared in CASES:
        text = page(lang, args.kb)
        body = text.encode(codec)
        headers = {"content-type": "text/html" + (f"; charset={codec}" if declared else "")}
        decode(body, headers)  # warm up (imports, codec tables)
        start = time.perf_counter()
        for _ in range(args.pages):
            got, _ = decode(body, headers)
        ms = (time.perf_counter() - start) / args.pages * 1000
        print(f"{label:24} {ms:8.2f}  {got == text}")
    print(
        f"\n{args.pages} pages of {args.kb} KB each; reproduce: .venv/bin/python -m bench.decode "
        f"--kb {args.kb} --pages {args.pages}"
    )


if __name__ == "__main__":
    main()
