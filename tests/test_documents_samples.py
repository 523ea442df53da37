"""Real sample files for the document tests, built on the spot, and checks that they are real.

Every sample is made by the format's own writer (pypdf, Pillow, zipfile), so the tests
exercise the same parsers a real upload meets; the bad ones are real too: an encrypted
PDF, a cut-off PDF, a Windows executable and a web page renamed ``.pdf``, a zip bomb
dressed as a DOCX.
"""

from __future__ import annotations

import io
import zipfile

import pypdf
from PIL import Image

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/>'
    "</Relationships>"
)
BODY = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Đơn đề nghị cấp bản sao trích lục hộ tịch</w:t></w:r></w:p>"
    "</w:body></w:document>"
)


def pdf(pages: int = 1) -> bytes:
    writer = pypdf.PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("mat-khau")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def truncated_pdf() -> bytes:
    whole = pdf(3)
    return whole[: len(whole) * 2 // 3]


def image(fmt: str, size: tuple[int, int] = (640, 400), mode: str = "RGB") -> bytes:
    picture = Image.new(mode, size, 0 if mode == "1" else (30, 90, 160))
    out = io.BytesIO()
    picture.save(out, fmt)
    return out.getvalue()


def jpeg() -> bytes:
    return image("JPEG")


def png() -> bytes:
    return image("PNG")


def docx(extra: dict[str, bytes] | None = None, content_types: str = CONTENT_TYPES) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", RELS)
        archive.writestr("word/document.xml", BODY)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def zip_bomb_docx() -> bytes:
    """A DOCX with all its parts plus 64 MiB of zeros that deflate to a few dozen KiB."""
    return docx({"word/media/image1.png": bytes(64 * 1024 * 1024)})


def exe() -> bytes:
    return (
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff"
        + bytes(48)
        + b"PE\x00\x00"
        + bytes(200)
    )


def html() -> bytes:
    return b"<!DOCTYPE html><html><head><title>Don</title></head><body>Xin chao</body></html>"


def test_samples_are_what_they_claim():
    assert len(pypdf.PdfReader(io.BytesIO(pdf(2))).pages) == 2
    assert pypdf.PdfReader(io.BytesIO(encrypted_pdf())).is_encrypted
    assert Image.open(io.BytesIO(jpeg())).format == "JPEG"
    assert Image.open(io.BytesIO(png())).format == "PNG"
    with zipfile.ZipFile(io.BytesIO(docx())) as archive:
        assert {"[Content_Types].xml", "word/document.xml"} <= set(archive.namelist())


def test_zip_bomb_is_small_outside_and_huge_inside():
    bomb = zip_bomb_docx()
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        inflated = sum(entry.file_size for entry in archive.infolist())
    assert len(bomb) < 1024 * 1024 < 64 * 1024 * 1024 <= inflated
