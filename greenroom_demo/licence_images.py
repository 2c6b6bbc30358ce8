"""Licence scans of the demo's shops, drawn from their data: text, red seal, skew, JPEG noise.

`licence_image(licence, seed=…, quality=…)` returns image bytes. A scan is deterministic for
its arguments. `quality` is one of:

- `clean` (the demo's readable scans): a slight rotation and mild JPEG noise;
- `rough`: stronger rotation, blur, noise and a low JPEG quality, as photographed;
- `blank`: a licence form with seal and border but no legible entries (a placeholder);
- `unreadable`: a thumbnail scaled up, too blurred for any text to be read.

Drawing needs Pillow and a CJK font (Debian's `fonts-noto-cjk`, which `make system` installs);
without them the plain PNG of `greenroom_demo.png` (no text) is served instead, so such a
licence is simply not readable.
"""

from __future__ import annotations

import io
import math
import random
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from greenroom_demo.model import Licence

QUALITIES = ("clean", "rough", "blank", "unreadable")
FONT_DIRS = ("/usr/share/fonts/opentype/noto", "/usr/share/fonts/noto-cjk")
FONT_FILES = {"sans": "NotoSansCJK-Regular.ttc", "serif": "NotoSerifCJK-Regular.ttc"}
FONT_BOLD = {"sans": "NotoSansCJK-Bold.ttc", "serif": "NotoSerifCJK-Bold.ttc"}
SC_INDEX = 2  # Simplified Chinese face in the Noto CJK collections
PAPER = (246, 242, 230)
INK = (28, 28, 30)
RED = (196, 32, 36)
WIDTH, HEIGHT = 1000, 700


