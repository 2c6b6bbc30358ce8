"""Trusted time (RFC 3161): ask a time-stamping authority to sign the SHA-256 of some bytes,
and check such a token later: its message imprint, its signature and its chain to the TSA
certificates the investigator trusts. The ASN.1 is rfc3161-client's.

    reply = request_token("http://tsa.example/", manifest_bytes)     # DER TimeStampResp
    when = check_token(reply, manifest_bytes, load_certs("tsa-ca.pem"))
"""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from rfc3161_client import (
    HashAlgorithm,
    PKIStatus,
    TimestampRequestBuilder,
    VerificationError,
    VerifierBuilder,
    decode_timestamp_response,
)

QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
MAX_REPLY = 1 << 20
TIMEOUT_S = 30


class TimestampError(ValueError):
    """No token could be had, or a token does not check: one line."""


def request_token(url: str, data: bytes, *, timeout: float = TIMEOUT_S) -> bytes:
    """The TSA's DER TimeStampResp over sha256(data), checked to answer this very request."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise TimestampError(f"TSA {url}: not an http(s) URL")
    query = TimestampRequestBuilder(data=data, hash_algorithm=HashAlgorithm.SHA256).build()
    request = urllib.request.Request(
        url, data=query.as_bytes(), headers={"Content-Type": QUERY_TYPE}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            reply = answer.read(MAX_REPLY + 1)
    except (urllib.error.URLError, OSError) as exc:
        raise TimestampError(f"TSA {url}: no answer ({_reason(exc)})") from None
    if len(reply) > MAX_REPLY:
        raise TimestampError(f"TSA {url}: answer over {MAX_REPLY} bytes")
    response = parse(reply, f"TSA {url}")
    if PKIStatus(response.status) not in (PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS):
        raise TimestampError(f"TSA {url}: refused ({response.status_string or response.status})")
    info = response.tst_info
    if info.nonce != query.nonce or info.message_imprint.message != _imprint(query):
        raise TimestampError(f"TSA {url}: the token does not answer this request")
    return reply


def _imprint(query) -> bytes:
    return query.message_imprint.message


def _reason(exc: BaseException) -> str:
    return str(getattr(exc, "reason", None) or exc).splitlines()[0][:200]


def parse(reply: bytes, what: str = "token"):
    try:
        return decode_timestamp_response(reply)
    except (ValueError, TypeError) as exc:
        detail = str(exc).split("{", 1)[0].strip()[:120]
        raise TimestampError(
            f"{what}: not a readable RFC 3161 time-stamp reply ({detail})"
        ) from None


def token_time(reply: bytes) -> datetime:
    """The time a token attests (read, not checked)."""
    return parse(reply).tst_info.gen_time


def load_certs(path: str | Path) -> list[x509.Certificate]:
    """Every PEM (or one DER) certificate in a file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TimestampError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError:
        raise TimestampError(f"{path}: not a PEM or DER certificate") from None


def check_token(reply: bytes, data: bytes, roots: list[x509.Certificate]) -> datetime:
    """The time attested by `reply` for sha256(data), once its imprint, its signature and
    its chain to one of `roots` check; else TimestampError naming what failed."""
    response = parse(reply)
    if not roots:
        raise TimestampError("no TSA certificate to check the token against (--tsa-cert)")
    builder = VerifierBuilder()
    for root in roots:
        builder = builder.add_root_certificate(root)
    try:
        builder.build().verify_message(response, data)
    except VerificationError as exc:
        raise TimestampError(_why(str(exc))) from None
    except ValueError as exc:  # malformed parts inside the token
        raise TimestampError(f"the token is damaged ({str(exc).splitlines()[0][:200]})") from None
    return response.tst_info.gen_time


def _why(message: str) -> str:
    text = message.splitlines()[0][:200] if message else "verification failed"
    if "Mismatch between messages" in text:
        return "the token is for other content (its message imprint differs)"
    if "certificate verify error" in text:
        return "the token's signer does not chain to the trusted TSA certificates (untrusted TSA)"
    if "signature" in text.lower():
        return "the token's signature does not verify (altered token)"
    return f"the token does not verify: {text}"
