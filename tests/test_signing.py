"""PAdES signing and validation with pyHanko, on a real PDF with Vietnamese text.

The demo authority issues an agency certificate (``core.pki``); ``core.signing`` signs
with it and judges the result: intact, trusted and untouched against the right root; not
intact once a byte changes; not trusted against an unrelated root of the same name; not
untouched once something is appended. No database: the fixtures here (one PDF, one
authority, one agency archive per session) are shared with the result tests.
"""

from __future__ import annotations

import asyncio
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from motcua.core import pki, signing
from motcua.core.pdf import html_to_pdf

PASSPHRASE = b"mat-khau-p12-thu-nghiem"
AGENCY_NAME = "Sở Thử nghiệm"
AGENCY_ID = "H99.01"
SINCE = datetime(2025, 1, 1, tzinfo=UTC)  # before every frozen moment of the tests
RESULT_HTML = """<!doctype html><html lang="vi"><head><meta charset="utf-8"></head><body>
<h1>GIẤY PHÉP THỬ NGHIỆM</h1>
<p>Cấp cho ông Nguyễn Văn An, số định danh 001095001234.</p>
<p>Đặc điểm: được phép thực hiện hoạt động thử nghiệm tại tỉnh Thử.</p>
</body></html>"""


@pytest.fixture(scope="session", name="result_pdf")
def result_pdf_fixture() -> bytes:
    """A one-page result in Vietnamese, rendered once."""
    return html_to_pdf(RESULT_HTML)


@pytest.fixture(scope="session", name="authority")
def authority_fixture() -> pki.Authority:
    return pki.authority_create(not_before=SINCE)


@pytest.fixture(scope="session", name="archive")
def archive_fixture(authority: pki.Authority) -> bytes:
    """The test department's PKCS#12, issued by ``authority``."""
    return pki.certificate_issue(
        authority,
        common_name=AGENCY_NAME,
        identifier=AGENCY_ID,
        organisation="UBND tỉnh Thử",
        passphrase=PASSPHRASE,
        not_before=SINCE,
    )


@pytest.fixture(scope="session", name="signed")
def signed_fixture(result_pdf: bytes, archive: bytes) -> bytes:
    return signing.sign_pdf(
        result_pdf,
        pkcs12=archive,
        passphrase=PASSPHRASE,
        reason="Ký số kết quả giải quyết hồ sơ",
        location=AGENCY_NAME,
    )


def roots_of(authority: pki.Authority) -> list[bytes]:
    return [authority.certificate_pem()]


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_signed_result_is_intact_trusted_and_untouched(signed, result_pdf, authority):
    check = signing.validate_pdf(signed, trust_roots=roots_of(authority))
    print(check.summary, check.signer, check.signer_identifier, check.signed_at)
    assert check.summary == "INTACT:TRUSTED,UNTOUCHED"
    assert check.signed and check.intact and check.valid and check.trusted and check.untouched
    assert check.ok and check.signatures == 1
    assert (check.signer, check.signer_identifier) == (AGENCY_NAME, AGENCY_ID)
    assert "motcua Demo CA" in check.issuer
    assert check.signed_at is not None and check.signed_at.tzinfo is not None
    assert abs(check.signed_at - datetime.now(UTC)) < timedelta(minutes=10)
    # an incremental update: the bytes signed are the original ones, the text still Vietnamese
    assert signed.startswith(result_pdf)
    assert "GIẤY PHÉP THỬ NGHIỆM" in text_of(signed)
    assert "Nguyễn Văn An" in text_of(signed)


