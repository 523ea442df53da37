"""A small certificate authority for demonstrations and tests, built on ``cryptography``.

Agencies sign e-results with certificates from a real provider (in Vietnam, the
Government's specialised CA or a licensed public CA). A demo installation and the test
suite have none, so this module makes the same kind of material locally: a self-signed
root ("motcua Demo CA") and, under it, one signing certificate per agency, handed out as
PKCS#12 bytes exactly as a provider would deliver them. It also reads a PKCS#12 archive
(from a provider or from here) into the facts an administrator needs to see.

Pure functions over bytes: no database, no files, no settings. Keys are EC P-256 by
default (fast); RSA 2048 is available for material that should look like the providers'.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_CA_NAME = "motcua Demo CA"
KeyType = Literal["ec", "rsa"]
PrivateKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey

# Document signing (id-kp-documentSigning, RFC 9336) and e-mail protection: what readers
# such as Acrobat accept on a signer's certificate besides the key usages.
_DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")
_BACKDATE = timedelta(hours=1)  # tolerate clocks a little behind


class PkiError(ValueError):
    """Key material that cannot be read (wrong passphrase, not PKCS#12, no key or cert)."""


@dataclass(frozen=True)
class Authority:
    """A certificate authority: its self-signed certificate and its private key."""

    certificate: x509.Certificate
    key: PrivateKey

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def key_pem(self) -> bytes:
        """The private key as unencrypted PKCS#8 PEM: encrypt it before it is stored."""
        return self.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )


@dataclass(frozen=True)
class CertificateInfo:
    """What an administrator checks about a certificate before an agency signs with it."""

    subject: str
    common_name: str
    identifier: str  # the UID attribute: here, the agency's electronic identifier
    issuer: str
    serial_number: str  # hexadecimal
    fingerprint: str  # SHA-256 of the DER encoding, hexadecimal
    valid_from: datetime
    valid_to: datetime
    pem: str


def _new_key(key_type: KeyType) -> PrivateKey:
    if key_type == "rsa":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return ec.generate_private_key(ec.SECP256R1())


def _name(common_name: str, organisation: str, identifier: str = "") -> x509.Name:
    parts = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation[:64]),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
    ]
    if identifier:
        parts.append(x509.NameAttribute(NameOID.USER_ID, identifier))
    return x509.Name(parts)


def _usage(*, signer: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=signer,
        content_commitment=signer,  # non-repudiation: what signature validators require
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=not signer,
        crl_sign=not signer,
        encipher_only=False,
        decipher_only=False,
    )


def authority_create(
    *,
    name: str = DEMO_CA_NAME,
    days: int = 3650,
    key_type: KeyType = "ec",
    not_before: datetime | None = None,
) -> Authority:
    """A new self-signed root that may issue end-entity certificates only."""
    key = _new_key(key_type)
    subject = _name(name, "motcua")
    start = not_before or datetime.now(UTC) - _BACKDATE
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signer=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Authority(certificate, key)


def authority_load(certificate_pem: bytes, key_pem: bytes) -> Authority:
    """An authority from its PEM certificate and unencrypted PKCS#8 PEM key."""
    key = serialization.load_pem_private_key(key_pem, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise PkiError("unsupported key type")
    return Authority(x509.load_pem_x509_certificate(certificate_pem), key)


def certificate_issue(
    authority: Authority,
    *,
    common_name: str,
    identifier: str,
    organisation: str = "",
    passphrase: bytes,
    days: int = 730,
    key_type: KeyType = "ec",
    not_before: datetime | None = None,
) -> bytes:
    """A signing certificate for ``common_name`` under ``authority``, as PKCS#12 bytes.

    The archive holds the new key, its certificate and the authority's certificate (so a
    signature carries its whole chain), encrypted with ``passphrase``.
    """
    key = _new_key(key_type)
    start = not_before or datetime.now(UTC) - _BACKDATE
    issuer_key = authority.key.public_key()
    certificate = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation or common_name, identifier))
        .issuer_name(authority.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(signer=True), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([_DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key), critical=False
        )
        .sign(authority.key, hashes.SHA256())
    )
    return pkcs12.serialize_key_and_certificates(
        name=identifier.encode(),
        key=key,
        cert=certificate,
        cas=[authority.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(passphrase),
    )


def pkcs12_inspect(data: bytes, passphrase: bytes | None) -> CertificateInfo:
    """The signing certificate inside a PKCS#12 archive; ``PkiError`` if it cannot be used."""
    try:
        key, certificate, _others = pkcs12.load_key_and_certificates(data, passphrase)
    except (ValueError, TypeError) as exc:
        raise PkiError(str(exc)) from exc
    if key is None or certificate is None:
        raise PkiError("no private key or certificate in the archive")
    return certificate_info(certificate)


def certificate_info(certificate: x509.Certificate) -> CertificateInfo:
    der = certificate.public_bytes(serialization.Encoding.DER)
    return CertificateInfo(
        subject=certificate.subject.rfc4514_string(),
        common_name=_attribute(certificate.subject, NameOID.COMMON_NAME),
        identifier=_attribute(certificate.subject, NameOID.USER_ID),
        issuer=certificate.issuer.rfc4514_string(),
        serial_number=format(certificate.serial_number, "x"),
        fingerprint=hashlib.sha256(der).hexdigest(),
        valid_from=certificate.not_valid_before_utc,
        valid_to=certificate.not_valid_after_utc,
        pem=certificate.public_bytes(serialization.Encoding.PEM).decode("ascii"),
    )


def certificate_load(data: bytes) -> x509.Certificate:
    """A certificate from PEM or DER bytes; ``PkiError`` if it is neither."""
    try:
        if data.lstrip().startswith(b"-----BEGIN"):
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as exc:
        raise PkiError(str(exc)) from exc


def _attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""
