"""The application's API: one plain function per `greenroom` command.

The click commands of greenroom.cli are thin wrappers over these (options in, lines out, exit
codes), as sqlite-utils' CLI is over its library; a script or the UI can call them the same
way. They take paths and plain values and return data; nothing here prints.

Errors: BadRequest (arguments that do not make a request; the CLI exits 2), ConfigError (a
broken config or reference file), DatabaseBusy (another run holds the database), and the
storage libraries' own (storage.bundle.BundleError, storage.cases.CaseError, …).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from greenroom import config as configmod

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlite_utils import Database

    from storage.store import Store


class BadRequest(ValueError):
    """Arguments that do not make a request: one line (the CLI exits 2)."""


def open_store(path: str | Path) -> Store:
    """The Store of an existing database; BadRequest when there is no file at `path`."""
    from storage.store import Store

    try:
        return Store.existing(path)
    except FileNotFoundError as exc:
        raise BadRequest(str(exc)) from None


def open_db(path: str | Path) -> Database:
    """An existing database; BadRequest when there is no file at `path`."""
    return open_store(path).db


def load_config(path: str | None) -> configmod.Config | None:
    return configmod.load(path) if path else None


# crawl, check, findings ---------------------------------------------------------------------
def crawl(db_path: str, *, urls: Iterable[str] = (), config_path: str | None = None, workers=1):
    """Crawl a config's start URLs (or `urls`) into the database, then run every check.
    Returns greenroom.run.crawl's result: run_id, stats, findings, status, health."""
    from greenroom.run import crawl as run_crawl

    urls = list(urls)
    if bool(config_path) == bool(urls):
        raise BadRequest("give either --config FILE or one or more URLs")
    cfg = configmod.load(config_path) if config_path else configmod.from_urls(urls)
    return run_crawl(cfg, db_path, workers=workers)


def check(
    db_path: str, *, config_path: str | None = None, reextract: bool = False, workers=None
) -> dict:
    """Re-run every check over what is stored; reference files from `config_path`, else
    from the config of the last crawl. Returns the findings' counts and check errors."""
    from greenroom.analyse import analyse
    from greenroom.run import locked, reference_for

    store = open_store(db_path)
    ref = reference_for(load_config(config_path or last_config(store.db)))
    with locked(store.path):
        return analyse(store, ref, None, reextract=reextract, workers=workers)


def last_config(db) -> str | None:
    """The config of the database's last crawl, if it is still there: its reference files
    are the ones a re-check should use."""
    from storage.runs import last_config_path

    path = last_config_path(db)
    return path if path and Path(path).is_file() else None


def findings(db_path: str, *, check_id=None, status=None, since=None) -> list[dict]:
    """The findings, filtered by check, status and first-seen date."""
    from storage.findings import query

    return query(open_db(db_path), check=check_id, status=status, since=since)


def findings_xlsx(rows: list[dict], out_path: str, *, ui_url: str) -> int:
    """Write the findings as an Excel workbook linking each to the UI; how many."""
    from greenroom import xlsx

    if not Path(out_path).resolve().parent.is_dir():
        raise BadRequest(f"{Path(out_path).parent}: no such directory")
    return xlsx.write(rows, out_path, ui_url=ui_url)


def open_by_check(db_path: str) -> list[dict]:
    """How many open findings each check has: [{check_id, open}], by check id."""
    from collections import Counter

    counts = Counter(r["check_id"] for r in findings(db_path, status="open"))
    return [{"check_id": k, "open": v} for k, v in sorted(counts.items())]


# the catalogue ------------------------------------------------------------------------------
CATALOGUE_COLUMNS = ("id", "title", "subject", "severity", "basis", "summary")


def checks() -> list[dict]:
    """The check catalogue: id, title, subject, severity, legal basis, summary."""
    from checks.registry import catalogue

    return [{k: c[k] for k in CATALOGUE_COLUMNS} for c in catalogue()]


