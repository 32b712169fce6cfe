"""Photo intake: accept JPEG, PNG and WebP by their content, make them safe and small, store by hash.

What a phone sends is untrusted bytes. We look at the bytes (not the name or the type the phone
claims), refuse decompression bombs, apply the EXIF orientation, downscale to at most 1600 px,
and re-encode as JPEG without any metadata, so GPS positions never reach the wall or the archive.
Files are named by the SHA-256 of what we wrote: the same photo is stored once, and the sync
can ask the archive which photos it lacks.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from netwerk.contributions import N_, ContributionError
from netwerk.disk import DiskFull, disk_full_raised
from netwerk.files import keep_once, write_atomically

__all__ = ["MAX_BYTES", "THUMB_SIDE", "PhotoStore", "safe_png", "sniff", "thumbnail_url"]

MAX_BYTES = 15 * 1024 * 1024
MAX_SIDE = 1600
THUMB_SIDE = 400  # a phone's list of cards needs no more: a tenth of the bytes
# A phone photo is 12-50 megapixels; anything far beyond is an attack, not a picture. A JPEG is
# decoded at 1/2, 1/4 or 1/8 of its size (``draft``), so even the largest costs some 20 MB; a PNG
# or WebP is decoded whole, 4 bytes a pixel and as much again to shrink it, so its limit is what a
# phone's screenshot or an exported photo needs and keeps one decode near 150 MB.
MAX_PIXELS = {"JPEG": 80_000_000, "PNG": 16_000_000, "WEBP": 16_000_000}
_NAME = re.compile(r"[0-9a-f]{64}\.jpg")
_SIGNATURES = {b"\xff\xd8\xff": "JPEG", b"\x89PNG\r\n\x1a\n": "PNG"}


def sniff(data: bytes) -> str | None:
    """Return JPEG, PNG or WEBP from the file's first bytes, or None for anything else."""
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    return None


def _opened(data: bytes) -> Image.Image:
    """Open a photo's header (nothing decoded yet), refusing what is no photo or has too many pixels."""
    if len(data) > MAX_BYTES:
        raise ContributionError(N_("That photo is larger than 15 MB."), status=413)
    kind = sniff(data)
    if kind is None:
        raise ContributionError(N_("Only photos (JPEG, PNG or WebP) can be added."), status=415)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=[kind])
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ContributionError(N_("That photo is far too large to show."), status=413) from error
    except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    if image.width * image.height > MAX_PIXELS[kind]:
        raise ContributionError(N_("That photo is far too large to show."), status=413)
    return image


def _unreadable() -> ContributionError:
    return ContributionError(N_("That photo could not be read; it may be damaged. Try another one."))


def _safe_jpeg(data: bytes) -> bytes:
    image = _opened(data)
    try:
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # JPEG decodes at a fraction of the size: much faster
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    image = ImageOps.exif_transpose(image)  # after shrinking: turning a full-size image would copy all of it
    if image.mode != "RGB":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.convert("RGBA").getchannel("A"))
        image = flat
    # Pillow writes back what it read into ``info`` (a JPEG comment, an ICC profile, XMP): drop it all, so
    # nothing but the pixels (and JFIF's own header) is written.
    image.info = {}
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85, optimize=True)
    return out.getvalue()


def safe_png(data: bytes, side: int) -> bytes:
    """Return an image (JPEG, PNG or WebP) as a PNG of at most ``side`` pixels, its transparency kept and nothing
    but its pixels written: a logo, which a white box around it would spoil."""
    image = _opened(data)
    try:
        image.draft("RGB", (side, side))  # a JPEG decodes at a fraction of its size; others ignore it
        image.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise _unreadable() from error
    image.thumbnail((side, side))
    image = ImageOps.exif_transpose(image).convert("RGBA")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


class PhotoStore:
    """The data folder's ``media/``: safe JPEGs named by their SHA-256."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "media"

    def check(self, data: bytes) -> None:
        """Refuse, from its size and header alone, a photo that ``add`` would refuse before decoding it."""
        _opened(data)

    def add(self, data: bytes) -> str:
        """Make ``data`` safe, store it once, and return its file name."""
        jpeg = _safe_jpeg(data)
        name = hashlib.sha256(jpeg).hexdigest() + ".jpg"
        keep_once(self.folder, name, jpeg)
        return name

    def remove(self, url: str) -> None:
        """Remove the file a contribution's photo URL (``/media/<name>``) names, if it is one of ours, and its
        thumbnail."""
        name = url.rsplit("/", 1)[-1]
        path = self.path(name)
        if path is not None:
            path.unlink(missing_ok=True)
            (self.folder / str(THUMB_SIDE) / name).unlink(missing_ok=True)

    def thumbnail(self, name: str) -> Path | None:
        """Return the small rendition of a stored photo, made the first time it is asked for (also for photos
        stored before thumbnails existed), or None for a name we never gave out. On a full disk the photo itself
        stands in: larger on the wire, but a phone's list still shows it."""
        photo = self.path(name)
        if photo is None:
            return None
        path = self.folder / str(THUMB_SIDE) / name
        if not path.exists():
            with Image.open(photo) as image:
                image.draft("RGB", (THUMB_SIDE, THUMB_SIDE))
                image.thumbnail((THUMB_SIDE, THUMB_SIDE))
                out = io.BytesIO()
                image.save(out, "JPEG", quality=75, optimize=True)
            try:
                with disk_full_raised():
                    path.parent.mkdir(exist_ok=True)
                write_atomically(path, out.getvalue())
            except DiskFull:
                return photo
        return path

    def path(self, name: str) -> Path | None:
        """Return the file for a stored photo's name, or None for a name we never gave out."""
        path = self.folder / name
        return path if _NAME.fullmatch(name) and path.is_file() else None


def thumbnail_url(url: str) -> str:
    """The address of a photo's small rendition: ``/media/<name>`` → ``/media/400/<name>``."""
    folder, name = url.rsplit("/", 1)
    return f"{folder}/{THUMB_SIDE}/{name}"
