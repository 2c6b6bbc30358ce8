"""CPU-bound work over many items in forked worker processes (`greenroom check` at scale).

Used where a million subjects are read by pure Python (checks, search texts), when
`GREENROOM_CHECK_WORKERS` is set to more than 1 (default 1: everything in this process),
from `GREENROOM_PARALLEL_MIN` items on (default 20,000). Measured over a million listings
(`bench/check_scale.py`) on 2 shared cores: 2 workers took 172 s and 9.4 GB (PSS, all
processes) against 177 s and 3.8 GB in one process; each worker copies the pages of the
subjects it reads. Worth it on an idle machine with cores to spare, not by default. A job is
`(fn, args)`: `fn(arg)` for each arg, in a worker. The workers are forked once for all the
jobs given together, so they see this process's memory as it was then (set the module
globals the functions read before starting).

    from crawler.parallel import start, workers_for
    started = start([(work, chunks)], workers_for(len(items)))
    results = started.get(0)
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

PARALLEL_MIN = 20_000  # items; below this, forking costs more than it saves


def workers_for(items: int) -> int:
    """How many processes to work through `items` items with (1: in this process)."""
    wanted = os.environ.get("GREENROOM_CHECK_WORKERS", "")
    count = int(wanted) if wanted.isdigit() else 1
    least = os.environ.get("GREENROOM_PARALLEL_MIN", "")
    least = int(least) if least.isdigit() else PARALLEL_MIN
    # fork only a single-threaded process: a lock held by another thread stays held in the child
    if items < least or threading.active_count() > 1 or not hasattr(os, "fork"):
        return 1
    return max(1, count)


class Started:
    """Jobs handed to forked workers by `start`; `get(j)` waits for job j's results."""

    def __init__(self, jobs: list[tuple[Callable, Iterable]], workers: int) -> None:
        self._jobs = [(fn, list(args)) for fn, args in jobs]
        self._pool = None
        self._pending: list[list] = []
        self._results: dict[int, list] = {}
        self.workers = workers
        if workers > 1:
            self._pool = multiprocessing.get_context("fork").Pool(workers)
            # queued in order: the tasks of the first job are taken first
            self._pending = [
                [self._pool.apply_async(fn, (a,)) for a in args] for fn, args in self._jobs
            ]

    def get(self, job: int = 0) -> list:
        """Job `job`'s results in the order of its arguments (computed here if not forked)."""
        if job not in self._results:
            if not self._pending:
                fn, args = self._jobs[job]
                self._results[job] = [fn(a) for a in args]
            else:
                try:
                    self._results[job] = [r.get() for r in self._pending[job]]
                except BaseException:
                    self.close()
                    raise
        return self._results.pop(job)

    def close(self) -> None:
        """Stop the workers (after the last `get`)."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


def start(jobs: list[tuple[Callable, Iterable]], workers: int) -> Started:
    """Start every job in `workers` forked processes and return at once, so that this
    process can do other work meanwhile."""
    return Started(jobs, workers)
