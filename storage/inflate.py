"""Content-encodings undone in bounded chunks with a cap: whoever reads a capture never
inflates more than the crawl would have accepted (a 1 MB gzip body can hold 1 GiB)."""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterator

CHUNK = 64 * 1024
READ_LIMIT = 32 * 1024 * 1024  # DOWNLOAD_MAXSIZE in crawler.settings


class TooLarge(ValueError):
    """A body that inflates past its cap."""


def encodings(headers: dict) -> list[str]:
    """The content-codings of a response, outermost first (the order to undo them)."""
    value = next((v for k, v in headers.items() if k.lower() == "content-encoding"), "")
    codings = [c.strip().lower() for c in value.split(",") if c.strip()]
    return [c for c in reversed(codings) if c != "identity"]


def _zlib(data: bytes, wbits: int) -> Iterator[bytes]:
    while data:
        d = zlib.decompressobj(wbits)
        buf = data
        while not d.eof:
            chunk = d.decompress(buf, CHUNK)
            yield chunk
            buf = d.unconsumed_tail
            if not buf and not chunk:
                break  # input ended before the stream did
        data = d.unused_data if d.eof else b""
        if not data.startswith(b"\x1f\x8b"):
            break  # trailing bytes after the last gzip member


def _brotli(data: bytes) -> Iterator[bytes]:
    import brotli

    d = brotli.Decompressor()
    yield d.process(data, output_buffer_limit=CHUNK)
    while not d.is_finished() and not d.can_accept_more_data():
        yield d.process(b"", output_buffer_limit=CHUNK)


def _chunks(data: bytes, coding: str) -> Iterator[bytes]:
    if coding in ("gzip", "x-gzip"):
        yield from _zlib(data, 16 + zlib.MAX_WBITS)
    elif coding == "deflate":
        wbits = zlib.MAX_WBITS if data[:1] == b"\x78" else -zlib.MAX_WBITS  # zlib or raw
        yield from _zlib(data, wbits)
    elif coding == "br":
        yield from _brotli(data)
    else:  # a coding greenroom cannot undo: the bytes as they are
        yield data


def decode(body: bytes, codings: list[str], limit: int = READ_LIMIT) -> bytes:
    """`body` with its content-codings undone, 64 KiB at a time; TooLarge past `limit`.
    A stream broken part way gives what came before the break (as browsers show it)."""
    for coding in codings:
        out = bytearray()
        try:
            for chunk in _chunks(body, coding):
                out += chunk
                if len(out) > limit:
                    raise TooLarge(f"{coding} body inflates past {limit} bytes")
        except TooLarge:
            raise
        except Exception:  # noqa: BLE001 - zlib.error, brotli.error: a broken stream
            if not out:
                return body
        body = bytes(out)
    return body


def exceeds(body: bytes, codings: list[str], limit: int) -> int | None:
    """The size `body` inflates to if that is past `limit` (counted, never held), else None."""
    if len(codings) != 1:
        try:
            decode(body, codings, limit)
        except TooLarge:
            return limit + 1
        return None
    size = 0
    try:
        for chunk in _chunks(body, codings[0]):
            size += len(chunk)
            if size > limit:
                return size
    except Exception:  # noqa: BLE001 - a broken stream is Scrapy's to report
        return None
    return None
