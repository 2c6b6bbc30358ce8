"""The one writer of a cluster run: workers relay rows through Redis, the coordinator writes.

A worker (`RelayStore`) writes WARC records to its own file, exactly as `CaptureStore`
does, but inserts nothing: it takes each capture id from a Redis counter (so ids are final
the moment a record is written: page facts and room samples can name them), and pushes
the capture row, page facts and crawl errors to its own Redis list, in order.

The coordinator (`Writer`) merges the workers' lists by capture id and inserts in id
order, computing the hash chain as it goes: one chain per database, as with one process.
A capture id is inserted only when every smaller id is either inserted or abandoned:
`Link.bound()` is the smallest id still reserved but not pushed. Each message is consumed
once: the transaction that writes a list's messages also records, in `relay_progress`, how
many of that list were consumed so far, and the list is then trimmed up to that count by
a script that trims only what was not trimmed yet (`<list>:trimmed`). A coordinator killed
between the commit and the trim, or a trim retried after Redis lost its reply, neither
drops a message nor writes one twice (duplicate crawl errors, pages of forgotten
duplicate captures).

A request whose worker died after pushing its capture but before its lease was
acknowledged is fetched again; a response capture that repeats one of the run (same URL,
method, status, body and retry count) is not inserted: its id is mapped to the first
(`remap`), and the pages row that names it is written for the first. The same holds for
robots.txt, which every worker fetches once.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from storage.db import CAPTURE_COLUMNS, connect, private_opener, transaction
from storage.warc import GENESIS, CaptureStore, Sha256WARCWriter, chain_hash
from toolkit.redis_trust import unseal

BATCH = 2000  # messages read per list per round


class RelayStore(CaptureStore):
    """A worker's capture store: own WARC file, rows relayed to the coordinator via Redis."""

    def __init__(self, link, captures: str | Path, run_id: int):
        import io

        self.link = link
        self.run_id = run_id
        self.db_path = None
        self.dir = Path(captures)
        self.dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        unique = f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(3)}"
        self.warc_name = f"{stamp}-{unique}.warc.gz"  # one file per worker, on any machine
        self._fh = open(self.dir / self.warc_name, "ab", opener=private_opener)  # noqa: SIM115
        self._buf = io.BytesIO()
        self._writer = Sha256WARCWriter(self._buf, gzip=True)
        self._messages: list[bytes] = []
        self._ids: list[int] = []
        self.bytes_written = 0
        self.attempt = 0  # retry count of the response recorded next (crawler.cluster)

    def _commit_row(self, row: dict) -> int:
        row["id"] = self.link.reserve_id()
        if row["kind"] == "response":
            row["attempt"], self.attempt = self.attempt, 0
        self._ids.append(row["id"])
        self._messages.append(json.dumps({"c": row}, ensure_ascii=False).encode())
        return row["id"]

    def add_page(self, row: dict) -> None:
        self._messages.append(json.dumps({"p": row}, ensure_ascii=False).encode())

    def record_error(self, url: str, kind: str, message: str) -> None:
        row = {"run_id": self.run_id, "url": url, "kind": kind, "message": message}
        row["at"] = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self._messages.append(json.dumps({"e": row}, ensure_ascii=False).encode())

    def record_unfetched(self, url: str, reason: str) -> None:
        row = {"run_id": self.run_id, "url": url, "reason": reason}
        row["at"] = datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self._messages.append(json.dumps({"u": row}, ensure_ascii=False).encode())

    def relay(self, acks: list[bytes], queued: list = ()) -> None:
        """Push what is buffered, acknowledge leases and queue what waited for them
        (Link.push), in one Redis transaction."""
        if self._messages or self._ids or acks or queued:
            self.link.push(self._messages, self._ids, acks, queued)
            self._messages, self._ids = [], []

    def flush(self) -> None:
        self.relay([])

    def close(self) -> None:
        if self._fh.closed:
            return
        self.relay([])
        self._fh.close()


TRIM = """
local done = tonumber(redis.call('GET', KEYS[2]) or '0')
local target = tonumber(ARGV[1])
if target > done then
  redis.call('LTRIM', KEYS[1], target - done, -1)
  redis.call('SET', KEYS[2], target)
end
return target - done
"""

