"""The home-screen icons, drawn at build time with Pillow: a teal square with a white milepost.

No image files are kept in the repository: each size is drawn from the same few shapes,
so the icons stay sharp at every size and change with one edit here. The "maskable"
icon keeps the post inside the safe zone (the middle 80%) that phones crop to a circle.
"""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

TEAL = "#00695c"
WHITE = "#ffffff"
SIZES = {"icons/icon-192.png": (192, False), "icons/icon-512.png": (512, False), "icons/icon-maskable-512.png": (512, True)}
APPLE_ICON = "icons/apple-touch-icon.png"  # 180 px, what iOS puts on the home screen


def draw_icon(size: int, maskable: bool = False) -> bytes:
    """A PNG of `size` pixels: a milepost (a post with a rounded top and a band) on teal."""
    image = Image.new("RGB", (size, size), TEAL)
    draw = ImageDraw.Draw(image)
    scale = size * (0.62 if maskable else 0.8) / 100  # the post is drawn on a 100-unit grid, centred
    left, top = (size - 100 * scale) / 2, (size - 100 * scale) / 2

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (left + x0 * scale, top + y0 * scale, left + x1 * scale, top + y1 * scale)

    draw.rounded_rectangle(box(30, 6, 70, 88), radius=20 * scale, fill=WHITE)  # the post
    draw.rectangle(box(30, 80, 70, 94), fill=WHITE)  # square foot
    draw.rectangle(box(30, 36, 70, 46), fill=TEAL)  # the band a milepost is painted with
    draw.rectangle(box(18, 92, 82, 98), fill=WHITE)  # the ground
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def icon_files() -> dict[str, bytes]:
    """Every icon the manifest and the pages name, by its path in the site."""
    files = {path: draw_icon(size, maskable) for path, (size, maskable) in SIZES.items()}
    files[APPLE_ICON] = draw_icon(180)
    return files
