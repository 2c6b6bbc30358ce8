"""Small valid PNG images drawn without Pillow: a licence scan and the green-room badge."""

from __future__ import annotations

import struct
import zlib
from functools import cache

RGB = tuple[int, int, int]


def draw_png(width: int, height: int, pixel) -> bytes:
    """Encode an RGB image; `pixel(x, y)` returns its colour."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(x, y)) for x in range(width)) for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


@cache
def licence_png() -> bytes:
    """A 240x170 'licence scan': border, grey text bars and a red seal."""
    red, grey, paper = (200, 30, 30), (90, 90, 90), (250, 246, 235)

    def pixel(x: int, y: int) -> RGB:
        if x < 6 or y < 6 or x >= 234 or y >= 164:
            return red
        if 20 <= y < 28 and 70 <= x < 170:  # title bar
            return grey
        if y >= 45 and (y - 45) % 14 < 5 and 24 <= x < 150 and y < 140:
            return grey
        if 14 * 14 <= (x - 190) ** 2 + (y - 120) ** 2 <= 28 * 28:  # seal ring
            return red
        return paper

    return draw_png(240, 170, pixel)


@cache
def badge_png() -> bytes:
    """A 96x32 green badge."""

    def pixel(x: int, y: int) -> RGB:
        if 3 <= y < 29 and 3 <= x < 93:
            return (255, 255, 255) if 10 <= y < 22 and 30 <= x < 66 and x % 4 else (22, 150, 70)
        return (255, 255, 255)

    return draw_png(96, 32, pixel)
