"""Turning a ``POST /dossiers`` body into a call of ``dossier_create``.

Two doors lead in. At the desk or by post, a desk officer of the receiving centre (or of
its parent centre) takes the dossier in: the applicant's record is upserted from the body
and ``receive: true`` receives it at once. Online (``portal``), an applicant files for
themselves: the account's own applicant record is used, never one named in the body (that
would let anyone attach a stranger's identity to their account), and fields given in the
body must match it. The national portal and VNeID channels belong to the integrations.

Every channel names the receiving one-stop centre: the portal shows the centre the
procedure is filed with, so the choice is explicit rather than guessed.

Codes are resolved and checked before anything is written; the applicant upsert and the
dossier are then written in one transaction, so bad input leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.agencies.models import Applicant, Role, ServiceCentre
from motcua.agencies.selectors import agency_by_identifier, centre_by_code, roles_of
from motcua.agencies.services import applicant_upsert
from motcua.api.dossier_schemas import ApplicantIn, DossierIn
from motcua.api.errors import ApiError
from motcua.catalog.models import ProcedureVersion
from motcua.catalog.selectors import procedure_version_by_code
from motcua.core.models import User
from motcua.core.text import nfc
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.services import ComponentInput, dossier_create

DESK_CHANNELS = frozenset({Channel.DESK, Channel.POST})
APPLICANT_FIELDS = ("name", "id_number", "tax_code", "phone", "email", "address")


def field_error(status: int, field: str, message: str) -> ApiError:
    return ApiError(status, message, [{"field": field, "message": message}])


def intake(*, user: User, body: DossierIn) -> Dossier:
    """Create (and submit, and maybe receive) the dossier ``body`` describes, as ``user``."""
    version, centre = _resolve(body)
    agency = None
    if body.agency:
        agency = agency_by_identifier(body.agency)
        if agency is None:
            message = _("Không tìm thấy cơ quan có mã định danh “%s”.") % body.agency
            raise field_error(422, "agency", message)
    common: dict[str, Any] = {
        "procedure_version": version,
        "channel": body.channel,
        "centre": centre,
        "by": user,
        "components": [ComponentInput(c.component, tuple(c.documents)) for c in body.components],
        "agency": agency,
        "authorised_person": body.authorised_person.model_dump()
        if body.authorised_person
        else None,
    }
    if body.result_delivery:
        common["result_delivery"] = body.result_delivery
    if body.channel in DESK_CHANNELS:
        _require_desk_officer(user, centre)
        fields = _desk_applicant(body.applicant)
        with transaction.atomic():
            applicant = _upsert(fields)
            return dossier_create(applicant=applicant, receive=body.receive, **common)
    if body.channel != Channel.PORTAL:
        message = _("Kênh nộp này chỉ dành cho hệ thống liên thông, không nộp qua API này.")
        raise field_error(403, "channel", message)
    if body.receive:
        message = _("Chỉ công chức tiếp nhận mới tiếp nhận hồ sơ nộp tại quầy hoặc bưu chính.")
        raise field_error(403, "receive", message)
    applicant = _own_applicant(user, body.applicant)
    return dossier_create(applicant=applicant, **common)


def _resolve(body: DossierIn) -> tuple[ProcedureVersion, ServiceCentre]:
    version = procedure_version_by_code(code=body.procedure.strip())
    if version is None:
        message = _("Không tìm thấy thủ tục “%s” đang có hiệu lực.") % body.procedure
        raise field_error(422, "procedure", message)
    centre = centre_by_code(body.centre.strip())
    if centre is None:
        message = _("Không tìm thấy bộ phận một cửa “%s”.") % body.centre
        raise field_error(422, "centre", message)
    return version, centre


def _require_desk_officer(user: User, centre: ServiceCentre) -> None:
    """Desk and post intake: the caller works at this centre's desk (or its parent's)."""
    desks = {g.centre_id for g in roles_of(user).filter(role=Role.DESK_OFFICER) if g.centre_id}
    if not desks:
        message = _("Chỉ công chức tiếp nhận mới nhận hồ sơ tại quầy hoặc qua bưu chính.")
        raise field_error(403, "channel", message)
    if centre.pk not in desks and centre.parent_id not in desks:
        message = _("Bạn không làm việc tại bộ phận một cửa “%s”.") % centre.code
        raise field_error(403, "centre", message)


def _given(given: ApplicantIn, kind: str) -> dict[str, str]:
    """The fields the body gives, trimmed; an organisation's identifier is its tax code."""
    fields = {name: nfc(getattr(given, name) or "") for name in APPLICANT_FIELDS}
    if kind == Applicant.Kind.ORGANISATION:
        fields["tax_code"], fields["id_number"] = fields["tax_code"] or fields["id_number"], ""
    return fields


def _desk_applicant(given: ApplicantIn | None) -> dict[str, str]:
    if given is None:
        raise field_error(422, "applicant", _("Cần thông tin người nộp hồ sơ."))
    if given.kind is None:
        raise field_error(422, "applicant.kind", _("Cần chọn citizen hoặc organisation."))
    fields = _given(given, given.kind)
    errors = []
    if not fields["name"]:
        errors.append({"field": "applicant.name", "message": _("Cần họ tên hoặc tên tổ chức.")})
    if not (fields["id_number"] or fields["tax_code"]):
        message = _("Cần số định danh cá nhân (công dân) hoặc mã số thuế (tổ chức).")
        errors.append({"field": "applicant.id_number", "message": message})
    if errors:
        raise ApiError(422, _("Thông tin người nộp hồ sơ chưa đủ."), errors)
    return {"kind": given.kind, **fields}


def _upsert(fields: dict[str, str]) -> Applicant:
    try:
        return applicant_upsert(
            kind=fields["kind"],
            name=fields["name"],
            id_number=fields["id_number"],
            tax_code=fields["tax_code"],
            phone=fields["phone"],
            email=fields["email"],
            address=fields["address"],
        )
    except ValidationError as exc:
        errors = [
            {"field": f"applicant.{name}" if name != "__all__" else "applicant", "message": m}
            for name, messages in exc.message_dict.items()
            for m in messages
        ]
        raise ApiError(422, _("Thông tin người nộp hồ sơ không hợp lệ."), errors) from exc


def _own_applicant(user: User, given: ApplicantIn | None) -> Applicant:
    """The caller's own applicant record; the body may repeat its fields, not change them."""
    applicant = Applicant.objects.filter(user=user).first()
    if applicant is None:
        message = _("Tài khoản chưa gắn với người nộp hồ sơ nào; hãy xác thực định danh trước.")
        raise field_error(403, "applicant", message)
    if given is None:
        return applicant
    errors = ["kind"] if given.kind not in (None, applicant.kind) else []
    for name, value in _given(given, applicant.kind).items():
        if value and value != getattr(applicant, name):
            errors.append(name)
    if errors:
        message = _("Không khớp với thông tin người nộp của tài khoản.")
        raise ApiError(
            422, message, [{"field": f"applicant.{name}", "message": message} for name in errors]
        )
    return applicant
