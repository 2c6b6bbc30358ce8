"""The capture store keeps responses as received, with sha256 digests and a hash chain."""

import gzip
import hashlib

from warcio.archiveiterator import ArchiveIterator

from storage.db import captures_dir, connect
from storage.warc import GENESIS, CaptureStore, chain_hash, read_capture


def test_a_response_is_stored_as_received_and_read_back_decoded(tmp_path):
    db_path = tmp_path / "g.db"
    body = gzip.compress("<p>统一社会信用代码</p>".encode())
    store = CaptureStore(db_path)
    cid = store.record_response(
        url="http://127.0.0.1/shop/1",
        status=200,
        response_headers={"Content-Type": "text/html", "Content-Encoding": "gzip"},
        body=body,
    )
    store.close()
    row = connect(db_path)["captures"].get(cid)
    assert row["sha256"] == hashlib.sha256(body).hexdigest()
    headers, decoded = read_capture(db_path, row)
    assert decoded.decode() == "<p>统一社会信用代码</p>"
    assert headers["content-encoding"] == "gzip"


def test_warc_records_carry_sha256_digests(tmp_path):
    store = CaptureStore(tmp_path / "g.db")
    store.record_response(url="http://127.0.0.1/", body=b"<html></html>")
    store.record_resource(
        url="http://127.0.0.1/", content_type="image/png", data=b"\x89PNG", kind="screenshot"
    )
    store.close()
    (warc,) = captures_dir(tmp_path / "g.db").glob("*.warc.gz")
    with open(warc, "rb") as fh:
        records = [
            (r.rec_type, r.rec_headers.get_header("WARC-Payload-Digest"))
            for r in ArchiveIterator(fh)
        ]
    assert [t for t, _ in records] == ["response", "request", "resource"]
    assert records[0][1].startswith("sha256:")


def test_each_capture_links_to_the_one_before(tmp_path):
    db_path = tmp_path / "g.db"
    store = CaptureStore(db_path)
    for i in range(3):
        store.record_response(url=f"http://127.0.0.1/{i}", body=str(i).encode())
    store.close()
    store = CaptureStore(db_path)  # a second process continues the same chain
    store.record_response(url="http://127.0.0.1/3", body=b"3")
    store.close()
    rows = list(connect(db_path).query("SELECT * FROM captures ORDER BY id"))
    assert [r["id"] for r in rows] == [1, 2, 3, 4]
    prev = GENESIS
    for row in rows:
        assert row["prev_hash"] == prev
        assert row["chain_hash"] == chain_hash(prev, row)
        prev = row["chain_hash"]
