"""Licence images: fetch them as captures, read them offline (crawler.ocr), extract their fields.

A page's `licence_image` disclosures (an `<img>` whose alt/title names 营业执照/证照/资质, see
crawler.extract.pages) that are the shop's own (not the platform's chrome) are requested with
the spider's `parse_licence_image` callback; the capture middleware keeps each image as
received (WARC, SHA-256). Images too small to be a licence (icons, badges) are skipped.

The OCR result (text lines, confidences, engine and version) is kept as a `resource`
capture of kind `ocr` about the image's capture, so the evidence bundle carries it beside
the image. Fields come from the OCR lines through the page-text vocabulary
(`crawler.extract.labels`): 名称, 统一社会信用代码, 法定代表人, 住所, permit and filing numbers.
They are stored as the image's page facts (role `licence_image`) with labels prefixed
`图片识别:`; assembly adds them to the shop whose pages show the image.

统一社会信用代码 as read: GB 32100-2015 codes use `0-9A-HJ-NP-RTUWXY`, never I, O, S, V, Z.
Where one of those is read, only one allowed character looks like it, so it is mapped:
`O`/`o`→`0`, `I`/`l`/`i`→`1`, `S`→`5`, `Z`→`2`. `V` is left alone (`U` or `Y`?), and so is
every allowed character: a code still invalid after this is reported as read, with the OCR
line in its label.

Settings (defaults in crawler.settings): GREENROOM_OCR_ENABLED, GREENROOM_OCR_ENGINE
(`rapidocr` or `tesseract`), GREENROOM_OCR_MIN_SIDE (smaller images are decorative),
GREENROOM_OCR_MAX_PIXELS (a licence scanned at 600 dpi has 35 million).
An image whose header claims more pixels (a decompression bomb: a few KB that would
inflate to gigabytes) is not decoded; it is recorded as an `image` crawl error.
Stats: greenroom/ocr/requested, read, unreadable, skipped, failed, unavailable, bomb, seconds;
greenroom/ocr/engine (name and version), or greenroom/ocr/install (what to install) and
greenroom/ocr/unavailable_reason.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from crawler import ocr
from crawler.extract import labels
from crawler.extract.text import fold
from crawler.settings import GREENROOM_OCR_MAX_PIXELS, setting

if TYPE_CHECKING:
    from collections.abc import Iterator

ROLE = "licence_image"
PREFIX = "图片识别:"
FIELD_KEYS = ("registered_name", "uscc", "legal_rep", "address", "permit", "filing")
MIN_CONFIDENCE = 0.5  # lines read with less are noise (seal strokes, grain)
USCC_READINGS = str.maketrans(
    {"o": "0", "O": "0", "i": "1", "I": "1", "l": "1", "S": "5", "Z": "2"}
)
_USCC_CHARS = re.compile(r"[0-9A-Za-z]")


def fix_uscc(value: str) -> str:
    """A 统一社会信用代码 as read, with the one reading GB 32100 allows for I, O, S, Z."""
    compact = re.sub(r"[\s\-_.·]", "", fold(value))
    return compact.translate(USCC_READINGS).upper()


@cache
def _label_prefix() -> re.Pattern:
    terms = {t for key in FIELD_KEYS for t in labels.vocabulary(f"label_{key}")}
    alt = "|".join(
        r"\s*".join(re.escape(ch) for ch in term) for term in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"^\s*({alt})\s*[:：]?\s*", re.IGNORECASE)


def fields(lines: list[str]) -> list[dict]:
    """Disclosures `{key, label, value, chrome, raw}` from OCR text lines, labels prefixed
    `图片识别:`. A line that is only a label takes the next line as its value."""
    out: list[dict] = []
    seen = set()
    lines = [fold(ln).strip() for ln in lines if ln and ln.strip()]
    for n, line in enumerate(lines):
        m = _label_prefix().match(line)
        if not m:
            for found in labels.FOOD_PERMIT.finditer(line):
                _add(out, seen, "permit", "食品经营许可证", found.group(), line)
            continue
        label, value = re.sub(r"\s+", "", m.group(1)), line[m.end() :]
        if not value and n + 1 < len(lines) and not _label_prefix().match(lines[n + 1]):
            value = lines[n + 1]
        for key, lab, val in labels.disclosures(label, value):
            if key in FIELD_KEYS:
                _add(out, seen, key, lab, val, line)
    return out


def _add(out: list, seen: set, key: str, label: str, value: str, line: str) -> None:
    raw = value
    if key == "uscc":
        value = fix_uscc(value)
    if (key, value) in seen:
        return
    seen.add((key, value))
    shown = PREFIX + label + (f"（识别原文 {raw}）" if raw != value else "")
    out.append({"key": key, "label": shown, "value": value, "chrome": False, "line": line})


def image_facts(
    url: str, capture_id: int | None, fetched_at: str, status: str, result: dict | None = None
) -> dict:
    """The stored facts of a licence image: its OCR status, text and fields."""
    lines = [ln["text"] for ln in (result or {}).get("lines", [])]
    return {
        "url": url,
        "canonical": url,
        "capture_id": capture_id,
        "fetched_at": fetched_at,
        "role": ROLE,
        "title": "",
        "ocr": {"status": status, **(result or {})},
        "disclosures": fields(lines) if status == "read" else [],
        "links": [],
    }


def refresh(old: dict) -> dict:
    """The facts of a stored licence image again, its fields from its stored OCR lines
    (used when the extraction code changed: nothing is read again)."""
    result = old.get("ocr") or {}
    fresh = image_facts(
        old.get("url", ""),
        old.get("capture_id"),
        old.get("fetched_at", ""),
        result.get("status", ""),
        {k: v for k, v in result.items() if k != "status"},
    )
    for key in ("run_id",):
        if key in old:
            fresh[key] = old[key]
    return fresh


def readable(lines: list[dict]) -> list[dict]:
    """OCR lines worth keeping: confident, and with a letter, digit or Han character."""
    return [
        ln
        for ln in lines
        if ln["confidence"] >= MIN_CONFIDENCE and re.search(r"[0-9A-Za-z\u4e00-\u9fff]", ln["text"])
    ]


# --- crawling ------------------------------------------------------------------------------


def requests(spider, facts: dict) -> Iterator:
    """Requests for the licence images a page shows as the shop's own (not in chrome)."""
    import scrapy

    if not setting(spider.crawler.settings, "GREENROOM_OCR_ENABLED"):
        return
    for d in facts.get("disclosures") or ():
        url = d.get("value") or ""
        if d.get("key") != "licence_image" or d.get("chrome"):
            continue
        if urlsplit(url).scheme not in ("http", "https") or not spider._in_scope(url):
            continue
        spider.crawler.stats.inc_value("greenroom/ocr/requested")
        yield scrapy.Request(
            url,
            callback=spider.parse_licence_image,
            errback=spider.failed,
            meta={"greenroom_licence_page": facts.get("url")},
        )


