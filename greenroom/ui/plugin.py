"""Datasette hooks for `greenroom serve`: finding page, capture bytes, bundle export, search.

Routes (all read-only, GET):

- `/` — the desk: open findings by check and severity, the last night's new ones, the shops
  with most open findings, the last runs and their health, open cases, the search box;
- `/-/search?q=高仿` — Chinese full-text search over listings, shops, rooms and findings;
- `/-/finding/<id>` — one finding: rule, legal basis, snippet, captures, screenshot, and
  the cases that hold it;
- `/-/finding/<id>/bundle.zip` — the evidence bundle of `greenroom export --finding <id>`,
  recorded first in the `exports` table (the investigator's account, the finding, the time,
  the zip's SHA-256); an export that cannot be recorded is not handed out;
- `/-/capture/<id>` — a capture's body: images inline, anything else as a text attachment,
  always with `X-Content-Type-Options: nosniff` and a CSP that runs nothing;
- `/-/capture/<id>/warc` — the capture's stored WARC record bytes.

Captured content is untrusted: templates autoescape it and cells are escaped in
`render_cell`. Metadata (Chinese titles, column descriptions, facets, canned queries) is
built by `greenroom.ui.metadata`.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import NotFound, Response
from markupsafe import Markup

from greenroom.words import FINDING_STATUS, RUN_STATUS, SEVERITY, SUBJECT
from storage import search as searchmod

if TYPE_CHECKING:
    from datasette.app import Datasette

NAME = "greenroom"
TEMPLATES = Path(__file__).parent / "templates"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
SEARCH_TABLES = (
    ("listings", "商品"),
    ("shops", "店铺"),
    ("rooms", "直播间"),
    ("findings", "发现的问题"),
)
WORDS = {"severity": SEVERITY, "status": FINDING_STATUS, "subject_type": SUBJECT}
SAFE_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cache-Control": "private, max-age=3600",
}


def _config(datasette: Datasette) -> tuple[str, Path]:
    cfg = datasette.plugin_config(NAME) or {}
    return cfg["database"], Path(cfg["db_path"])


@functools.cache
def _rules() -> dict[str, dict]:
    """The check catalogue by id; empty when `checks.registry` cannot be imported."""
    try:
        from checks.registry import catalogue

        return {c["id"]: c for c in catalogue()}
    except Exception:  # noqa: BLE001 - the catalogue is optional here: show the finding anyway
        return {}


async def _rows(datasette: Datasette, sql: str, params=None) -> list[dict]:
    name, _ = _config(datasette)
    result = await datasette.get_database(name).execute(sql, params or {})
    return [dict(r) for r in result.rows]


def _row_url(datasette: Datasette, table: str, key) -> str:
    name, _ = _config(datasette)
    return datasette.urls.row(name, table, tilde_encode(str(key)))


# hooks --------------------------------------------------------------------------------------
@hookimpl
def prepare_connection(conn):
    searchmod.register(conn)
    conn.execute("PRAGMA cache_size = -32768")  # 32 MiB: FTS doclists of common terms


@hookimpl
def register_routes():
    return [
        (r"^/$", desk_page),
        (r"^/-/search$", search_page),
        (r"^/-/finding/(?P<id>\d+)$", finding_page),
        (r"^/-/finding/(?P<id>\d+)/bundle\.zip$", finding_bundle),
        (r"^/-/capture/(?P<id>\d+)$", capture_body),
        (r"^/-/capture/(?P<id>\d+)/warc$", capture_warc),
    ]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/search"), "label": "全文搜索"}]


@hookimpl
def extra_template_vars(datasette):
    from greenroom.ui.metadata import LABELS

    name = (datasette.plugin_config(NAME) or {}).get("database")
    return {
        "greenroom_db": name,
        "greenroom_labels": LABELS,
        "greenroom_words": {"severity": SEVERITY, "status": FINDING_STATUS, "subject": SUBJECT},
    }


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    cfg = datasette.plugin_config(NAME) or {}
    if database != cfg.get("database") or value is None:
        return None
    if table == "cases" and column == "name":
        href = (
            datasette.urls.table(cfg["database"], "findings_by_case")
            + "?"
            + urlencode({"case_name": value})
        )
        return Markup('<a href="{}">{}</a>').format(href, value)
    if column == "check_id" and table in ("findings", "findings_by_shop", "findings_by_case"):
        try:
            fid = int(row["id"])
        except (KeyError, IndexError, TypeError, ValueError):
            return None
        href = datasette.urls.path(f"/-/finding/{fid}")
        title = (_rules().get(value) or {}).get("title") or value
        return Markup('<a href="{}" title="证据页">{}</a> <code class="check-id">{}</code>').format(
            href, title, value
        )
    if column in WORDS and table in ("findings", "findings_by_shop"):
        word = WORDS[column].get(value)
        return Markup('<span title="{}">{}</span>').format(value, word) if word else None
    if column == "finding_id":
        href = datasette.urls.path(f"/-/finding/{int(value)}")
        return Markup('<a href="{}">{}</a>').format(href, int(value))
    if column == "capture_id" or (table == "captures" and column == "id"):
        try:
            cid = int(value)
        except (TypeError, ValueError):
            return None
        href = datasette.urls.path(f"/-/capture/{cid}")
        return Markup('{} <a href="{}" rel="nofollow">原始内容</a>').format(cid, href)
    return None


# pages --------------------------------------------------------------------------------------
def _table_url(datasette, table: str, **where) -> str:
    from urllib.parse import urlencode

    name, _ = _config(datasette)
    url = datasette.urls.table(name, table)
    return f"{url}?{urlencode(where)}" if where else url


async def desk_page(datasette, request):
    """`/`: the desk. Every figure links to the rows it counts."""
    from storage.desk import SEVERITIES, desk

    name, _ = _config(datasette)
    figures = await datasette.get_database(name).execute_fn(desk)
    rules = _rules()
    run = figures["last_run"]
    context = {
        "d": figures,
        "rules": rules,
        "severities": [(s, SEVERITY[s]) for s in SEVERITIES],
        "open_href": _table_url(datasette, "findings", status="open"),
        "check_href": lambda c, sev=None: _table_url(
            datasette, "findings", check_id=c, status="open", **({"severity": sev} if sev else {})
        ),
        "severity_href": lambda sev: _table_url(datasette, "findings", severity=sev, status="open"),
        "new_href": lambda c=None: (
            _table_url(datasette, "findings", first_run=run["id"], **({"check_id": c} if c else {}))
            if run
            else None
        ),
        "resolved_href": (
            _table_url(datasette, "findings", status="resolved", last_run=run["id"])
            if run
            else None
        ),
        "shop_href": lambda u: _table_url(datasette, "findings_by_shop", shop_url=u, status="open"),
        "shop_row": lambda u: _row_url(datasette, "shops", u),
        "run_row": lambda i: _row_url(datasette, "runs", i),
        "runs_href": _table_url(datasette, "runs"),
        "cases_href": (
            _table_url(
                datasette,
                "cases",
                **(
                    {"status": "open"} if figures["cases"] and figures["cases"]["by_status"] else {}
                ),
            )
        ),
        "case_row": lambda pk: _row_url(datasette, "cases", pk),
        "case_findings": lambda name: _table_url(datasette, "findings_by_case", case_name=name),
        "tables_href": datasette.urls.database(name),
        "status_words": RUN_STATUS,
    }
    return Response.html(
        await datasette.render_template("greenroom_desk.html", context, request=request)
    )


async def search_page(datasette, request):
    """`/-/search?q=…[&table=…]`: ranked matches per table, or JSON with `.json`-style `_json=1`."""
    q = (request.args.get("q") or "").strip()
    only = request.args.get("table")
    sections = []
    if q:
        for table, label in SEARCH_TABLES:
            if only and table != only:
                continue
            try:
                rows = await _rows(datasette, searchmod.search_sql(table, limit="20"), {"q": q})
            except Exception as exc:  # no index yet, or no such table
                if "no such" in str(exc):
                    rows = []
                else:
                    raise
            for r in rows:
                key = r[searchmod.SOURCES[table][0]]
                r["_href"] = (
                    datasette.urls.path(f"/-/finding/{key}")
                    if table == "findings"
                    else _row_url(datasette, table, key)
                )
                r["_label"] = _label(table, r)
            sections.append({"table": table, "label": label, "rows": rows})
    if request.args.get("_json"):
        return Response.json(
            {
                "q": q,
                "match": searchmod.match_expression(q),
                "results": {
                    s["table"]: [
                        {k: v for k, v in r.items() if not k.startswith("_")} for r in s["rows"]
                    ]
                    for s in sections
                },
            }
        )
    return Response.html(
        await datasette.render_template(
            "greenroom_search.html",
            {
                "q": q,
                "match": searchmod.match_expression(q),
                "sections": sections,
                "tables": SEARCH_TABLES,
                "only": only,
            },
            request=request,
        )
    )


def _label(table: str, r: dict) -> str:
    if table == "listings":
        return r.get("title") or r.get("url")
    if table == "shops":
        return r.get("name") or r.get("registered_name") or r.get("url")
    if table == "rooms":
        return r.get("title") or r.get("url")
    return f"[{r.get('check_id')}] {r.get('message') or ''}"


async def _finding(datasette, fid: int) -> dict:
    rows = await _rows(datasette, "SELECT * FROM findings WHERE id = :id", {"id": fid})
    if not rows:
        raise NotFound(f"没有编号为 {fid} 的发现")
    return rows[0]


async def finding_page(datasette, request):
    fid = int(request.url_vars["id"])
    finding = await _finding(datasette, fid)
    captures = await _rows(
        datasette,
        "SELECT c.* FROM finding_evidence e JOIN captures c ON c.id = e.capture_id "
        "WHERE e.finding_id = :id ORDER BY c.id",
        {"id": fid},
    )
    ids = [c["id"] for c in captures]
    screenshots = []
    if ids:
        marks = ", ".join(f":c{i}" for i in range(len(ids)))
        params = {f"c{i}": v for i, v in enumerate(ids)}
        screenshots = await _rows(
            datasette,
            f"SELECT * FROM captures WHERE kind = 'screenshot' AND (id IN ({marks}) "
            f"OR about IN ({marks}) OR about IN (SELECT about FROM captures "
            f"WHERE id IN ({marks}) AND about IS NOT NULL)) ORDER BY id",
            params,
        )
    shop_url = await _shop_of(datasette, finding)
    held = await _cases_of(datasette, fid)
    rule = _rules().get(finding["check_id"])
    subject_table = {"shop": "shops", "listing": "listings", "room": "rooms"}.get(
        finding.get("subject_type") or ""
    )
    context = {
        "finding": finding,
        "rule": rule,
        "captures": captures,
        "screenshots": screenshots,
        "shop_url": shop_url,
        "shop_href": _row_url(datasette, "shops", shop_url) if shop_url else None,
        "subject_href": (
            _row_url(datasette, subject_table, finding["subject_url"]) if subject_table else None
        ),
        "cases": held,
        "bundle_href": datasette.urls.path(f"/-/finding/{fid}/bundle.zip"),
        "bundle_ready": _bundle_export() is not None,
    }
    return Response.html(
        await datasette.render_template("greenroom_finding.html", context, request=request)
    )


async def _cases_of(datasette, fid: int) -> list[dict]:
    """The cases holding a finding, each with the link to its findings."""
    from storage.cases import HOLDING_SQL, STATUS_ZH

    name, _ = _config(datasette)
    try:
        rows = await _rows(datasette, HOLDING_SQL, {"finding": fid})
    except Exception as exc:  # a database from before cases
        if "no such table" in str(exc):
            return []
        raise
    for r in rows:
        r["status_zh"] = STATUS_ZH.get(r["status"], r["status"])
        r["href"] = (
            datasette.urls.table(name, "findings_by_case")
            + "?"
            + urlencode({"case_name": r["name"]})
        )
    return rows


async def _shop_of(datasette, finding: dict) -> str | None:
    kind, url = finding.get("subject_type"), finding["subject_url"]
    if kind == "shop":
        return url
    if kind == "listing":
        rows = await _rows(datasette, "SELECT shop_url FROM listings WHERE url = :u", {"u": url})
        return rows[0]["shop_url"] if rows and rows[0]["shop_url"] else None
    if kind == "room":
        rows = await _rows(datasette, "SELECT sellers FROM rooms WHERE url = :u", {"u": url})
        try:
            sellers = json.loads(rows[0]["sellers"] or "[]") if rows else []
        except ValueError:
            sellers = []
        for s in sellers:
            found = await _rows(
                datasette,
                "SELECT url FROM shops WHERE url = :s OR name = :s OR operator = :s "
                "OR registered_name = :s LIMIT 1",
                {"s": s},
            )
            if found:
                return found[0]["url"]
    return None


def _bundle_export():
    try:
        from storage.bundle import export
    except ImportError:  # storage/bundle.py not there yet
        return None
    return export


async def finding_bundle(datasette, request):
    fid = int(request.url_vars["id"])
    await _finding(datasette, fid)
    export = _bundle_export()
    if export is None:
        return Response.text("证据包导出不可用（storage.bundle 缺失）", status=501)
    _, db_path = _config(datasette)
    actor = who(request)

    def build() -> bytes:
        import hashlib

        from storage import exports
        from storage.trust import signing_key

        with tempfile.TemporaryDirectory(prefix="greenroom-ui-") as tmp:
            out = Path(tmp) / f"finding-{fid}.zip"
            key = signing_key(None, None)  # the serving user's key, when one exists
            by = f"greenroom serve ({actor})"
            export(db_path, out, finding_ids=[fid], exporter=by, sign_key=key)
            data = out.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        exports.record(
            db_path,
            actor=actor,
            what=f"finding {fid}",
            via="greenroom serve",
            sha256=digest,
            size=len(data),
        )
        return data

    try:
        data = await asyncio.to_thread(build)
    except sqlite3.Error as exc:  # the log cannot be written (a read-only copy)
        return Response.text(f"无法记录本次导出，未导出证据包：{exc}", status=503)
    except (OSError, ValueError, RuntimeError) as exc:  # BundleError, StoreError
        return Response.text(f"证据包导出失败：{exc}", status=500)
    return Response(
        data,
        content_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="greenroom-finding-{fid}.zip"',
            "X-Content-Type-Options": "nosniff",
        },
    )


def who(request) -> str:
    """The investigator's account name (datasette-auth-passwords), or who else it was."""
    actor = request.actor or {}
    return str(actor.get("id") or "(no password: this machine)")


