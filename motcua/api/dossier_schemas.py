"""The shapes of the dossier API: what a client sends and what it reads back.

Kept apart from the endpoints so that the OpenAPI document, the endpoints and the tests
read the same names. Input schemas check types and sizes only; every rule of the domain
(who may act, what may follow what, which fields an action needs) is the services' job.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BaseModel, Field, StrictBool, StrictFloat, StrictInt, model_validator

from motcua.dossiers.states import State

MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 100
PRINTABLE = r"^[^\x00-\x1f\x7f]*$"
ChannelName = Literal["desk", "post", "portal", "national_portal", "vneid"]
Delivery = Literal["desk", "post", "online"]


# --- input ---------------------------------------------------------------------------------


class ObjectIn(BaseModel):
    """A body part that must be a JSON object.

    Plain pydantic, not ninja's ``Schema``: that one reads any value's attributes, so a
    body of ``[]`` or ``"x"`` would pass as an object with every field unset.
    """

    @model_validator(mode="before")
    @classmethod
    def _object(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            raise ValueError(_("Phải là một đối tượng JSON."))
        return data


class ApplicantIn(ObjectIn):
    """Who files. At the desk: upserted by ID number (citizen) or tax code (organisation).

    Online: the account's own record is used; fields given here must match it.
    """

    kind: Literal["citizen", "organisation"] | None = None
    name: str | None = Field(None, max_length=250, pattern=PRINTABLE)
    id_number: str | None = Field(
        None, max_length=14, description="Số định danh cá nhân; với tổ chức: mã số thuế"
    )
    tax_code: str | None = Field(None, max_length=14)
    phone: str | None = Field(None, max_length=20)
    email: str | None = Field(None, max_length=254)
    address: str | None = Field(None, max_length=300, pattern=PRINTABLE)


class AuthorisedPersonIn(ObjectIn):
    name: str = Field(min_length=1, max_length=250, pattern=PRINTABLE)
    id_number: str = Field("", max_length=14)
    phone: str = Field("", max_length=20)
    address: str = Field("", max_length=300, pattern=PRINTABLE)
    authorisation: str = Field("", max_length=300, description="Giấy ủy quyền số, ngày")


class ComponentIn(ObjectIn):
    component: StrictInt = Field(ge=1, le=MAX_ID, description="Mã (id) thành phần của thủ tục")
    documents: list[StrictInt] = Field(default_factory=list, max_length=50)


class DossierIn(ObjectIn):
    procedure: str = Field(min_length=1, max_length=20, description="Mã thủ tục, ví dụ 1.001193")
    channel: ChannelName
    centre: str = Field(min_length=1, max_length=40, description="Mã bộ phận một cửa tiếp nhận")
    applicant: ApplicantIn | None = None
    components: list[ComponentIn] = Field(default_factory=list, max_length=100)
    authorised_person: AuthorisedPersonIn | None = None
    result_delivery: Delivery | None = None
    agency: str | None = Field(
        None, max_length=40, description="Mã định danh cơ quan giải quyết (nếu không tự xác định)"
    )
    receive: StrictBool = Field(False, description="Tiếp nhận ngay (chỉ tại quầy, bưu chính)")


class ActionIn(ObjectIn):
    """Fields of an action; each action reads the ones it needs (see GET /actions)."""

    reason: str | None = Field(None, max_length=4000)
    note: str | None = Field(None, max_length=4000)
    items: list[str] | None = Field(None, max_length=100)
    assignee: StrictInt | None = Field(None, ge=1, le=MAX_ID, description="Id tài khoản")
    new_due_at: str | None = Field(None, max_length=40, description="ISO-8601 có múi giờ")
    agency: str | None = Field(None, max_length=40)
    share: StrictFloat | None = Field(None, description="Số ngày làm việc được giao")
    delivery: Delivery | None = None
    revision: StrictInt | None = Field(None, ge=0, description="Số lần cập nhật đã đọc")


class DossierQuery(Schema):
    status: State | None = None
    agency: str | None = Field(None, max_length=40, pattern=PRINTABLE)
    overdue: bool | None = None
    assignee: Literal["me"] | None = None
    q: str = Field("", max_length=200, pattern=PRINTABLE, description="Mã hồ sơ hoặc tên")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


# --- output --------------------------------------------------------------------------------


class ProcedureRef(Schema):
    code: str | None
    name: str
    version: int


class AgencyRef(Schema):
    e_identifier: str
    name: str


class CentreRef(Schema):
    code: str
    name: str


class PersonRef(Schema):
    id: int
    name: str


class ApplicantOut(Schema):
    kind: str
    name: str
    id_number: str
    tax_code: str
    phone: str
    email: str
    address: str


class DocumentRef(Schema):
    id: int
    original_name: str
    content_type: str
    size: int
    pages: int | None
    sha256: str


class ComponentOut(Schema):
    id: int
    component: int | None
    name: str
    required: bool
    digitised: bool
    reused: bool
    documents: list[DocumentRef]


class StepOut(Schema):
    position: int
    code: str
    actor: str
    role: str
    budget_hours: float | None
    assignee: PersonRef | None
    given_by: PersonRef | None
    started_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    outcome: str
    outcome_label: str


class LegOut(Schema):
    agency: AgencyRef
    share: float
    note: str
    sent_at: datetime
    due_at: datetime
    returned_at: datetime | None
    outcome: str
    outcome_label: str


class SupplementOut(Schema):
    phase: str
    phase_label: str
    items: list[str]
    note: str
    requested_at: datetime
    respond_by: datetime
    fulfilled_at: datetime | None


class DossierOut(Schema):
    code: str | None
    status: str
    status_label: str
    revision: int
    procedure: ProcedureRef
    channel: str
    channel_label: str
    centre: CentreRef
    agency: AgencyRef
    applicant: ApplicantOut
    authorised_person: dict[str, Any]
    result_delivery: str
    submitted_at: datetime | None
    acceptance_due_at: datetime | None
    received_at: datetime | None
    clock_started_at: datetime | None
    due_at: datetime | None
    extended_due_at: datetime | None
    effective_due_at: datetime | None
    paused_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    is_late: bool
    extensions: int
    supplements_at_receipt: int
    supplements_after_receipt: int
    decision_note: str
    assignee: PersonRef | None
    current_step: str | None
    components: list[ComponentOut]
    steps: list[StepOut]
    legs: list[LegOut]
    supplements: list[SupplementOut]
    allowed_actions: list[str]


class DossierItem(Schema):
    code: str | None
    status: str
    status_label: str
    procedure: ProcedureRef
    applicant_name: str
    channel: str
    centre: str
    agency: AgencyRef
    submitted_at: datetime | None
    received_at: datetime | None
    due_at: datetime | None
    effective_due_at: datetime | None
    is_late: bool
    assigned_to_me: bool


class DossierPage(Schema):
    total: int
    page: int
    page_size: int
    items: list[DossierItem]


class EventOut(Schema):
    sequence: int
    action: str
    action_label: str
    from_state: str
    to_state: str
    state_label: str
    at: datetime
    actor: PersonRef | None
    actor_role: str
    payload: dict[str, Any]


class TransitionOut(Schema):
    state: str
    action: str
    target: str
    roles: list[str]
    clock: str
    guard: str
    label: str
    state_label: str
    target_label: str
