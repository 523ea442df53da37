"""The demo province loads completely, twice without duplicates, and never without DEBUG."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.agencies.models import Agency, Applicant, Role, ServiceCentre, StaffRole
from motcua.catalog.models import Procedure
from motcua.core.models import User
from motcua.demo.people import DEMO_PASSWORD
from motcua.dossiers.models import Channel, Dossier
from motcua.geo.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def _load() -> str:
    out = StringIO()
    call_command("load_demo", "--dossiers", "80", stdout=out)
    return out.getvalue()


def test_demo_refuses_to_load_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        _load()
    assert not User.objects.exists()


def test_demo_loads_a_whole_province_with_every_role(settings, api):
    settings.DEBUG = True
    output = _load()
    assert "[8/8]" in output
    assert AdministrativeUnit.objects.filter(code="42", level="province").exists()
    assert Agency.objects.filter(kind=Agency.Kind.DEPARTMENT).count() >= 10
    assert Agency.objects.filter(kind=Agency.Kind.COMMUNE_COMMITTEE).count() == 20
    assert ServiceCentre.objects.filter(level=ServiceCentre.Level.BRANCH).count() == 2
    assert set(StaffRole.objects.values_list("role", flat=True)) == set(Role.values)
    assert Applicant.objects.filter(user__username__in=["congdan1", "congdan2"]).count() == 2
    assert Procedure.objects.count() == 27

    assert Dossier.objects.count() == 80
    statuses = set(Dossier.objects.values_list("status", flat=True))
    assert {"submitted", "in_progress", "result_ready", "returned"} <= statuses
    assert len(statuses) >= 7
    assert set(Dossier.objects.values_list("channel", flat=True)) == set(Channel.values) - {"vneid"}
    assert Dossier.objects.filter(is_late=True).exists()
    assert not Dossier.objects.filter(submitted_at__gt=timezone.now()).exists()

    response = api.post("/api/v1/auth/token", {"username": "tiepnhan", "password": DEMO_PASSWORD})
    assert response.status_code == 200

    counts = (User.objects.count(), StaffRole.objects.count(), Dossier.objects.count())
    _load()
    assert (User.objects.count(), StaffRole.objects.count(), Dossier.objects.count()) == counts


def test_demo_logins_are_printed_once_loaded(settings):
    settings.DEBUG = True
    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    assert "load_demo" in out.getvalue()
    _load()
    out = StringIO()
    call_command("print_demo_logins", stdout=out)
    assert DEMO_PASSWORD in out.getvalue()
    assert "tiepnhan" in out.getvalue()
