"""Real pages replayed on loopback, exactly as saved: a forward proxy that answers from a corpus.

The crawl fetches each page at its own URL (https://item.jd.com/100012043978.html) through
this proxy on 127.0.0.1, so its links, hosts and scheme are the platform's; the proxy
answers every request from the corpus and nothing leaves the machine. `CONNECT` (https) is
answered with a TLS tunnel under a certificate made at start (the crawler does not verify
certificates). A page that was not saved answers 404, robots.txt included (allow all).

    with Replay(corpus_dir) as proxy:
        env = proxy.environ()   # http_proxy / https_proxy for a `greenroom crawl` subprocess
"""

from __future__ import annotations

import datetime
import gzip
import json
import os
import ssl
import tempfile
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Self
from urllib.parse import urlsplit

from toolkit import loopback

CORPUS = Path(__file__).resolve().parent / "realpages"


def pages(corpus: Path = CORPUS, split: str | None = None) -> list[dict]:
    """The corpus's pages (pages.jsonl), each with its `file` made absolute."""
    out = []
    for line in (corpus / "pages.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            page = json.loads(line)
            if split is None or page.get("split") == split:
                page["path"] = corpus / page["file"]
                out.append(page)
    return out


def _key(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    path = parts.path or "/"
    return (parts.hostname or "").lower(), path + (f"?{parts.query}" if parts.query else "")


class Replay:
    """The proxy: `url` to give the crawler, `requests` it was asked for, `environ()`."""

    def __init__(self, corpus: Path = CORPUS, split: str | None = None):
        self.saved: dict[tuple[str, str], dict] = {}
        for p in pages(corpus, split):  # a URL saved twice is served as first saved
            self.saved.setdefault(_key(p["url"]), p)
        self.requests: list[str] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._dir = tempfile.TemporaryDirectory(prefix="greenroom-replay-")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def environ(self) -> dict[str, str]:
        """The environment of a crawl through this proxy (no host bypasses it)."""
        env = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
        env.update(http_proxy=self.url, https_proxy=self.url, HTTP_PROXY="", HTTPS_PROXY="")
        return env

    def answer(self, host: str, path: str) -> tuple[int, dict, bytes]:
        with self._lock:
            self.requests.append(f"{host}{path}")
        page = self.saved.get((host.lower(), path))
        if page is None:
            return 404, {"Content-Type": "text/html"}, b"<html><body>not saved</body></html>"
        body = gzip.decompress(Path(page["path"]).read_bytes())
        headers = {"Content-Type": "text/html"}  # the charset is the page's own to declare
        if page.get("saved_gzipped"):
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        return 200, headers, body

    def start(self) -> Self:
        replay, context = self, _tls_context(Path(self._dir.name))

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            tunnel_host = ""

            def do_GET(self) -> None:
                if self.tunnel_host:
                    host, path = self.tunnel_host, self.path
                else:
                    host, path = _key(self.path)
                status, headers, body = replay.answer(host, path)
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_CONNECT(self) -> None:
                host = self.path.rsplit(":", 1)[0]
                self.send_response(200, "Connection established")
                self.end_headers()
                try:
                    tls = context.wrap_socket(self.connection, server_side=True)
                except (ssl.SSLError, OSError):
                    self.close_connection = True
                    return
                tunnel = type("Tunnel", (Handler,), {"tunnel_host": host})
                tunnel(tls, self.client_address, self.server)
                self.close_connection = True

            def log_message(self, *args) -> None:
                pass

        self._server = loopback.serve(Handler)
        return self

    def stop(self) -> None:
        loopback.stop(self._server)
        self._dir.cleanup()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def self_signed(
    directory: Path, name: str = "greenroom replay", ips: tuple[str, ...] = ()
) -> tuple[Path, Path]:
    """A self-signed certificate made now, and its key: (cert.pem, key.pem) in `directory`.
    With `ips`, it names those addresses and may be trusted as its own CA (a client that
    verifies, e.g. an SMTP client given it as `ca_file`, accepts it for them)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=7))
    )
    if ips:
        sans = [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ips]
        builder = builder.add_extension(x509.SubjectAlternativeName(sans), critical=False)
        builder = builder.add_extension(
            x509.BasicConstraints(ca=True, path_length=None), critical=True
        )
    cert = builder.sign(key, hashes.SHA256())
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _tls_context(directory: Path) -> ssl.SSLContext:
    """A server context with a self-signed certificate made now (for the tunnels)."""
    cert_path, key_path = self_signed(directory)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context
