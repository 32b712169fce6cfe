"""QR codes: sharp on a projector (SVG) and readable in a terminal (text), for the kiosk's address and a token."""

from __future__ import annotations

import io

import qrcode
import qrcode.image.svg

__all__ = ["qr_svg", "qr_terminal"]


def _code(data: str) -> qrcode.QRCode:
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M)
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_svg(data: str) -> bytes:
    """Draw ``data`` as a QR code in SVG, which stays sharp at projector size."""
    image = _code(data).make_image(image_factory=qrcode.image.svg.SvgPathImage)
    return image.to_string(encoding="utf-8")


def qr_terminal(data: str) -> str:
    """Draw ``data`` as a QR code in text, for the terminal that starts the kiosk."""
    out = io.StringIO()
    _code(data).print_ascii(out=out, invert=True)
    return out.getvalue()
