"""The morning summary: new and resolved findings by check and by shop, run health, a chart."""

from __future__ import annotations

import json
from collections import Counter

from checks.runner import reasons_of
from greenroom.words import RUN_STATUS, SEVERITY
from storage import findings, runs, subjects
from toolkit.output import table


def summary(db, run_id: int | None = None) -> dict:
    """What one run (default: the last) found: new, resolved, by check, top subjects, health."""
    run = runs.get(db, run_id)
    if run is None:
        raise LookupError(f"no run {run_id}" if run_id else "no runs in this database")
    rid = run["id"]
    events = runs.findings_by_event(db, rid)
    new, resolved, reopened = events["new"], events["resolved"], events["reopened"]
    open_count = findings.count_open(db)
    by_check = Counter(f["check_id"] for f in new)
    reopened_by_check = Counter(f["check_id"] for f in reopened)
    resolved_by_check = Counter(f["check_id"] for f in resolved)
    by_subject = Counter(f["subject_url"] for f in new)
    shop_of = subjects.shop_of_listings(db)
    new_by_shop = Counter(shop_of.get(f["subject_url"], f["subject_url"]) for f in new + reopened)
    resolved_by_shop = Counter(shop_of.get(f["subject_url"], f["subject_url"]) for f in resolved)
    stats = json.loads(run.get("stats") or "{}")
    return {
        "run": run,
        "finish_reason": stats.get("finish_reason"),
        "health": json.loads(run.get("health") or "[]"),
        "open": open_count,
        "new": new,
        "resolved": resolved,
        "reopened": reopened,
        "by_check": [
            {
                "check_id": c,
                "new": by_check.get(c, 0),
                "reopened": reopened_by_check.get(c, 0),
                "resolved": resolved_by_check.get(c, 0),
            }
            for c in sorted(set(by_check) | set(reopened_by_check) | set(resolved_by_check))
        ],
        "by_shop": [
            {"shop": u, "new": new_by_shop.get(u, 0), "resolved": resolved_by_shop.get(u, 0)}
            for u, _ in (new_by_shop + resolved_by_shop).most_common(20)
        ],
        "top_subjects": [{"subject_url": u, "new": n} for u, n in by_subject.most_common(10)],
        "history": runs.history(db, rid),
        "unjudged": unjudged(db),
    }


def unjudged(db) -> list[dict]:
    """Per check: the subjects a check of absence could not judge at the last analysis (a
    page that could show what it looks for was not read), and why."""
    out: dict[str, dict] = {}
    for check_id, reasons in findings.unjudged(db):
        row = out.setdefault(check_id, {"check_id": check_id, "subjects": 0, "why": Counter()})
        row["subjects"] += 1
        for why in reasons_of(reasons or ""):
            row["why"][why.split(":")[0]] += 1
    return [
        {**r, "why": ", ".join(f"{k} {n}" for k, n in r["why"].most_common())}
        for _c, r in sorted(out.items())
    ]


FINISH_REASONS = {
    "finished": "已抓取整个网站",
    "closespider_timeout": "达到 max_runtime_s 停止（未抓到的对象保留其发现）",
    "closespider_pagecount": "达到 max_pages 停止（未抓到的对象保留其发现）",
    "shutdown": "被信号中止（再次运行同一命令即可续抓）",
}


def titles() -> dict[str, str]:
    """Check id → its Chinese title (the catalogue's `title`)."""
    from checks.registry import catalogue

    return {c["id"]: c["title"] for c in catalogue()}


def healthy(s: dict) -> bool:
    return not s["health"]


def health_line(s: dict) -> str:
    return "正常" if healthy(s) else "异常：" + "；".join(s["health"])


def counts_line(s: dict) -> str:
    return (
        f"新增 {len(s['new'])}，已整改 {len(s['resolved'])}，"
        f"重新出现 {len(s.get('reopened', []))}，当前未结 {s['open']}"
    )


def render_text(s: dict) -> str:
    """The summary as plain text, in Chinese (the mail's text part and `greenroom summary`)."""
    run, name = s["run"], titles()
    reason = s.get("finish_reason")
    by_check = [
        {
            "检查项": name.get(r["check_id"], r["check_id"]),
            "编号": r["check_id"],
            "新增": r["new"],
            "重新出现": r.get("reopened", 0),
            "已整改": r["resolved"],
        }
        for r in s["by_check"]
    ]
    by_shop = [{"店铺": r["shop"], "新增": r["new"], "已整改": r["resolved"]} for r in s["by_shop"]]
    top = [{"对象": r["subject_url"], "新增": r["new"]} for r in s["top_subjects"]]
    unjudged = [
        {
            "检查项": name.get(r["check_id"], r["check_id"]),
            "对象数": r["subjects"],
            "原因": r["why"],
        }
        for r in s.get("unjudged", [])
    ]
    lines = [
        (
            f"第 {run['id']} 次运行（{RUN_STATUS.get(run['status'], run['status'])}），"
            f"开始 {run['started']}，结束 {run['finished']}"
        ),
        f"页面 {run['pages']}，抓取错误 {run['errors']}，直播间渲染 {run['rooms_rendered']}",
        *([f"抓取结束原因：{reason} — {FINISH_REASONS.get(reason, '')}"] if reason else []),
        f"运行健康：{health_line(s)}",
        f"发现的问题：{counts_line(s)}",
        "",
        "按检查项：",
        table(by_check),
        "",
        "按店铺（商品的发现归入其店铺）：",
        table(by_shop),
        "",
        "新增问题最多的对象：",
        table(top),
        *(
            ["", "未能判定（unjudged：可能载有该信息的页面未被读取，不是发现）：", table(unjudged)]
            if unjudged
            else []
        ),
    ]
    return "\n".join(lines)


