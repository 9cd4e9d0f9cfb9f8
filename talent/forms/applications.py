"""The forms of the talent app: an application built from its scheme's fields, and the
review city staff write.

A draft keeps what was typed even where it is not valid yet (``ApplicationForm.values``);
submitting checks every field, and a message stands beside each that needs a change.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize, normalize_multiline
from japanese.validators import (
    normalize_phone,
    normalize_postal_code,
    validate_no_nul,
    validate_phone,
    validate_postal_code,
)

from ..models import Application, FormField
from ..models.applications import Status
from ..uploads import ACCEPT, CheckedFile, check_attachment

AMOUNT_MAX = 10_000_000_000  # ten billion yen: anything above is a typing slip
NUMBER_MAX = 1_000_000_000
_NUMBER_NOISE = re.compile(r"[,\s円¥￥]")


def parse_integer(value: str) -> int:
    """「１２０，０００」, 120,000円 and ¥120000 are all 120000; a ValueError otherwise."""
    text = _NUMBER_NOISE.sub("", normalize(value))
    if not re.fullmatch(r"\d+", text):
        raise ValueError(value)
    return int(text)


class IntegerTextField(forms.CharField):
    """A whole number typed on any keyboard (全角 digits, commas, 円), kept as an int.

    A text input, not type=number: a phone's Japanese keyboard types １２０，０００, which a
    number input would refuse in the browser and lose.
    """

    def __init__(self, *, max_value: int, message, **kwargs):
        kwargs.pop("max_length", None)  # the value is an int; the text is bounded below
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.max_value = max_value
        self.message = message
        self.validators.append(validate_no_nul)

    def to_python(self, value):
        text = normalize(super().to_python(value))
        if len(text) > 40:
            raise ValidationError(self.message, code="invalid")
        if not text:
            return None
        try:
            number = parse_integer(text)
        except ValueError:
            raise ValidationError(self.message, code="invalid") from None
        if number > self.max_value:
            raise ValidationError(_("This number is too large."), code="max_value")
        return number


class FlexibleDateField(forms.DateField):
    """2026-04-01, 2026/4/1 or ２０２６年４月１日."""

    input_formats = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日"]

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize(value).replace(" ", "")
        return super().to_python(value)


class MultilineField(NormalizedCharField):
    def to_python(self, value):
        return normalize_multiline(forms.CharField.to_python(self, value))


class PhoneField(NormalizedCharField):
    def validate(self, value):
        super().validate(value)
        if value:
            validate_phone(value)

    def clean(self, value):
        value = super().clean(value)
        return normalize_phone(value) if value else value


class PostalCodeField(NormalizedCharField):
    def validate(self, value):
        super().validate(value)
        if value:
            validate_postal_code(value)

    def clean(self, value):
        value = super().clean(value)
        return normalize_postal_code(value) if value else value


# The company's details, asked on every application; required to submit.
APPLICANT_REQUIRED = ("company_name", "address", "representative", "phone")


def applicant_fields() -> dict[str, forms.Field]:
    return {
        "company_name": NormalizedCharField(label=_("Company name"), max_length=200),
        "postal_code": PostalCodeField(label=_("Postal code"), max_length=10),
        "address": NormalizedCharField(label=_("Address"), max_length=300),
        "representative": NormalizedCharField(
            label=_("Representative"),
            max_length=100,
            help_text=_("Name and title, for example 代表取締役 綾瀬 太郎."),
        ),
        "phone": PhoneField(
            label=_("Phone"),
            max_length=20,
            widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        ),
        "email": NormalizedEmailField(label=_("Contact email"), max_length=254),
        "employees": IntegerTextField(
            label=_("Number of employees"),
            max_value=1_000_000,
            message=_("Enter a number, for example 25."),
            max_length=20,
        ),
    }


class ApplicationForm(forms.Form):
    """The company's details, then the scheme's own fields, in the order staff gave them."""

    def __init__(
        self,
        *args,
        application: Application,
        fields: list[FormField],
        strict: bool = False,
        **kwargs,
    ):
        if "initial" not in kwargs:
            kwargs["initial"] = initial_of(application, fields)
        super().__init__(*args, **kwargs)
        self.application = application
        self.scheme_fields = fields
        self.checked_files: dict[str, CheckedFile] = {}
        self.fields.update(applicant_fields())
        for name, field in list(self.fields.items()):
            field.required = strict and name in APPLICANT_REQUIRED
        for item in fields:
            field = self._field_for(item)
            field.label = item.display_label
            field.help_text = item.display_help
            # Files are counted by their attachments when submitting, not by this input.
            field.required = strict and item.required and item.kind != FormField.Kind.FILE
            self.fields[item.name] = field

    @staticmethod
    def _field_for(item: FormField) -> forms.Field:
        kind = item.kind
        if kind == FormField.Kind.LONG_TEXT:
            return MultilineField(max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
        if kind == FormField.Kind.NUMBER:
            return IntegerTextField(
                max_value=NUMBER_MAX, message=_("Enter a whole number, for example 3.")
            )
        if kind == FormField.Kind.AMOUNT:
            return IntegerTextField(
                max_value=AMOUNT_MAX,
                message=_("Enter an amount in yen in digits, for example 120,000."),
            )
        if kind == FormField.Kind.DATE:
            return FlexibleDateField(widget=forms.DateInput(attrs={"type": "date"}))
        if kind == FormField.Kind.CHOICE:
            return forms.ChoiceField(choices=item.choice_pairs(), widget=forms.RadioSelect)
        if kind == FormField.Kind.FILE:
            return forms.FileField(
                required=False, widget=forms.ClearableFileInput(attrs={"accept": ACCEPT})
            )
        return NormalizedCharField(max_length=500)

    def clean(self):
        cleaned = super().clean()
        for item in self.scheme_fields:
            if item.kind != FormField.Kind.FILE:
                continue
            upload = cleaned.get(item.name)
            if isinstance(upload, UploadedFile):
                try:
                    self.checked_files[item.name] = check_attachment(upload)
                except ValidationError as error:
                    self.add_error(item.name, error)
        return cleaned

    def values(self) -> dict[str, str]:
        """What to keep of the draft: the checked value where it is valid, else the text as
        typed (normalised), so that nothing typed is lost."""
        kept: dict[str, str] = {}
        cleaned = getattr(self, "cleaned_data", {})
        for name, field in self.fields.items():
            if isinstance(field, forms.FileField):
                continue
            if name in cleaned and name not in self.errors:
                value = cleaned[name]
                if isinstance(value, dt.date):
                    kept[name] = value.isoformat()
                else:
                    kept[name] = "" if value is None else str(value)
            elif name in self.data:
                kept[name] = normalize_multiline(str(self.data.get(name, "")).replace("\x00", ""))
        return kept

    def rows(self, comments: dict[str, str]) -> list[dict]:
        """Each field with the comment city staff left beside it when they returned it."""
        return [{"field": self[name], "comment": comments.get(name, "")} for name in self.fields]


def field_labels(fields: list[FormField]) -> dict[str, str]:
    """{field name: label} of the company's details and the scheme's fields, in form order."""
    labels = {name: str(field.label) for name, field in applicant_fields().items()}
    labels.update({item.name: item.display_label for item in fields})
    return labels


def label_comments(history: list, labels: dict[str, str]) -> None:
    """Give each step of the history its comments per field under the fields' labels."""
    for step in history:
        step.labelled_comments = [
            (labels.get(name, name), text) for name, text in (step.field_comments or {}).items()
        ]


