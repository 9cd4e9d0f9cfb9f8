"""The admin's autocomplete fields, without a 500 for a value that is not a key.

Django's autocomplete widgets show the chosen object again when a form comes back with its
errors by looking up the submitted values, as typed: a value that the related model's key
cannot take (a NUL byte, "Infinity", a word; posted by hand, never by the admin's own page)
raised ValueError there, a 500 instead of the form with "Select a valid choice" beside the
field (tests/site/test_hostile_input.py). Here such values are left out of the lookup; the
form's own validation still refuses them with its message.

Every admin with ``autocomplete_fields`` inherits :class:`AutocompleteAdminMixin` (checked by
tests/site/test_admin_site.py).
"""

from django.contrib.admin import widgets
from django.core.exceptions import ValidationError


class _KeysOnly:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        key = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)
        return super().optgroups(name, [v for v in value if _is_key(key, v)], attr)


def _is_key(field, value) -> bool:
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class AutocompleteSelect(_KeysOnly, widgets.AutocompleteSelect):
    pass


class AutocompleteSelectMultiple(_KeysOnly, widgets.AutocompleteSelectMultiple):
    pass


class AutocompleteAdminMixin:
    """For a ModelAdmin or an inline: its autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)
