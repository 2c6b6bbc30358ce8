"""The evidence tests' helpers: `greenroom` in-process, a shop's export, and bundle surgery for
tamper tests (rewrite a zip with members changed, added or removed)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner, Result

from greenroom.cli import cli
from tests.evidence.conftest import SHOP


def run(*args) -> Result:
    """`greenroom ARGS…` through click's CliRunner (paths and numbers passed as text)."""
    return CliRunner().invoke(cli, [str(a) for a in args])


def export_shop(case: dict, out: Path, *more) -> Result:
    """`greenroom export` of the case's shop (its own, its listings' and its rooms' findings)
    to `out`, with the options in `more`."""
    return run("export", "--db", case["db"], "--shop", SHOP, "--out", out, *more)


def flip(data: bytes, at: int | None = None) -> bytes:
    """`data` with one byte flipped (in the middle unless `at` is given)."""
    at = len(data) // 2 if at is None else at
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def rezip(
    src: Path, dst: Path, *, change: dict | None = None, add: dict | None = None, remove: tuple = ()
) -> Path:
    """Copy `src` to `dst`, replacing members in `change` (name -> bytes or a function of the
    old bytes), dropping `remove` and appending `add`."""
    change, add = change or {}, add or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in remove:
                continue
            data = zin.read(info)
            new = change.get(info.filename, data)
            zout.writestr(info, new(data) if callable(new) else new)
        for name, data in add.items():
            zout.writestr(name, data)
    return dst


def member_bytes(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(name)
