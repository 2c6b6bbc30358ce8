"""The `greenroom` command: thin click commands over greenroom.api, one function each.

A command reads its options, calls its api function, prints what it returns and turns
errors into one line and SPEC's exit codes (2: bad input, 1: failed, 3: not authenticated).
"""

from __future__ import annotations

import functools
import sqlite3
import sys

import click

from greenroom import api
from greenroom import config as configmod
from storage.findings import LISTED_COLUMNS as FINDING_COLUMNS
from toolkit.output import emit

FORMATS = click.Choice(["table", "json", "csv"])


class BadInput(click.ClickException):
    """Bad arguments, config or reference file: one line, exit 2."""

    exit_code = 2

    def show(self, file=None):
        click.echo(f"greenroom: {self.format_message()}", err=True)


class Failed(click.ClickException):
    exit_code = 1

    def show(self, file=None):
        click.echo(f"greenroom: {self.format_message()}", err=True)


NOT_AUTHENTICATED = 3  # verify: intact, but not signed by a trusted key


def friendly(fn):
    """Turn library errors into one-line messages with SPEC's exit codes."""
    from greenroom.run import DatabaseBusy

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (api.BadRequest, configmod.ConfigError) as exc:
            raise BadInput(str(exc)) from None
        except DatabaseBusy as exc:
            raise Failed(str(exc)) from None
        except FileNotFoundError as exc:
            raise BadInput(str(exc)) from None
        except OSError as exc:  # e.g. a database in a read-only directory
            where = exc.filename or kwargs.get("db_path") or "greenroom"
            raise Failed(f"{where}: {exc.strerror or exc}") from None
        except sqlite3.DatabaseError as exc:  # corrupted, locked, read-only, not a database
            raise Failed(f"{kwargs.get('db_path') or 'database'}: {exc}") from None

    return wrapper


@click.group()
@click.version_option(package_name="greenroom")
def cli():
    """greenroom: a compliance crawler for market regulators (绿色直播间)."""


@cli.command()
@click.argument("urls", nargs=-1)
@click.option("--config", "config_path", type=click.Path(), help="TOML config file")
@click.option("--db", "db_path", required=True, type=click.Path(), help="SQLite database")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@friendly
def crawl(urls, config_path, db_path, workers):
    """Crawl a config's start URLs (or URLs), store captures and facts, run all checks.

    \b
    Example:
        greenroom crawl --config district.toml --db findings.db
        greenroom crawl http://127.0.0.1:8000/ --db findings.db
    """
    result = api.crawl(db_path, urls=urls, config_path=config_path, workers=workers)
    print_run_summary(result)
    if result["status"] != "finished":
        raise Failed(f"run {result['run_id']} did not finish cleanly")
    if result.get("health"):
        raise Failed(f"run {result['run_id']} is unhealthy: " + "; ".join(result["health"]))


def _unpriced(subjects: dict) -> str:
    n = subjects.get("unpriced", 0)
    return f" ({n} with no price shown: see render_listings)" if n else ""


def print_run_summary(result: dict) -> None:
    stats, counts = result["stats"], result["findings"]
    errors = sum(v for k, v in stats.items() if k.startswith("greenroom/errors/"))
    subjects = counts.get("subjects", {})
    click.echo(
        f"run {result['run_id']}: {stats.get('greenroom/capture/count', 0)} pages captured, "
        f"{errors} crawl errors; {subjects.get('shops', 0)} shops, "
        f"{subjects.get('listings', 0)} listings{_unpriced(subjects)}, "
        f"{subjects.get('rooms', 0)} rooms; findings: "
        f"{counts.get('new', 0)} new, {counts.get('persisting', 0)} persisting, "
        f"{counts.get('reopened', 0)} reopened, {counts.get('resolved', 0)} resolved"
    )
    if stats.get("greenroom/render/browser_missing"):
        click.echo(
            "rooms skipped: no browser could be started "
            "(install it with: apt-get install -y chromium)"
        )
    if stats.get("greenroom/ocr/unavailable"):
        install = stats.get("greenroom/ocr/install") or "an OCR engine (see crawler/ocr.py)"
        unread = stats["greenroom/ocr/unavailable"]
        click.echo(f"image licences were not read: install {install} ({unread} images kept)")
    echo_unjudged(counts)
    for line in counts.get("errors", [])[:20]:
        click.echo(f"check error: {line}", err=True)


