"""HTML to PDF bytes for printed forms, with fonts that cover Vietnamese.

WeasyPrint draws with whatever fontconfig resolves a family name to, and "Liberation Serif"
may resolve to Liberation 1 — which lacks most Vietnamese letters — when both generations
are installed. So the Liberation 2 files are declared by path under a private family name,
with DejaVu Serif (always on Debian) behind it. Rendering fetches nothing from the network:
callers pass finished HTML and embed images as ``data:`` URLs. No database here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from weasyprint import CSS, HTML, URLFetcher
from weasyprint.text.fonts import FontConfiguration

FAMILY = "Motcua Serif"
FONT_STACK = f'"{FAMILY}", "Liberation Serif", "DejaVu Serif", serif'
LIBERATION2_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),  # Debian, Ubuntu
    Path("/usr/share/fonts/liberation-serif-fonts"),  # Fedora
    Path("/usr/share/fonts/liberation-serif"),
)
FACES = (
    ("Regular", "normal", "normal"),
    ("Bold", "bold", "normal"),
    ("Italic", "normal", "italic"),
    ("BoldItalic", "bold", "italic"),
)


@cache
def font_css() -> str:
    """``@font-face`` rules for the Liberation 2 serif files found, and the font stack."""
    rules = []
    for folder in LIBERATION2_DIRS:
        files = [(folder / f"LiberationSerif-{face}.ttf", w, s) for face, w, s in FACES]
        if all(path.is_file() for path, _, _ in files):
            rules = [
                f'@font-face {{ font-family: "{FAMILY}"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {style}; }}"
                for path, weight, style in files
            ]
            break
    return "\n".join([*rules, f"html {{ font-family: {FONT_STACK}; }}"])


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render ``html`` (a whole document) as PDF bytes; only ``data:`` and ``file:`` URLs load."""
    fonts = FontConfiguration()
    fetcher = URLFetcher(allowed_protocols={"data", "file"})
    stylesheet = CSS(string=font_css(), font_config=fonts, url_fetcher=fetcher)
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    pdf = document.write_pdf(stylesheets=[stylesheet], font_config=fonts)
    assert pdf is not None  # no target given: the bytes are returned
    return pdf
