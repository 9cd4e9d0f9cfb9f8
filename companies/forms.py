from django import forms
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize, normalize_multiline
from japanese.validators import (
    normalize_phone,
    normalize_postal_code,
    validate_phone,
    validate_postal_code,
)

from .images import ImageRejected, open_upload
from .models import Company, Membership


class CompanyProfileForm(forms.ModelForm):
    """The profile an owner keeps from a phone; every field normalised before it is stored."""

    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*"}),
        help_text=_("JPEG, PNG, WebP or HEIC. It is shown at most 512 pixels wide."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Company
        fields = [
            "name",
            "name_kana",
            "summary",
            "industry",
            "area",
            "postal_code",
            "address",
            "founded_year",
            "employees",
            "technologies",
            "products",
            "certifications",
            "website",
            "sns_x",
            "sns_instagram",
            "sns_facebook",
            "sns_youtube",
            "contact_phone",
            "contact_email",
            "contact_note",
            "posting_reminders",
        ]
        field_classes = {
            "name": NormalizedCharField,
            "name_kana": NormalizedCharField,
            "address": NormalizedCharField,
            "contact_note": NormalizedCharField,
            "contact_email": NormalizedEmailField,
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 4}),
            "technologies": forms.Textarea(attrs={"rows": 3}),
            "products": forms.Textarea(attrs={"rows": 3}),
            "certifications": forms.Textarea(attrs={"rows": 2}),
            "postal_code": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "contact_phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "founded_year": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "employees": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def clean_name_kana(self):
        kana = self.cleaned_data["name_kana"]
        if kana and not all(
            "\u3040" <= ch <= "\u30ff" or ch in " ・ー" or ch.isascii() for ch in kana
        ):
            raise forms.ValidationError(_("Write the reading in hiragana or katakana."))
        return kana

    def clean_postal_code(self):
        value = self.cleaned_data["postal_code"]
        if not value:
            return ""
        validate_postal_code(value)
        return normalize_postal_code(value)

    def clean_contact_phone(self):
        value = normalize(self.cleaned_data["contact_phone"])
        if not value:
            return ""
        validate_phone(value)
        return normalize_phone(value)

    def clean_founded_year(self):
        year = self.cleaned_data["founded_year"]
        if year is not None and not 1600 <= year <= 2100:
            raise forms.ValidationError(_("Enter the year in the western calendar, e.g. 1972."))
        return year

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            return open_upload(upload)
        except ImageRejected as error:
            raise forms.ValidationError(str(error)) from None

    def clean(self):
        cleaned = super().clean()
        for name in ("summary", "technologies", "products", "certifications"):
            if name in cleaned:
                cleaned[name] = normalize_multiline(cleaned[name])
        return cleaned


class CompanyInvitationForm(forms.Form):
    email = NormalizedEmailField(
        label=_("Email address of the person"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    role = forms.ChoiceField(
        label=_("Role in the company"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        help_text=_("Owners keep the profile and the members; editors post."),
    )


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
