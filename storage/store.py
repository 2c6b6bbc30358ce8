"""Store: a greenroom database and its captures folder (`<db>.captures/`), as one handle."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Self

from storage.db import captures_dir, connect
from storage.warc import read_capture

if TYPE_CHECKING:
    import sqlite_utils


class Store:
    """The database file, its connection (opened when first used) and its captures folder.

    `Store(path)` creates the database when missing, `Store.existing(path)` refuses to;
    `Store(path, db)` wraps a connection already open."""

    def __init__(self, path: str | Path, db: sqlite_utils.Database | None = None):
        self.path = Path(path)
        self._db = db

    @classmethod
    def existing(cls, path: str | Path) -> Store:
        """The store of a database that exists: FileNotFoundError (one line) otherwise."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no such database")
        return cls(path, connect(path, create=False))

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = connect(self.path)
        return self._db

    @property
    def captures(self) -> Path:
        """The folder of the WARC files and screenshots."""
        return captures_dir(self.path)

    def warc_file(self, name: str) -> Path:
        """A WARC file of this store by its `captures.warc_file` name; ValueError for a name
        that would leave the folder."""
        if not name or "/" in name or "\\" in name or name.startswith("."):
            raise ValueError(f"bad WARC file name {name!r}")
        return self.captures / name

    def read_capture(self, row: dict, **kwargs) -> tuple[dict, bytes]:
        """The (headers, body) of a stored capture (storage.warc.read_capture)."""
        return read_capture(self.path, row, **kwargs)

    def read_record(self, row: dict) -> bytes:
        """A capture's stored WARC record, its gzip member as written."""
        with open(self.warc_file(row["warc_file"] or ""), "rb") as fh:
            fh.seek(row["warc_offset"])
            return fh.read(row["warc_length"])

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __fspath__(self) -> str:
        return str(self.path)

    def __str__(self) -> str:
        return str(self.path)

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"
