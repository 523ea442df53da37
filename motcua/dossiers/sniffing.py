"""Decide what an uploaded file really is, from its bytes, and refuse anything else.

A dossier accepts PDF, JPEG, PNG and DOCX only. The file name and the client's
Content-Type are claims; the content decides: magic numbers (``filetype``), then a parse
with the format's own reader — ``pypdf`` for PDF (page count; encrypted or broken files
refused), Pillow for images (truncated or corrupt files and decompression bombs refused),
``zipfile`` for DOCX (required parts present, no macros, and zip-bomb limits checked before
anything is inflated). Every refusal is a ``RejectedFile`` with a Vietnamese message that
names the problem. Pure functions: no database, no storage.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

import filetype
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EXTENSIONS = {PDF: ".pdf", JPEG: ".jpg", PNG: ".png", DOCX: ".docx"}

# DOCX is a zip: limits checked on the central directory before anything is inflated.
DOCX_MAX_ENTRIES = 1000
DOCX_MAX_UNCOMPRESSED = 256 * 1024 * 1024
DOCX_MAX_RATIO = 100  # uncompressed / compressed, for entries larger than 1 MiB
_RATIO_FLOOR = 1024 * 1024
_CONTENT_TYPES_MAX = 1024 * 1024
_CONTENT_TYPES = "[Content_Types].xml"
_BODY = "word/document.xml"
_DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"

# Names for what people most often send by mistake; anything else is shown as its MIME type.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<?xml")


class RejectedFile(ValueError):
    """A file the system will not keep; ``reason`` is a stable code, ``message`` Vietnamese."""

    def __init__(self, message: str, *, reason: str):
        super().__init__(message)
        self.message = message
        self.reason = reason


@dataclass(frozen=True)
class Sniffed:
    content_type: str
    extension: str
    pages: int | None


def sniff(data: bytes) -> Sniffed:
    """Return the verified type of ``data`` (with its page count when it has pages)."""
    if not data:
        raise RejectedFile(_("Tệp rỗng (0 byte)."), reason="empty")
    detected = _detect(data)
    if detected == PDF:
        return Sniffed(PDF, EXTENSIONS[PDF], _pdf_pages(data))
    if detected in (JPEG, PNG):
        _check_image(data, "JPEG" if detected == JPEG else "PNG")
        return Sniffed(detected, EXTENSIONS[detected], 1)
    if detected in ("application/zip", DOCX):
        _check_docx(data)
        return Sniffed(DOCX, EXTENSIONS[DOCX], None)
    message = _("Tệp không phải PDF, JPEG, PNG hoặc DOCX (nội dung nhận diện: %(what)s).")
    raise RejectedFile(message % {"what": _describe(data, detected)}, reason="type")


def _detect(data: bytes) -> str | None:
    kind = filetype.guess(data[:8192])
    return str(kind.mime) if kind is not None else None


def _describe(data: bytes, detected: str | None) -> str:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data[:2] == b"MZ":
        return _("chương trình Windows (EXE/DLL)")
    if data[:8] == _OLE:
        return _("tệp Office cũ (.doc, .xls) hoặc tệp Office đã đặt mật khẩu")
    if detected in ("image/heic", "image/heif"):
        return _("ảnh HEIC của iPhone; hãy chụp ở định dạng JPEG hoặc chuyển sang JPEG")
    if detected:
        return detected
    if head.startswith(_HTML_STARTS):
        return _("trang HTML/XML")
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return _("không xác định")
    return _("văn bản thuần")


def _broken_pdf() -> RejectedFile:
    message = _("Tệp PDF bị hỏng hoặc không trọn vẹn (có thể tải lên bị ngắt); vui lòng gửi lại.")
    return RejectedFile(message, reason="broken")


def _pdf_pages(data: bytes) -> int:
    # ISO 32000: the last line is %%EOF; its absence means a cut-off upload.
    if b"%%EOF" not in data.rstrip(b"\x00\t\n\x0c\r ")[-1024:]:
        raise _broken_pdf()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        encrypted = reader.is_encrypted
        # Counting flattens the page tree: every page object is found and parsed.
        pages = 0 if encrypted else len(reader.pages)
    except Exception as exc:  # a hostile file can break the parser in any way
        raise _broken_pdf() from exc
    if encrypted:
        message = _(
            "Tệp PDF đã được đặt mật khẩu hoặc mã hóa; vui lòng gửi bản không đặt mật khẩu."
        )
        raise RejectedFile(message, reason="encrypted")
    if pages < 1:
        raise RejectedFile(_("Tệp PDF không có trang nào."), reason="broken")
    return pages


def _check_image(data: bytes, expected: str) -> None:
    # Pillow's own bomb limit; over it Pillow warns (or, at twice it, raises) on open.
    limit = Image.MAX_IMAGE_PIXELS or 0
    try:
        with Image.open(io.BytesIO(data), formats=[expected]) as image:
            width, height = image.size
            if limit and width * height > limit:
                raise Image.DecompressionBombError(f"{width}x{height}")
            image.verify()  # structure and checksums
        with Image.open(io.BytesIO(data), formats=[expected]) as image:
            if expected == "JPEG":  # decode at 1/8 scale: every byte read, little memory
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
        if expected == "JPEG" and not data.rstrip(b"\x00").endswith(b"\xff\xd9"):
            # Pillow pads a cut-off JPEG silently when another library has switched on
            # ImageFile.LOAD_TRUNCATED_IMAGES; a whole JPEG ends with the EOI marker.
            raise ValueError("JPEG without its end-of-image marker")
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        message = _("Ảnh quá lớn (vượt quá %(limit)s điểm ảnh); vui lòng giảm độ phân giải.")
        shown = f"{limit:,}".replace(",", ".")
        raise RejectedFile(message % {"limit": shown}, reason="bomb") from exc
    except Exception as exc:  # truncated, corrupt or otherwise unreadable
        message = _("Ảnh %(format)s bị hỏng hoặc không trọn vẹn; vui lòng chụp hoặc quét lại.")
        raise RejectedFile(message % {"format": expected}, reason="broken") from exc


def _zip_bomb() -> RejectedFile:
    message = _(
        "Tệp DOCX có cấu trúc nén bất thường (quá nhiều thành phần hoặc tỷ lệ nén quá cao) "
        "nên không được chấp nhận."
    )
    return RejectedFile(message, reason="bomb")


def _not_docx(why: str) -> RejectedFile:
    message = _("Tệp không phải DOCX hợp lệ: %(why)s.")
    return RejectedFile(message % {"why": why}, reason="type")


def _check_docx(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_zip_limits(archive.infolist())
            names = set(archive.namelist())
            if _CONTENT_TYPES not in names or _BODY not in names:
                raise _not_docx(_("thiếu [Content_Types].xml hoặc word/document.xml"))
            with archive.open(_CONTENT_TYPES) as part:
                content_types = part.read(_CONTENT_TYPES_MAX)
            if b"vbaProject" in content_types or any(n.endswith("vbaProject.bin") for n in names):
                raise _not_docx(_("tệp chứa macro"))
            if _DOCX_MAIN not in content_types:
                raise _not_docx(_("không phải văn bản Word (có thể là Excel, PowerPoint)"))
            if archive.testzip() is not None:  # inflate all, bounded by the checked sizes
                raise zipfile.BadZipFile
    except RejectedFile:
        raise
    except Exception as exc:  # bad zip, bad CRC, unsupported compression, ...
        raise _not_docx(_("tệp nén bị hỏng")) from exc


def _check_zip_limits(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > DOCX_MAX_ENTRIES:
        raise _zip_bomb()
    if sum(entry.file_size for entry in entries) > DOCX_MAX_UNCOMPRESSED:
        raise _zip_bomb()
    for entry in entries:
        if entry.flag_bits & 0x1:
            raise _not_docx(_("tệp đã đặt mật khẩu"))
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_FLOOR and ratio > DOCX_MAX_RATIO:
            raise _zip_bomb()
