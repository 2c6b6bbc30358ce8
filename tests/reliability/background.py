"""Scenarios that mostly wait (render timeouts, a browser restart) run in a background
thread from the end of collection on, beside the hostile crawl, instead of one after another.

A test module registers `fn(directory)` with `@in_background(name, needed_by=...)`; the
conftest starts it once collection selects a test whose node id contains `needed_by`, and
the fixture takes `background_result(name, timeout)`. This registry is its own module so
that the conftest (imported by pytest under its own name) and the test modules share it.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

_registered: dict[str, tuple[str, Callable[[Path], Any]]] = {}
_started: dict[str, Future] = {}
_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reliability")


def in_background(name: str, needed_by: str):
    """Register `fn(directory)` to start once collection selects a test named `needed_by`."""

    def register(fn: Callable[[Path], Any]) -> Callable[[Path], Any]:
        _registered[name] = (needed_by, fn)
        return fn

    return register


def _start(name: str) -> None:
    if name not in _started:
        directory = Path(tempfile.mkdtemp(prefix=f"greenroom-{name}-"))
        atexit.register(shutil.rmtree, directory, ignore_errors=True)
        _started[name] = _pool.submit(_registered[name][1], directory)


def start_selected(node_ids: list[str]) -> None:
    for name, (needed_by, _fn) in _registered.items():
        if any(needed_by in node_id for node_id in node_ids):
            _start(name)


def background_result(name: str, timeout: float) -> Any:
    """The result of a background scenario (started now if collection did not start it)."""
    _start(name)
    return _started[name].result(timeout=timeout)
