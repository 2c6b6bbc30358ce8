"""Trusted time: RFC 3161 tokens from a real TSA on loopback (`openssl ts` and a throwaway
CA), checked by `greenroom verify` and, independently, by `openssl ts -verify`."""

from __future__ import annotations

import re
import socket
import subprocess
import zipfile

import pytest

from storage import runs
from storage.db import connect
from tests.evidence.helpers import export_shop, flip, member_bytes, rezip, run
from tests.evidence.tsa import LoopbackTSA, make_tsa_pki

STAMPED = re.compile(r"trusted time: manifest\.json time-stamped at (\S+) \(RFC 3161, checked")


@pytest.fixture(scope="module")
def tsa(tmp_path_factory):
    with LoopbackTSA(make_tsa_pki(tmp_path_factory.mktemp("tsa"))) as server:
        yield server


@pytest.fixture(scope="module")
def stranger(tmp_path_factory):
    """Another CA's TSA: its tokens are well formed, but nobody here trusts it."""
    return make_tsa_pki(tmp_path_factory.mktemp("stranger"), "Stranger TSA")


@pytest.fixture
def stamped(case, tsa):
    out = case["dir"] / "stamped.zip"
    result = export_shop(case, out, "--tsa", tsa.url)
    assert result.exit_code == 0, result.output
    assert f"time-stamped by {tsa.url}" in result.output
    return out


def openssl_verify(data_file, token_file, ca) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["openssl", "ts", "-verify", "-data", str(data_file), "-in", str(token_file)]
        + ["-CAfile", str(ca)],
        capture_output=True,
        text=True,
        check=False,
    )


