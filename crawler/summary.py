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
            "SELECT * FROM findings WHERE status = 'resolved' AND last_run = ? ORDER BY check_id",
            [rid],
        )
    ]
    open_count = db.execute("SELECT COUNT(*) FROM findings WHERE status = 'open'").fetchone()[0]
    by_check = Counter(f["check_id"] for f in new)
    resolved_by_check = Counter(f["check_id"] for f in resolved)
    by_subject = Counter(f["subject_url"] for f in new)
    history = [
        dict(r)
        for r in db.query(
            "SELECT id, started, findings_new, findings_resolved FROM runs ORDER BY id DESC LIMIT 30"
        )
    ]
    return {
        "run": run,
        "health": json.loads(run.get("health") or "[]"),
        "open": open_count,
        "new": new,
        "resolved": resolved,
        "by_check": [
            {"check_id": c, "new": by_check.get(c, 0), "resolved": resolved_by_check.get(c, 0)}
            for c in sorted(set(by_check) | set(resolved_by_check))
        ],
        "top_subjects": [{"subject_url": u, "new": n} for u, n in by_subject.most_common(10)],
        "history": list(reversed(history)),
    }


def render_text(s: dict) -> str:
    run = s["run"]
    health = "healthy" if not s["health"] else "UNHEALTHY: " + "; ".join(s["health"])
    lines = [
        f"run {run['id']} ({run['status']}), started {run['started']}, finished {run['finished']}",
        f"pages {run['pages']}, crawl errors {run['errors']}, rooms rendered {run['rooms_rendered']}",
        f"run health: {health}",
        f"findings: {len(s['new'])} new, {len(s['resolved'])} resolved, {s['open']} open in all",
        "",
        "by check:",
        table(s["by_check"]),
        "",
        "subjects with most new findings:",
        table(s["top_subjects"]),
    ]
    return "\n".join(lines)


def _chart(history: list[dict]) -> str:
    """An inline SVG bar chart of new vs resolved findings per run (no network needed)."""
    if not history:
        return "<p>暂无运行记录</p>"
    peak = max(1, *(max(h["findings_new"] or 0, h["findings_resolved"] or 0) for h in history))
    bar, gap, height = 10, 8, 160
    width = len(history) * (2 * bar + gap) + 40
    parts = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 40}" '
            'role="img" aria-label="findings per run">'
        )
    ]
    for i, h in enumerate(history):
        x = 30 + i * (2 * bar + gap)
        for j, (key, colour) in enumerate(
            (("findings_new", "#c0392b"), ("findings_resolved", "#27ae60"))
        ):
            v = h[key] or 0
            bh = v / peak * height
            parts.append(
                f'<rect x="{x + j * bar}" y="{height - bh + 10}" width="{bar}" '
                f'height="{bh}" fill="{colour}"><title>run {h["id"]}: {key[9:]} {v}</title></rect>'
            )
        parts.append(f'<text x="{x}" y="{height + 28}" font-size="9">{h["id"]}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_html(s: dict) -> str:
    """A self-contained HTML summary; every captured value is escaped."""
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
    health = (
        "<p class=ok>运行正常 (healthy)</p>"
        if not s["health"]
        else "<ul class=bad>" + "".join(f"<li>{e(h)}</li>" for h in s["health"]) + "</ul>"
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>greenroom 晨报 — run {run["id"]}</title>
<style>body{{font-family:sans-serif;margin:2em}}td,th{{border:1px solid #ccc;padding:4px}}
table{{border-collapse:collapse}}.bad{{color:#c0392b}}.ok{{color:#27ae60}}</style></head><body>
<h1>greenroom 晨报 (morning summary) — run {run["id"]}</h1>
<p>开始 {e(str(run["started"]))} · 结束 {e(str(run["finished"]))} · 页面 {run["pages"]} ·
抓取错误 {run["errors"]} · 直播间渲染 {run["rooms_rendered"]}</p>
<h2>运行健康 (run health)</h2>{health}
<h2>新增 {len(s["new"])} · 已整改 {len(s["resolved"])} · 未结 {s["open"]}</h2>
<h3>近 30 次运行：新增（红）与已整改（绿）</h3><figure id="chart">{_chart(s["history"])}</figure>
<h3>新增问题</h3><table><tr><th>检查项</th><th>严重程度</th><th>对象</th><th>说明</th></tr>{rows}</table>
<h3>已整改</h3><table><tr><th>检查项</th><th>对象</th></tr>{resolved}</table>
</body></html>"""
