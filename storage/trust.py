"""Which signing keys an investigator trusts, and which key an export signs with.

A trusted-keys file lists one key fingerprint a line, each with a comment naming whose it
is (`SHA256:3f… # 张三, 某区市场监管局`); `#` lines and blank lines are ignored. `verify`
reads it from `GREENROOM_TRUSTED_KEYS`, else from `[evidence] trusted_keys` in the config,
else from `trusted_keys` in the key directory. The key directory is `GREENROOM_KEY_DIR`,
else `$XDG_CONFIG_HOME/greenroom` (`~/.config/greenroom`): `greenroom keygen` writes the
key pair there by default and adds its own fingerprint to that directory's trusted keys,
and `greenroom export` signs with the key it finds there unless told otherwise.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from storage.signing import PRIVATE_NAME, KeyFileError

TRUSTED_NAME = "trusted_keys"
MAX_TRUSTED_FILE = 1 << 20
_LINE = re.compile(r"^(SHA256:[0-9a-f]{64})\s*#\s*(\S.*)$")


def key_dir() -> Path:
    """Where `greenroom keygen` puts a key pair when no --out is given."""
    if os.environ.get("GREENROOM_KEY_DIR"):
        return Path(os.environ["GREENROOM_KEY_DIR"])
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "greenroom"


def signing_key(explicit: str | None, configured: str | None) -> Path | None:
    """The private key an export signs with: --sign-key, the config's, or the default one."""
    if explicit:
        return Path(explicit)
    if configured:
        return Path(configured)
    default = key_dir() / PRIVATE_NAME
    return default if default.is_file() else None


def trusted_keys_file(configured: str | None) -> Path | None:
    """The trusted-keys file `verify` reads, or None when there is none."""
    if os.environ.get("GREENROOM_TRUSTED_KEYS"):
        return Path(os.environ["GREENROOM_TRUSTED_KEYS"])
    if configured:
        return Path(configured)
    default = key_dir() / TRUSTED_NAME
    return default if default.is_file() else None


def load_trusted(path: str | Path) -> dict[str, str]:
    """fingerprint -> whose, from a trusted-keys file; KeyFileError names file and line."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TRUSTED_FILE:
            raise KeyFileError(f"{path}: too large to be a trusted-keys file")
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise KeyFileError(f"{path}: no such trusted-keys file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyFileError(f"{path}: cannot read trusted keys ({exc})") from None
    trusted: dict[str, str] = {}
    for no, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            raise KeyFileError(f"{path}:{no}: expected 'SHA256:<64 hex digits> # whose key it is'")
        trusted[m.group(1)] = m.group(2).strip()
    return trusted


def add_trusted(path: Path, fp: str, whose: str) -> None:
    """Append `fp # whose` to a trusted-keys file (made 0640 when new)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
    with os.fdopen(fd, "a", encoding="utf-8") as fh:
        fh.write(f"{fp}  # {whose}\n")