def echo_unjudged(counts: dict) -> None:
    """`unjudged (a page that could show it was not read): shop.licence_missing 3, …`"""
    unjudged = counts.get("unjudged") or {}
    if unjudged:
        listed = ", ".join(f"{check_id} {n}" for check_id, n in sorted(unjudged.items()))
        click.echo(f"unjudged (a page that could show it was not read; table unjudged): {listed}")


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path())
@click.option("--config", "config_path", type=click.Path(), help="reference files from here")
@click.option("--reextract", is_flag=True, help="re-extract every page from its capture")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    help="processes sharing the checks of a large database (default 1, or "
    "GREENROOM_CHECK_WORKERS); each holds the database's subjects in memory",
)
@friendly
def check(db_path, config_path, reextract, workers):
    """Re-run every check over what is stored, without fetching anything.

    Reference files come from --config, else from the config of the last crawl.

    \b
    Example:
        greenroom check --db findings.db
        greenroom check --db findings.db --workers 2
    """
    counts = api.check(db_path, config_path=config_path, reextract=reextract, workers=workers)
    click.echo(
        f"findings: {counts['new']} new, {counts['persisting']} persisting, "
        f"{counts['reopened']} reopened, {counts['resolved']} resolved"
    )
    echo_unjudged(counts)
    for line in counts["errors"][:20]:
        click.echo(f"check error: {line}", err=True)


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path())
@click.option("--check", "check_id", help="only this check id")
@click.option("--status", type=click.Choice(["open", "resolved"]))
@click.option("--since", help="first seen on or after this date (YYYY-MM-DD)")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "xlsx"]),
    default="table",
    show_default=True,
)
@click.option(
    "--out", "out_path", type=click.Path(dir_okay=False), help="write here (xlsx needs it)"
)
@click.option(
    "--ui-url",
    default="http://127.0.0.1:8001",
    show_default=True,
    help="where `greenroom serve` answers: the xlsx links each finding there",
)
@friendly
def findings(db_path, check_id, status, since, fmt, out_path, ui_url):
    """List findings; --format xlsx --out FILE writes an Excel workbook.

    \b
    Example:
        greenroom findings --db findings.db --check shop.licence_missing --format json
        greenroom findings --db findings.db --status open --format xlsx --out findings.xlsx
    """
    if fmt == "xlsx" and not out_path:
        raise BadInput("--format xlsx writes a file: give --out FILE.xlsx")
    rows = api.findings(db_path, check_id=check_id, status=status, since=since)
    if fmt == "xlsx":
        n = api.findings_xlsx(rows, out_path, ui_url=ui_url)
        click.echo(f"{out_path}: {n} findings", err=True)
        return
    if out_path:
        with open(out_path, "w", encoding="utf-8", newline="") as fh:
            emit(rows, fmt, None if fmt == "json" else FINDING_COLUMNS, out=fh)
        return
    emit(rows, fmt, None if fmt == "json" else FINDING_COLUMNS)


@cli.command("checks")
@click.argument("check_id", required=False)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def checks_(check_id, fmt):
    """The check catalogue: id, subject, severity, legal basis, description; with an id,
    that check's whole documentation (what it reads, the articles it applies, the
    exemptions it honours, examples).

    \b
    Example:
        greenroom checks --format csv
        greenroom checks listing.returns_refused
    """
    if check_id:
        try:
            click.echo(api.check_doc(check_id))
        except api.BadRequest as exc:
            raise BadInput(str(exc)) from None
        return
    emit(api.checks(), fmt)


@cli.command("eval")
@click.option("--labels", "labels_path", required=True, type=click.Path())
@click.option("--db", "db_path", required=True, type=click.Path())
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
@click.option("--misses", is_flag=True, help="also list false positives and negatives")
@click.option("--split", type=click.Choice(["dev", "test"]), help="a corpus's split only")
@friendly
def eval_(labels_path, db_path, fmt, misses, split=None):
    """Precision, recall and F1 per check against a labels file; for a corpus of real pages
    (labels.jsonl with each page's role and price), role and price accuracy too.

    \b
    Example:
        greenroom eval --labels labels.json --db findings.db
        greenroom eval --labels corpus/realpages/labels.jsonl --db real.db --split test
    """
    for table in api.evaluate(labels_path, db_path, misses=misses, split=split):
        emit(table, fmt)


