"""Offline OCR of licence images: one engine, loaded once, its models inside an installed package.

Engines (setting GREENROOM_OCR_ENGINE):

- `rapidocr` (default): RapidOCR on onnxruntime, PyPI `rapidocr-onnxruntime` 1.4.x, which
  ships PP-OCRv4 detection and recognition models (Chinese + Latin) inside its wheel.
- `tesseract`: Debian's `tesseract-ocr` with `tesseract-ocr-chi-sim` through `pytesseract`.

Neither downloads anything at run time. (`rapidocr` 2.x and later fetch their models on first
use, so the 1.x package that carries them is the one to install.)

## Why RapidOCR

`python -m bench.ocr --images 60` (60 licence scans drawn by `greenroom_demo.licence_images`:
red seal, rotation up to ±4°, scale 0.7–1, blur, grain, JPEG quality 25–85, two typefaces,
the code beside or under its label; fields through `crawler.licence_images.fields`), on this
2-core machine, both engines on one thread:

| engine | name exact | code exact | CPU s / image | wall s / image (load 5–14) |
| --- | --- | --- | --- | --- |
| rapidocr-onnxruntime 1.4.4 (PP-OCRv4) | 100% (60/60) | 100% (60/60) | 0.84–0.88 | 1.26–1.79 |
| tesseract 5.3.0, chi_sim+eng, psm 6 | 65% (39/60) | 78% (47/60) | 0.65 | 0.93 |

One thread means the CPU time is the wall-clock time on an idle core: RapidOCR reads an image
in about 0.85 s (the wall-clock figures were taken while other test runs kept the machine's
load average at 5–14). RapidOCR reads every name and code; tesseract is faster but misreads
Han characters in names (`闹州` for 杭州, `车香记` for 茗香记, the type line taken for the
name) and drops or doubles characters in codes (`…W11N51N`, `…MAKTP…`), so a fifth to a third of
its readings would turn into false `shop.uscc_invalid` or `shop.licence_missing` findings.
On all cores onnxruntime's spinning threads cost 1.5–1.9 CPU-s an image for no gain on two
cores, and the angle classifier adds time for nothing on upright scans: both are off.

## What it returns

`read(data)` → `OcrResult`: the text lines in reading order (boxes on one baseline joined,
columns far apart kept apart), each with its confidence, the engine name and version, and
the seconds taken. `engine_status()` says whether an engine is usable and, if not, why
(`INSTALL` names what to install); a crawl without one still captures the images and says they were not read.
"""

from __future__ import annotations

import io
import math
import os
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata

DEFAULT_ENGINE = "rapidocr"
INSTALL = {  # what the summary tells the regulator to install
    "rapidocr": "rapidocr-onnxruntime (pip install 'rapidocr-onnxruntime>=1.4,<2')",
    "tesseract": "tesseract (apt-get install tesseract-ocr tesseract-ocr-chi-sim; "
    "pip install pytesseract)",
}
MAX_SIDE = 2000  # larger photos are scaled down first: text stays legible, time stays bounded
_LOCK = threading.Lock()  # one OCR at a time: onnxruntime already uses every core


class OcrUnavailable(RuntimeError):
    """The configured engine cannot be loaded here; the message says what to install."""


@dataclass
class OcrLine:
    text: str
    confidence: float
    box: tuple[float, float, float, float]  # left, top, right, bottom (in the image)


@dataclass
class OcrResult:
    engine: str  # e.g. "rapidocr-onnxruntime 1.4.4"
    lines: list[OcrLine] = field(default_factory=list)
    seconds: float = 0.0
    width: int = 0
    height: int = 0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    def as_json(self) -> dict:
        return {
            "engine": self.engine,
            "seconds": round(self.seconds, 3),
            "size": [self.width, self.height],
            "text": self.text,
            "lines": [
                {"text": ln.text, "confidence": round(ln.confidence, 3), "box": list(ln.box)}
                for ln in self.lines
            ],
        }


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return "?"


class _Rapid:
    def __init__(self) -> None:
        try:
            from rapidocr_onnxruntime import RapidOCR
        except ImportError as exc:
            raise OcrUnavailable(f"rapidocr is not installed ({exc})") from None
        self.name = f"rapidocr-onnxruntime {_version('rapidocr-onnxruntime')} (PP-OCRv4)"
        # One thread (see "Why RapidOCR"): the other core stays with the crawl. Detection on
        # the longer side bounded to 960 px rather than the shorter side raised to 736: a
        # licence's text is large. No angle classifier: scans are upright within a few degrees.
        self.engine = RapidOCR(
            det_limit_type="max",
            det_limit_side_len=960,
            intra_op_num_threads=1,
            inter_op_num_threads=1,
        )

    def boxes(self, image) -> list[tuple[str, float, tuple]]:
        import numpy as np

        result, _elapse = self.engine(np.asarray(image.convert("RGB"))[:, :, ::-1], use_cls=False)
        return [
            (text, float(score), [(float(x), float(y)) for x, y in points])
            for points, text, score in result or []
        ]


