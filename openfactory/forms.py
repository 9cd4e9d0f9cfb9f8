import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from core.forms import PROMPT, PromptedSelectsMixin
from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize, normalize_multiline
from japanese.validators import normalize_phone, validate_phone

from .models import PROGRAMME_FIELDS, ExhibitorAccessibility, Programme, Reservation, Slot

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


class ReservationForm(PromptedSelectsMixin, forms.Form):
    """What a visitor types to reserve; the hidden fields carry the confirm step's state."""

    name = NormalizedCharField(label=_("Name"), max_length=100, validators=[validate_person_name])
    name_kana = NormalizedCharField(
        label=_("Name in kana"),
        max_length=100,
        validators=[validate_kana],
        help_text=_(
            "In katakana or hiragana, for example アヤセ タロウ; in Latin letters if you have "
            "no Japanese name."
        ),
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
        choices=[("", PROMPT), *Reservation.HeardFrom.choices],
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
    # Ticked on the confirm step; required there when the edition or programme has rules.
    rules_read = forms.BooleanField(label=_("I have read the visitor rules"), required=False)

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

    @property
    def is_blank(self) -> bool:
        """Nothing typed and nothing filled in for the visitor (the hidden idempotency key
        aside): its fields render alike for every visitor of the programme."""
        return not self.is_bound and set(self.initial) <= {"idempotency_key"}

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
            (day.area.slug, day.area.display_name) for day in area_days
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


# --- Programmes and slots, for the company's staff and the admin ---------------------------


class NormalizedIntegerField(forms.IntegerField):
    """Numbers typed in 全角 or with a thousands separator or a unit (１，０００円) are read."""

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[,\s円人分歳才席]", "", normalize(value))
        return super().to_python(value)


class NormalizedTimeField(forms.TimeField):
    def to_python(self, value):
        if isinstance(value, str):
            value = normalize(value).replace("時", ":").replace("分", "")
        return super().to_python(value)


def _datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ProgrammePhotoMixin:
    """The photo of a programme goes through the portal's one image check
    (images.photos.open_upload): type by content, size and pixel limits, upright, no
    EXIF/GPS. The cleaned value is a CleanImage for services.programme_photo_set."""

    def clean_photo_upload(self):
        from images.photos import ImageRejected, open_upload

        upload = self.cleaned_data.get("photo_upload")
        if not upload:
            return None
        try:
            return open_upload(upload)
        except ImageRejected as error:
            raise ValidationError(str(error), code="image") from None


def photo_upload_field():
    return forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
        help_text=_("JPEG, PNG, WebP or HEIC. Location data is removed before it is stored."),
    )


