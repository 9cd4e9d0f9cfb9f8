import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField

from ..models import ChecklistItem

# A residence card's number: two letters, eight digits, two letters (spaces or hyphens typed
# between them are folded away first).
_CARD_NUMBER = re.compile(r"[A-Z]{2}\d{8}[A-Z]{2}")


def refuse_card_number(value: str) -> None:
    """The portal stores no residence card number: one typed by mistake is refused."""
    if _CARD_NUMBER.search(re.sub(r"[\s\-]", "", value.upper())):
        raise ValidationError(
            _("This looks like a residence card number. The portal does not store it: remove it."),
            code="card_number",
        )


class HireForm(forms.Form):
    label = NormalizedCharField(
        label=_("Name or initials"),
        max_length=50,
        validators=[refuse_card_number],
        help_text=_(
            "A name or initials only. Do not enter a residence card number: the portal "
            "does not store residence card numbers or images."
        ),
    )
    note = NormalizedCharField(
        label=_("Note"), max_length=300, required=False, validators=[refuse_card_number]
    )


class ChecklistForm(forms.Form):
    """One checkbox per item in use, and a date for the items that ask for one."""

    def __init__(self, *args, items: list[ChecklistItem], checks: dict, language: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            check = checks.get(item.pk)
            self.fields[f"done_{item.pk}"] = forms.BooleanField(
                label=item.text_in(language),
                required=False,
                initial=bool(check and check.done),
            )
            if item.asks_date:
                self.fields[f"date_{item.pk}"] = forms.DateField(
                    label=item.date_label_in(language),
                    required=False,
                    initial=check.date if check else None,
                    widget=forms.DateInput(attrs={"type": "date"}),
                )

    def rows(self):
        """(item, its checkbox, its date field or None) for the template."""
        for item in self.items:
            date = self[f"date_{item.pk}"] if item.asks_date else None
            yield item, self[f"done_{item.pk}"], date

    def checks(self) -> dict[int, tuple[bool, dt.date | None]]:
        data = self.cleaned_data
        return {
            item.pk: (bool(data.get(f"done_{item.pk}")), data.get(f"date_{item.pk}"))
            for item in self.items
        }
