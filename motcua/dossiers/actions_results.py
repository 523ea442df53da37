"""What attaching and signing a dossier's result do, besides recording the event.

The handlers of the state table's ``attach_result`` (the handling official puts the draft
result on the dossier) and ``sign_result`` (the leader signs it with the agency's
certificate), run by ``services.dossier_act`` on the locked dossier like every other
handler (see ``actions``). Signing happens inside that transaction: the signed PDF is
stored as a new result ``Document`` owned by the applicant — it lands in their data
warehouse — and the dossier points at it with ``e_result_issued`` set, or nothing happens.

Conditions that depend on the result rather than on the dossier's state (a draft must be
attached; a signed result is final; the agency needs a certificate in force) are refused
here with ``IllegalTransition`` (409), as a guard would refuse them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from motcua.agencies.certificate_models import KeyUnavailable, SigningCertificate
from motcua.core import crypto, signing
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import DocumentCorrupted, document_open, document_store
from motcua.dossiers.errors import IllegalTransition, InvalidInput
from motcua.dossiers.sniffing import PDF
from motcua.dossiers.states import actions_from

if TYPE_CHECKING:
    from motcua.dossiers.actions import Context

SIGNATURE_FIELD = "KetQuaGiaiQuyet"


def _refuse(ctx: Context, message: str) -> IllegalTransition:
    return IllegalTransition(message, allowed=actions_from(ctx.dossier.status))


def _draft(ctx: Context) -> Document:
    """The PDF named by ``fields["document"]``, uploaded by the official acting."""
    raw = ctx.fields.get("document")
    if not isinstance(raw, int) or isinstance(raw, bool) or raw < 1:
        raise InvalidInput(_("Cần chọn tệp PDF dự thảo kết quả (mã tài liệu)."), field="document")
    document = Document.objects.filter(pk=raw).first()
    if document is None or ctx.by is None or document.uploaded_by_id != ctx.by.pk:
        raise InvalidInput(_("Không tìm thấy tài liệu đã tải lên."), field="document")
    if document.content_type != PDF or document.encrypted:
        raise InvalidInput(_("Dự thảo kết quả phải là tệp PDF."), field="document")
    return document


def attach_result(ctx: Context) -> dict[str, Any]:
    dossier = ctx.dossier
    if dossier.e_result_issued:
        raise _refuse(ctx, _("Kết quả đã được ký số; không thể thay dự thảo."))
    document = _draft(ctx)
    replaced = dossier.result_document_id
    dossier.result_document = document
    return {
        "document": document.pk,
        "name": document.original_name,
        "sha256": document.sha256,
        "replaced": replaced,
        "note": ctx.text("note", required=False),
    }


def _certificate(ctx: Context) -> SigningCertificate:
    agency = ctx.dossier.agency
    certificate = SigningCertificate.objects.usable(agency.pk, ctx.now).first()
    if certificate is None:
        message = _("Cơ quan %s chưa có chứng thư số còn hiệu lực để ký kết quả.")
        raise _refuse(ctx, message % agency.e_identifier)
    return certificate


def _signed_bytes(ctx: Context, draft: Document, certificate: SigningCertificate) -> bytes:
    dossier = ctx.dossier
    try:
        pdf = document_open(draft)
        archive, passphrase = certificate.key_material()
        return signing.sign_pdf(
            pdf,
            pkcs12=archive,
            passphrase=passphrase,
            field_name=SIGNATURE_FIELD,
            reason=_("Ký số kết quả giải quyết hồ sơ %s") % dossier.code,
            location=dossier.agency.name,
            name=dossier.agency.name,
        )
    except (DocumentCorrupted, KeyUnavailable, crypto.DecryptionFailed) as exc:
        raise _refuse(ctx, str(exc)) from exc
    except signing.SigningFailed as exc:
        raise _refuse(ctx, str(exc)) from exc


def sign_result(ctx: Context) -> dict[str, Any]:
    dossier = ctx.dossier
    if dossier.e_result_issued:
        raise _refuse(ctx, _("Kết quả của hồ sơ đã được ký số."))
    draft = dossier.result_document
    if draft is None:
        message = _("Chưa có dự thảo kết quả để ký: chuyên viên xử lý cần đính kèm trước.")
        raise _refuse(ctx, message)
    certificate = _certificate(ctx)
    signed = document_store(
        file=_signed_bytes(ctx, draft, certificate),
        name=f"KQ-{dossier.code}.pdf",
        kind=Document.Kind.RESULT,
        uploaded_by=ctx.by,
        owner=dossier.applicant,
    )
    dossier.result_document = signed
    dossier.e_result_issued = True
    return {
        "document": signed.pk,
        "draft": draft.pk,
        "sha256": signed.sha256,
        "code": dossier.code,
        "certificate": certificate.fingerprint,
        "signer": certificate.subject,
    }
