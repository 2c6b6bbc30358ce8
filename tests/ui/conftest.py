"""Session fixtures for the UI tests: the case database and a Datasette over it."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.middlewares.render import BROWSER_ARGS
from tests.ui.casedb import build


@pytest.fixture(scope="session")
def ui_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ui") / "cases.db"
    ids = build(path)
    return path, ids


@pytest.fixture(scope="session")
def ds(ui_db):
    from greenroom.ui.app import make_datasette

    datasette = make_datasette(ui_db[0])
    asyncio.run(datasette.invoke_startup())
    return datasette


CHROMIUM = "/usr/bin/chromium"


def has_chromium() -> bool:
    return Path(CHROMIUM).exists() or bool(shutil.which("chromium"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db_path):
    """`greenroom serve` over `db_path` on a free loopback port: its base URL."""
    port = free_port()
    cmd = [sys.executable, "-c", "from greenroom.cli import main; main()"]
    proc = subprocess.Popen(
        [*cmd, "serve", "--db", str(db_path), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"greenroom serve exited: {proc.stdout.read()}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("greenroom serve did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    out, _ = proc.communicate(timeout=10)
    assert "127.0.0.1" in out and "read-only" in out


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.dialogs = []  # any alert() from captured content lands here
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    context.close()