async def _capture_row(datasette, request) -> dict:
    cid = int(request.url_vars["id"])
    rows = await _rows(datasette, "SELECT * FROM captures WHERE id = :id", {"id": cid})
    if not rows:
        raise NotFound(f"没有编号为 {cid} 的采集记录")
    return rows[0]


async def capture_body(datasette, request):
    """The body as received (its bytes hash to `captures.sha256`), read with a cap; only
    images are shown inline, nothing is ever executed or inflated."""
    from storage.warc import read_capture

    row = await _capture_row(datasette, request)
    _, db_path = _config(datasette)
    try:
        headers, body = await asyncio.to_thread(read_capture, db_path, row, raw=True)
    except (OSError, ValueError) as exc:
        return Response.text(f"无法读取采集记录 {row['id']}：{exc}", status=500)
    ctype = (row.get("content_type") or headers.get("content-type") or "").split(";")[0]
    ctype = ctype.strip().lower()
    out = dict(SAFE_HEADERS)
    coding = (headers.get("content-encoding") or "").strip().lower()
    if coding and coding != "identity":  # compressed as received: a file to save, as is
        out["Content-Disposition"] = f'attachment; filename="capture-{row["id"]}.{coding}"'
        return Response(body, content_type="application/octet-stream", headers=out)
    if ctype in IMAGE_TYPES:
        out["Content-Disposition"] = f'inline; filename="capture-{row["id"]}"'
        return Response(body, content_type=ctype, headers=out)
    charset = await asyncio.to_thread(_charset, body, headers, row)
    out["Content-Disposition"] = f'attachment; filename="capture-{row["id"]}.txt"'
    return Response(body, content_type=f"text/plain; charset={charset}", headers=out)


def _charset(body: bytes, headers: dict, row: dict) -> str:
    """The charset extraction read the page in (crawler.extract.text.decode: header, BOM,
    meta, then detection), as a label browsers know; the bytes are served unchanged."""
    from crawler.extract.text import decode, web_charset

    if not headers.get("content-type"):
        headers = {**headers, "content-type": row.get("content_type") or ""}
    return web_charset(decode(body, headers)[1])


async def capture_warc(datasette, request):
    row = await _capture_row(datasette, request)
    _, db_path = _config(datasette)
    from storage.db import captures_dir

    def read() -> bytes:
        with open(captures_dir(db_path) / row["warc_file"], "rb") as fh:
            fh.seek(row["warc_offset"])
            return fh.read(row["warc_length"])

    try:
        data = await asyncio.to_thread(read)
    except OSError as exc:
        return Response.text(f"无法读取采集记录 {row['id']}：{exc}", status=500)
    out = dict(SAFE_HEADERS)
    out["Content-Disposition"] = f'attachment; filename="capture-{row["id"]}.warc.gz"'
    return Response(data, content_type="application/warc", headers=out)
