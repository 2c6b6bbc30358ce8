"""Page bytes as text: the BOM, UTF-8, the declared charset, or a detected one.

The one decoder of extraction, reports and the UI (`decode`)."""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_GB_FAMILY = {"gbk", "gb2312", "gb18030", "hz", "cp936", "ms936", "euc-cn", "x-gbk"}
_WESTERN = {"latin-1", "iso8859-1", "cp1252", "ascii", "iso8859-15"}
_CJK = re.compile(r"[\u3400-\u9fff]")


def _codec(name: str | None) -> str | None:
    """Python codec name for a declared charset; the GB family reads as GB18030."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    if name in _GB_FAMILY or name.startswith("gb"):
        return "gb18030"
    try:
        found = codecs.lookup(name).name
    except LookupError:
        return None
    return "gb18030" if found in _GB_FAMILY else found


def _header(headers: dict | None, name: str) -> str:
    for key, value in (headers or {}).items():
        k = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if k.lower() == name:
            if isinstance(value, list | tuple):
                value = value[0] if value else ""
            return value.decode("latin-1") if isinstance(value, bytes) else str(value)
    return ""


def declared_charsets(body: bytes, headers: dict | None) -> list[str]:
    """Charsets declared by Content-Type, then by a `<meta>` or XML declaration."""
    found = []
    m = _HEADER_CHARSET.search(_header(headers, "content-type"))
    if m:
        found.append(m.group(1))
    head = body[:4096]
    for rx in (_META_CHARSET, _XML_ENCODING):
        m = rx.search(head)
        if m:
            found.append(m.group(1).decode("ascii", "replace"))
    return [c for c in (_codec(x) for x in found) if c]


def _strict(body: bytes, codec: str) -> str | None:
    try:
        return body.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def decode(body: bytes, headers: dict | None = None) -> tuple[str, str]:
    """Bytes as text and the codec used: the BOM, UTF-8, the charset the header or a `<meta>`
    declares (a wrong declaration yields to one that decodes), and for an undeclared page,
    last, charset-normalizer among GB18030, Big5, Shift-JIS, EUC-JP and UTF-16/32. The one
    decoder of extraction, reports and the UI."""
    if not body:
        return "", "utf-8"
    if isinstance(body, str):
        return body, "utf-8"
    for bom, codec in _BOMS:
        if body.startswith(bom):
            text = body[len(bom) :].decode(codec, "replace")
            return text, "utf-8" if codec == "utf-8" else codec
    wide = b"\x00" in body[:4096]  # UTF-16/32 without a BOM: NULs are valid UTF-8 too
    text = None if wide else _strict(body, "utf-8")
    if text is not None:  # valid UTF-8 beyond ASCII is never an accident
        return text, "utf-8"
    declared = [] if wide else declared_charsets(body, headers)
    for codec in declared:
        if codec == "utf-8":
            continue
        text = _strict(body, codec)
        if text is None:
            continue
        if codec in _WESTERN:  # servers default to latin-1; GB bytes say otherwise
            gb = _strict(body, "gb18030")
            if gb is not None and _looks_chinese(gb):
                return gb, "gb18030"
        return text, codec
    codec = detect(body)
    if codec:
        return body.decode(codec, "replace"), codec
    text = _strict(body, "gb18030")
    if text is not None:
        return text, "gb18030"
    best = None
    for codec in dict.fromkeys([*declared, "utf-8", "gb18030"]):
        candidate = body.decode(codec, "replace")
        bad = candidate.count("\ufffd")
        if best is None or bad < best[0]:
            best = (bad, candidate, codec)
    return best[1], best[2]


# What an undeclared page from a Chinese marketplace may be in. Korean and single-byte
# codecs are left out: short GB text reads as plausible EUC-KR or cp1252.
_DETECTABLE = [
    "gb18030",
    "big5",
    "big5hkscs",
    "shift_jis",
    "cp932",
    "euc_jp",
    "utf_16_le",
    "utf_16_be",
    "utf_32_le",
    "utf_32_be",
]
DETECT_BYTES = 256 * 1024  # enough to tell; a larger page is decoded whole with the verdict


def detect(body: bytes) -> str | None:
    """The codec charset-normalizer finds most coherent for undeclared bytes, or None."""
    from charset_normalizer import from_bytes

    sample = body[:DETECT_BYTES]
    if len(body) > DETECT_BYTES:  # end the sample before a `<`: never inside a character
        cut = sample.rfind(b"<")
        if cut > 0:
            sample = sample[: cut - cut % 2]  # even: UTF-16 stays aligned
    best = from_bytes(sample, cp_isolation=_DETECTABLE).best()
    if best is None:
        return None
    name = codecs.lookup(best.encoding).name
    return "gb18030" if name in _GB_FAMILY else name


# Python codec names as the labels browsers know (WHATWG Encoding), for a Content-Type.
_WEB_LABELS = {
    "cp932": "shift_jis",
    "big5hkscs": "big5-hkscs",
    "utf-16-le": "utf-16le",
    "utf-16-be": "utf-16be",
}


def web_charset(codec: str) -> str:
    """The `charset=` label a browser reads `codec`'s bytes with."""
    name = codecs.lookup(codec).name
    return _WEB_LABELS.get(name, name.replace("_", "-"))


def _looks_chinese(text: str) -> bool:
    non_ascii = sum(1 for ch in text if ord(ch) > 127)
    return non_ascii > 0 and len(_CJK.findall(text)) >= 0.5 * non_ascii
