"""What every form of the portal shares: selects that ask for a choice in words.

Django's blank choice is 「---------」, which elderly visitors and phone users do not read as
"choose one"; the mixin replaces it, in every select of the form, by 「選択してください」.
"""

from django import forms
from django.db.models import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

PROMPT = _("Choose…")
_DASHES = BLANK_CHOICE_DASH[0][1]


class PromptedSelectsMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = PROMPT
            elif isinstance(field, forms.ChoiceField) and isinstance(field.widget, forms.Select):
                field.choices = [
                    (value, PROMPT if value == "" and label == _DASHES else label)
                    for value, label in field.choices
                ]
