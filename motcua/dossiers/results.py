"""A dossier's result: the draft the handling official provides, the e-result the leader signs.

Writes go through the one door: ``result_attach`` and ``result_sign`` are the state table's
``attach_result`` and ``sign_result`` (handlers in ``actions_results``), so each is
checked against the table, locked, and recorded as an event. Around them:

- ``result_upload`` keeps an uploaded PDF as the draft and attaches it, in one transaction
  (a refusal leaves neither row nor file behind);
- ``result_generate`` renders a plain draft from the dossier (``core.pdf``, fonts that
  cover Vietnamese) when the official has no file of their own;
- ``result_read`` validates a stored result against the trust roots (the certificate
  authorities marked trusted, then ``MOTCUA_TRUST_ROOTS``).

The e-result is the applicant's document (``owner``), identified by the dossier code:
``KQ-<dossier code>.pdf``. How it is handed over (desk, post, online) is recorded by
``return_result``. Finishing does not require a signed result: paper results are still
lawful, and the choice of delivery may change at the desk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template import engines
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.agencies.certificate_models import trust_roots
from motcua.core import signing
from motcua.core.pdf import html_to_pdf
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import document_open, document_store
from motcua.dossiers.errors import InvalidInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import actions_for
from motcua.dossiers.services import dossier_act
from motcua.dossiers.sniffing import PDF

if TYPE_CHECKING:
    from motcua.core.models import User

BytesLike = bytes | bytearray | memoryview


@transaction.atomic
def result_attach(
    *, dossier: Dossier, by: User, document: Document, revision: int | None = None
) -> Dossier:
    """Put ``document`` (a PDF ``by`` uploaded) on ``dossier`` as its draft result."""
    return dossier_act(
        dossier=dossier,
        action="attach_result",
        by=by,
        fields={"document": document.pk},
        revision=revision,
    )


@transaction.atomic
def result_sign(*, dossier: Dossier, by: User, revision: int | None = None) -> Dossier:
    """Sign the draft with the agency's certificate: the applicant's e-result is issued."""
    return dossier_act(dossier=dossier, action="sign_result", by=by, revision=revision)


def _may_attach(dossier: Dossier, by: User) -> None:
    """Refuse before storing or rendering anything, as the table would (403 or 409)."""
    if "attach_result" not in actions_for(by, dossier):
        # The door refuses (Forbidden, IllegalTransition) before the handler runs; had the
        # dossier changed meanwhile, the handler refuses the missing document.
        dossier_act(dossier=dossier, action="attach_result", by=by)


@transaction.atomic
def result_upload(
    *,
    dossier: Dossier,
    by: User,
    file: UploadedFile | BytesLike,
    name: str | None = None,
    revision: int | None = None,
) -> Dossier:
    """Keep ``file`` as the draft result of ``dossier`` and attach it.

    ``RejectedFile`` for content the store refuses; ``InvalidInput`` (field ``file``) for
    anything but a PDF.
    """
    _may_attach(dossier, by)
    document = document_store(file=file, name=name, kind=Document.Kind.RESULT, uploaded_by=by)
    try:
        if document.content_type != PDF:
            raise InvalidInput(_("Dự thảo kết quả phải là tệp PDF."), field="file")
        return result_attach(dossier=dossier, by=by, document=document, revision=revision)
    except BaseException:
        document.file.delete(save=False)  # the row goes with the transaction
        raise


@transaction.atomic
def result_generate(*, dossier: Dossier, by: User, revision: int | None = None) -> Dossier:
    """Render the standard draft result of ``dossier`` and attach it."""
    _may_attach(dossier, by)
    pdf = result_render(dossier)
    return result_upload(
        dossier=dossier, by=by, file=pdf, name=f"Du-thao-KQ-{dossier.code}.pdf", revision=revision
    )


def result_read(document: Document) -> tuple[bytes, signing.SignatureCheck]:
    """A stored result's bytes and their validation against the installation's trust roots.

    ``DocumentCorrupted`` when the stored bytes no longer match their SHA-256.
    """
    data = document_open(document)
    return data, signing.validate_pdf(data, trust_roots=trust_roots())


def result_visible(dossier: Dossier, user: User) -> Document | None:
    """The result ``user`` may download: the applicant only once it is signed."""
    if dossier.result_document_id is None:
        return None
    if dossier.applicant.user_id == user.pk and not dossier.e_result_issued:
        return None  # a draft is the agency's working paper
    return dossier.result_document


_DRAFT = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 20mm 20mm 20mm 30mm; }
body { font-size: 13pt; }
table.head { width: 100%; text-align: center; font-size: 12pt; }
h1 { text-align: center; font-size: 15pt; margin-top: 14mm; }
dl { margin: 8mm 0; } dt { font-weight: bold; margin-top: 3mm; } dd { margin-left: 0; }
.sign { margin-left: 55%; text-align: center; margin-top: 16mm; }
</style></head><body>
<table class="head"><tr>
<td>{{ parent|upper }}<br><b>{{ agency|upper }}</b></td>
<td><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b><br><b>Độc lập - Tự do - Hạnh phúc</b></td>
</tr></table>
<h1>{{ title|upper }}</h1>
<dl>
<dt>Thủ tục hành chính</dt><dd>{{ procedure }}</dd>
<dt>Cấp cho</dt>
<dd>{{ applicant }}{% if identifier %} — số định danh {{ identifier }}{% endif %}</dd>
<dt>Mã hồ sơ</dt><dd>{{ code }}</dd>
</dl>
<p class="sign"><i>{{ place_date }}</i><br><b>THỦ TRƯỞNG CƠ QUAN</b><br>(Ký số)</p>
</body></html>"""


def result_render(dossier: Dossier) -> bytes:
    """The standard draft result of ``dossier`` as PDF bytes."""
    agency, applicant = dossier.agency, dossier.applicant
    version = dossier.procedure_version
    today = timezone.localdate()
    context = {
        "parent": agency.parent.name if agency.parent_id and agency.parent else "",
        "agency": agency.name,
        "title": version.result or _("Kết quả giải quyết thủ tục hành chính"),
        "procedure": version.name,
        "applicant": applicant.name,
        "identifier": applicant.id_number or applicant.tax_code,
        "code": dossier.code,
        "place_date": _("Ngày %(day)02d tháng %(month)02d năm %(year)d")
        % {"day": today.day, "month": today.month, "year": today.year},
    }
    return html_to_pdf(engines["django"].from_string(_DRAFT).render(context))