def check_doc(check_id: str) -> str:
    """One check's documentation, as `greenroom checks ID` prints it."""
    from checks.registry import by_id, documentation

    try:
        return documentation(by_id(check_id))
    except KeyError as e:
        raise BadRequest(str(e.args[0])) from None


# eval and demo ------------------------------------------------------------------------------
def evaluate(labels_path: str, db_path: str, *, misses=False, split=None) -> list[list[dict]]:
    """The tables of `greenroom eval`, in order: role and price accuracy (for a corpus of
    real pages), precision/recall/F1 per check, then with `misses` the wrong findings and
    roles."""
    from checks.registry import catalogue
    from greenroom.evaluate import evaluate as per_check
    from greenroom.evaluate import load_labels, roles_and_prices, wrong_roles
    from greenroom.evaluate import misses as list_misses
    from storage.findings import query

    labels = load_labels(labels_path, split)
    db = open_db(db_path)
    rows = query(db)
    if split:  # the other split's pages are not judged here
        other = {x["subject_url"] for x in load_labels(labels_path)} - {
            x["subject_url"] for x in labels
        }
        rows = [r for r in rows if r["subject_url"] not in other]
    roles = any(x.get("role") for x in labels)
    tables = [roles_and_prices(db, labels)] if roles else []
    tables.append(per_check(rows, labels, [c["id"] for c in catalogue()]))
    if misses:
        tables.append(list_misses(rows, labels))
        if roles:
            tables.append(wrong_roles(db, labels))
    return tables


def demo(rendering: str, data_dir: str, port: int = 0, *, started: Callable | None = None):
    """Serve the demo marketplace on 127.0.0.1 and crawl it into `data_dir` (a fresh
    database each time). `started(url)` is called once the site answers. Returns the run's
    result, the database and the demo's labels file."""
    import shutil

    from greenroom.run import crawl as run_crawl
    from greenroom_demo.site import DemoSite

    data = Path(data_dir)
    data.mkdir(parents=True, exist_ok=True)
    db_path = data / f"demo-{rendering}.db"
    for stale in data.glob(f"demo-{rendering}.db*"):
        if stale.is_dir():
            shutil.rmtree(stale)
        else:
            stale.unlink()
    with DemoSite(rendering=rendering, port=port) as site:
        if started:
            started(site.url)
        cfg = configmod.load(site.write_config(data))
        labels_path = data / f"labels-{rendering}.json"
        site.write_labels(labels_path)
        result = run_crawl(cfg, db_path)
    return result, db_path, labels_path


# summary ------------------------------------------------------------------------------------
def summary(db_path: str, run_id: int | None = None, *, mail_to: Iterable[str] = (), cfg=None):
    """The morning summary of a run (default: the last). `mail_to` and `cfg` are checked
    here, before anything is shown: mailing it needs a config naming the relay."""
    from greenroom import summary as summarymod

    if list(mail_to) and cfg is None:
        raise BadRequest("--mail-to needs --config FILE naming the SMTP relay ([mail] relay)")
    try:
        return summarymod.summary(open_db(db_path), run_id)
    except LookupError as exc:
        raise BadRequest(f"{db_path}: {exc}") from None


def summary_html(s: dict, html_path: str) -> None:
    from greenroom import summary as summarymod

    Path(html_path).write_text(summarymod.render_html(s), encoding="utf-8")


def post_summary(s: dict, cfg) -> str | None:
    """Post the summary to the config's [alerts] webhook; where, or None without one.
    Raises greenroom.alerts.AlertError."""
    from greenroom import alerts

    return alerts.post_summary(s, cfg) if alerts.webhook(cfg) else None


def mail_summary(s: dict, cfg, mail_to: Iterable[str] = ()) -> list[str]:
    """E-mail the summary to `mail_to` or [mail] to through the [mail] relay; to whom ([]:
    nobody to mail). Raises greenroom.mail.MailError."""
    from greenroom import alerts, mail

    mail_to = list(mail_to)
    if not (mail_to or (cfg and (cfg.raw.get("mail") or {}).get("to"))):
        return []
    hook = alerts.webhook(cfg)
    return mail.send_summary(s, cfg, mail_to, hook["ui_url"] if hook else None)


