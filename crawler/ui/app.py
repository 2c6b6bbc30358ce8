"""Build the Datasette app for one greenroom database, and serve it (`greenroom serve`)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


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


def make_datasette(db_path: str | Path, *, password_hash: str | None = None):
    """A Datasette instance serving `db_path` read-only, with the greenroom plugin.

    A database that can be written here is opened `mode=ro` (SQLite's WAL gives each query a
    consistent snapshot while a crawl writes, and reads what the crawl has committed); one
    that cannot (a forensic copy, no -shm makeable) is opened immutable, as it never changes.
    """
    from datasette.app import Datasette
    from datasette.plugins import pm

    from crawler.ui import metadata as metamod
    from crawler.ui import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="greenroom")
    from storage.db import read_only

    db_path = Path(db_path).resolve()
    name = db_path.stem
    frozen = read_only(db_path)
    return Datasette(
        [] if frozen else [str(db_path)],
        immutables=[str(db_path)] if frozen else [],
        metadata=metamod.metadata(name, str(db_path), password_hash=password_hash),
        template_dir=str(plugin.TEMPLATES),
        settings={
            "sql_time_limit_ms": 5000,
            "facet_time_limit_ms": 1000,
            "num_sql_threads": 3,
        },
    )


def check_access(host: str, password_hash: str | None) -> str:
    """The start-up line about access; refuses a non-loopback address without a password."""
    if host in LOOPBACK:
        if password_hash:
            return "access: password required (user: investigator)"
        return "access: this machine only (127.0.0.1); no password"
    if not password_hash:
        raise ServeError(
            f"binding to {host} exposes the database beyond this machine: give "
            "--password-hash (make one with: datasette hash-password)"
        )
    if not password_hash.startswith("pbkdf2_sha256$"):
        raise ServeError("--password-hash: not a pbkdf2_sha256$… hash from datasette hash-password")
    return (
        f"access: {host} is reachable from other machines; password required (user: investigator)"
    )


def serve(
    db_path: str | Path,
    *,
    host: str = "127.0.0.1",
    port: int = 8001,
    password_hash: str | None = None,
    allow_hosts: tuple[str, ...] = (),
    echo=print,
) -> None:
    """Serve the database read-only until interrupted."""
    import asyncio

    import uvicorn

    from storage.db import read_only

    access = check_access(host, password_hash)
    if prepare(db_path):
        echo("search index was missing: built it")
    ds = make_datasette(db_path, password_hash=password_hash)
    asyncio.run(ds.invoke_startup())
    shown = f"[{host}]" if ":" in host else host
    how = "immutable" if read_only(db_path) else "live, each query a consistent snapshot"
    echo(f"greenroom serve: http://{shown}:{port}/ (read-only, {how}: {db_path})")
    echo(access)
    from crawler.ui.hosts import HostCheck, allowed_hosts

    app = HostCheck(ds.app(), allowed_hosts(host, allow_hosts))
    uvicorn.run(app, host=host, port=port, log_level="warning", lifespan="on")