@cache
def _font_path(style: str, bold: bool = False) -> str | None:
    name = (FONT_BOLD if bold else FONT_FILES)[style]
    for folder in FONT_DIRS:
        if (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    return None


def available() -> bool:
    """Whether scans with text can be drawn here (Pillow and a CJK font)."""
    try:
        import PIL  # noqa: F401
    except ImportError:
        return False
    return _font_path("sans") is not None


@cache
def _font(style: str, size: int, bold: bool = False):
    from PIL import ImageFont

    path = _font_path(style, bold) or _font_path("sans", bold) or _font_path("sans")
    return ImageFont.truetype(path, size, index=SC_INDEX)


def licence_lines(lic: Licence) -> list[tuple[str, str]]:
    """The label/value entries a licence scan shows, in GB form order."""
    pairs = [
        ("名称", lic.name or ""),
        ("类型", lic.kind if lic.name else ""),
        ("法定代表人", lic.legal_rep),
        ("经营范围", lic.scope),
        ("成立日期", _chinese_date(lic.founded) if lic.name else ""),
        ("住所", lic.address),
    ]
    return [(k, v) for k, v in pairs if v]


def _chinese_date(iso: str) -> str:
    try:
        y, m, d = (int(x) for x in iso.split("-"))
    except ValueError:
        return iso
    return f"{y}年{m:02d}月{d:02d}日"


def licence_image(
    lic: Licence | None, *, seed: int = 0, quality: str = "clean", fmt: str = "JPEG"
) -> bytes:
    """A scan of `lic` (None: an empty form) as JPEG (or PNG) bytes; see the module docstring."""
    if quality not in QUALITIES:
        raise ValueError(f"quality must be one of {QUALITIES}, not {quality!r}")
    if not available():
        from greenroom_demo.png import licence_png

        return licence_png()
    from PIL import Image, ImageDraw, ImageFilter

    rnd = random.Random(f"{seed}:{quality}")
    style = rnd.choice(("sans", "serif")) if quality == "rough" else "serif"
    img = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(img)
    _border(draw)
    title = _font("serif", 64, bold=True)
    draw.text((WIDTH // 2, 78), "营 业 执 照", font=title, fill=INK, anchor="mm")
    _qr(draw, rnd, (WIDTH - 150, 44))
    if lic is not None and quality != "blank":
        _entries(draw, lic, style, rnd)
    else:
        for n in range(6):  # the form's ruled lines, nothing written on them
            y = 210 + n * 62
            draw.line((90, y, WIDTH - 300, y), fill=(200, 196, 186), width=1)
    _authority(draw, rnd)
    img = _seal(img, (WIDTH - 210, HEIGHT - 150), rnd)

    # as scanned or photographed: rotation, scale, blur, noise, JPEG quality
    angle = rnd.uniform(-1.5, 1.5) if quality == "clean" else rnd.uniform(-4.0, 4.0)
    img = img.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=(255, 255, 255))
    scale = 1.0 if quality == "clean" else rnd.uniform(0.7, 1.0)
    if quality == "unreadable":
        scale = 0.16
    if scale != 1.0:
        small = img.resize((int(img.width * scale), int(img.height * scale)), Image.LANCZOS)
        img = small.resize((img.width, img.height), Image.BILINEAR) if scale < 0.3 else small
    blur = {"clean": 0.0, "rough": rnd.uniform(0.0, 1.0), "blank": 0.6, "unreadable": 2.5}
    if blur[quality]:
        img = img.filter(ImageFilter.GaussianBlur(blur[quality]))
    img = _noise(img, rnd, 0.05 if quality == "clean" else rnd.uniform(0.04, 0.14))
    out = io.BytesIO()
    if fmt.upper() == "PNG":
        img.save(out, "PNG", optimize=True)
    else:
        q = 82 if quality == "clean" else rnd.randint(25, 85)
        img.save(out, "JPEG", quality=q)
    return out.getvalue()


def _border(draw) -> None:
    brown = (150, 96, 60)
    draw.rectangle((14, 14, WIDTH - 15, HEIGHT - 15), outline=brown, width=6)
    draw.rectangle((28, 28, WIDTH - 29, HEIGHT - 29), outline=brown, width=2)
    for x in range(40, WIDTH - 40, 24):  # a guilloche-like rule under the title
        draw.arc((x, 118, x + 24, 134), 0, 180, fill=(214, 180, 150), width=1)


def _qr(draw, rnd: random.Random, at: tuple[int, int]) -> None:
    x0, y0 = at
    cell = 5
    for i in range(21):
        for j in range(21):
            corner = (i < 7 and j < 7) or (i < 7 and j > 13) or (i > 13 and j < 7)
            ring = corner and (i % 6 == 0 or j % 6 == 0 or 2 <= i % 14 <= 4 and 2 <= j % 14 <= 4)
            if ring or (not corner and rnd.random() < 0.45):
                box = (x0 + j * cell, y0 + i * cell, x0 + j * cell + cell, y0 + i * cell + cell)
                draw.rectangle(box, fill=INK)


def _entries(draw, lic: Licence, style: str, rnd: random.Random) -> None:
    size = 27 if style == "serif" else 26
    label_font, value_font = _font(style, size, bold=True), _font(style, size)
    code_font = _font("sans", 30)
    x, y = 90, 156
    if lic.uscc:
        below = rnd.random() < 0.3  # some forms print the code under its label
        draw.text((x, y), "统一社会信用代码", font=label_font, fill=INK)
        if below:
            draw.text((x, y + 40), lic.uscc, font=code_font, fill=INK)
            y += 40
        else:
            draw.text((x + 9 * size, y - 2), lic.uscc, font=code_font, fill=INK)
    y += 62
    for label, value in licence_lines(lic):
        spaced = label if len(label) > 3 else "  ".join(label)
        draw.text((x, y), spaced, font=label_font, fill=INK)
        lines = _wrap(value, 22) if label in ("经营范围", "住所") else [value]
        for n, line in enumerate(lines[:2]):
            draw.text((x + 7 * size, y + n * (size + 10)), line, font=value_font, fill=INK)
        y += 52 + (size + 10) * (min(len(lines), 2) - 1)


def _wrap(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def _authority(draw, rnd: random.Random) -> None:
    font = _font("serif", 26)
    y = HEIGHT - 110
    draw.text((WIDTH - 330, y), "登记机关", font=font, fill=INK)
    year = 2018 + rnd.randint(0, 6)
    draw.text((WIDTH - 330, y + 40), f"{year}年{rnd.randint(1, 12):02d}月", font=font, fill=INK)


def _seal(img, centre: tuple[int, int], rnd: random.Random):
    """A red round seal (star and arc of text), multiplied onto the paper like ink."""
    from PIL import Image, ImageChops, ImageDraw

    r = 92
    layer = Image.new("RGB", img.size, (255, 255, 255))
    draw = ImageDraw.Draw(layer)
    cx, cy = centre[0] + rnd.randint(-12, 12), centre[1] + rnd.randint(-12, 12)
    seal_red = (226, 70, 70)
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=seal_red, width=6)
    star = []
    for k in range(10):
        rad = 30 if k % 2 == 0 else 12
        a = -math.pi / 2 + k * math.pi / 5
        star.append((cx + rad * math.cos(a), cy + rad * math.sin(a)))
    draw.polygon(star, fill=seal_red)
    font = _font("sans", 19, bold=True)
    text = "市场监督管理局登记专用章"
    for k, ch in enumerate(text):
        a = math.radians(-200 + k * (220 / (len(text) - 1)))
        glyph = Image.new("L", (30, 30), 0)
        ImageDraw.Draw(glyph).text((15, 15), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.BICUBIC)
        px, py = cx + (r - 22) * math.cos(a), cy + (r - 22) * math.sin(a)
        layer.paste(seal_red, (int(px - 15), int(py - 15)), glyph)
    return ImageChops.multiply(img, layer)


def _noise(img, rnd: random.Random, amount: float):
    from PIL import Image

    grain = Image.frombytes("L", img.size, rnd.randbytes(img.width * img.height))
    return Image.blend(img, Image.merge("RGB", (grain, grain, grain)), amount)


@cache
def shop_scan(sid: int, night: int) -> bytes:
    """The PNG licence image the demo serves for shop `sid` on `night`, drawn from its data."""
    from greenroom_demo import catalog

    lic = catalog.shop(sid, night).licence
    if lic is None or not (lic.name or lic.uscc):
        return licence_image(None, seed=sid, quality="blank", fmt="PNG")
    return licence_image(lic, seed=sid, quality=lic.scan, fmt="PNG")