@cli.command()
@click.option(
    "--rendering",
    type=click.Choice(
        ["a", "b", "c", "d", "e", "f", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r"]
    ),
    default="a",
    show_default=True,
)
@click.option("--dir", "data_dir", default="demo-data", show_default=True, type=click.Path())
@click.option("--port", default=0, type=int, help="port of the demo site (0: any free one)")
@friendly
def demo(rendering, data_dir, port):
    """Serve the demo marketplace on 127.0.0.1, crawl it, print findings and the eval table.

    \b
    Example:
        greenroom demo --dir demo-data
    """
    result, db_path, labels_path = api.demo(
        rendering,
        data_dir,
        port,
        started=lambda url: click.echo(f"demo marketplace ({rendering}) at {url}", err=True),
    )
    print_run_summary(result)
    click.echo("\nfindings by check:")
    emit(api.open_by_check(str(db_path)), "table")
    click.echo("\naccuracy against the demo's labels (greenroom eval):")
    for table in api.evaluate(str(labels_path), str(db_path)):
        emit(table, "table")
    click.echo(f"\ndatabase: {db_path}  labels: {labels_path}")


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path())
@click.option("--run", "run_id", type=int, help="run id (default: the last run)")
@click.option("--html", "html_path", type=click.Path(), help="also write an HTML summary here")
@click.option(
    "--config",
    "config_path",
    type=click.Path(),
    help="config naming the [mail] relay and the [alerts] webhook",
)
@click.option("--mail-to", multiple=True, help="e-mail the summary to this address (repeat)")
@friendly
def summary(db_path, run_id, html_path, config_path, mail_to):
    """The morning summary: new and resolved findings, top subjects, run health.

    With --config, it is mailed to [mail] to (or --mail-to) and posted to the [alerts]
    webhook (企业微信, 钉钉 or JSON); a webhook that fails is a warning, not a failure.

    \b
    Example:
        greenroom summary --db findings.db --html summary.html
        greenroom summary --db findings.db --config district.toml --mail-to duty@amr.gov.cn
    """
    from greenroom import alerts, mail
    from greenroom import summary as summarymod

    cfg = configmod.load(config_path) if config_path else None
    s = api.summary(db_path, run_id, mail_to=mail_to, cfg=cfg)
    click.echo(summarymod.render_text(s))
    if html_path:
        api.summary_html(s, html_path)
        click.echo(f"HTML summary: {html_path}", err=True)
    try:
        posted = api.post_summary(s, cfg)
    except alerts.AlertError as exc:
        click.echo(f"greenroom: warning: {exc}", err=True)
    else:
        if posted:
            click.echo(f"summary posted to {posted}", err=True)
    try:
        sent = api.mail_summary(s, cfg, mail_to)
    except mail.MailError as exc:
        raise Failed(str(exc)) from None
    if sent:
        click.echo(f"summary mailed to {', '.join(sent)}", err=True)


def evidence_errors(fn):
    """Evidence library errors as one line: bad request/bundle/key exit 2, damaged store 1."""
    from storage.bundle import BundleError, StoreError
    from storage.evidence.timestamp import TimestampError
    from storage.evidence.wacz import WaczError
    from storage.signing import KeyFileError
    from storage.verify import BundleRefused

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (BundleError, BundleRefused, KeyFileError) as exc:
            raise BadInput(str(exc)) from None
        except (StoreError, WaczError) as exc:
            raise Failed(str(exc)) from None
        except TimestampError as exc:
            raise Failed(f"trusted time-stamp: {exc}") from None

    return wrapper


