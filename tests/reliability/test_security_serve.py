"""Security: `greenroom serve` answers only to its own host names (DNS rebinding), and what
greenroom writes (database, WARC files, bundles) is readable by its owner and group only."""

from __future__ import annotations

import http.client
import json
import os
import stat
import subprocess

import pytest

from tests.evidence.conftest import SHOP, build_case
from tests.reliability.conftest import GREENROOM, ROOT, run_greenroom, serving


@pytest.fixture
def served(tmp_path):
    db = tmp_path / "case.db"
    build_case(db)
    with serving(db, "--allow-host", "ui.amr") as port:
        yield port


def get(port: int, host: str) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/case.json?sql=select+message+from+findings", headers={"Host": host})
    resp = conn.getresponse()
    return resp.status, resp.read()


def test_serve_refuses_a_foreign_host_header(served):
    status, body = get(served, "attacker.example")
    assert status == 421 and b"rows" not in body
    status, body = get(served, f"attacker.example:{served}")
    assert status == 421


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "ui.amr"])
def test_serve_answers_its_own_host_names(served, host):
    status, body = get(served, host.format(port=served))
    assert status == 200, body[:200]
    assert any("未显示" in row[0] for row in json.loads(body)["rows"])


def test_files_greenroom_writes_are_owner_and_group_only(tmp_path):
    db = tmp_path / "case.db"
    build_case(db)
    out = tmp_path / "case.zip"
    env = {**os.environ, "GREENROOM_KEY_DIR": str(tmp_path / "nokey")}
    done = subprocess.run(
        [*GREENROOM, "export", "--db", str(db), "--shop", SHOP, "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        preexec_fn=lambda: os.umask(0o022),  # a default umask: modes come from greenroom
        check=False,
    )
    assert done.returncode == 0, done.stderr
    warcs = list((tmp_path / "case.db.captures").glob("*.warc.gz"))
    assert warcs
    for path in [db, *warcs, out]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o640, path


def test_the_systemd_units_set_umask_0027():
    for unit in ("greenroom.service", "greenroom-coordinator.service", "greenroom-worker@.service"):
        assert "\nUMask=0027\n" in (ROOT / "deploy" / unit).read_text(encoding="utf-8"), unit


def test_serve_help_names_allow_host():
    assert "--allow-host" in run_greenroom("serve", "--help").stdout
