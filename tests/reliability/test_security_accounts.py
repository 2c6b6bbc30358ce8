"""Security: `serve` has one account per investigator, and every export from the UI is
logged (who, what, when, the zip's SHA-256) in the `exports` table the UI shows.

Datasette's in-process client over a real case database, with two accounts made by
datasette-auth-passwords' own `hash_password`; `greenroom serve` itself for bad `--user`s.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json

import pytest
from datasette_auth_passwords.utils import hash_password

from greenroom.ui.app import make_datasette
from tests.reliability.conftest import run_greenroom
from tests.ui.casedb import build

USERS = {"wang": "tea-leaf-1", "li": "longjing-2"}  # ASCII: the plugin decodes Basic as ASCII


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    db = tmp_path_factory.mktemp("accounts") / "cases.db"
    ids = build(db)
    users = {name: hash_password(pw, iterations=1000) for name, pw in USERS.items()}
    ds = make_datasette(db, users=users)
    asyncio.run(ds.invoke_startup())
    return ds, ids


def get(ds, path: str, user: str | None = None, password: str | None = None):
    headers = {}
    if user:
        token = base64.b64encode(f"{user}:{password or USERS[user]}".encode()).decode()
        headers["Authorization"] = f"Basic {token}"
    return asyncio.run(ds.client.get(path, headers=headers))


def test_each_investigator_has_an_account_and_exports_are_logged(served):
    ds, ids = served
    fid = ids["findings"]["listing.counterfeit_signal"]
    assert get(ds, f"/-/finding/{fid}/bundle.zip").status_code == 401
    assert get(ds, f"/-/finding/{fid}/bundle.zip", "wang", "wrong").status_code == 401
    zips = {}
    for user in ("wang", "li"):
        response = get(ds, f"/-/finding/{fid}/bundle.zip", user)
        assert response.status_code == 200, response.text[:300]
        zips[user] = hashlib.sha256(response.content).hexdigest()
    log = get(ds, "/cases/exports.json?_shape=array&_sort=id", "li")
    assert log.status_code == 200
    rows = [(r["actor"], r["what"], r["via"], r["sha256"]) for r in log.json()]
    assert rows == [
        ("wang", f"finding {fid}", "greenroom serve", zips["wang"]),
        ("li", f"finding {fid}", "greenroom serve", zips["li"]),
    ]
    assert all(r["exported_at"].endswith("Z") for r in log.json())


def test_the_export_log_is_shown_in_the_ui(served):
    ds, _ = served
    page = get(ds, "/cases/exports", "wang")
    assert page.status_code == 200
    assert "导出记录" in page.text


def test_the_bundle_names_its_exporter(served):
    ds, ids = served
    import io
    import zipfile

    fid = ids["findings"]["listing.counterfeit_signal"]
    data = get(ds, f"/-/finding/{fid}/bundle.zip", "li").content
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(data)).read("manifest.json"))
    assert "li" in json.dumps(manifest, ensure_ascii=False)


@pytest.mark.parametrize(
    ("user", "says"),
    [
        ("wang", "give name:hash"),
        ("wang:secret", "not a pbkdf2_sha256"),
        ("wa ng:pbkdf2_sha256$1$a$b", "give name:hash"),
    ],
)
def test_a_bad_user_is_one_line_exit_2(tmp_path, user, says):
    db = tmp_path / "cases.db"
    build(db)
    done = run_greenroom("serve", "--db", str(db), "--port", "0", "--user", user)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stderr.count("\n") == 1 and says in done.stderr, done.stderr