PROGRESS = (
    "CREATE TABLE IF NOT EXISTS relay_progress (list TEXT PRIMARY KEY, consumed INTEGER NOT NULL)"
)


class Writer:
    """The coordinator's side: drain the workers' lists into the database, in id order."""

    def __init__(self, db, link, run_id: int):
        self.db, self.link, self.run_id = db, link, run_id
        db.execute(PROGRESS)
        prefix = f"{link.keys.ns}:{run_id}:"  # this run's lists only
        self.consumed = dict(
            db.execute(
                "SELECT list, consumed FROM relay_progress WHERE substr(list, 1, ?) = ?",
                [len(prefix), prefix],
            ).fetchall()
        )
        self._trim = link.server.register_script(TRIM)
        for key, n in self.consumed.items():  # committed before a restart, maybe not trimmed
            self._trim(keys=[key, f"{key}:trimmed"], args=[n])
        row = db.execute("SELECT id, chain_hash FROM captures ORDER BY id DESC LIMIT 1").fetchone()
        self.last_id, self.prev = (row[0], row[1]) if row else (0, GENESIS)
        self.remap: dict[int, int] = {}
        self.skipped: set[int] = set()
        self.written = {
            "captures": 0,
            "pages": 0,
            "errors": 0,
            "duplicates": 0,
            "stale": 0,
            "refused": 0,
        }
        self.seconds = 0.0  # time spent writing

    def lists(self) -> list[str]:
        k = self.link.keys
        return [k.msgs(w.decode()) for w in self.link.server.smembers(k.workers)]

    def backlog(self) -> int:
        pipe = self.link.server.pipeline(transaction=False)
        for key in self.lists():
            pipe.llen(key)
        return sum(pipe.execute())

    def drain(self) -> int:
        """Write everything that can be written now; the number of messages consumed."""
        total = 0
        while True:
            n = self._round()
            total += n
            if not n:
                return total

    def _round(self) -> int:
        started = time.perf_counter()
        bound = self.link.bound()  # first: any id below it is in a list by now, or abandoned
        server = self.link.server
        keys = self.lists()
        pipe = server.pipeline(transaction=False)
        for key in keys:
            pipe.lrange(key, 0, BATCH - 1)
        windows = {}
        for key, msgs in zip(keys, pipe.execute(), strict=True):
            if msgs:
                windows[key] = [self._open(key, m) for m in msgs]
        if not windows:
            return 0
        for msgs in windows.values():
            if len(msgs) == BATCH:  # more behind the window: its next capture id is unseen
                ids = [m["c"]["id"] for m in msgs if "c" in m]
                bound = min(bound, ids[-1] + 1 if ids else self.last_id + 1)
        pos = dict.fromkeys(windows, 0)
        consumed = 0
        with transaction(self.db) as conn:
            while True:
                progressed = False
                # page and error messages at the heads: their captures are already decided
                for key, msgs in windows.items():
                    while pos[key] < len(msgs) and "c" not in msgs[pos[key]]:
                        self._other(conn, msgs[pos[key]])
                        pos[key] += 1
                        progressed = True
                heads = [
                    (msgs[pos[key]]["c"]["id"], key)
                    for key, msgs in windows.items()
                    if pos[key] < len(msgs)
                ]
                if heads:
                    cid, key = min(heads)
                    if cid < bound:
                        self._capture(conn, windows[key][pos[key]]["c"])
                        pos[key] += 1
                        progressed = True
                if not progressed:
                    break
            consumed = sum(pos.values())
            totals = {key: self.consumed.get(key, 0) + n for key, n in pos.items() if n}
            conn.executemany(
                "INSERT OR REPLACE INTO relay_progress (list, consumed) VALUES (?, ?)",
                list(totals.items()),
            )
        self.consumed.update(totals)
        for key, total in totals.items():  # idempotent: trims only what is not trimmed yet
            self._trim(keys=[key, f"{key}:trimmed"], args=[total])
        self.seconds += time.perf_counter() - started
        return consumed

    def _open(self, key: str, message: bytes) -> dict:
        """A message as sent by a worker holding the run's key, or a refusal (`x`)."""
        payload = unseal(self.link.key, key, message)
        if payload is None:
            return {"x": f"{key}: a relay message without a valid signature"}
        try:
            msg = json.loads(payload)
        except ValueError:
            return {"x": f"{key}: a signed relay message that is not JSON"}
        return msg if isinstance(msg, dict) else {"x": f"{key}: not a relay message"}

    def forget(self) -> None:
        """The run is over: its lists are gone, so is the record of what was consumed."""
        prefix = f"{self.link.keys.ns}:{self.run_id}:"
        with transaction(self.db) as conn:
            conn.execute(
                "DELETE FROM relay_progress WHERE substr(list, 1, ?) = ?", [len(prefix), prefix]
            )
        self.consumed = {}

    def _capture(self, conn, row: dict) -> None:
        cid = row["id"]
        if cid <= self.last_id:  # written before a restart, or reserved by a worker given up for
            self.skipped.add(cid)  # dead: its request was queued again
            self.written["stale"] += 1
            return
        if row.get("about") in self.remap:
            row["about"] = self.remap[row["about"]]
        if row["kind"] == "response":
            first = self._earlier(conn, row)
            if first:  # the same response again: a request redone after its worker died
                self.remap[cid] = first
                self.written["duplicates"] += 1
                return
        row["prev_hash"] = self.prev
        row["chain_hash"] = chain_hash(self.prev, row)
        conn.execute(
            f"INSERT INTO captures ({', '.join(CAPTURE_COLUMNS)}) "
            f"VALUES ({', '.join('?' * len(CAPTURE_COLUMNS))})",
            [row.get(c) for c in CAPTURE_COLUMNS],
        )
        self.prev, self.last_id = row["chain_hash"], cid
        self.written["captures"] += 1

    def _earlier(self, conn, row: dict) -> int | None:
        """The capture this response repeats, if any: the run already holds more responses
        of the same URL, method, status and body than this attempt's retry count (a retry
        that got the same answer is kept; a request redone after its worker died is not)."""
        found = conn.execute(
            "SELECT id FROM captures WHERE url = ? AND run_id = ? AND kind = 'response' "
            "AND method = ? AND http_status = ? AND sha256 = ? ORDER BY id",
            [row["url"], row["run_id"], row["method"], row["http_status"], row["sha256"]],
        ).fetchall()
        attempt = row.get("attempt", 0)
        return found[attempt][0] if attempt < len(found) else None

    def _other(self, conn, msg: dict) -> None:
        if "p" in msg:
            row = msg["p"]
            cid = row["capture_id"]
            if cid in self.remap:
                row["capture_id"] = self.remap[cid]
                facts = json.loads(row["facts"])
                facts["capture_id"] = row["capture_id"]
                row["facts"] = json.dumps(facts, ensure_ascii=False)
            elif cid in self.skipped and not _exists(conn, cid):
                return  # its capture was given up; the request was queued again
            cols = list(row)
            conn.execute(
                f"INSERT OR REPLACE INTO pages ({', '.join(cols)}) "
                f"VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )
            self.written["pages"] += 1
        elif "x" in msg:  # refused: consumed (and trimmed), nothing of it written
            self.written["refused"] += 1
            if self.written["refused"] <= 20:
                print(f"[greenroom] refused {msg['x']}", file=sys.stderr, flush=True)
        elif "e" in msg:
            row = msg["e"]
            cols = list(row)
            conn.execute(
                f"INSERT INTO crawl_errors ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [row[c] for c in cols],
            )
            self.written["errors"] += 1
        elif "u" in msg:
            row = msg["u"]
            conn.execute(
                "INSERT OR REPLACE INTO unfetched (run_id, url, reason, at) VALUES (?, ?, ?, ?)",
                [row.get("run_id"), row.get("url"), row.get("reason"), row.get("at")],
            )


def _exists(conn, cid: int) -> bool:
    return conn.execute("SELECT 1 FROM captures WHERE id = ?", [cid]).fetchone() is not None


def open_writer(db_path, link, run_id: int) -> Writer:
    return Writer(connect(db_path), link, run_id)