def test_a_changed_byte_breaks_the_signature(signed, result_pdf, authority):
    tampered = bytearray(signed)
    tampered[len(result_pdf) // 2] ^= 0x01  # inside the signed range
    check = signing.validate_pdf(bytes(tampered), trust_roots=roots_of(authority))
    assert check.signed and not check.intact and not check.ok
    assert check.summary == signing.INVALID


def test_an_unrelated_root_of_the_same_name_is_not_trusted(signed):
    impostor = pki.authority_create(not_before=SINCE)  # same name "motcua Demo CA", other key
    check = signing.validate_pdf(signed, trust_roots=roots_of(impostor))
    assert check.intact and check.untouched and not check.trusted and not check.ok
    assert check.summary == "INTACT:UNTRUSTED,UNTOUCHED"
    assert not signing.validate_pdf(signed, trust_roots=[]).trusted


def test_something_appended_after_signing_is_reported(signed, authority):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    check = signing.validate_pdf(appended.getvalue(), trust_roots=roots_of(authority))
    assert check.intact and check.trusted and not check.untouched and not check.ok
    assert "UNTOUCHED" not in check.summary


def test_unsigned_and_unreadable_files(result_pdf, authority):
    unsigned = signing.validate_pdf(result_pdf, trust_roots=roots_of(authority))
    assert (unsigned.signed, unsigned.summary, unsigned.ok) == (False, "UNSIGNED", False)
    garbage = signing.validate_pdf(b"not a pdf at all", trust_roots=roots_of(authority))
    assert (garbage.signed, garbage.summary) == (False, "UNREADABLE")


def test_signing_refuses_a_wrong_passphrase_and_a_file_that_is_not_a_pdf(result_pdf, archive):
    with pytest.raises(signing.SigningFailed):
        signing.sign_pdf(result_pdf, pkcs12=archive, passphrase=b"sai")
    with pytest.raises(signing.SigningFailed):
        signing.sign_pdf(b"%PDF-1.7 broken", pkcs12=archive, passphrase=PASSPHRASE)


def test_the_archive_names_the_agency_and_its_validity(archive, authority):
    info = pki.pkcs12_inspect(archive, PASSPHRASE)
    assert (info.common_name, info.identifier) == (AGENCY_NAME, AGENCY_ID)
    assert "motcua Demo CA" in info.issuer
    assert info.valid_from == SINCE and info.valid_to == SINCE + timedelta(days=730)
    assert len(info.fingerprint) == 64 and info.pem.startswith("-----BEGIN CERTIFICATE-----")
    with pytest.raises(pki.PkiError):
        pki.pkcs12_inspect(archive, b"sai")
    with pytest.raises(pki.PkiError):
        pki.certificate_load(b"not a certificate")
    again = pki.authority_load(authority.certificate_pem(), authority.key_pem())
    assert again.certificate == authority.certificate


def test_rsa_material_signs_too(result_pdf):
    root = pki.authority_create(key_type="rsa")
    archive = pki.certificate_issue(
        root, common_name="UBND xã Thử", identifier="H99.101", passphrase=b"x", key_type="rsa"
    )
    signed = signing.sign_pdf(result_pdf, pkcs12=archive, passphrase=b"x")
    assert signing.validate_pdf(signed, trust_roots=roots_of(root)).ok


def test_trust_roots_come_from_the_files_the_setting_lists(settings, tmp_path: Path, authority):
    other = pki.authority_create()
    both = tmp_path / "roots.pem"
    both.write_bytes(authority.certificate_pem() + other.certificate_pem())
    der = tmp_path / "root.cer"
    der.write_bytes(authority.certificate.public_bytes(Encoding.DER))
    settings.MOTCUA_TRUST_ROOTS = [str(both), str(der)]
    assert len(signing.trust_roots()) == 3
    settings.MOTCUA_TRUST_ROOTS = f"{both}, "
    assert len(signing.trust_roots()) == 2
    settings.MOTCUA_TRUST_ROOTS = [str(tmp_path / "missing.pem")]
    with pytest.raises(ImproperlyConfigured, match=r"missing\.pem"):
        signing.trust_roots()
    del settings.MOTCUA_TRUST_ROOTS
    assert signing.trust_roots() == []


def test_signing_and_validating_work_inside_a_running_event_loop(result_pdf, archive, authority):
    """pyHanko's synchronous calls start their own loop; an ASGI worker already runs one."""

    async def inside() -> signing.SignatureCheck:
        signed = signing.sign_pdf(result_pdf, pkcs12=archive, passphrase=PASSPHRASE)
        return signing.validate_pdf(signed, trust_roots=roots_of(authority))

    with ThreadPoolExecutor(max_workers=1) as pool:  # a thread of its own: a loop may run here
        assert pool.submit(asyncio.run, inside()).result().summary == "INTACT:TRUSTED,UNTOUCHED"
