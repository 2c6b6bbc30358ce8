"""Security: compression bombs. The capture store keeps only what passed the size limit,
every reader inflates in bounded chunks with a cap, raw downloads are the bytes as received,
and a licence image that would inflate to gigabytes is a crawl error, never decoded."""

from __future__ import annotations

import hashlib
import http.client
import http.server
import struct
import threading
import tracemalloc
import zlib
from contextlib import contextmanager

import pytest

from greenroom.analyse import reextract_page
from storage.bundle import page_text
from storage.db import connect
from storage.inflate import TooLarge
from storage.store import Store
from storage.warc import CaptureStore, read_capture
from tests.evidence.conftest import build_case
from tests.reliability.conftest import run_greenroom, serving

MB = 1024 * 1024
EXPANDED = 512 * MB  # what the stored bomb inflates to; the read cap is 32 MiB


def gzip_bomb(expanded: int) -> bytes:
    """`expanded` zero bytes as one gzip member (about 1/1000 of the size)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = b"\0" * MB
    return b"".join(z.compress(zeros) for _ in range(expanded // MB)) + z.flush()


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming width x height pixels, with one row of data: a decompression bomb."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\0" * (3 * width + 1)))
        + chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return gzip_bomb(EXPANDED)


@pytest.fixture
def stored_bomb(tmp_path, bomb):
    """A case database holding a gzip bomb as a capture (as an older greenroom stored it)."""
    db = tmp_path / "case.db"
    build_case(db)
    store = CaptureStore(db, run_id=1)
    cid = store.record_response(
        url="http://127.0.0.1:8000/bomb",
        response_headers={"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
        body=bomb,
    )
    store.close()
    return db, connect(db)["captures"].get(cid)


@contextmanager
def peak_memory():
    """The peak of Python's allocations inside the block, in bytes (tracemalloc)."""
    tracemalloc.start()
    peak = [0]
    try:
        yield peak
    finally:
        peak[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def test_readers_of_a_stored_bomb_inflate_with_a_cap(stored_bomb):
    db_path, row = stored_bomb
    db = connect(db_path)
    with peak_memory() as peak:
        with pytest.raises(TooLarge):
            read_capture(db_path, row)
        assert page_text(Store(db_path, db), row) == ""  # export's context of a finding
        assert (
            reextract_page(Store(db_path, db), row["id"], {"url": row["url"]}) is None
        )  # --reextract
    assert peak[0] < 128 * MB, f"peak {peak[0] // MB} MiB for a {EXPANDED // MB} MiB bomb"


def test_a_raw_download_is_the_bytes_as_received(stored_bomb):
    db_path, row = stored_bomb
    with serving(db_path) as port:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", f"/-/capture/{row['id']}")
        resp = conn.getresponse()
        body = resp.read()
    assert resp.status == 200, body[:300]
    assert hashlib.sha256(body).hexdigest() == row["sha256"]
    assert resp.getheader("Content-Type") == "application/octet-stream"
    assert "attachment" in resp.getheader("Content-Disposition")


class BombSite(http.server.ThreadingHTTPServer):
    """A gzip bomb past the size limit, and a shop showing a licence image that is a bomb."""

    def __init__(self, bomb: bytes):
        self.routes = {
            "/gzip-bomb": ("text/html; charset=utf-8", bomb, "gzip"),
            "/shop": (
                "text/html; charset=utf-8",
                "<html><head><title>某某旗舰店</title></head><body><h1>某某旗舰店</h1>"
                "<p>联系电话：0571-88888888</p><p>营业执照：<img alt='营业执照' "
                "src='/licence.png' width='800' height='600'></p></body></html>".encode(),
                None,
            ),
            "/licence.png": ("image/png", png_header(30000, 30000), None),
        }
        self.log: list[str] = []
        super().__init__(("127.0.0.1", 0), _Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.server.log.append(self.path)
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        ctype, body, coding = route
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if coding:
            self.send_header("Content-Encoding", coding)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def bomb_crawl(tmp_path_factory):
    site = BombSite(gzip_bomb(64 * MB))
    db = tmp_path_factory.mktemp("bombs") / "bombs.db"
    done = run_greenroom(
        "crawl", f"{site.url}/gzip-bomb", f"{site.url}/shop", "--db", str(db), timeout=180
    )
    yield site, connect(db), done
    site.shutdown()


def test_a_compressed_body_past_the_size_limit_is_not_stored(bomb_crawl):
    site, db, done = bomb_crawl
    url = f"{site.url}/gzip-bomb"
    assert "/gzip-bomb" in site.log, done.stderr[-2000:]
    assert list(db.query("SELECT id FROM captures WHERE url = ?", [url])) == []
    (error,) = db.query("SELECT kind, message FROM crawl_errors WHERE url = ?", [url])
    assert error["kind"] == "size" and "DOWNLOAD_MAXSIZE" in error["message"]


def test_a_licence_image_bomb_is_a_crawl_error_not_decoded(bomb_crawl):
    site, db, done = bomb_crawl
    url = f"{site.url}/licence.png"
    assert "/licence.png" in site.log, done.stderr[-2000:]
    (error,) = db.query("SELECT kind, message FROM crawl_errors WHERE url = ?", [url])
    assert error["kind"] == "image" and "decompression bomb" in error["message"]
    assert "Traceback" not in done.stderr