# evidence -----------------------------------------------------------------------------------
def finding_ids(raw_ids: Iterable[str]) -> list[int]:
    """`--finding 1 --finding 2,3` as [1, 2, 3]; anything but numbers is refused."""
    ids = [p.strip() for raw in raw_ids for p in raw.split(",") if p.strip()]
    if not all(i.isdigit() for i in ids):
        raise BadRequest(f"--finding takes finding ids (numbers), not {', '.join(ids)}")
    return [int(i) for i in ids]


def bundle_key(sign_key: str | None, no_sign: bool, config_path: str | None):
    """The key a bundle is signed with: `sign_key`, [evidence] signing_key, the default
    key; None with `no_sign`."""
    from storage.trust import signing_key

    if no_sign and sign_key:
        raise BadRequest("give --sign-key or --no-sign, not both")
    cfg = load_config(config_path)
    return None if no_sign else signing_key(sign_key, cfg.signing_key if cfg else None)


def bundle_tsa(tsa_url: str | None, config_path: str | None) -> str | None:
    """The time-stamping authority a bundle asks: `tsa_url`, else [evidence] tsa_url."""
    if tsa_url or not config_path:
        return tsa_url
    return configmod.load(config_path).tsa_url


def export(
    db_path: str,
    out_path: str,
    *,
    finding_ids: list[int] = (),
    shop_url: str | None = None,
    sign_key=None,
    mask: bool = True,
    tsa_url: str | None = None,
    case: str | None = None,
    exporter: str | None = None,
    progress: Callable[[str], None] | None = None,
):
    """Write the evidence bundle of some findings or of a shop (storage.bundle.export, with
    the check catalogue's rule texts); its ExportResult."""
    from checks.registry import rules
    from storage.bundle import export as write_bundle

    if bool(finding_ids) == bool(shop_url):
        raise BadRequest("give either --finding ID (one or more) or --shop URL")
    open_db(db_path).conn.close()
    return write_bundle(
        db_path,
        out_path,
        finding_ids=finding_ids,
        shop_url=shop_url,
        sign_key=sign_key,
        mask=mask,
        case=case,
        exporter=exporter,
        tsa_url=tsa_url,
        progress=progress,
        rules=rules(),
    )


def verify(
    bundle: str | None = None,
    db_path: str | None = None,
    *,
    pubkey: str | None = None,
    config_path: str | None = None,
    tsa_cert: str | None = None,
):
    """Check a bundle offline against the keys and TSA certificates trusted, or a
    database's captures and hash chain; the verdict (storage.verify)."""
    from storage.trust import load_trusted, trusted_keys_file
    from storage.verify import verify_bundle, verify_db

    if bool(bundle) == bool(db_path):
        raise BadRequest("give either a bundle FILE.zip or --db PATH")
    if db_path and (pubkey or tsa_cert):
        raise BadRequest("--pubkey and --tsa-cert apply to a bundle, not to --db")
    if db_path:
        return verify_db(db_path)
    cfg = load_config(config_path)
    listed = trusted_keys_file(cfg.trusted_keys if cfg else None)
    trusted = load_trusted(listed) if listed and not pubkey else {}
    roots = tsa_roots(tsa_cert or (cfg.tsa_cert if cfg else None))
    return verify_bundle(bundle, pubkey, trusted=trusted, tsa_certs=roots)


def tsa_roots(cert_file: str | None) -> list | None:
    """The TSA certificates `verify` trusts; a file that holds none is a bad request."""
    from storage.evidence.timestamp import TimestampError, load_certs

    if not cert_file:
        return None
    try:
        return load_certs(cert_file)
    except TimestampError as exc:
        raise BadRequest(str(exc)) from None


