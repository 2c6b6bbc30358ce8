"""The export log: who exported what, and when (table `exports`, shown in `serve`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from storage.db import connect


def record(db_path: str | Path, *, actor: str, what: str, via: str, sha256: str, size: int) -> int:
    """Append one export to the log and return its id; raises sqlite3.Error when the
    database cannot be written (then the export must not be handed out). Example:
        record("findings.db", actor="wang", what="finding 12", via="greenroom serve",
               sha256=digest, size=len(data))
    """
    db = connect(db_path)
    try:
        when = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
        cur = db.conn.execute(
            "INSERT INTO exports (exported_at, actor, what, via, sha256, bytes)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (when, actor, what, via, sha256, size),
        )
        return cur.lastrowid
    finally:
        db.conn.close()