def initial_of(application: Application, fields: list[FormField]) -> dict[str, str]:
    initial = {
        name: getattr(application, name)
        for name in ("company_name", "postal_code", "address", "representative", "phone")
    }
    initial["email"] = application.email
    initial["employees"] = application.employees
    for item in fields:
        if item.kind != FormField.Kind.FILE and item.name in application.answers:
            initial[item.name] = application.answers[item.name]
    return initial


class StartForm(forms.Form):
    """Which of the user's companies applies (asked only of someone in several)."""

    company = forms.TypedChoiceField(label=_("Company"), coerce=int)

    def __init__(self, *args, companies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].choices = [(c.pk, c.name) for c in companies]


class ReviewForm(forms.Form):
    """City staff's step: take in review, return with comments per field, approve, reject."""

    to_status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Status.IN_REVIEW, _("Take in review")),
            (Status.RETURNED, _("Return for changes")),
            (Status.APPROVED, _("Approve")),
            (Status.REJECTED, _("Reject")),
        ],
        widget=forms.RadioSelect,
    )
    comment = MultilineField(
        label=_("Comment (the reason, for a rejection)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    amount = IntegerTextField(
        label=_("Amount granted (yen)"),
        required=False,
        max_value=AMOUNT_MAX,
        message=_("Enter an amount in yen in digits, for example 120,000."),
        help_text=_("For an approval."),
    )

    def __init__(self, *args, labels: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.comment_names = []
        for name, label in labels:
            field = MultilineField(
                label=label, required=False, max_length=2000, widget=forms.TextInput
            )
            self.fields[f"comment_{name}"] = field
            self.comment_names.append((name, f"comment_{name}"))

    def field_comments(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[form_name]
            for name, form_name in self.comment_names
            if self.cleaned_data.get(form_name)
        }

    def comment_fields(self):
        return [self[form_name] for _name, form_name in self.comment_names]


class FiscalYearForm(forms.Form):
    year = forms.IntegerField(required=False, min_value=1989, max_value=2200)
