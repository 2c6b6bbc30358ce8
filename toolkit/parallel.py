"""CPU-bound work shared with forked processes (`greenroom check` at scale).

Used above `GREENROOM_PARALLEL_MIN` items with `greenroom check --workers N` or
`GREENROOM_CHECK_WORKERS=N` above 1 (defaults in crawler.settings; 1: everything in this
process).

`Share` forks *twins*. Each twin is forked before this process builds anything large and
builds the same inputs itself (the checks' twin assembles the same subjects from the
database), so nothing is copied page by page after the fork and nothing large is sent to
it. Then this process and the twins claim numbered chunks of the work in turn from one
counter, which balances them whatever else each has to do. A twin that fails or dies
takes nothing with it: the chunks it did not return are done here.

    share = Share(2)
    share.fork(lambda: {i: work(i) for i in share.claims(total)})
    mine = {i: work(i) for i in share.claims(total)}
    theirs = share.results()  # {chunk: result} of the twins

Measured over a million listings (`bench/check_scale.py`): see docs/capacity.md.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

_FORK = multiprocessing.get_context("fork") if hasattr(os, "fork") else None


def workers_for(items: int, wanted: int, least: int) -> int:
    """How many processes to work through `items` items with (1: in this process): `wanted`
    from `least` items on (GREENROOM_CHECK_WORKERS, GREENROOM_PARALLEL_MIN: the caller's)."""
    # fork only a single-threaded process: a lock held by another thread stays held in the child
    if items < least or threading.active_count() > 1 or _FORK is None:
        return 1
    return max(1, wanted)


class Share:
    """Chunks of work claimed in turn by this process and its forked twins."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._next = _FORK.Value("q", 0)  # the next unclaimed chunk, shared by all
        self._twins: list[tuple] = []

    def claims(self, total: int) -> Iterator[int]:
        """Chunk numbers below `total`, each given to one process only."""
        while True:
            with self._next.get_lock():
                i = self._next.value
                if i >= total:
                    return
                self._next.value = i + 1
            yield i

    def fork(self, work: Callable[[], dict]) -> None:
        """Fork `workers - 1` twins, each running `work()` (which claims chunks) and sending
        back the dict it returns."""
        for _ in range(self.workers - 1):
            reader, writer = _FORK.Pipe(duplex=False)
            twin = _FORK.Process(target=_twin, args=(work, writer), daemon=True)
            twin.start()
            writer.close()
            self._twins.append((twin, reader))

    def results(self) -> dict:
        """Wait for the twins; the chunks each finished, merged ({} from a twin that died)."""
        done: dict = {}
        for twin, reader in self._twins:
            try:
                done.update(reader.recv())
            except (EOFError, OSError):
                pass  # it died: whatever it claimed is redone by the caller
            reader.close()
            twin.join()
        self._twins = []
        return done


def _twin(work: Callable[[], dict], writer) -> None:
    try:
        result = work()
    except Exception as exc:  # noqa: BLE001 - the parent redoes the work; say why, in one line
        print(f"[greenroom] a worker process stopped: {type(exc).__name__}: {exc}", file=sys.stderr)
        result = {}
    writer.send(result)
    writer.close()
