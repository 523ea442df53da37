"""Results through the one door: the official attaches the draft, the leader signs it.

Real PDFs, real database, real files under a temporary MEDIA_ROOT. The signed result is a
new result document owned by the applicant; pyHanko finds it intact, trusted (against the
roots recorded in the database) and untouched. Whoever holds no role for an action is
refused by the state table and nothing changes; conditions on the result itself (a draft
to sign, a certificate in force, a result signed once) are 409s with the allowed actions.
"""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from PIL import Image
from pypdf import PdfReader

from motcua.agencies import services as agencies
from motcua.agencies.certificate_models import (
    CertificateAuthority,
    SigningCertificate,
    certificate_authority_store,
    signing_certificate_store,
    trust_roots,
)
from motcua.agencies.models import Role
from motcua.core import pki, signing
from motcua.demo.pki import load_certificates
from motcua.dossiers.document_models import Document
from motcua.dossiers.documents import document_open, document_store
from motcua.dossiers.errors import Forbidden, IllegalTransition, InvalidInput
from motcua.dossiers.models import Dossier
from motcua.dossiers.results import (
    result_attach,
    result_generate,
    result_read,
    result_sign,
    result_upload,
)
from motcua.dossiers.states import State, actions_from
from tests.dossier_flow import Flow, at, fast_passwords, frozen  # noqa: F401
from tests.personas import PASSWORD, Province
from tests.test_signing import (  # noqa: F401 - session fixtures
    AGENCY_ID,
    AGENCY_NAME,
    PASSPHRASE,
    archive_fixture,
    authority_fixture,
    result_pdf_fixture,
    text_of,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MOTCUA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    settings.MOTCUA_TRUST_ROOTS = []
    return settings.MEDIA_ROOT


@pytest.fixture(name="signer")
def signer_fixture(media, province: Province, authority, archive) -> SigningCertificate:
    """The department's certificate, kept encrypted, under a trusted root."""
    certificate_authority_store(certificate=authority.certificate_pem())
    return signing_certificate_store(
        agency_id=province.department.pk, pkcs12=archive, passphrase=PASSPHRASE
    )


@pytest.fixture
def flow(province: Province) -> Flow:
    return Flow(province)


@pytest.fixture
def in_progress(flow: Flow, signer):
    with frozen(at(2, 9)):
        yield flow.reach(State.IN_PROGRESS)


def files_in(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def upload(flow: Flow, dossier: Dossier, pdf: bytes) -> Dossier:
    return result_upload(
        dossier=dossier, by=flow.p.handling_official, file=pdf, name="Giấy phép.pdf"
    )


def upload_as(who, dossier: Dossier, pdf: bytes) -> Dossier:
    return result_upload(dossier=dossier, by=who, file=pdf, name="x.pdf")


def test_attach_then_sign_issues_the_applicants_e_result(flow, in_progress, result_pdf):
    p = flow.p
    dossier = upload(flow, in_progress, result_pdf)
    draft = dossier.result_document
    assert draft is not None and draft.kind == Document.Kind.RESULT and draft.owner is None
    assert (dossier.status, dossier.e_result_issued) == (State.IN_PROGRESS, False)
    attached = dossier.events.get(action="attach_result")
    assert (attached.actor, attached.actor_role) == (p.handling_official, "handling_official")
    assert attached.payload["document"] == draft.pk

    signed = result_sign(dossier=dossier, by=p.leader)
    result = signed.result_document
    assert signed.e_result_issued and signed.status == State.IN_PROGRESS
    assert signed.revision == dossier.revision + 1
    assert result is not None and result.pk != draft.pk
    assert (result.kind, result.owner, result.uploaded_by) == ("result", p.applicant, p.leader)
    assert result.original_name == f"KQ-{signed.code}.pdf"
    assert result in p.applicant.documents.all()  # the applicant's data warehouse
    event = signed.events.get(action="sign_result")
    assert (event.actor, event.actor_role) == (p.leader, "leader")
    assert event.payload["document"] == result.pk and event.payload["draft"] == draft.pk
    assert event.payload["code"] == signed.code

    data, check = result_read(result)
    assert check.summary == "INTACT:TRUSTED,UNTOUCHED" and check.ok
    assert (check.signer, check.signer_identifier) == (AGENCY_NAME, AGENCY_ID)
    assert data.startswith(document_open(draft))
    assert "GIẤY PHÉP THỬ NGHIỆM" in text_of(data)
    # the table carries on: result ready, returned online
    finished = flow.act(signed, "finish", p.leader)
    returned = flow.act(finished, "return_result", p.desk_officer, {"delivery": "online"})
    assert returned.status == State.RETURNED
    assert returned.events.last().payload == {"delivery": "online"}


def test_an_official_may_attach_a_pdf_uploaded_before(flow, in_progress, result_pdf):
    p = flow.p
    document = document_store(file=result_pdf, name="kq.pdf", uploaded_by=p.handling_official)
    dossier = result_attach(dossier=in_progress, by=p.handling_official, document=document)
    assert dossier.result_document == document
    foreign = document_store(file=result_pdf, name="kq.pdf", uploaded_by=p.citizen)
    with pytest.raises(InvalidInput) as refused:
        result_attach(dossier=dossier, by=p.handling_official, document=foreign)
    assert refused.value.field == "document"


def test_the_standard_draft_is_rendered_from_the_dossier(flow, in_progress):
    dossier = result_generate(dossier=in_progress, by=flow.p.handling_official)
    draft = dossier.result_document
    assert draft is not None and draft.content_type == "application/pdf"
    text = text_of(document_open(draft))
    assert dossier.code in text and "Nguyễn Văn An" in text and "GIẤY PHÉP" in text
    assert result_sign(dossier=dossier, by=flow.p.leader).e_result_issued


def _unchanged(dossier: Dossier, media: Path, before: tuple[int, int, int, list[Path]]) -> None:
    dossier.refresh_from_db()
    counts = (dossier.revision, dossier.events.count(), Document.objects.count())
    assert (*counts, files_in(media)) == before


def _state(dossier: Dossier, media: Path) -> tuple[int, int, int, list[Path]]:
    return dossier.revision, dossier.events.count(), Document.objects.count(), files_in(media)


def test_only_the_handling_official_attaches_and_only_the_leader_signs(
    flow, in_progress, result_pdf, media
):
    p = flow.p
    rival = agencies.account_create(username="lanhdaokhac", password=PASSWORD, full_name="x")
    agencies.staff_grant_role(user=rival, role=Role.LEADER, agency=p.other_department)
    before = _state(in_progress, media)
    for who in (p.citizen, p.leader, p.head, p.desk_officer, p.outsider, rival):
        with pytest.raises(Forbidden):
            upload_as(who, in_progress, result_pdf)
    _unchanged(in_progress, media, before)
    dossier = upload(flow, in_progress, result_pdf)
    before = _state(dossier, media)
    for who in (p.citizen, p.handling_official, p.head, p.clerk, p.outsider, rival):
        with pytest.raises(Forbidden) as refused:
            result_sign(dossier=dossier, by=who)
        assert refused.value.status == 403
    _unchanged(dossier, media, before)


def test_the_result_rules_are_409s_with_the_allowed_actions(flow, in_progress, result_pdf):
    p = flow.p
    with pytest.raises(IllegalTransition) as nothing_to_sign:
        result_sign(dossier=in_progress, by=p.leader)
    assert nothing_to_sign.value.allowed == actions_from(State.IN_PROGRESS)
    dossier = result_sign(dossier=upload(flow, in_progress, result_pdf), by=p.leader)
    with pytest.raises(IllegalTransition, match="đã được ký số"):
        result_sign(dossier=dossier, by=p.leader)
    with pytest.raises(IllegalTransition, match="đã được ký số"):
        upload(flow, dossier, result_pdf)
    with frozen(at(2, 9)):
        received = flow.reach(State.RECEIVED)
        with pytest.raises(IllegalTransition) as wrong_state:
            upload(flow, received, result_pdf)
    assert "attach_result" not in wrong_state.value.allowed


def test_signing_needs_a_certificate_in_force(flow, in_progress, result_pdf, signer):
    dossier = upload(flow, in_progress, result_pdf)
    signer.valid_to = dossier.received_at - timedelta(days=1)  # expired
    signer.save()
    with pytest.raises(IllegalTransition, match=r"H99\.01"):
        result_sign(dossier=dossier, by=flow.p.leader)
    signer.valid_to += timedelta(days=3650)
    signer.is_active = False
    signer.save()
    with pytest.raises(IllegalTransition, match="chứng thư số"):
        result_sign(dossier=dossier, by=flow.p.leader)
    assert not Dossier.objects.get(pk=dossier.pk).e_result_issued


def test_a_draft_must_be_a_pdf_and_a_refusal_leaves_no_file(flow, in_progress, media):
    png = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(png, "PNG")
    before = _state(in_progress, media)
    with pytest.raises(InvalidInput) as refused:
        upload(flow, in_progress, png.getvalue())
    assert refused.value.field == "file"
    _unchanged(in_progress, media, before)


def test_the_key_is_encrypted_at_rest(signer, archive):
    stored = bytes(signer.pkcs12_encrypted)
    assert stored != archive and archive not in stored
    assert PASSPHRASE not in bytes(signer.passphrase_encrypted)
    assert signer.key_material() == (archive, PASSPHRASE)


def test_a_key_kept_on_file_with_its_passphrase_in_the_environment(
    flow, in_progress, result_pdf, signer, archive, tmp_path, monkeypatch
):
    path = tmp_path / "h99-01.p12"
    path.write_bytes(archive)
    on_file = signing_certificate_store(
        agency_id=flow.p.department.pk,
        pkcs12=archive,
        passphrase=PASSPHRASE,
        path=str(path),
        env="MOTCUA_TEST_P12_PASSPHRASE",
    )
    assert on_file.pk == signer.pk and on_file.pkcs12_encrypted is None
    dossier = upload(flow, in_progress, result_pdf)
    with pytest.raises(IllegalTransition, match="MOTCUA_TEST_P12_PASSPHRASE"):
        result_sign(dossier=dossier, by=flow.p.leader)
    monkeypatch.setenv("MOTCUA_TEST_P12_PASSPHRASE", PASSPHRASE.decode())
    signed = result_sign(dossier=dossier, by=flow.p.leader)
    assert result_read(signed.result_document)[1].ok


def test_trust_comes_from_the_recorded_roots_or_the_setting(
    flow, in_progress, result_pdf, settings, tmp_path, authority
):
    dossier = result_sign(dossier=upload(flow, in_progress, result_pdf), by=flow.p.leader)
    CertificateAuthority.objects.update(is_trusted=False)
    _data, check = result_read(dossier.result_document)
    assert check.intact and not check.trusted and check.summary == "INTACT:UNTRUSTED,UNTOUCHED"
    root = tmp_path / "root.pem"
    root.write_bytes(authority.certificate_pem())
    settings.MOTCUA_TRUST_ROOTS = [str(root)]
    assert len(trust_roots()) == 1
    assert result_read(dossier.result_document)[1].ok


def test_the_demo_issues_its_authority_and_certificates_once(flow, media, result_pdf):
    assert load_certificates() == (2, 0)  # the two departments; committee and centre sign nothing
    assert load_certificates() == (0, 2)
    demo = CertificateAuthority.objects.get()
    assert demo.name == pki.DEMO_CA_NAME and demo.is_trusted and demo.key_encrypted
    certificate = SigningCertificate.objects.usable(flow.p.department.pk).get()
    assert AGENCY_ID in certificate.subject and "motcua Demo CA" in certificate.issuer
    with frozen(at(2, 9)):
        dossier = upload(flow, flow.reach(State.IN_PROGRESS), result_pdf)
        signed = result_sign(dossier=dossier, by=flow.p.leader)
    _data, check = result_read(signed.result_document)
    assert check.summary == "INTACT:TRUSTED,UNTOUCHED"
    assert signing.validate_pdf(_data, trust_roots=trust_roots()).signer == AGENCY_NAME


def test_the_signed_pdf_is_one_page_and_keeps_the_draft(flow, in_progress, result_pdf):
    dossier = result_sign(dossier=upload(flow, in_progress, result_pdf), by=flow.p.leader)
    data = document_open(dossier.result_document)
    assert len(PdfReader(io.BytesIO(data)).pages) == dossier.result_document.pages == 1