def openssl_time(token_file) -> str:
    text = subprocess.run(
        ["openssl", "ts", "-reply", "-in", str(token_file), "-text"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return re.search(r"Time stamp: (.+)", text).group(1).strip()


def test_verify_checks_the_token_and_prints_the_time_openssl_agrees(stamped, tsa, tmp_path):
    result = run("verify", stamped, "--tsa-cert", tsa.ca)
    assert result.exit_code == 3, result.output  # intact, unsigned; the time is trusted
    when = STAMPED.search(result.output).group(1)
    manifest, token = tmp_path / "manifest.json", tmp_path / "timestamp.tsr"
    manifest.write_bytes(member_bytes(stamped, "manifest.json"))
    token.write_bytes(member_bytes(stamped, "timestamp.tsr"))
    by_hand = openssl_verify(manifest, token, tsa.ca)
    assert by_hand.returncode == 0 and "Verification: OK" in by_hand.stdout, by_hand.stderr
    # the same second, as openssl prints it ("Dec  6 11:02:45 2026 GMT")
    hms = when[11:19]
    assert hms in openssl_time(token) and when[:4] in openssl_time(token)
    report = member_bytes(stamped, "report.html").decode()
    assert "openssl ts -verify -data manifest.json -in timestamp.tsr" in report
    assert tsa.url in report


def test_without_the_tsa_cert_the_time_is_shown_but_not_trusted(stamped):
    result = run("verify", stamped)
    assert result.exit_code == 3, result.output
    assert "signer NOT checked: give --tsa-cert" in result.output


def test_a_tampered_token_fails_with_one_line(stamped, tsa, tmp_path):
    bad = rezip(stamped, tmp_path / "bad.zip", change={"timestamp.tsr": lambda b: flip(b, -40)})
    result = run("verify", bad, "--tsa-cert", tsa.ca)
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if "timestamp.tsr" in ln]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output


def test_a_token_for_another_manifest_fails_with_one_line(stamped, case, tsa, tmp_path):
    other = tmp_path / "other.zip"
    assert run("export", "--db", case["db"], "--finding", "3", "--out", other, "--tsa", tsa.url)
    swapped = rezip(
        stamped,
        tmp_path / "swapped.zip",
        change={"timestamp.tsr": member_bytes(other, "timestamp.tsr")},
    )
    result = run("verify", swapped, "--tsa-cert", tsa.ca)
    assert result.exit_code == 1, result.output
    assert "timestamp.tsr: the token is for other content" in result.output
    assert len([ln for ln in result.output.splitlines() if "timestamp.tsr" in ln]) == 1
    # and openssl, given the swapped token, refuses it too
    (tmp_path / "m.json").write_bytes(member_bytes(swapped, "manifest.json"))
    (tmp_path / "t.tsr").write_bytes(member_bytes(swapped, "timestamp.tsr"))
    assert openssl_verify(tmp_path / "m.json", tmp_path / "t.tsr", tsa.ca).returncode != 0


def test_a_token_from_an_untrusted_tsa_fails_with_one_line(stamped, stranger):
    result = run("verify", stamped, "--tsa-cert", stranger / "ca.pem")
    assert result.exit_code == 1, result.output
    lines = [ln for ln in result.output.splitlines() if "timestamp.tsr" in ln]
    assert len(lines) == 1 and "untrusted TSA" in lines[0], result.output


def test_a_removed_token_is_named(stamped, tsa, tmp_path):
    gone = rezip(stamped, tmp_path / "gone.zip", remove=("timestamp.tsr",))
    result = run("verify", gone, "--tsa-cert", tsa.ca)
    assert result.exit_code == 1 and "removed: timestamp.tsr" in result.output


def test_without_a_tsa_the_bundle_says_so_and_fakes_nothing(case):
    out = case["dir"] / "plain.zip"
    assert export_shop(case, out).exit_code == 0
    assert "timestamp.tsr" not in zipfile.ZipFile(out).namelist()
    result = run("verify", out)
    assert "trusted time: none — no time-stamping authority (TSA) was used" in result.output
    report = member_bytes(out, "report.html").decode()
    assert "未使用可信时间戳服务（TSA）" in report and "tsa-time" not in report


def test_an_unreachable_tsa_stops_the_export_with_one_line(case):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    out = case["dir"] / "never.zip"
    result = export_shop(case, out, "--tsa", f"http://127.0.0.1:{port}/")
    assert result.exit_code == 1 and "no answer" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1 and not out.exists()


def test_the_run_end_chain_head_token_is_stored_bundled_and_checked(case, tsa, tmp_path):
    db = connect(case["db"])
    db["runs"].upsert({"id": 1, "started": "2026-11-29T03:00:00Z", "status": "finished"}, pk="id")
    at = runs.stamp_run(db, 1, tsa.url)
    row = db.execute(
        "SELECT timestamp_token, timestamp_head, timestamp_capture FROM runs"
    ).fetchone()
    head = db.execute("SELECT chain_hash FROM captures ORDER BY id DESC LIMIT 1").fetchone()[0]
    assert row[0][:1] == b"\x30" and row[1] == head
    out = tmp_path / "run.zip"
    assert export_shop(case, out).exit_code == 0
    report = member_bytes(out, "report.html").decode()
    assert at in report and head in report
    result = run("verify", out, "--tsa-cert", tsa.ca)
    assert result.exit_code == 3, result.output
    assert f"run 1 chain head {head[:16]}" in result.output and at in result.output
    (tmp_path / "head.txt").write_text(head)
    (tmp_path / "run-1.tsr").write_bytes(member_bytes(out, "timestamps/run-1.tsr"))
    by_hand = openssl_verify(tmp_path / "head.txt", tmp_path / "run-1.tsr", tsa.ca)
    assert by_hand.returncode == 0, by_hand.stderr


def test_the_config_names_the_tsa_and_its_certificate(case, tsa, tmp_path):
    cfg = tmp_path / "district.toml"
    cfg.write_text(
        f'[crawl]\nstart_urls = ["http://127.0.0.1:8000/"]\n'
        f'[evidence]\ntsa_url = "{tsa.url}"\ntsa_cert = "{tsa.ca}"\n'
    )
    out = tmp_path / "cfg.zip"
    result = export_shop(case, out, "--config", cfg)
    assert result.exit_code == 0 and "time-stamped by" in result.output, result.output
    result = run("verify", out, "--config", cfg)
    assert STAMPED.search(result.output), result.output


@pytest.mark.parametrize("value", ['"ftp://tsa.example/"', "42", '"not a url"'])
def test_a_bad_tsa_url_is_one_line(tmp_path, value):
    cfg = tmp_path / "bad.toml"
    cfg.write_text(
        f'[crawl]\nstart_urls = ["http://127.0.0.1:8000/"]\n[evidence]\ntsa_url = {value}\n'
    )
    result = run("crawl", "--config", cfg, "--db", tmp_path / "x.db")
    assert result.exit_code == 2 and "tsa_url" in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_tsa_cert_that_is_no_certificate_is_one_line(stamped, tmp_path):
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate")
    result = run("verify", stamped, "--tsa-cert", junk)
    assert result.exit_code == 2 and "not a PEM or DER certificate" in result.output


def test_a_crawl_with_a_tsa_time_stamps_its_chain_head_at_run_end(tsa, tmp_path, capfd):
    from greenroom import config as configmod
    from greenroom.run import crawl
    from tests.nightly.tinysite import TinySite, page

    with TinySite({"/": page("首页", "<p>你好</p>")}) as site:
        cfg_path = tmp_path / "night.toml"
        cfg_path.write_text(
            f'[crawl]\nstart_urls = ["{site.url}"]\n[evidence]\ntsa_url = "{tsa.url}"\n'
        )
        result = crawl(configmod.load(cfg_path), tmp_path / "night.db")
    assert result["status"] == "finished"
    db = connect(tmp_path / "night.db")
    token, head, at = db.execute(
        "SELECT timestamp_token, timestamp_head, timestamp_at FROM runs WHERE id = ?",
        [result["run_id"]],
    ).fetchone()
    assert head == db.execute("SELECT chain_hash FROM captures ORDER BY id DESC").fetchone()[0]
    assert token and at
    assert f"chain head time-stamped by {tsa.url} at {at}" in capfd.readouterr().err