MAX_PIXELS = GREENROOM_OCR_MAX_PIXELS


class ImageBomb(ValueError):
    """An image whose header claims more pixels than a licence scan has."""


def _size(body: bytes, max_pixels: int = MAX_PIXELS) -> tuple[int, int] | None:
    """The (width, height) its header claims, read without decoding the pixels; None for
    what Pillow does not know. Raises ImageBomb past `max_pixels`."""
    try:
        from PIL import Image
    except ImportError:  # no Pillow: let OCR decide
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(body)) as image:
                size = image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ImageBomb(f"decompression bomb: {exc}") from None
        except (OSError, ValueError):  # not an image Pillow knows
            return None
    if size[0] * size[1] > max_pixels:
        raise ImageBomb(
            f"decompression bomb: {size[0]}x{size[1]} pixels, past GREENROOM_OCR_MAX_PIXELS "
            f"({max_pixels})"
        )
    return size


async def read_response(crawler, response) -> dict | None:
    """OCR one fetched licence image off the reactor thread; its facts, or None if skipped."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import threads

    from storage.warc import CaptureStore, utcnow

    stats = crawler.stats
    engine = setting(crawler.settings, "GREENROOM_OCR_ENGINE")
    min_side = setting(crawler.settings, "GREENROOM_OCR_MIN_SIDE")
    capture_id = response.meta.get("capture_id")
    fetched_at = utcnow()
    try:
        size = _size(response.body, setting(crawler.settings, "GREENROOM_OCR_MAX_PIXELS"))
    except ImageBomb as exc:  # never decoded: a crawl error, and the image counts as unread
        stats.inc_value("greenroom/ocr/bomb")
        message = f"licence image not read: {exc}"[:300]
        CaptureStore.for_crawler(crawler).record_error(response.url, "image", message)
        return image_facts(response.url, capture_id, fetched_at, "refused: decompression bomb")
    if size and min(size) < min_side:
        stats.inc_value("greenroom/ocr/skipped")
        return None
    usable, about = await maybe_deferred_to_future(threads.deferToThread(ocr.engine_status, engine))
    if not usable:
        stats.inc_value("greenroom/ocr/unavailable")
        stats.set_value("greenroom/ocr/unavailable_reason", about[:300])
        stats.set_value("greenroom/ocr/install", ocr.INSTALL.get(engine, engine))
        return image_facts(response.url, capture_id, fetched_at, "unavailable")
    stats.set_value("greenroom/ocr/engine", about)
    try:
        result = await maybe_deferred_to_future(
            threads.deferToThread(ocr.read, response.body, engine)
        )
    except (ValueError, OSError, RuntimeError, MemoryError) as exc:  # a broken image: go on
        stats.inc_value("greenroom/ocr/failed")
        return image_facts(response.url, capture_id, fetched_at, f"failed: {exc}"[:200])
    data = result.as_json()
    data["lines"] = readable(data["lines"])
    data["text"] = "\n".join(ln["text"] for ln in data["lines"])
    store = CaptureStore.for_crawler(crawler)
    data["capture_id"] = store.record_resource(
        url=response.url,
        content_type="application/json; charset=utf-8",
        data=json.dumps({**data, "image_capture": capture_id}, ensure_ascii=False).encode(),
        kind="ocr",
        about=capture_id,
    )
    stats.inc_value("greenroom/ocr/seconds", round(result.seconds, 3))
    facts = image_facts(response.url, capture_id, fetched_at, "read", data)
    stats.inc_value("greenroom/ocr/read" if facts["disclosures"] else "greenroom/ocr/unreadable")
    return facts
