"""`greenroom verify FILE.zip` names every altered, added or removed file and refuses hostile
zips with one line, reading nothing outside the zip and writing nothing."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from storage.verify import verify_bundle
from tests.evidence.helpers import export_shop, flip, rezip, run


@pytest.fixture
def bundle(case):
    out = case["dir"] / "case.zip"
    assert export_shop(case, out).exit_code == 0
    return out


@pytest.mark.parametrize(
    "member",
    [
        "warc/captures.warc.gz",
        "screenshots/7.png",
        "report.html",
        "findings.json",
        "findings.csv",
        "replay.wacz",
        "manifest.json",
    ],
)
def test_one_flipped_byte_in_any_member_is_named(bundle, tmp_path, member):
    bad = rezip(bundle, tmp_path / "bad.zip", change={member: flip})
    result = run("verify", bad)
    assert result.exit_code != 0
    assert member in result.output


@pytest.mark.parametrize("member", ["warc/captures.warc.gz", "report.html", "manifest.json"])
def test_a_flipped_byte_in_the_zip_file_itself_is_caught(bundle, tmp_path, member):
    with zipfile.ZipFile(bundle) as z:
        info = z.getinfo(member)
    data = bytearray(bundle.read_bytes())
    start = info.header_offset + 30 + len(info.orig_filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0x01
    bad = tmp_path / "raw.zip"
    bad.write_bytes(bytes(data))
    result = run("verify", bad)
    assert result.exit_code != 0 and member in result.output


def test_an_added_file_is_named(bundle, tmp_path):
    bad = rezip(bundle, tmp_path / "bad.zip", add={"extra/note.txt": b"hello"})
    result = run("verify", bad)
    assert result.exit_code == 1 and "added: extra/note.txt" in result.output


@pytest.mark.parametrize("member", ["screenshots/7.png", "findings.csv", "report.html"])
def test_a_removed_file_is_named(bundle, tmp_path, member):
    bad = rezip(bundle, tmp_path / "bad.zip", remove=(member,))
    result = run("verify", bad)
    assert result.exit_code == 1 and f"removed: {member}" in result.output


def test_a_manifest_edited_consistently_still_disagrees_with_the_warc(bundle, tmp_path):
    """Someone rewrites a capture's sha256 and recomputes the manifest's own digest."""
    import hashlib

    from storage.bundle import canonical

    manifest = json.loads(zipfile.ZipFile(bundle).read("manifest.json"))
    manifest["captures"][1]["sha256"] = "0" * 64
    manifest["manifest_sha256"] = hashlib.sha256(canonical(manifest)).hexdigest()
    bad = rezip(
        bundle, tmp_path / "bad.zip", change={"manifest.json": json.dumps(manifest).encode()}
    )
    result = run("verify", bad)
    assert result.exit_code == 1
    cid = manifest["captures"][1]["id"]
    assert f"capture {cid}: sha256 disagrees with the WARC payload" in result.output
    assert f"capture {cid}: chain_hash does not match" in result.output


def _zip(path, members: dict, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/evil", "a/../../evil", "C:/evil", "a\\..\\evil"]
)
def test_zip_slip_paths_are_refused(tmp_path, name):
    bad = _zip(tmp_path / "slip.zip", {"manifest.json": b"{}", name: b"x"})
    result = run("verify", bad)
    assert result.exit_code == 2 and "refusing member" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_zip_bomb_stops_with_one_line(tmp_path):
    bad = _zip(tmp_path / "bomb.zip", {"manifest.json": b"{}", "big.bin": b"\0" * (64 << 20)})
    assert bad.stat().st_size < (1 << 20)
    result = run("verify", bad)
    assert result.exit_code == 2 and "zip bomb" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_an_oversized_member_stops_before_reading(tmp_path):
    bad = _zip(tmp_path / "big.zip", {"manifest.json": b"{}", "big.bin": os.urandom(4096)})
    with pytest.raises(ValueError, match="over the 1000-byte limit"):
        verify_bundle(bad, max_member=1000)


def test_a_truncated_zip_is_one_line(bundle, tmp_path):
    bad = tmp_path / "short.zip"
    bad.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    result = run("verify", bad)
    assert result.exit_code == 2 and "not a readable zip" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_manifest_that_is_not_json_is_one_line(bundle, tmp_path):
    bad = rezip(bundle, tmp_path / "bad.zip", change={"manifest.json": b"{not json"})
    result = run("verify", bad)
    assert result.exit_code == 2 and "manifest.json is not JSON" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_missing_manifest_is_named(bundle, tmp_path):
    bad = rezip(bundle, tmp_path / "bad.zip", remove=("manifest.json",))
    result = run("verify", bad)
    assert result.exit_code != 0 and "manifest.json is missing" in result.output


def test_verify_writes_nothing(bundle, tmp_path, monkeypatch):
    bad = _zip(tmp_path / "slip.zip", {"manifest.json": b"{}", "../../evil.txt": b"x"})
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    before = sorted(os.listdir(tmp_path))
    for target in (bundle, bad):
        run("verify", target)
    assert os.listdir(cwd) == [] and sorted(os.listdir(tmp_path)) == before
    assert not (tmp_path.parent / "evil.txt").exists()


def test_verify_needs_a_bundle_or_a_db():
    result = run("verify")
    assert result.exit_code == 2 and "either a bundle" in result.output


def test_a_manifest_value_changed_within_valid_json_names_the_manifest(bundle, tmp_path):
    def retarget(data: bytes) -> bytes:
        manifest = json.loads(data)
        entry = next(f for f in manifest["files"] if f["path"] == "report.html")
        old = entry["sha256"]
        new = ("1" if old[0] != "1" else "2") + old[1:]
        return data.replace(old.encode(), new.encode())

    bad = rezip(bundle, tmp_path / "bad.zip", change={"manifest.json": retarget})
    result = run("verify", bad)
    assert result.exit_code == 1
    assert "altered: manifest.json" in result.output and "report.html" in result.output
