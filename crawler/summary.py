"""The morning summary: new and resolved findings by check and by shop, run health, a chart."""

from __future__ import annotations

import html
import json
from collections import Counter

from crawler.output import table


def summary(db, run_id: int | None = None) -> dict:
    """What one run (default: the last) found: new, resolved, by check, top subjects, health."""
    run = db.execute(
        "SELECT * FROM runs WHERE id = ?"
        if run_id
        else "SELECT * FROM runs ORDER BY id DESC LIMIT 1",
        [run_id] if run_id else [],
    ).fetchone()
    if run is None:
        raise LookupError(f"no run {run_id}" if run_id else "no runs in this database")
    cols = [d[0] for d in db.execute("SELECT * FROM runs LIMIT 0").description]
    run = dict(zip(cols, run, strict=True))
    rid = run["id"]
    reopened: list[dict] = []
    if _has_events(db, rid):
        new, resolved = _by_event(db, rid, "new"), _by_event(db, rid, "resolved")
        reopened = _by_event(db, rid, "reopened")
    else:  # a run from before run_findings: read the findings' current state
        new = [
            dict(r)
            for r in db.query(
                "SELECT * FROM findings WHERE status = 'open' AND first_run = ? ORDER BY check_id",
                [rid],
            )
        ]
        resolved = [
            dict(r)
            for r in db.query(
                "SELECT * FROM findings WHERE status = 'resolved' AND last_run = ? "
                "ORDER BY check_id",
                [rid],
            )
        ]
    open_count = db.execute("SELECT COUNT(*) FROM findings WHERE status = 'open'").fetchone()[0]
    by_check = Counter(f["check_id"] for f in new)
    reopened_by_check = Counter(f["check_id"] for f in reopened)
    resolved_by_check = Counter(f["check_id"] for f in resolved)
    by_subject = Counter(f["subject_url"] for f in new)
    shop_of = _shop_of(db)
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
        "history": history(db, rid),
        "unjudged": unjudged(db),
    }


def unjudged(db) -> list[dict]:
    """Per check: the subjects a check of absence could not judge at the last analysis (a
    page that could show what it looks for was not read), and why."""
    out: dict[str, dict] = {}
    for check_id, reasons in db.execute("SELECT check_id, reasons FROM unjudged").fetchall():
        row = out.setdefault(check_id, {"check_id": check_id, "subjects": 0, "why": Counter()})
        row["subjects"] += 1
        for part in (reasons or "").split("; "):
            row["why"][part.rsplit(" (", 1)[-1].rstrip(")").split(":")[0]] += 1
    return [
        {**r, "why": ", ".join(f"{k} {n}" for k, n in r["why"].most_common())}
        for _c, r in sorted(out.items())
    ]


def _has_events(db, run_id: int) -> bool:
    if "run_findings" not in db.table_names():
        return False
    return bool(
        db.execute("SELECT 1 FROM run_findings WHERE run_id = ? LIMIT 1", [run_id]).fetchone()
    )


def _by_event(db, run_id: int, event: str) -> list[dict]:
    sql = """SELECT f.* FROM findings f JOIN run_findings e ON e.finding_id = f.id
             WHERE e.run_id = ? AND e.event = ? ORDER BY f.check_id, f.subject_url"""
    return [dict(r) for r in db.query(sql, [run_id, event])]


def _shop_of(db) -> dict[str, str]:
    """Listing URL → its shop's URL (a shop's and a room's findings count under themselves)."""
    if "listings" not in db.table_names():
        return {}
    return dict(db.execute("SELECT url, shop_url FROM listings WHERE shop_url IS NOT NULL"))


