"""A printed exhibition as Chromium prints it: the pages its preview promised, and which texts the PDF does not hold
whole on one page (measured on the PDF's own text, so a card cut by the sheet's edge or split over two pages shows)."""

from __future__ import annotations

import io
import unicodedata

from playwright.sync_api import Page, expect
from pypdf import PdfReader


def printed(page: Page) -> tuple[int, PdfReader]:
    """Wait until the sheets are laid out; return the pages the preview says and the PDF Chromium prints."""
    expect(page.locator("body")).to_have_attribute("data-fitted", "true", timeout=60_000)
    promised = int(page.locator("body").get_attribute("data-pages"))
    return promised, PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))


def _squashed(text: str) -> str:
    # Line breaks and ligatures are the printer's: compare the letters only.
    return "".join(unicodedata.normalize("NFKC", text).split())


def not_whole(pdf: PdfReader, texts: list[str]) -> list[str]:
    """Return the texts that no page of the PDF holds whole."""
    pages = [_squashed(sheet.extract_text()) for sheet in pdf.pages]
    return [text for text in texts if not any(_squashed(text) in page for page in pages)]
