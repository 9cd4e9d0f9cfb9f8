import re

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import PROMPT, PromptedSelectsMixin
from images.photos import ImageRejected, ImageRejectedMany, make_masters, open_upload
from japanese.forms import NormalizedCharField, NormalizedEmailField
from japanese.text import normalize, normalize_multiline
from japanese.validators import (
    normalize_phone,
    normalize_postal_code,
    validate_phone,
    validate_postal_code,
)

from .models import Company, Membership, Post


class LogoUploadMixin:
    """The logo is never taken as uploaded: it goes through images.photos (type by content,
    limits, EXIF/GPS stripped, upright) and is stored re-encoded (services)."""

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            return open_upload(upload)
        except ImageRejected as error:
            raise forms.ValidationError(str(error)) from None


def logo_upload_field():
    return forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*"}),
        help_text=_("JPEG, PNG, WebP or HEIC. It is shown at most 512 pixels wide."),
    )


class CompanyProfileForm(PromptedSelectsMixin, LogoUploadMixin, forms.ModelForm):
    """The profile an owner keeps from a phone; every field normalised before it is stored."""

    logo_upload = logo_upload_field()
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

    def clean(self):
        cleaned = super().clean()
        for name in ("summary", "technologies", "products", "certifications"):
            if name in cleaned:
                cleaned[name] = normalize_multiline(cleaned[name])
        return cleaned


class CompanyAdminForm(LogoUploadMixin, forms.ModelForm):
    logo_upload = logo_upload_field()
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Company
        # Every field the admin shows (CompanyAdmin.fieldsets) but the logo itself.
        fields = [
            *CompanyProfileForm.Meta.fields,
            "latitude",
            "longitude",
            "slug",
            "is_listed",
            "is_committee",
            "is_demo",
        ]


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

    def __init__(self, *args, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        if roles is not None:  # the roles the person inviting may give (policies)
            self.fields["role"].choices = [
                (value, label) for value, label in Membership.Role.choices if value in roles
            ]
            if len(roles) == 1:
                self.fields["role"].help_text = _(
                    "Owners invite editors; to add an owner, ask the secretariat."
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
        try:
            # Every file checked, and their pixels counted together, before one is decoded;
            # one bad file refuses the whole upload: nothing is stored.
            return make_masters(files)
        except ImageRejectedMany as error:
            raise forms.ValidationError(error.messages) from None


def parse_tags(value: str) -> list[str]:
    parts = re.split(r"[,、,#＃\s]+", normalize(value))
    tags = list(dict.fromkeys(p.strip() for p in parts if p.strip()))
    return tags


class PostForm(PromptedSelectsMixin, forms.Form):
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
    # No category chosen for the writer (the first one, 営業会議, used to be): they choose.
    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", PROMPT), *Post.Category.choices],
        error_messages={"required": _("Choose a category.")},
    )
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

    def __init__(self, *args, photo_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        # The captions of the post's photos, each an input of the edit page; a caption the
        # page did not send is kept as it is.
        for pk in photo_ids:
            name = f"caption-{pk}"
            if self.is_bound and name in self.data:
                self.fields[name] = NormalizedCharField(required=False, label=_("Caption"))

    def captions(self) -> dict[int, str]:
        return {
            int(name.removeprefix("caption-")): value[:200]
            for name, value in self.cleaned_data.items()
            if name.startswith("caption-")
        }

    def clean_body(self):
        return normalize_multiline(self.cleaned_data["body"])

    def clean_tags(self):
        tags = parse_tags(self.cleaned_data["tags"])
        if len(tags) > 5:
            raise forms.ValidationError(_("Use at most 5 tags."))
        if any(len(tag) > 30 for tag in tags):
            raise forms.ValidationError(_("A tag has at most 30 characters."))
        return tags


class PostFilterForm(forms.Form):
    """The timeline's filters. ``company`` is a company's slug (a link's) or part of a name
    typed by the visitor (selectors.companies_named). An unknown category filters nothing,
    as a stale link should; a value no link makes (a NUL byte) is refused."""

    company = NormalizedCharField(required=False, max_length=100)
    category = forms.CharField(required=False)
    tag = NormalizedCharField(required=False)

    def clean_category(self):
        category = self.cleaned_data["category"]
        return category if category in Post.Category.values else ""

    def clean_company(self):
        return self.cleaned_data["company"].strip()

    def clean_tag(self):
        return self.cleaned_data["tag"][:30]


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The company's staff read this beside their post."),
    )


class ReviewRequestForm(forms.Form):
    message = forms.CharField(
        label=_("What did you change?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The secretariat reads this before it looks at the post again."),
        error_messages={
            "required": _("Say what you changed, so that the secretariat can check it.")
        },
    )
