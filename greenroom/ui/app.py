"""Build the Datasette app for one greenroom database, and serve it (`greenroom serve`)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
ACCOUNT = re.compile(r"[A-Za-z0-9_.-]{1,64}")
HASH_PREFIX = "pbkdf2_sha256$"


class ServeError(ValueError):
    """Serving is refused as asked (e.g. a public address without a password)."""


def prepare(db_path: str | Path) -> bool:
    """Make the database ready to be served: fold the WAL into it and build the
    search index when it is missing. Returns True when the index had to be built. A
    database that cannot be written here (a forensic copy) is served as it is."""
    from storage.db import connect, read_only
    from storage.search import index, is_indexed

    if read_only(db_path):
        return False
    db = connect(db_path, create=False)
    try:
        built = False
        if not is_indexed(db):
            index(db)
            built = True
        try:
            db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.OperationalError:  # a crawl holds it: the snapshot is as of now
            pass
    finally:
        db.conn.close()
    return built


def parse_user(text: str) -> tuple[str, str]:
    """`name:hash` of `--user` (a hash from `datasette hash-password`) → (name, hash)."""
    name, sep, hashed = text.partition(":")
    if not sep or not ACCOUNT.fullmatch(name):
        raise ServeError(f"--user {name[:40]!r}: give name:hash, the name of letters, digits, _.-")
    if not hashed.startswith(HASH_PREFIX):
        raise ServeError(f"--user {name}: not a pbkdf2_sha256$… hash from datasette hash-password")
    return name, hashed


def accounts(password_hash: str | None = None, users: tuple[str, ...] = ()) -> dict[str, str]:
    """One account per investigator (`--user`, repeatable); `--password-hash` is the
    account `investigator`. A name given twice is refused."""
    out = {"investigator": password_hash} if password_hash else {}
    for text in users:
        name, hashed = parse_user(text)
        if name in out:
            raise ServeError(f"--user {name}: the account is given twice")
        out[name] = hashed
    return out


def make_datasette(
    db_path: str | Path,
    *,
    password_hash: str | None = None,
    users: dict[str, str] | None = None,
):
    """A Datasette instance serving `db_path` read-only, with the greenroom plugin.

    A database that can be written here is opened `mode=ro` (SQLite's WAL gives each query a
    consistent snapshot while a crawl writes, and reads what the crawl has committed); one
    that cannot (a forensic copy, no -shm makeable) is opened immutable, as it never changes.
    """
    from datasette.app import Datasette
    from datasette.plugins import pm

    from greenroom.ui import metadata as metamod
    from greenroom.ui import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="greenroom")
    from storage.db import read_only

    db_path = Path(db_path).resolve()
    name = db_path.stem
    frozen = read_only(db_path)
    return Datasette(
        [] if frozen else [str(db_path)],
        immutables=[str(db_path)] if frozen else [],
        metadata=metamod.metadata(
            name, str(db_path), users=accounts(password_hash) | dict(users or {})
        ),
        template_dir=str(plugin.TEMPLATES),
        settings={
            "sql_time_limit_ms": 5000,
            "facet_time_limit_ms": 1000,
            "num_sql_threads": 3,
        },
    )


def check_access(host: str, password_hash: str | None, users: tuple[str, ...] = ()) -> str:
    """The start-up line about access; refuses a non-loopback address without a password."""
    if password_hash and not password_hash.startswith(HASH_PREFIX):
        raise ServeError("--password-hash: not a pbkdf2_sha256$… hash from datasette hash-password")
    names = ", ".join(accounts(password_hash, users))
    if host in LOOPBACK:
        if names:
            return f"access: password required (users: {names})"
        return "access: this machine only (127.0.0.1); no password"
    if not names:
        raise ServeError(
            f"binding to {host} exposes the database beyond this machine: give "
            "--user name:hash or --password-hash (make one with: datasette hash-password)"
        )
    return f"access: {host} is reachable from other machines; password required (users: {names})"


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    password_hash: str | None = None,
    users: tuple[str, ...] = (),
    allow_hosts: tuple[str, ...] = (),
    echo=print,
) -> None:
    """Serve the database read-only until interrupted."""
    import asyncio

    import uvicorn

    from storage.db import read_only

    access = check_access(host, password_hash, users)
    if prepare(db_path):
        echo("search index was missing: built it")
    ds = make_datasette(db_path, users=accounts(password_hash, users))
    asyncio.run(ds.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    how = "immutable" if read_only(db_path) else "live, each query a consistent snapshot"
    echo(f"greenroom serve: http://{shown}:{port}/ (read-only, {how}: {db_path})")
    echo(access)
    from greenroom.ui.hosts import HostCheck, allowed_hosts

    app = HostCheck(ds.app(), allowed_hosts(host, allow_hosts))
    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")
