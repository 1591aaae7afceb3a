"""The red round seal (圆形红色印章) of a stamp holder, drawn with Pillow.

What a citizen recognises as a seal: a red ring, a five-pointed star in the middle, the holder's
organisation along the upper edge and the holder's name below the star. It is only the picture:
what makes a seal binding is the signature beside it, never the image, which anyone can copy.
A CJK font is looked for among the usual Debian paths; without one the stamp keeps its ring and
star and leaves the text out rather than drawing empty boxes.
"""

import io
import math
import os
from functools import lru_cache
from pathlib import Path

from PIL import Image
from PIL import ImageDraw
from PIL import ImageFont

#: The seal red of official stamps.
RED = (215, 25, 32, 255)

#: Fonts tried in order; SANJI_STAMP_FONT names another one.
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)

#: Side of the square image in pixels (about 42 mm at 150 dpi, the size of a real seal).
SIZE = 256

#: The arc the organisation's name covers, in degrees, centred on the top.
ARC = 250.0


def font_path() -> str | None:
    """The CJK font the stamps use, or None when none is installed."""
    candidates = [os.environ.get("SANJI_STAMP_FONT") or "", *FONT_CANDIDATES]
    return next((path for path in candidates if path and Path(path).is_file()), None)


def _star(draw: ImageDraw.ImageDraw, cx: float, cy: float, radius: float) -> None:
    points = []
    for index in range(10):
        angle = math.pi / 2 + index * math.pi / 5
        r = radius if index % 2 == 0 else radius * 0.382
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    draw.polygon(points, fill=RED)


def _glyph(character: str, font: ImageFont.FreeTypeFont) -> Image.Image:
    """One character on its own transparent square, to be rotated along the ring."""
    left, top, right, bottom = font.getbbox(character)
    side = int(max(right - left, bottom - top, font.size)) + 4
    glyph = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    ImageDraw.Draw(glyph).text(
        ((side - (right - left)) / 2 - left, (side - (bottom - top)) / 2 - top), character, font=font, fill=RED
    )
    return glyph


def _ring_text(image: Image.Image, text: str, font: ImageFont.FreeTypeFont, radius: float) -> None:
    """``text`` clockwise along the upper edge, each character upright towards the centre."""
    count = len(text)
    if not count:
        return
    step = min(ARC / count, 28.0)
    start = -step * (count - 1) / 2  # degrees from the top, negative to the left
    centre = SIZE / 2
    for index, character in enumerate(text):
        angle = start + index * step
        radians = math.radians(angle)
        glyph = _glyph(character, font).rotate(-angle, resample=Image.BICUBIC, expand=True)
        x = centre + radius * math.sin(radians) - glyph.width / 2
        y = centre - radius * math.cos(radians) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))


def _fitted_font(path: str, text: str, size: int, width: float) -> ImageFont.FreeTypeFont:
    font = ImageFont.truetype(path, size)
    while size > 10 and font.getlength(text) > width:
        size -= 2
        font = ImageFont.truetype(path, size)
    return font


def draw_stamp(organisation: str, name: str) -> Image.Image:
    """The stamp as an RGBA image with a transparent background (it lies over text on paper)."""
    image = Image.new("RGBA", (SIZE, SIZE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    border = SIZE * 0.035
    draw.ellipse((border, border, SIZE - border, SIZE - border), outline=RED, width=round(SIZE * 0.035))
    _star(draw, SIZE / 2, SIZE / 2 - SIZE * 0.02, SIZE * 0.15)
    path = font_path()
    if path is None:
        return image
    ring_size = 30 if len(organisation) <= 12 else max(18, int(30 * 12 / len(organisation)))
    _ring_text(image, organisation, ImageFont.truetype(path, ring_size), SIZE / 2 - border - ring_size * 0.95)
    if name:
        font = _fitted_font(path, name, 30, SIZE * 0.5)
        left, top, right, _bottom = font.getbbox(name)
        draw.text(((SIZE - (right - left)) / 2 - left, SIZE * 0.68 - top), name, font=font, fill=RED)
    return image


@lru_cache(maxsize=512)
def stamp_png(organisation: str, name: str) -> bytes:
    """The stamp as PNG bytes (cached: a holder's stamp never changes while their seal lives)."""
    buffer = io.BytesIO()
    draw_stamp(organisation, name).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()
