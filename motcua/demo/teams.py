"""Generated teams so every demo agency can handle its dossiers: head, official, leader, clerk.

Accounts are named ``<role>.<agency>`` (e.g. ``cv.h4209`` is a handling official of
H42.09) and share the demo password; commune one-stop units also get a desk officer.
"""

from __future__ import annotations

import random

from motcua.agencies import services as agencies
from motcua.agencies.models import Agency, Role, ServiceCentre
from motcua.core.models import User
from motcua.demo import names, people

TEAM = [
    ("tp", Role.HEAD_OF_DIVISION),
    ("cv", Role.HANDLING_OFFICIAL),
    ("ld", Role.LEADER),
    ("vt", Role.CLERK),
]


def username(prefix: str, agency: Agency) -> str:
    return f"{prefix}.{agency.e_identifier.replace('.', '').lower()}"


def _account(name: str, rng: random.Random) -> User:
    existing = User.objects.filter(username=name).first()
    return existing or agencies.account_create(
        username=name,
        password=people.DEMO_PASSWORD,
        full_name=names.person_name(rng),
        email=f"{name}@demo.motcua.vn",
    )


def load_teams(handling: list[Agency], commune_centres: list[ServiceCentre]) -> int:
    """Give every handling agency a team and every commune centre a desk officer."""
    rng = random.Random(4242)  # noqa: S311 - reproducible demo names
    count = 0
    for agency in handling:
        for prefix, role in TEAM:
            user = _account(username(prefix, agency), rng)
            agencies.staff_grant_role(user=user, role=role, agency=agency)
            count += 1
    for centre in commune_centres:
        user = _account(username("tn", centre.agency), rng)
        agencies.staff_grant_role(
            user=user, role=Role.DESK_OFFICER, agency=centre.agency, centre=centre
        )
        count += 1
    return count


# The named demo accounts of people.STAFF take their agency's work, so they see dossiers.
NAMED = {
    ("H42.01", Role.HEAD_OF_DIVISION): "truongphong",
    ("H42.01", Role.HANDLING_OFFICIAL): "chuyenvien",
    ("H42.01", Role.LEADER): "lanhdao",
    ("H42.01", Role.CLERK): "vanthu",
    ("H42.05", Role.HANDLING_OFFICIAL): "chuyenvienxd",
    ("H42.05", Role.LEADER): "lanhdaoxd",
}


def team_member(agency: Agency, role: Role) -> User:
    named = NAMED.get((agency.e_identifier, role))
    if named:
        return User.objects.get(username=named)
    prefix = next(p for p, r in TEAM if r == role)
    return User.objects.get(username=username(prefix, agency))


def desk_officer(centre: ServiceCentre) -> User:
    if centre.level == ServiceCentre.Level.COMMUNE:
        return User.objects.get(username=username("tn", centre.agency))
    code = "tiepnhan2" if centre.parent_id else "tiepnhan"
    return User.objects.get(username=code)