NEW, RESOLVED = "#c0392b", "#27ae60"


def _chart_rows(history: list[dict]) -> tuple[list[str], int]:
    """The checks with any new or resolved finding in `history`, and the tallest bar."""
    checks = sorted({c for h in history for c, v in h["by_check"].items() if any(v.values())})
    peak = max(
        [1]
        + [
            max(v.get("new", 0), v.get("resolved", 0))
            for h in history
            for v in h["by_check"].values()
        ]
    )
    return checks, peak


LABEL_W, BAR, GAP, BAND = 230, 6, 6, 34


def _chart(history: list[dict]) -> str:
    """Inline SVG, no network: per check (one band each), new (red) and resolved (green)
    findings in each of the last 30 runs, the runs left to right."""
    from markupsafe import Markup, escape

    checks, peak = _chart_rows(history)
    if not checks:
        return Markup("<p>近 30 次运行没有新增或已整改的问题</p>")
    name = titles()
    width = LABEL_W + len(history) * (2 * BAR + GAP) + 20
    height = len(checks) * BAND + 40
    e = escape
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            'role="img" aria-label="近 30 次运行各检查项的新增与已整改问题" font-family="sans-serif">'
        )
    ]
    for row, check in enumerate(checks):
        base = 10 + (row + 1) * BAND - 6
        parts.append(
            f'<text x="4" y="{base - 4}" font-size="11">{e(name.get(check, check))}</text>'
        )
        parts.append(
            f'<line x1="{LABEL_W - 4}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#ccc"/>'
        )
        for i, h in enumerate(history):
            v = h["by_check"].get(check, {})
            x = LABEL_W + i * (2 * BAR + GAP)
            for j, (key, colour, word) in enumerate(
                (("new", NEW, "新增"), ("resolved", RESOLVED, "已整改"))
            ):
                n = v.get(key, 0)
                bh = round(n / peak * (BAND - 10), 1)
                parts.append(
                    f'<rect class="{key}" x="{x + j * BAR}" y="{base - bh}" width="{BAR}" '
                    f'height="{bh}" fill="{colour}"><title>第 {h["id"]} 次运行 · {e(check)} · '
                    f"{word} {n}</title></rect>"
                )
    for i, h in enumerate(history):
        x = LABEL_W + i * (2 * BAR + GAP)
        parts.append(f'<text x="{x}" y="{height - 8}" font-size="9">{h["id"]}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


CJK_FONTS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def _font(size: int):
    """A font that draws Chinese (Debian's fonts-noto-cjk), else Pillow's own (ids only)."""
    from PIL import ImageFont

    for path in CJK_FONTS:
        try:
            return ImageFont.truetype(path, size), True
        except OSError:
            continue
    return ImageFont.load_default(), False


def chart_png(history: list[dict]) -> bytes:
    """The same chart as a PNG (mail clients drop inline SVG): one band per check, a red
    (new) and a green (resolved) bar per run, the runs left to right, numbered below."""
    import io

    from PIL import Image, ImageDraw

    checks, peak = _chart_rows(history)
    scale = 2  # drawn at twice the size: sharp on a phone
    font, cjk = _font(12 * scale)
    small, _ = _font(9 * scale)
    width = LABEL_W + max(1, len(history)) * (2 * BAR + GAP) + 20
    height = max(1, len(checks)) * BAND + 40
    img = Image.new("RGB", (width * scale, height * scale), "white")
    draw = ImageDraw.Draw(img)
    name = titles() if cjk else {}
    if not checks:
        draw.text(
            (8 * scale, 10 * scale),
            "近 30 次运行没有新增或已整改的问题" if cjk else "no new or resolved findings",
            fill="black",
            font=font,
        )
    for row, check in enumerate(checks):
        base = 10 + (row + 1) * BAND - 6
        draw.text((4 * scale, (base - 18) * scale), name.get(check, check), fill="black", font=font)
        draw.line(
            [((LABEL_W - 4) * scale, base * scale), ((width - 10) * scale, base * scale)],
            fill="#cccccc",
            width=scale,
        )
        for i, h in enumerate(history):
            v = h["by_check"].get(check, {})
            x = LABEL_W + i * (2 * BAR + GAP)
            for j, (key, colour) in enumerate((("new", NEW), ("resolved", RESOLVED))):
                bh = v.get(key, 0) / peak * (BAND - 10)
                if bh:
                    x0 = (x + j * BAR) * scale
                    draw.rectangle(
                        [x0, (base - bh) * scale, x0 + BAR * scale - 1, base * scale], fill=colour
                    )
    for i, h in enumerate(history):
        x = LABEL_W + i * (2 * BAR + GAP)
        draw.text((x * scale, (height - 16) * scale), str(h["id"]), fill="#555555", font=small)
    if cjk:  # the key, under the checks' names
        draw.text((4 * scale, (height - 16) * scale), "■ 新增", fill=NEW, font=small)
        draw.text((50 * scale, (height - 16) * scale), "■ 已整改", fill=RESOLVED, font=small)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _template():
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("greenroom", "templates"),
        autoescape=select_autoescape(["html"]),
    )
    return env.get_template("summary.html")


def render_html(s: dict, chart_cid: str | None = None, ui_url: str | None = None) -> str:
    """A self-contained HTML summary (no scripts, no network), from `templates/summary.html`;
    every captured value is escaped. With `chart_cid` (mail) the chart is the PNG attached
    under that Content-ID instead of inline SVG."""
    return _template().render(
        s=s,
        run=s["run"],
        title=titles(),
        status=RUN_STATUS,
        severity=SEVERITY,
        reason=s.get("finish_reason"),
        reasons=FINISH_REASONS,
        chart_svg=None if chart_cid else _chart(s["history"]),
        chart_cid=chart_cid,
        ui_url=ui_url,
    )
