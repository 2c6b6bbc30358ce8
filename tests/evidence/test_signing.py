"""Signed bundles: the right key passes, another key fails, any byte change fails."""

from __future__ import annotations

import zipfile

import pytest

from tests.evidence.helpers import export_shop, flip, rezip, run


@pytest.fixture
def keys(tmp_path):
    assert run("keygen", "--out", tmp_path / "mine").exit_code == 0
    assert run("keygen", "--out", tmp_path / "theirs").exit_code == 0
    return tmp_path / "mine", tmp_path / "theirs"


@pytest.fixture
def signed(case, keys):
    out = case["dir"] / "signed.zip"
    result = export_shop(case, out, "--sign-key", keys[0] / "greenroom.key")
    assert result.exit_code == 0 and "signed by SHA256:" in result.output
    return out


def test_keygen_writes_a_private_key_only_its_owner_reads(keys):
    private = keys[0] / "greenroom.key"
    assert private.stat().st_mode & 0o077 == 0
    assert b"BEGIN PUBLIC KEY" in (keys[0] / "greenroom.pub").read_bytes()


def test_keygen_never_overwrites_a_key(keys):
    result = run("keygen", "--out", keys[0])
    assert result.exit_code == 2 and "already exists" in result.output


def test_the_right_key_passes(signed, keys):
    result = run("verify", signed, "--pubkey", keys[0] / "greenroom.pub")
    assert result.exit_code == 0, result.output
    assert "signed by SHA256:" in result.output


def test_another_key_fails(signed, keys):
    result = run("verify", signed, "--pubkey", keys[1] / "greenroom.pub")
    assert result.exit_code == 1 and "manifest.sig" in result.output


@pytest.mark.parametrize(
    "member", ["manifest.json", "manifest.sig", "report.html", "warc/captures.warc.gz"]
)
def test_any_byte_change_fails(signed, keys, tmp_path, member):
    bad = rezip(signed, tmp_path / "bad.zip", change={member: flip})
    result = run("verify", bad, "--pubkey", keys[0] / "greenroom.pub")
    assert result.exit_code != 0


def test_a_removed_signature_is_named(signed, tmp_path):
    bad = rezip(signed, tmp_path / "bad.zip", remove=("manifest.sig",))
    result = run("verify", bad)
    assert result.exit_code == 1 and "removed: manifest.sig" in result.output


def test_an_unsigned_bundle_fails_when_a_key_is_required(case, keys):
    out = case["dir"] / "plain.zip"
    assert run("export", "--db", case["db"], "--finding", "1", "--out", out).exit_code == 0
    result = run("verify", out, "--pubkey", keys[0] / "greenroom.pub")
    assert result.exit_code == 1 and "not signed" in result.output


def test_the_report_says_who_signed(signed):
    html = zipfile.ZipFile(signed).read("report.html").decode()
    assert "Ed25519" in html and "SHA256:" in html


def test_a_bad_key_file_is_one_line(case, tmp_path):
    key = tmp_path / "bad.key"
    key.write_text("not a key")
    result = run(
        "export",
        "--db",
        case["db"],
        "--finding",
        "1",
        "--out",
        tmp_path / "x.zip",
        "--sign-key",
        key,
    )
    assert result.exit_code == 2 and "not a usable private key" in result.output