class _Tesseract:
    def __init__(self) -> None:
        try:
            import pytesseract

            version = pytesseract.get_tesseract_version()
            langs = pytesseract.get_languages(config="")
        except (ImportError, OSError, RuntimeError) as exc:  # TesseractNotFoundError: OSError
            raise OcrUnavailable(f"tesseract is not usable ({exc})") from None
        if "chi_sim" not in langs:
            raise OcrUnavailable("tesseract has no chi_sim data")
        self.pytesseract = pytesseract
        os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # one thread, as for RapidOCR
        self.name = f"tesseract {version} chi_sim+eng (pytesseract {_version('pytesseract')})"

    def boxes(self, image) -> list[tuple[str, float, tuple]]:
        data = self.pytesseract.image_to_data(
            image, lang="chi_sim+eng", config="--psm 6", output_type=self.pytesseract.Output.DICT
        )
        out = []
        for n, word in enumerate(data["text"]):
            if word.strip():
                x, y, w, h = (data[k][n] for k in ("left", "top", "width", "height"))
                conf = max(float(data["conf"][n]), 0.0) / 100
                corners = [(x, y), (x + w, y), (x + w, y + h), (x, y + h)]
                out.append((word.strip(), conf, corners))
        return out


ENGINES = {"rapidocr": _Rapid, "tesseract": _Tesseract}


@cache
def _engine(name: str):
    if name not in ENGINES:
        raise OcrUnavailable(f"unknown OCR engine {name!r}; choose one of {sorted(ENGINES)}")
    return ENGINES[name]()


def engine_status(name: str = DEFAULT_ENGINE) -> tuple[bool, str]:
    """(usable, the engine's name and version — or why it is not usable)."""
    try:
        return True, _engine(name).name
    except OcrUnavailable as exc:
        return False, str(exc)


def read(data: bytes, engine: str = DEFAULT_ENGINE) -> OcrResult:
    """The text lines of an image (any format Pillow opens). Raises OcrUnavailable, and
    ValueError when `data` is not an image."""
    from PIL import Image, UnidentifiedImageError

    impl = _engine(engine)
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError) as exc:
        raise ValueError(f"not an image: {exc}") from None
    except Image.DecompressionBombError as exc:
        raise ValueError(f"decompression bomb: {exc}") from None
    width, height = image.size
    if max(image.size) > MAX_SIDE:
        image.thumbnail((MAX_SIDE, MAX_SIDE))
    with _LOCK:
        started = time.perf_counter()
        boxes = impl.boxes(image)
        seconds = time.perf_counter() - started
    lines = join_lines(boxes, cjk_gaps=engine == "tesseract")
    return OcrResult(impl.name, lines, seconds, width, height)


def join_lines(boxes: list[tuple[str, float, list]], *, cjk_gaps: bool = False) -> list[OcrLine]:
    """Boxes (text, confidence, four corners from top-left clockwise) → lines.

    The page's skew is the median slope of the wide boxes; after undoing it, boxes whose
    centres lie within half a line height of each other share a line, left to right, and a
    gap wider than six line heights starts a new line (a second column). `cjk_gaps` drops
    the spaces tesseract puts between Han characters."""
    slopes = sorted(
        (pts[1][1] - pts[0][1]) / (pts[1][0] - pts[0][0])
        for _t, _c, pts in boxes
        if pts[1][0] - pts[0][0] > 3 * abs(pts[3][1] - pts[0][1])
    )
    angle = math.atan(slopes[len(slopes) // 2]) if slopes else 0.0
    cos, sin = math.cos(-angle), math.sin(-angle)
    items = []
    for text, conf, pts in boxes:
        turned = [(x * cos - y * sin, x * sin + y * cos) for x, y in pts]
        xs, ys = [p[0] for p in turned], [p[1] for p in turned]
        items.append((text, conf, (min(xs), min(ys), max(xs), max(ys)), pts))
    items.sort(key=lambda b: ((b[2][1] + b[2][3]) / 2, b[2][0]))
    rows: list[list] = []
    for item in items:
        mid = (item[2][1] + item[2][3]) / 2
        for row in rows:
            top = sum(b[2][1] for b in row) / len(row)
            bottom = sum(b[2][3] for b in row) / len(row)
            if abs(mid - (top + bottom) / 2) <= (bottom - top) / 2:
                row.append(item)
                break
        else:
            rows.append([item])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b[2][0])
        height = max(sum(b[2][3] - b[2][1] for b in row) / len(row), 1.0)
        group = [row[0]]
        for item in row[1:]:
            if item[2][0] - group[-1][2][2] > 6 * height:
                lines.append(_line(group, cjk_gaps))
                group = []
            group.append(item)
        lines.append(_line(group, cjk_gaps))
    return lines


def _line(group, cjk_gaps: bool) -> OcrLine:
    text = ""
    for word, _conf, _box, _pts in group:
        if text and not (cjk_gaps and _han(text[-1]) and _han(word[0])):
            text += " "
        text += word
    xs = [x for item in group for x, _y in item[3]]
    ys = [y for item in group for _x, y in item[3]]
    conf = sum(item[1] for item in group) / len(group)
    return OcrLine(text, conf, (min(xs), min(ys), max(xs), max(ys)))


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
