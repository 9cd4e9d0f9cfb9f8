import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField

_NOT_IN_NAMES = {"So", "Sk", "Cs", "Co", "Cn", "Cf", "Cc", "Me"}
# Katakana or hiragana, or Latin letters for a name with no Japanese reading.
_KANA_OR_LATIN = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30feA-Za-z .'\-]+$")


def validate_name(value: str) -> None:
    if any(unicodedata.category(char) in _NOT_IN_NAMES for char in value):
        raise ValidationError(
            _("Emoji and symbols cannot be used in a name. Please write it in letters."),
            code="emoji",
        )


def validate_kana(value: str) -> None:
    if not _KANA_OR_LATIN.match(value):
        raise ValidationError(
            _(
                "Write the reading in katakana or hiragana (Latin letters if there is no "
                "Japanese reading)."
            ),
            code="kana",
        )


class RegistrationForm(forms.Form):
    name = NormalizedCharField(label=_("Full name"), max_length=100, validators=[validate_name])
    name_kana = NormalizedCharField(
        label=_("Name in kana"),
        max_length=100,
        validators=[validate_kana],
        help_text=_("Printed on the name badge. For example アヤセ タロウ."),
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    job = NormalizedCharField(
        label=_("Job"), max_length=100, help_text=_("For example: machining, CAD design.")
    )
    language_needs = NormalizedCharField(
        label=_("Language needs"),
        max_length=200,
        required=False,
        help_text=_("For example: English interpretation; easy Japanese."),
    )

    def clean_start_date(self):
        value = self.cleaned_data["start_date"]
        # A registration kept as it was may keep its date once that day has passed.
        if value < timezone.localdate() and value != self.initial.get("start_date"):
            raise ValidationError(_("This date is in the past."), code="past")
        return value


class AttendanceForm(forms.Form):
    registration = forms.IntegerField(min_value=1)
    attended = forms.BooleanField(required=False)
