"""Session fixtures for the UI tests: the case database and a Datasette over it."""

from __future__ import annotations

import asyncio

import pytest

from tests.ui.casedb import build


@pytest.fixture(scope="session")
def ui_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("ui") / "cases.db"
    ids = build(path)
    return path, ids


@pytest.fixture(scope="session")
def ds(ui_db):
    from crawler.ui.app import make_datasette

    datasette = make_datasette(ui_db[0])
    asyncio.run(datasette.invoke_startup())
    return datasette