def history(db, upto: int, runs: int = 30) -> list[dict]:
    """The last `runs` runs up to `upto`, oldest first: per check, new and resolved findings.

    From each run's `by_check` (written by crawler.runs.finish_run); for older runs without
    it, new findings are counted from `findings.first_run` and resolved ones are unknown."""
    has_by_check = "by_check" in db["runs"].columns_dict
    rows = db.execute(
        "SELECT id, started, findings_new, findings_resolved"
        + (", by_check" if has_by_check else ", NULL")
        + " FROM runs WHERE id <= ? ORDER BY id DESC LIMIT ?",
        [upto, runs],
    ).fetchall()
    out = []
    for rid, started, new, resolved, raw in reversed(rows):
        per_check = json.loads(raw) if raw else None
        if per_check is None:
            per_check = {
                c: {"new": n, "resolved": 0}
                for c, n in db.execute(
                    "SELECT check_id, COUNT(*) FROM findings WHERE first_run = ? GROUP BY check_id",
                    [rid],
                )
            }
        out.append(
            {
                "id": rid,
                "started": started,
                "findings_new": new or 0,
                "findings_resolved": resolved or 0,
                "by_check": per_check,
            }
        )
    return out


FINISH_REASONS = {
    "finished": "the whole site was crawled",
    "closespider_timeout": "stopped at max_runtime_s (subjects not reached keep their findings)",
    "closespider_pagecount": "stopped at max_pages (subjects not reached keep their findings)",
    "shutdown": "stopped by a signal (run the same command to resume)",
}


def health_line(s: dict) -> str:
    return "healthy" if not s["health"] else "UNHEALTHY: " + "; ".join(s["health"])


def render_text(s: dict) -> str:
    run = s["run"]
    reason = s.get("finish_reason")
    lines = [
        f"run {run['id']} ({run['status']}), started {run['started']}, finished {run['finished']}",
        f"pages {run['pages']}, crawl errors {run['errors']}, rooms rendered {run['rooms_rendered']}",
        *([f"crawl ended: {reason} — {FINISH_REASONS.get(reason, '')}"] if reason else []),
        f"run health: {health_line(s)}",
        (
            f"findings: {len(s['new'])} new, {len(s['resolved'])} resolved, "
            f"{len(s.get('reopened', []))} reopened, {s['open']} open now"
        ),
        "",
        "by check:",
        table(s["by_check"]),
        "",
        "by shop (a listing counts under its shop):",
        table(s["by_shop"]),
        "",
        "subjects with most new findings:",
        table(s["top_subjects"]),
        *(
            ["", "unjudged (a page that could show it was not read; not findings):"]
            + [table(s["unjudged"])]
            if s.get("unjudged")
            else []
        ),
    ]
    return "\n".join(lines)


NEW, RESOLVED = "#c0392b", "#27ae60"


