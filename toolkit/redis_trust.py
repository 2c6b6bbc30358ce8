"""What a cluster run trusts in Redis: an authenticated URL, and only signed relay messages.

- A Redis URL other than a Unix socket (the private redis-server of `--workers N`) must
  carry a password (`redis://:PASSWORD@host:6379/0`, Redis `AUTH`) or use `rediss://`;
  otherwise the run refuses to start with one line. `redact` hides the password in every
  line greenroom prints.
- Each worker signs every message it relays (HMAC-SHA256 over the list's name and the
  message) with the run's relay key, which the coordinator hands to its local workers at
  start and keeps in the database (a resumed run keeps its key). Workers on other machines
  derive the same key from `[cluster] secret_file`, a file only the bureau's hosts hold.
  The coordinator writes nothing of a message that is unsigned or mis-signed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

MAC_HEX = 64
KEY_TABLE = "CREATE TABLE IF NOT EXISTS relay_keys (run_id INTEGER PRIMARY KEY, key TEXT NOT NULL)"


class RedisRefused(ValueError):
    """A Redis URL greenroom will not use: one line, password redacted."""


def redact(text: str, url: str | None = None) -> str:
    """`text` with the password of `url` (or of any redis URL in it) replaced by ***."""
    urls = [url] if url else [w for w in str(text).split() if "://" in w]
    for u in urls:
        password = urlsplit(u.strip("'\",()")).password
        if password:
            text = str(text).replace(password, "***")
    return text


def redacted_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def check_url(url: str) -> None:
    """Refuse a Redis URL that lets anyone on the network write to the frontier."""
    parts = urlsplit(url)
    if parts.scheme in ("unix", "rediss"):
        return
    if parts.scheme != "redis":
        raise RedisRefused(f"not a Redis URL: {redacted_url(url)} (redis://, rediss:// or unix://)")
    if not parts.password:
        raise RedisRefused(
            f"Redis at {redacted_url(url)} has no password: anyone who can reach it could "
            "steer the crawl; use redis://:PASSWORD@host:port/db (requirepass) or rediss://"
        )


def run_key(db, ns: str, run_id: int, secret_file: str | None) -> bytes:
    """The relay key of a run: derived from the secret file, else random, kept in the db."""
    if secret_file:
        return derived_key(secret_file, ns, run_id)
    db.execute(KEY_TABLE)
    row = db.execute("SELECT key FROM relay_keys WHERE run_id = ?", [run_id]).fetchone()
    if row:
        return bytes.fromhex(row[0])
    key = secrets.token_bytes(32)
    with db.conn:
        db.execute("INSERT INTO relay_keys (run_id, key) VALUES (?, ?)", [run_id, key.hex()])
    return key


def derived_key(secret_file: str, ns: str, run_id: int) -> bytes:
    secret = Path(secret_file).read_bytes().strip()
    return hmac.new(secret, f"greenroom relay {ns} run {run_id}".encode(), "sha256").digest()


def seal(key: bytes, list_key: str, payload: bytes) -> bytes:
    """`payload` signed for `list_key`: 64 hex digits of HMAC-SHA256, a space, the payload."""
    mac = hmac.new(key, list_key.encode() + b"\n" + payload, hashlib.sha256).hexdigest()
    return mac.encode() + b" " + payload


def unseal(key: bytes | None, list_key: str, message: bytes) -> bytes | None:
    """The payload of a message signed with `key` for `list_key`; None when it is not."""
    if not key or len(message) < MAC_HEX + 1 or message[MAC_HEX : MAC_HEX + 1] != b" ":
        return None
    payload = message[MAC_HEX + 1 :]
    mac = hmac.new(key, list_key.encode() + b"\n" + payload, hashlib.sha256).hexdigest()
    return payload if hmac.compare_digest(mac.encode(), message[:MAC_HEX]) else None
