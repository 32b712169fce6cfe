"""Photos made on the spot for the tests: ordinary ones, with GPS and rotation, and hostile ones."""

from __future__ import annotations

import io

from PIL import Image, ImageChops

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg(width: int = 800, height: int = 600, colour: str = "tomato", gps: bool = False, rotate: bool = False) -> bytes:
    image = Image.new("RGB", (width, height), colour)
    exif = Image.Exif()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (52.0, 22.0, 12.5), 3: "E", 4: (4.0, 53.0, 3.1)}
    if rotate:
        exif[ORIENTATION] = 6  # the camera was held upright: turn 90 degrees on display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def camera_photo() -> bytes:
    """A photo as a phone camera saves it: 4032×3024, 3.1 MB, held upright (EXIF orientation 6). Smooth shapes
    under a sensor's fine grain, so that, like a real one, it shrinks to some 250 KB at 1,600 px."""
    width, height = 4032, 3024
    shapes = Image.effect_noise((width // 16, height // 16), 60).resize((width, height), Image.BICUBIC)
    light = Image.linear_gradient("L").resize((width, height))
    grain = Image.effect_noise((width, height), 10)
    bands = [ImageChops.add(band, grain, scale=2.0) for band in (shapes, light, Image.blend(shapes, light, 0.5))]
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    out = io.BytesIO()
    Image.merge("RGB", bands).save(out, "JPEG", quality=88, exif=exif.tobytes())
    return out.getvalue()


def phone_photo() -> bytes:
    """A camera photo as the phone sends it: shrunk to 1,600 px on the phone, some 330 KB."""
    image = Image.open(io.BytesIO(camera_photo()))
    image.thumbnail((1600, 1600))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def encoded(fmt: str, size: tuple[int, int] = (300, 200), mode: str = "RGBA") -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, (20, 120, 90, 128) if mode == "RGBA" else 0).save(out, fmt)
    return out.getvalue()


def bomb() -> bytes:
    """A small PNG that decodes to 400 megapixels."""
    return encoded("PNG", (20_000, 20_000), mode="1")