def bundle_options(fn):
    """--sign-key, --no-sign, --config, --no-mask and --tsa: shared by `export` and
    `case export`."""
    for option in reversed(
        [
            click.option(
                "--sign-key",
                type=click.Path(),
                help="Ed25519 private key (default: [evidence] signing_key, else the key "
                "greenroom keygen made in ~/.config/greenroom or $GREENROOM_KEY_DIR)",
            ),
            click.option(
                "--no-sign", is_flag=True, help="write an unsigned bundle even when a key exists"
            ),
            click.option(
                "--config", "config_path", type=click.Path(), help="config naming [evidence]"
            ),
            click.option(
                "--no-mask", is_flag=True, help="show hosts' mobile and ID numbers in full"
            ),
            click.option(
                "--tsa",
                "tsa_url",
                help="RFC 3161 time-stamping authority URL: timestamp.tsr over the manifest "
                "(default: [evidence] tsa_url)",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@cli.command("export")
@click.option("--db", "db_path", required=True, type=click.Path(), help="SQLite database")
@click.option("--finding", "finding_ids", multiple=True, help="finding id (repeat, or 1,2,3)")
@click.option("--shop", "shop_url", help="shop URL: its findings, its listings' and rooms'")
@click.option(
    "--out",
    "out_path",
    required=True,
    type=click.Path(dir_okay=False),
    help="bundle to write (.zip)",
)
@bundle_options
@click.option("--case", help="case name or number for the report's cover page")
@click.option("--exporter", help="who exports it (name, unit) for the report's cover page")
@friendly
@evidence_errors
def export_(
    db_path,
    finding_ids,
    shop_url,
    out_path,
    sign_key,
    no_sign,
    config_path,
    no_mask,
    tsa_url,
    case,
    exporter,
):
    """Write an evidence bundle (zip) of some findings or of a shop.

    It is signed whenever a key exists (see --sign-key); --no-sign writes it unsigned.
    With a TSA (--tsa, or [evidence] tsa_url) the SHA-256 of its manifest is time-stamped
    (RFC 3161) into timestamp.tsr; a TSA that does not answer stops the export.

    \b
    Example:
        greenroom export --db findings.db --shop http://127.0.0.1:8000/shop/7 --out case7.zip
        greenroom export --db findings.db --finding 12 --finding 15 --out case.zip
        greenroom export --db findings.db --finding 12 --out case.zip --tsa http://tsa.example/
    """
    from storage.bundle import EXPORT_STEPS
    from toolkit.progress import display

    key = api.bundle_key(sign_key, no_sign, config_path)
    ids = api.finding_ids(finding_ids)
    with display("导出证据包", total=EXPORT_STEPS, unit="步") as shown:
        result = api.export(
            db_path,
            out_path,
            finding_ids=ids,
            shop_url=shop_url,
            sign_key=key,
            mask=not no_mask,
            case=case,
            exporter=exporter,
            tsa_url=api.bundle_tsa(tsa_url, config_path),
            progress=shown.step,
        )
    echo_export(result)


def echo_export(result) -> None:
    click.echo(
        f"{result.path}: {result.findings} findings, {result.captures} captures, "
        f"{result.screenshots} screenshots, {result.size} bytes, sha256 {result.sha256}; "
        + (f"signed by {result.signed_by}" if result.signed_by else "unsigned")
        + (f"; time-stamped by {result.tsa}" if result.tsa else "; no trusted time-stamp")
    )


# cases --------------------------------------------------------------------------------------
def case_errors(fn):
    """CaseError (no such case, bad status, empty note) as one line, exit 2."""
    from storage.cases import CaseError

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except CaseError as exc:
            raise BadInput(str(exc)) from None

    return wrapper


def case_command(name: str, *, writes: bool = True):
    """A `case` subcommand: --db, --by (for those that change the case), one-line errors."""

    def decorate(fn):
        fn = friendly(evidence_errors(case_errors(fn)))
        if writes:
            fn = click.option(
                "--by",
                "actor",
                help="who does it, for the case history (default: $GREENROOM_ACTOR, "
                "else user@host)",
            )(fn)
        fn = click.option(
            "--db", "db_path", required=True, type=click.Path(), help="SQLite database"
        )(fn)
        return case.command(name)(fn)

    return decorate


@cli.group()
def case():
    """Cases: an investigator's file of findings, with notes, status and an export.

    Every change is kept in the case's history (who, what, when), chained like captures
    and checked by `greenroom verify --db`.

    \b
    Example:
        greenroom case new 2026-杭市监-017 --db findings.db --note "群众举报"
        greenroom case add 2026-杭市监-017 --shop http://127.0.0.1:8000/shop/7 --db findings.db
        greenroom case export 2026-杭市监-017 --db findings.db --out case017.zip
    """


@case_command("new")
@click.argument("name")
@click.option("--note", "note_text", help="the case's first note")
def case_new(name, db_path, actor, note_text):
    """Open a case.

    \b
    Example:
        greenroom case new 2026-杭市监-017 --db findings.db --note "群众举报：高仿运动鞋"
    """
    row = api.case_new(db_path, name, actor=actor, note=note_text)
    click.echo(f"case {row['name']} opened ({row['status']})")


@case_command("add")
@click.argument("name")
@click.option("--finding", "finding_ids", multiple=True, help="finding id (repeat, or 1,2,3)")
@click.option("--shop", "shop_url", help="every finding of this shop, its listings and rooms")
def case_add(name, db_path, actor, finding_ids, shop_url):
    """Put findings in a case: by id, or every finding of a shop.

    \b
    Example:
        greenroom case add 2026-杭市监-017 --finding 12,15 --db findings.db
        greenroom case add 2026-杭市监-017 --shop http://127.0.0.1:8000/shop/7 --db findings.db
    """
    ids = api.finding_ids(finding_ids)
    added = api.case_add(db_path, name, actor=actor, finding_ids=ids, shop_url=shop_url)
    if added:
        click.echo(f"case {name}: added findings {', '.join(map(str, added))}")
    else:
        click.echo(f"case {name}: those findings are already in it")


@case_command("note")
@click.argument("name")
@click.argument("text")
def case_note(name, text, db_path, actor):
    """Add a note to a case.

    \b
    Example:
        greenroom case note 2026-杭市监-017 "已电话联系经营者" --db findings.db
    """
    row = api.case_note(db_path, name, text, actor=actor)
    click.echo(f"case {name}: note {row['id']} recorded at {row['at']}")


@case_command("status")
@click.argument("name")
@click.argument("status", type=click.Choice(["open", "referred", "closed"]))
def case_status(name, status, db_path, actor):
    """Set a case's status: open, referred or closed.

    \b
    Example:
        greenroom case status 2026-杭市监-017 referred --db findings.db
    """
    api.case_status(db_path, name, status, actor=actor)
    click.echo(f"case {name}: {status}")


@case_command("list", writes=False)
@click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)
def case_list(db_path, fmt):
    """List the cases, with their findings and how many are still open.

    \b
    Example:
        greenroom case list --db findings.db
    """
    emit(api.case_list(db_path), fmt)


@case_command("show", writes=False)
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
def case_show(name, db_path, fmt):
    """A case: its status, its findings (a resolved one with the night it was resolved)
    and its history.

    \b
    Example:
        greenroom case show 2026-杭市监-017 --db findings.db
    """
    import json

    shown = api.case_show(db_path, name)
    if fmt == "json":
        click.echo(json.dumps(shown, ensure_ascii=False, indent=2))
        return
    c = shown["case"]
    click.echo(f"case {c['name']}: {c['status']}, opened {c['opened_at']} by {c['opened_by']}")
    click.echo(f"\nfindings ({len(shown['findings'])}):")
    emit(shown["findings"], "table", CASE_FINDING_COLUMNS)
    click.echo("\nhistory:")
    for h in shown["history"]:
        click.echo(f"  {h['at']}  {h['actor']}  {h['text']}")


CASE_FINDING_COLUMNS = ["id", "check_id", "severity", "subject_url", "status", "night"]


@case_command("export")
@click.argument("name")
@click.option(
    "--out", "out_path", required=True, type=click.Path(dir_okay=False), help="bundle (.zip)"
)
@bundle_options
def case_export(name, db_path, actor, out_path, sign_key, no_sign, config_path, no_mask, tsa_url):
    """Write one evidence bundle of every finding of a case, with its notes and history in
    report.html; the export is recorded in the case's history.

    \b
    Example:
        greenroom case export 2026-杭市监-017 --db findings.db --out case017.zip
    """
    key = api.bundle_key(sign_key, no_sign, config_path)
    result = api.case_export(
        db_path,
        name,
        out_path,
        actor=actor,
        sign_key=key,
        mask=not no_mask,
        tsa_url=api.bundle_tsa(tsa_url, config_path),
    )
    echo_export(result)


@cli.command("verify")
@click.argument("bundle", required=False, type=click.Path(dir_okay=False))
@click.option("--db", "db_path", type=click.Path(), help="check this database's captures")
@click.option(
    "--pubkey", type=click.Path(), help="Ed25519 public key the bundle must be signed with"
)
@click.option(
    "--config", "config_path", type=click.Path(), help="config naming [evidence] trusted_keys"
)
@click.option(
    "--tsa-cert",
    type=click.Path(dir_okay=False),
    help="PEM certificate(s) of the time-stamping authority to trust: the bundle's RFC 3161 "
    "tokens must chain to one (default: [evidence] tsa_cert)",
)
@friendly
@evidence_errors
def verify_(bundle, db_path, pubkey, config_path, tsa_cert):
    """Check an evidence bundle offline, or a database's captures and hash chain.

    A bundle is authenticated only by a key you trust: --pubkey, or a fingerprint in the
    trusted-keys file ($GREENROOM_TRUSTED_KEYS, else [evidence] trusted_keys in --config,
    else trusted_keys in the key directory); never by the key the bundle carries.

    \b
    Exit codes:
        0  intact and signed by a trusted key (or, with --db, the store is intact)
        3  intact but NOT AUTHENTICATED: unsigned, or signed by an unknown key
        1  altered, added or removed files, a bad signature, or a time-stamp token that
           fails (altered, for other content, or from a TSA not in --tsa-cert)
        2  not a bundle, a refused zip, or a bad argument or key file

    It prints the time its RFC 3161 time-stamps attest, or that it has none.

    \b
    Example:
        greenroom verify case7.zip --pubkey keys/greenroom.pub
        greenroom verify case7.zip          # against the trusted-keys file
        greenroom verify case7.zip --tsa-cert tsa-ca.pem
        greenroom verify --db findings.db
    """
    verdict = api.verify(bundle, db_path, pubkey=pubkey, config_path=config_path, tsa_cert=tsa_cert)
    for line in verdict.problems + verdict.notes:
        click.echo(line)
    if not verdict.ok:
        raise Failed(verdict.summary)
    click.echo(verdict.summary)
    if not verdict.authenticated:
        sys.exit(NOT_AUTHENTICATED)


@cli.command("keygen")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    help="directory for greenroom.key and greenroom.pub "
    "(default: $GREENROOM_KEY_DIR, else ~/.config/greenroom)",
)
@friendly
@evidence_errors
def keygen_(out_dir):
    """Make an Ed25519 key pair for signing evidence bundles.

    Its fingerprint is added to `trusted_keys` in the same directory; give that line (or
    greenroom.pub) to whoever must verify your bundles. Exports sign with the key in the
    default directory unless --no-sign.

    \b
    Example:
        greenroom keygen
        greenroom keygen --out keys/
    """
    made = api.keygen(out_dir)
    click.echo(
        f"private key {made['private']} (keep it secret), public key {made['public']}, "
        f"fingerprint {made['fingerprint']} (added to {made['trusted']})"
    )


@cli.command()
@click.option("--db", "db_path", required=True, type=click.Path(), help="SQLite database")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535))
@click.option("--host", default="127.0.0.1", show_default=True, help="address to bind")
@click.option(
    "--password-hash",
    envvar="GREENROOM_PASSWORD_HASH",
    help="pbkdf2 hash (datasette hash-password); required off 127.0.0.1; user: investigator",
)
@click.option(
    "--user",
    "users",
    multiple=True,
    help="an investigator's account, name:hash (datasette hash-password); repeat per person",
)
@click.option(
    "--allow-host",
    multiple=True,
    help="another host name the UI answers to (repeat); others get 421 (DNS rebinding)",
)
@friendly
def serve(db_path, port, host, password_hash, users, allow_host):
    """The investigator's browser UI (Datasette), read-only, on 127.0.0.1.

    With accounts (--user), every bundle exported from the UI is logged in the
    `exports` table (导出记录): the account, the finding, the time, the zip's SHA-256.

    \b
    Example:
        greenroom serve --db findings.db --port 8001
        greenroom serve --db findings.db --host 0.0.0.0 --user wang:pbkdf2_sha256$… --user li:…
    """
    api.serve(
        db_path,
        host=host,
        port=port,
        password_hash=password_hash,
        users=users,
        allow_hosts=allow_host,
        echo=click.echo,
    )


@cli.command()
@click.option("--config", "config_path", required=True, type=click.Path(), help="TOML config")
@click.option("--captures", type=click.Path(), help="WARC directory (default: the coordinator's)")
@click.option("--once", is_flag=True, help="leave after one run instead of waiting for the next")
@friendly
def worker(config_path, captures, once):
    """Join the crawl run of a config's [cluster] Redis as one more worker.

    \b
    Example:
        greenroom worker --config district.toml
    """
    api.worker(config_path, captures=captures, once=once)


def main():
    try:
        cli(standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("greenroom: interrupted", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
