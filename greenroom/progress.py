"""Live progress for a person at a terminal: `crawl`, `check` and `export` (rich).

On a terminal (stderr is a TTY) each job shows a bar with its count and rate, figures such as
rooms rendered and findings so far, and an ETA when its size is known (`max_pages`, the
subjects to check, the steps of an export). Off a terminal (cron, systemd, a pipe) nothing
changes: the periodic plain lines stay. Set GREENROOM_PROGRESS=plain to keep them on a
terminal too.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


def on_terminal(stream=None) -> bool:
    """True when a person watches `stream` (default stderr): a TTY that is not `dumb`."""
    stream = stream if stream is not None else sys.stderr
    if os.environ.get("GREENROOM_PROGRESS") == "plain" or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Quiet:
    """Off a terminal: a display that shows nothing (the job prints its plain lines)."""

    live = False

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def update(self, completed: int | None = None, total: int | None = None, **figures) -> None:
        return None

    def step(self, what: str) -> None:
        return None


class Live:
    """A rich live display of one job: what, a bar, done/total, rate, ETA, figures."""

    live = True

    def __init__(
        self,
        what: str,
        *,
        total: int | None = None,
        unit: str = "",
        console: Console | None = None,
    ):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self.started = time.monotonic()
        self.unit = unit
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn() if total else TextColumn("{task.completed}"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("用时"),
            TimeElapsedColumn(),
            *([TextColumn("剩余"), TimeRemainingColumn()] if total else []),
            TextColumn("{task.fields[figures]}"),
            console=console or Console(stderr=True),
            refresh_per_second=4,
        )
        self.task = self.progress.add_task(what, total=total, rate="", figures="")
        self.done = 0

    def __enter__(self):
        self.progress.start()
        return self

    def __exit__(self, *exc) -> None:
        self.progress.refresh()
        self.progress.stop()

    def update(self, completed: int | None = None, total: int | None = None, **figures) -> None:
        """Set the count done (`completed`), the work's size when it is learnt (`total`), and
        the figures shown beside them (in order)."""
        if completed is not None:
            self.done = completed
        elapsed = time.monotonic() - self.started
        rate = f"{self.done / elapsed:.1f} {self.unit}/秒" if elapsed > 0 and self.unit else ""
        shown = " · ".join(
            f"{k} {v:,}" if isinstance(v, int) else f"{k} {v}" for k, v in figures.items()
        )
        extra = {"total": total} if total is not None else {}
        self.progress.update(self.task, completed=self.done, rate=rate, figures=shown, **extra)

    def step(self, what: str) -> None:
        """One more step of a job measured in steps, named in the figures."""
        self.update(self.done + 1, 步骤=what)


def display(
    what: str,
    *,
    total: int | None = None,
    unit: str = "",
    console: Console | None = None,
    stream=None,
) -> Live | Quiet:
    """A live display on a terminal (or on `console`), else a quiet one."""
    if console is not None or on_terminal(stream):
        return Live(what, total=total or None, unit=unit, console=console)
    return Quiet()