def keygen(out_dir: str | None = None) -> dict:
    """Make an Ed25519 key pair (default directory: $GREENROOM_KEY_DIR, else
    ~/.config/greenroom) and trust its fingerprint there: {private, public, fingerprint,
    trusted}."""
    import getpass
    import socket
    from datetime import date

    from storage.signing import fingerprint, load_public_key
    from storage.signing import keygen as make_pair
    from storage.trust import TRUSTED_NAME, add_trusted, key_dir

    out = Path(out_dir) if out_dir else key_dir()
    private, public = make_pair(out)
    fp = fingerprint(load_public_key(public))
    whose = f"{getpass.getuser()}@{socket.gethostname()}, greenroom keygen {date.today()}"
    add_trusted(out / TRUSTED_NAME, fp, whose)
    return {"private": private, "public": public, "fingerprint": fp, "trusted": out / TRUSTED_NAME}


# cases --------------------------------------------------------------------------------------
def who_am_i() -> str:
    """Who a case change is recorded as: $GREENROOM_ACTOR, else user@host."""
    import getpass
    import socket

    from crawler.settings import env_setting

    return env_setting("GREENROOM_ACTOR") or f"{getpass.getuser()}@{socket.gethostname()}"


def case_new(db_path: str, name: str, *, actor=None, note=None) -> dict:
    from storage import cases

    return cases.new(open_db(db_path), name, actor=actor or who_am_i(), note=note)


def case_add(db_path: str, name: str, *, actor=None, finding_ids=(), shop_url=None) -> list:
    """Put findings in a case, by id or every finding of a shop; the ids added."""
    from storage import cases

    if bool(finding_ids) == bool(shop_url):
        raise BadRequest("give either --finding ID (one or more) or --shop URL")
    return cases.add(
        open_db(db_path),
        name,
        actor=actor or who_am_i(),
        finding_ids=list(finding_ids),
        shop_url=shop_url,
    )


def case_note(db_path: str, name: str, text: str, *, actor=None) -> dict:
    from storage import cases

    return cases.note(open_db(db_path), name, text, actor=actor or who_am_i())


def case_status(db_path: str, name: str, status: str, *, actor=None) -> None:
    from storage import cases

    cases.set_status(open_db(db_path), name, status, actor=actor or who_am_i())


def case_list(db_path: str) -> list[dict]:
    from storage import cases

    return cases.listing(open_db(db_path))


def case_show(db_path: str, name: str) -> dict:
    """A case: {case, findings, history}; a resolved finding names its night."""
    from storage import cases

    shown = cases.show(open_db(db_path), name)
    return {**shown, "findings": [case_finding_row(f) for f in shown["findings"]]}


def case_finding_row(f: dict) -> dict:
    """A case's finding for `case show`: a resolved one names its night (run and date)."""
    night = ""
    if f["status"] == "resolved":
        run = f"run {f['resolved_run']}, " if f["resolved_run"] else ""
        night = f"resolved {run}{f['resolved_night'] or ''}".strip(", ")
    return {**f, "night": night}


def case_export(
    db_path: str, name: str, out_path: str, *, actor=None, sign_key=None, mask=True, tsa_url=None
):
    """One evidence bundle of every finding of a case, its notes and history; recorded in
    the case's history. Its ExportResult."""
    from checks.registry import rules
    from storage import cases

    open_db(db_path).conn.close()
    return cases.export(
        db_path,
        name,
        out_path,
        actor=actor or who_am_i(),
        sign_key=sign_key,
        mask=mask,
        tsa_url=tsa_url,
        rules=rules(),
    )


# serve and worker ---------------------------------------------------------------------------
def serve(db_path: str, **options) -> None:
    """The investigator's UI (greenroom.ui.app.serve) until stopped; ServeError is a bad
    request."""
    from greenroom.ui.app import ServeError
    from greenroom.ui.app import serve as run_serve

    open_db(db_path).conn.close()
    try:
        run_serve(db_path, **options)
    except ServeError as exc:
        raise BadRequest(str(exc)) from None


def worker(config_path: str, *, captures: str | None = None, once: bool = False) -> None:
    """Join the runs of a config's [cluster] Redis as one more worker."""
    from greenroom.coordinator import worker_loop

    worker_loop(configmod.load(config_path), captures=captures, once=once)
