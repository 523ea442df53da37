"""PAdES signatures on PDF files, through pyHanko: sign with a PKCS#12, check against roots.

An e-result has the legal value of paper only when the competent agency has signed it
digitally (Decree 45/2020 Art. 14), and anyone who receives it must be able to check it.
``sign_pdf`` adds a PAdES baseline signature (an incremental update, so the bytes signed
stay as they were) with the key and chain of a PKCS#12 archive. ``validate_pdf`` reads the
signatures back and judges the last one against the trust roots given: whether the bytes
are intact, whether the signer's chain leads to a root, who signed and when (as the signer
claims: there is no time-stamp authority yet), and pyHanko's one-line summary such as
``INTACT:TRUSTED,UNTOUCHED``.

Checks are offline by default (no CRL or OCSP fetching: government networks are often
closed); ``MOTCUA_SIGNATURE_FETCH_REVOCATION = True`` lets pyHanko fetch. ``trust_roots``
reads the root certificates listed in ``MOTCUA_TRUST_ROOTS`` (PEM or DER files). No
database here: callers add the roots they keep elsewhere.
"""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)
T = TypeVar("T")

UNSIGNED = "UNSIGNED"
UNREADABLE = "UNREADABLE"
INVALID = "INVALID"


class SigningFailed(Exception):
    """The PDF could not be signed: unreadable key material or a PDF pyHanko cannot update."""


@dataclass(frozen=True)
class SignatureCheck:
    """What validating a PDF's (last) signature found; ``summary`` is machine-readable."""

    signed: bool
    intact: bool = False  # the signed bytes are unchanged and the signature verifies
    valid: bool = False  # the cryptographic signature itself is correct
    trusted: bool = False  # the signer's chain leads to a trust root (and is in force)
    untouched: bool = False  # nothing was added after the signature
    signer: str = ""  # the certificate's common name
    signer_identifier: str = ""  # its UID attribute (an agency's electronic identifier)
    issuer: str = ""
    signed_at: datetime | None = None  # as the signer reports it
    signatures: int = 0
    summary: str = UNSIGNED

    @property
    def ok(self) -> bool:
        """Intact, trusted and untouched: an e-result that can be relied on."""
        return self.intact and self.trusted and self.untouched

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ok": self.ok}


def sign_pdf(
    pdf: bytes,
    *,
    pkcs12: bytes,
    passphrase: bytes | None,
    field_name: str = "Signature1",
    reason: str = "",
    location: str = "",
    name: str = "",
) -> bytes:
    """``pdf`` with a PAdES signature made with the key and chain inside ``pkcs12``."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, (), passphrase=passphrase)
    except ValueError as exc:
        raise SigningFailed(_("Không đọc được khóa ký số (PKCS#12 hoặc mật khẩu sai).")) from exc
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason or None,
        location=location or None,
        name=name or None,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        output = _off_loop(lambda: signers.sign_pdf(writer, metadata, signer=signer))
    except Exception as exc:  # any parse or signing failure of pyHanko: the PDF cannot be signed
        logger.warning("PDF signing failed: %s", exc)
        raise SigningFailed(_("Không ký số được tệp PDF này.")) from exc
    return bytes(output.getvalue())


def validate_pdf(pdf: bytes, *, trust_roots: Iterable[bytes]) -> SignatureCheck:
    """Judge the last signature of ``pdf`` against ``trust_roots`` (DER or PEM certificates)."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        found = list(reader.embedded_regular_signatures)
    except Exception:  # not a PDF pyHanko can read: nothing to judge
        return SignatureCheck(signed=False, summary=UNREADABLE)
    if not found:
        return SignatureCheck(signed=False, summary=UNSIGNED)
    roots = [asn1_x509.Certificate.load(_der(root)) for root in trust_roots]
    context = ValidationContext(
        trust_roots=roots,
        allow_fetching=bool(getattr(settings, "MOTCUA_SIGNATURE_FETCH_REVOCATION", False)),
    )
    try:
        status = _off_loop(lambda: validate_pdf_signature(found[-1], context))
    except Exception as exc:  # a damaged signature dictionary or CMS blob: not intact
        logger.info("PDF signature could not be validated: %s", exc)
        return SignatureCheck(signed=True, signatures=len(found), summary=INVALID)
    subject = status.signing_cert.subject.native
    return SignatureCheck(
        signed=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        untouched=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=str(subject.get("common_name", "")),
        signer_identifier=str(subject.get("user_id", "")),
        issuer=str(status.signing_cert.issuer.human_friendly),
        signed_at=status.signer_reported_dt,
        signatures=len(found),
        summary=status.summary(),
    )


def _off_loop(call: Callable[[], T]) -> T:
    """Run ``call`` where no event loop runs: pyHanko's synchronous API uses ``asyncio.run``,
    which refuses to start inside a running loop (an ASGI worker, a browser driver)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def _der(certificate: bytes) -> bytes:
    if certificate.lstrip().startswith(b"-----BEGIN"):
        loaded = x509.load_pem_x509_certificate(certificate)
        return loaded.public_bytes(serialization.Encoding.DER)
    return certificate


def read_certificates(path: Path) -> list[bytes]:
    """Every certificate in a PEM file (one or more) or a DER file, as DER bytes."""
    data = path.read_bytes()
    if b"-----BEGIN" in data:
        loaded = x509.load_pem_x509_certificates(data)
        return [c.public_bytes(serialization.Encoding.DER) for c in loaded]
    return [x509.load_der_x509_certificate(data).public_bytes(serialization.Encoding.DER)]


def trust_roots() -> list[bytes]:
    """The roots configured in ``MOTCUA_TRUST_ROOTS``: a list of paths, or one string of
    comma-separated paths. A path that cannot be read is a configuration error."""
    value = getattr(settings, "MOTCUA_TRUST_ROOTS", ())
    paths = value.split(",") if isinstance(value, str) else list(value)
    roots: list[bytes] = []
    for raw in paths:
        path = Path(str(raw).strip())
        if not str(raw).strip():
            continue
        try:
            roots.extend(read_certificates(path))
        except (OSError, ValueError) as exc:
            message = _("MOTCUA_TRUST_ROOTS: không đọc được chứng thư gốc %(path)s (%(error)s).")
            raise ImproperlyConfigured(message % {"path": path, "error": exc}) from exc
    return roots