def _chart(history: list[dict]) -> str:
    """Inline SVG, no network: per check (one band each), new (red) and resolved (green)
    findings in each of the last 30 runs, the runs left to right."""
    e = html.escape
    checks = sorted({c for h in history for c, v in h["by_check"].items() if any(v.values())})
    if not checks:
        return "<p>近 30 次运行没有新增或已整改的问题 (no new or resolved findings)</p>"
    peak = max(
        1,
        *(
            max(v.get("new", 0), v.get("resolved", 0))
            for h in history
            for v in h["by_check"].values()
        ),
    )
    label_w, bar, gap, band = 230, 6, 6, 34
    width = label_w + len(history) * (2 * bar + gap) + 20
    height = len(checks) * band + 40
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
            'role="img" aria-label="findings per check over the last 30 runs: new and resolved" '
            'font-family="sans-serif">'
        )
    ]
    for row, check in enumerate(checks):
        base = 10 + (row + 1) * band - 6
        parts.append(f'<text x="4" y="{base - 4}" font-size="11">{e(check)}</text>')
        parts.append(
            f'<line x1="{label_w - 4}" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#ccc"/>'
        )
        for i, h in enumerate(history):
            v = h["by_check"].get(check, {})
            x = label_w + i * (2 * bar + gap)
            for j, (key, colour) in enumerate((("new", NEW), ("resolved", RESOLVED))):
                n = v.get(key, 0)
                bh = round(n / peak * (band - 10), 1)
                parts.append(
                    f'<rect class="{key}" x="{x + j * bar}" y="{base - bh}" width="{bar}" '
                    f'height="{bh}" fill="{colour}"><title>run {h["id"]} · {e(check)} · '
                    f"{key} {n}</title></rect>"
                )
    for i, h in enumerate(history):
        x = label_w + i * (2 * bar + gap)
        parts.append(f'<text x="{x}" y="{height - 8}" font-size="9">{h["id"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(s: dict) -> str:
    """A self-contained HTML summary (no scripts, no network); every captured value escaped."""
    e = html.escape
    run = s["run"]
    rows = "".join(
        f"<tr><td>{e(f['check_id'])}</td><td>{e(f['severity'] or '')}</td>"
        f"<td>{e(f['subject_url'])}</td><td>{e(f['message'] or '')}</td></tr>"
        for f in s["new"]
    )
    resolved = "".join(
        f"<tr><td>{e(f['check_id'])}</td><td>{e(f['subject_url'])}</td></tr>" for f in s["resolved"]
    )
    reopened = "".join(
        f"<tr><td>{e(f['check_id'])}</td><td>{e(f['subject_url'])}</td>"
        f"<td>{e(f['message'] or '')}</td></tr>"
        for f in s.get("reopened", [])
    )
    shops = "".join(
        f"<tr><td>{e(r['shop'])}</td><td>{r['new']}</td><td>{r['resolved']}</td></tr>"
        for r in s["by_shop"]
    )
    checks = "".join(
        f"<tr><td>{e(r['check_id'])}</td><td>{r['new']}</td><td>{r.get('reopened', 0)}</td>"
        f"<td>{r['resolved']}</td></tr>"
        for r in s["by_check"]
    )
    unjudged_rows = "".join(
        f"<tr><td>{e(r['check_id'])}</td><td>{r['subjects']}</td><td>{e(r['why'])}</td></tr>"
        for r in s.get("unjudged", [])
    )
    health = (
        "<p class=ok>运行正常 (healthy)</p>"
        if not s["health"]
        else "<ul class=bad>" + "".join(f"<li>{e(h)}</li>" for h in s["health"]) + "</ul>"
    )
    reason = s.get("finish_reason")
    ended = f"<p>结束原因 {e(reason)}: {e(FINISH_REASONS.get(reason, ''))}</p>" if reason else ""
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>greenroom 晨报 — run {run["id"]}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{border:1px solid #ccc;padding:4px}}
table{{border-collapse:collapse}}.bad{{color:#c0392b}}.ok{{color:#27ae60}}</style></head><body>
<h1>greenroom 晨报 (morning summary) — run {run["id"]}</h1>
<p>开始 {e(str(run["started"]))} · 结束 {e(str(run["finished"]))} · 页面 {run["pages"]} ·
抓取错误 {run["errors"]} · 直播间渲染 {run["rooms_rendered"]}</p>{ended}
<h2>运行健康 (run health)</h2><div id="health">{health}</div>
<h2>新增 {len(s["new"])} · 重新出现 {len(s.get("reopened", []))} · 已整改 {len(s["resolved"])} · 未结 {s["open"]}</h2>
<h3>近 30 次运行各检查项：新增（红）与已整改（绿）</h3><figure id="chart">{_chart(s["history"])}</figure>
<h3>按检查项</h3><table id="by-check"><tr><th>检查项</th><th>新增</th><th>重新出现</th><th>已整改</th></tr>
{checks}</table>
<h3>按店铺</h3><table id="by-shop"><tr><th>店铺</th><th>新增</th><th>已整改</th></tr>{shops}</table>
<h3>新增问题</h3><table id="new"><tr><th>检查项</th><th>严重程度</th><th>对象</th><th>说明</th></tr>{rows}</table>
<h3>重新出现 (reopened)</h3><table id="reopened"><tr><th>检查项</th><th>对象</th><th>说明</th></tr>
{reopened}</table>
<h3>已整改</h3><table id="resolved"><tr><th>检查项</th><th>对象</th></tr>{resolved}</table>
<h3>未能判定 (unjudged: a page that could show it was not read)</h3><table id="unjudged">
<tr><th>检查项</th><th>对象数</th><th>原因</th></tr>{unjudged_rows}</table>
</body></html>"""
