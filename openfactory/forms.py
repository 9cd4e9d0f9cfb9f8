import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize_multiline
from japanese.validators import normalize_phone, validate_phone

from .models import Programme, Reservation, Slot

# Emoji and pictographs are refused in names: the reception reads names from a printed list
# and calls them out, and mail programs and printers of the companies cannot all show them.
_NOT_IN_NAMES = {"So", "Sk", "Cs", "Co", "Cn", "Cf", "Cc", "Me"}
_VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")
_KANA_OR_LATIN = re.compile(r"^[\u3041-\u3096\u309d\u309e\u30a1-\u30fa\u30fc-\u30feA-Za-z .'\-]+$")


def validate_person_name(value: str) -> None:
    if _VARIATION_SELECTORS.search(value) or any(
        unicodedata.category(char) in _NOT_IN_NAMES for char in value
    ):
        raise ValidationError(
            _("Emoji and symbols cannot be used in a name. Please write it in letters."),
            code="emoji",
        )


def validate_kana(value: str) -> None:
    validate_person_name(value)
    if not _KANA_OR_LATIN.match(value):
        raise ValidationError(
            _(
                "Write the reading in katakana or hiragana (Latin letters if you have no Japanese name)."
            ),
            code="kana",
        )


class ReservationForm(forms.Form):
    """What a visitor types to reserve; the hidden fields carry the confirm step's state."""

    name = NormalizedCharField(label=_("Name"), max_length=100, validators=[validate_person_name])
    name_kana = NormalizedCharField(
        label=_("Name in kana"),
        max_length=100,
        validators=[validate_kana],
        help_text=_("For example アヤセ タロウ."),
    )
    email = NormalizedEmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("The confirmation with your QR code and the cancellation link is sent here."),
    )
    phone = NormalizedCharField(
        label=_("Phone number"),
        max_length=30,
        help_text=_("For contact on the day, for example 090-1234-5678."),
    )
    adults = forms.IntegerField(label=_("Adults"), min_value=0, initial=1)
    children = forms.IntegerField(
        label=_("Children"), min_value=0, initial=0, help_text=_("Up to junior high school.")
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a wheelchair or a pushchair; tell us what would help."),
    )
    heard_from = forms.ChoiceField(
        label=_("How did you hear of the open factory?"),
        choices=[("", "---------"), *Reservation.HeardFrom.choices],
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree to it."),
        error_messages={"required": _("Please read the privacy notice and agree to it.")},
    )
    idempotency_key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, max_length=32
    )
    join_waitlist = forms.BooleanField(widget=forms.HiddenInput, required=False)
    overlap_ok = forms.BooleanField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, slot: Slot, **kwargs):
        super().__init__(*args, **kwargs)
        self.slot = slot
        limit = slot.programme.max_party_size
        for name in ("adults", "children"):
            field = self.fields[name]
            field.max_value = limit
            field.widget.attrs.update({"max": limit, "min": 0, "inputmode": "numeric"})
            field.validators.append(MaxValueValidator(limit))
        self.fields["phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["phone"].widget.input_type = "tel"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["name"].widget.attrs["autocomplete"] = "name"

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        validate_phone(phone)
        return normalize_phone(phone)

    def clean_accessibility_needs(self):
        return normalize_multiline(self.cleaned_data["accessibility_needs"])

    def clean(self):
        cleaned = super().clean()
        adults, children = cleaned.get("adults"), cleaned.get("children")
        if adults is None or children is None:
            return cleaned
        limit = self.slot.programme.max_party_size
        if adults + children < 1:
            self.add_error("adults", _("Enter at least one person."))
        elif adults + children > limit:
            self.add_error(
                "children" if children else "adults",
                _("At most %(limit)d people can come on one reservation.") % {"limit": limit},
            )
        elif children and not adults:
            self.add_error("adults", _("Children come with at least one adult."))
        return cleaned


class ProgrammeFilterForm(forms.Form):
    """The filters of the programme search; anything wrong is ignored, never a 500."""

    area = forms.ChoiceField(label=_("Area"), required=False)
    date = forms.ChoiceField(label=_("Day"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Programme.Kind.choices]
    )
    age = forms.IntegerField(
        label=_("Age of the child"), required=False, min_value=0, max_value=120
    )
    seats = forms.BooleanField(label=_("Only with seats left"), required=False)

    def __init__(self, *args, area_days, **kwargs):
        super().__init__(*args, **kwargs)
        from japanese.templatetags.japanese import jdate

        self.fields["area"].choices = [("", _("All areas"))] + [
            (day.area.slug, day.area.name) for day in area_days
        ]
        self.fields["date"].choices = [("", _("All days"))] + [
            (day.date.isoformat(), jdate(day.date))
            for day in sorted({d.date: d for d in area_days}.values(), key=lambda d: d.date)
        ]
        # Rendered by hand (no crispy): the search page is the busiest page of the event.
        for name in ("area", "date", "kind"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["age"].widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
        self.fields["seats"].widget.attrs["class"] = "form-check-input"

    @staticmethod
    def empty_filters() -> dict:
        return {"area": "", "date": None, "kind": "", "age": None, "seats_left": False}

    def filters(self) -> dict:
        import datetime as dt

        if not self.is_valid():
            # Keep what was valid; a wrong value of one filter drops that filter only.
            data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        else:
            data = self.cleaned_data
        date = data.get("date")
        return {
            "area": data.get("area") or "",
            "date": dt.date.fromisoformat(date) if date else None,
            "kind": data.get("kind") or "",
            "age": data.get("age"),
            "seats_left": bool(data.get("seats")),
        }
