"""`greenroom verify --db` walks the hash chain and re-hashes every stored WARC record."""

from __future__ import annotations

from storage.db import captures_dir, connect
from tests.evidence.helpers import run


def test_an_untouched_store_is_intact(case):
    result = run("verify", "--db", case["db"])
    assert result.exit_code == 0 and "9 captures intact" in result.output


def test_a_changed_byte_in_a_warc_file_names_its_capture(case):
    db = connect(case["db"])
    row = db["captures"].get(case["ids"]["licence"])
    path = captures_dir(case["db"]) / row["warc_file"]
    data = bytearray(path.read_bytes())
    data[row["warc_offset"] + row["warc_length"] // 2] ^= 0x01
    path.write_bytes(bytes(data))
    result = run("verify", "--db", case["db"])
    assert result.exit_code == 1
    assert result.output.splitlines()[0].startswith(f"capture {row['id']} ")
    assert "record_sha256" in result.output and "first broken: capture 3" in result.output


def test_an_edited_row_breaks_its_chain_link(case):
    db = connect(case["db"])
    db.execute("UPDATE captures SET url = 'http://127.0.0.1:8000/elsewhere' WHERE id = 4")
    result = run("verify", "--db", case["db"])
    assert result.exit_code == 1 and "capture 4 " in result.output and "chain_hash" in result.output


def test_a_deleted_capture_breaks_the_next_link(case):
    connect(case["db"]).execute("DELETE FROM captures WHERE id = 5")
    result = run("verify", "--db", case["db"])
    assert result.exit_code == 1
    assert "capture 6 " in result.output and "removed, inserted or reordered" in result.output


def test_a_missing_warc_file_is_named(case):
    for path in captures_dir(case["db"]).glob("*.warc.gz"):
        path.unlink()
    result = run("verify", "--db", case["db"])
    assert result.exit_code == 1 and "is missing" in result.output


def test_a_missing_database_exits_2(tmp_path):
    result = run("verify", "--db", tmp_path / "nope.db")
    assert result.exit_code == 2 and "no such database" in result.output