class ProgrammeManageForm(PromptedSelectsMixin, ProgrammePhotoMixin, forms.ModelForm):
    """A programme as the company's staff write it on a phone; the rules between fields
    (lottery deadline, what may change once reserved) are the services' and come back as
    errors beside their fields."""

    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What visitors see and do, what to wear or bring."),
    )
    photo_upload = photo_upload_field()
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Programme
        fields = list(PROGRAMME_FIELDS)
        field_classes = {
            "title": NormalizedCharField,
            "photo_alt": NormalizedCharField,
            "age_min": NormalizedIntegerField,
            "age_max": NormalizedIntegerField,
            "duration_minutes": NormalizedIntegerField,
            "fee": NormalizedIntegerField,
            "max_party_size": NormalizedIntegerField,
        }
        widgets = {"lottery_closes_at": _datetime_input()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bounds = {
            "age_min": (0, 120),
            "age_max": (0, 120),
            "duration_minutes": (1, 24 * 60),
            "fee": (0, 1_000_000),
            "max_party_size": (1, 20),
        }
        for name, (low, high) in bounds.items():
            field = self.fields[name]
            field.min_value, field.max_value = low, high
            field.validators = [v for v in field.validators if not hasattr(v, "limit_value")] + [
                MinValueValidator(low),
                MaxValueValidator(high),
            ]
            # A text box with the number keyboard: 全角 digits typed anyway are still read.
            field.widget = forms.TextInput(attrs={"inputmode": "numeric"})
        self.fields["title"].widget.attrs["autocomplete"] = "off"
        self.fields["lottery_closes_at"].help_text = _(
            "Only for a lottery: entries close at this time, before the day; the draw follows."
        )
        if not (self.instance and self.instance.photo):
            del self.fields["remove_photo"]

    def clean_description(self):
        return normalize_multiline(self.cleaned_data["description"])

    def clean(self):
        cleaned = super().clean()
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The upper age must not be below the lower age."))
        # Checked here too (the services decide), so that the model's constraint is never
        # what the person reads.
        if cleaned.get("allocation") == Programme.Allocation.LOTTERY and not cleaned.get(
            "lottery_closes_at"
        ):
            self.add_error("lottery_closes_at", _("A lottery needs the time its entries close."))
        return cleaned

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class SlotManageForm(forms.Form):
    """A time slot on the exhibitor's area day: the day is fixed, so only times are asked."""

    starts = NormalizedTimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = NormalizedTimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    seats = NormalizedIntegerField(
        label=_("Seats"),
        min_value=0,
        max_value=1000,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("People, adults and children together."),
    )
    reservations_close_at = forms.DateTimeField(
        label=_("Reservations close"),
        required=False,
        widget=_datetime_input(),
        help_text=_("Leave blank to close reservations %(minutes)d minutes before the start."),
    )

    # The services name the fields starts_at/ends_at; their errors belong beside these.
    SERVICE_FIELDS = {"starts_at": "starts", "ends_at": "ends"}

    def __init__(self, *args, area_day, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.area_day = area_day
        field = self.fields["reservations_close_at"]
        field.help_text = field.help_text % {
            "minutes": settings.OPENFACTORY_RESERVATION_CLOSE_MINUTES
        }

    @staticmethod
    def initial_for(slot) -> dict:
        from django.utils import timezone

        return {
            "starts": timezone.localtime(slot.starts_at).time(),
            "ends": timezone.localtime(slot.ends_at).time(),
            "seats": slot.seats,
            "reservations_close_at": (
                timezone.localtime(slot.reservations_close_at)
                if slot.reservations_close_at
                else None
            ),
        }

    def clean(self):
        import datetime as dt

        from django.utils import timezone

        cleaned = super().clean()
        for name, target in (("starts", "starts_at"), ("ends", "ends_at")):
            if cleaned.get(name) is not None:
                cleaned[target] = timezone.make_aware(
                    dt.datetime.combine(self.area_day.date, cleaned[name])
                )
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends", _("The end must be after the start."))
        return cleaned

    def add_service_error(self, error) -> None:
        self.add_error(self.SERVICE_FIELDS.get(error.field, error.field), error.message)


# --- Reception ----------------------------------------------------------------------------


class CheckInForm(forms.Form):
    """What a reception phone posts: a typed or scanned code, or the tapped reservation.

    Read by a form so that what ``str.isdigit`` takes and ``int`` cannot (²), a NUL byte or a
    number no column holds is a message, never a 500.
    """

    code = forms.CharField(required=False)
    reservation = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    above_seats = forms.BooleanField(required=False)


# --- Announcements ------------------------------------------------------------------------


class AnnouncementForm(forms.Form):
    """What the secretariat mails to everyone holding a reservation; English is optional."""

    subject = NormalizedCharField(label=_("Subject"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 8})
    )
    subject_en = NormalizedCharField(
        label=_("Subject in English"),
        max_length=150,
        required=False,
        help_text=_("Optional: visitors who reserved on the English site get the English text."),
    )
    body_en = forms.CharField(
        label=_("Message in English"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    idempotency_key = forms.RegexField(
        regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput, max_length=32
    )

    def clean_body(self):
        body = normalize_multiline(self.cleaned_data["body"])
        if not body:
            raise ValidationError(_("Write the message."), code="required")
        return body

    def clean_body_en(self):
        return normalize_multiline(self.cleaned_data["body_en"])

    def clean(self):
        cleaned = super().clean()
        subject_en, body_en = cleaned.get("subject_en"), cleaned.get("body_en")
        if "subject_en" in cleaned and "body_en" in cleaned and bool(subject_en) != bool(body_en):
            self.add_error(
                "body_en" if subject_en else "subject_en",
                _("For an English version, write both its subject and its message."),
            )
        return cleaned


class AccessibilityForm(forms.ModelForm):
    """An exhibitor's accessibility facts, as its company's staff or city staff write them."""

    class Meta:
        model = ExhibitorAccessibility
        fields = [
            "step_free",
            "accessible_toilet",
            "parking",
            "pushchairs",
            "quiet_hours",
            "note",
            "note_en",
        ]
        field_classes = {"quiet_hours": NormalizedCharField}
        widgets = dict.fromkeys(
            ("step_free", "accessible_toilet", "parking", "pushchairs"), forms.RadioSelect
        ) | {
            "note": forms.Textarea(attrs={"rows": 3}),
            "note_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean_note(self):
        return normalize_multiline(self.cleaned_data["note"])


# --- Visitor passes (来場パス) -----------------------------------------------------------


class PassForm(forms.Form):
    """A party's pass: its size and, if the visitor wishes, a postcode (only 市内・県内・県外
    of it is kept; services.passes.residence_band reads it)."""

    adults = forms.IntegerField(label=_("Adults"), min_value=0, max_value=20, initial=1)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=20, initial=0)
    postcode = NormalizedCharField(
        label=_("Postal code (optional)"),
        max_length=20,
        required=False,
        help_text=_(
            "For the statistics only: we keep whether you live in Ayase, elsewhere in "
            "Kanagawa or outside it, never the postal code."
        ),
    )

    def clean(self):
        cleaned = super().clean()
        adults, children = cleaned.get("adults"), cleaned.get("children")
        if adults is not None and children is not None and adults + children < 1:
            self.add_error("adults", _("Enter at least one person."))
        return cleaned


class PassVisitForm(forms.Form):
    """A pass code typed at the reception, or the pass page's address read by the camera."""

    pass_code = forms.CharField(label=_("Pass code"), max_length=300)


# --- The stamp rally ----------------------------------------------------------------------


class QuizForm(forms.Form):
    """A factory's quiz question for the stamp rally (services.stamps.quiz_set checks it)."""

    question = NormalizedCharField(label=_("Question"), max_length=300)
    choices = forms.CharField(
        label=_("Choices"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One per line, two to five."),
    )
    answer = forms.IntegerField(
        label=_("Right answer"),
        min_value=1,
        max_value=5,
        initial=1,
        help_text=_("The number of the right choice (1 is the first)."),
    )


class StampAnswerForm(forms.Form):
    choice = forms.IntegerField(min_value=1, max_value=5)
