"""The one rule of version immutability: a version a dossier has used is never edited.

DOMAIN §3: a dossier keeps the version it was received under, so its content, channels,
components and internal processes are frozen once ``used_at`` is set.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.catalog.models import ProcedureVersion


def ensure_unlocked(version: ProcedureVersion) -> None:
    """Refuse any change to a version (or its content) that a dossier has used."""
    if (
        version.pk
        and ProcedureVersion.objects.filter(pk=version.pk, used_at__isnull=False).exists()
    ):
        raise ValidationError(
            _(
                "Phiên bản %(number)s đã được dùng cho hồ sơ nên không sửa được; "
                "hãy tạo phiên bản mới."
            )
            % {"number": version.number}
        )
