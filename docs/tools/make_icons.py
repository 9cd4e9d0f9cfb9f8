"""Draw the portal's PNG icons from the shape of ``static/img/favicon.svg`` (run once; the
files are committed): the apple-touch-icon (180 px), the web manifest's icons (192 and
512 px) and the default share image (1200 x 630) of pages without a photo of their own.

    .venv/bin/python docs/tools/make_icons.py
"""

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

NAVY = "#0b3d6b"
WHITE = "#ffffff"
# The favicon's path (M8 24V13l8-5 8 5v11h-5v-6h-6v6z) on its 32-unit grid.
SHAPE = [(8, 24), (8, 13), (16, 8), (24, 13), (24, 24), (19, 24), (19, 18), (13, 18), (13, 24)]
OUT = Path(__file__).resolve().parents[2] / "static" / "img"
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"


def icon(size: int, *, rounded: bool) -> Image.Image:
    image = Image.new("RGB", (size, size), NAVY) if not rounded else Image.new("RGBA", (size, size))
    draw = ImageDraw.Draw(image)
    if rounded:
        draw.rounded_rectangle((0, 0, size - 1, size - 1), radius=size * 6 // 32, fill=NAVY)
    scale = size / 32
    draw.polygon([(x * scale, y * scale) for x, y in SHAPE], fill=WHITE)
    return image


def share_image() -> Image.Image:
    image = Image.new("RGB", (1200, 630), NAVY)
    image.paste(icon(240, rounded=False), (120, 195))
    draw = ImageDraw.Draw(image)
    draw.text((420, 210), "綾瀬ポータル", font=ImageFont.truetype(FONT, 96), fill=WHITE)
    draw.text(
        (424, 340), "あやせ工場オープンファクトリー", font=ImageFont.truetype(FONT, 44), fill=WHITE
    )
    return image


if __name__ == "__main__":
    # Home-screen icons are square and opaque: the phone rounds the corners itself.
    icon(180, rounded=False).save(OUT / "apple-touch-icon.png", optimize=True)
    icon(192, rounded=False).save(OUT / "icon-192.png", optimize=True)
    icon(512, rounded=False).save(OUT / "icon-512.png", optimize=True)
    share_image().save(OUT / "og-image.png", optimize=True)
