"""QR codes of the check-in code, shown at the reception (PNG for mail, SVG for the page)."""

import io

import segno


def _qr(code: str):
    return segno.make(code, error="m", micro=False)


def qr_png(code: str) -> bytes:
    buffer = io.BytesIO()
    _qr(code).save(buffer, kind="png", scale=8, border=4)
    return buffer.getvalue()


def qr_svg_data_uri(code: str) -> str:
    """A data: URI, which the Content-Security-Policy allows for images (img-src data:)."""
    return _qr(code).svg_data_uri(scale=6, border=4)
