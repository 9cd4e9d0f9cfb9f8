import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

from images.photos import ImageRejected, make_master, open_upload
from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize, normalize_multiline
from japanese.validators import (
    normalize_phone,
    normalize_postal_code,
    validate_phone,
    validate_postal_code,
)

from .models import Company, Membership, Photo, Post


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


# --- Posts ------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one ``<input type=file multiple>``, each checked by content."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [f for f in files if f]
        if len(files) > Post.MAX_PHOTOS:
            raise forms.ValidationError(
                _("Choose at most %(max)d photos.") % {"max": Post.MAX_PHOTOS}
            )
        masters, errors = [], []
        for upload in files:
            try:
                masters.append(make_master(upload, label=upload.name))
            except ImageRejected as error:
                errors.append(str(error))
        if errors:
            # One bad file refuses the whole upload: nothing is stored.
            raise forms.ValidationError(errors)
        return masters


def parse_tags(value: str) -> list[str]:
    parts = re.split(r"[,、,#＃\s]+", normalize(value))
    tags = list(dict.fromkeys(p.strip() for p in parts if p.strip()))
    return tags


class PostForm(forms.Form):
    title = NormalizedCharField(
        label=_("Title"),
        max_length=120,
        required=False,
        help_text=_("Optional: without one, the first line of the text is used."),
    )
    body = forms.CharField(
        label=_("Text"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few lines are enough: the photos tell the story."),
    )
    body_format = forms.ChoiceField(
        label=_("Text format"),
        choices=Post.BodyFormat.choices,
        initial=Post.BodyFormat.PLAIN,
        widget=forms.RadioSelect,
    )
    category = forms.ChoiceField(label=_("Category"), choices=Post.Category.choices)
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=200,
        help_text=_("Separated by commas or spaces, for example 溶接 新人研修."),
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text=_("Leave empty to publish at once; a later time schedules the post."),
    )
    photos = MultiplePhotoField(
        label=_("Add photos"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/*", "class": "photo-input"}),
        help_text=_("Choose up to 20 photos at once: JPEG, PNG, WebP or HEIC."),
    )

    def clean_body(self):
        return normalize_multiline(self.cleaned_data["body"])

    def clean_tags(self):
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > 5:
            raise forms.ValidationError(_("Use at most 5 tags."))
        if any(len(tag) > 30 for tag in tags):
            raise forms.ValidationError(_("A tag has at most 30 characters."))
        return tags


def clean_caption(value: str) -> str:
    """A photo's caption, read beside the post form: normalised, without control characters
    (a NUL byte cannot be stored in PostgreSQL text; none of them can be typed), at most 200."""
    text = "".join(c for c in normalize(value) if unicodedata.category(c) != "Cc")
    return text[: Photo._meta.get_field("caption").max_length]


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company's staff read this beside their post."),
    )
