"""Writes of schemes and their forms, for the admin (city staff build the forms there)."""

from django.utils.translation import gettext as _

from ..errors import TalentError
from ..models import FormField


def formfield_check_delete(*, field: FormField) -> None:
    """A field whose answers or files companies have given stays: their answers need it."""
    if (
        field.attachments.exists()
        or field.scheme.applications.filter(answers__has_key=field.name).exists()
    ):
        raise TalentError(
            _(
                "“%(label)s” has answers or files in applications and cannot be deleted; "
                "make it optional instead."
            )
            % {"label": field.label},
            code="field_in_use",
        )
