from allauth.account import forms as allauth_forms
from allauth.account.models import EmailAddress
from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedEmailField
from japanese.text import normalize

from . import policies, selectors
from .models import Invitation, User


class InvitationAcceptForm(forms.Form):
    """Name and password of the account an invitee creates."""

    name = forms.CharField(
        label=_("Your name"),
        max_length=100,
        help_text=_("As your colleagues know you, for example 綾瀬 太郎."),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = invitation
        if invitation.kind == Invitation.Kind.COMMITTEE_MEMBER:
            # "As your colleagues know you" is for company staff; a member signs as themselves.
            self.fields["name"].help_text = _(
                "Your full name as on the committee's list, for example 綾瀬 太郎."
            )

    def clean_name(self):
        name = normalize(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=self.invitation.email, name=cleaned.get("name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["email", "kind", "company", "company_role"]
        field_classes = {"email": NormalizedEmailField}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Invitation.Kind.COMPANY_STAFF:
            if not cleaned.get("company"):
                self.add_error("company", _("Choose the company the person will work for."))
            if not cleaned.get("company_role"):
                self.add_error("company_role", _("Choose the role in the company."))
        else:
            cleaned["company"] = None
            cleaned["company_role"] = ""
        email = cleaned.get("email")
        if email and cleaned.get("kind"):
            pending = Invitation.objects.pending().filter(
                email__iexact=email.strip(), kind=cleaned["kind"], company=cleaned.get("company")
            )
            if pending.exists():
                self.add_error(
                    "email",
                    _(
                        "This person already has an open invitation of this kind. Resend it instead."
                    ),
                )
        return cleaned


class _OneAccountPerAddress:
    """An account's address may not be an address another account holds (as its own or in
    allauth's list): two accounts behind one address leave its logins and resets ambiguous."""

    def clean_email(self):
        email = User.objects.normalize_email(self.cleaned_data["email"]).lower()
        if selectors.email_belongs_to_another_account(email, user=self.instance):
            raise forms.ValidationError(_("This address belongs to another account."))
        return email


class UserAdminChangeForm(_OneAccountPerAddress, UserChangeForm):
    pass


class UserAdminCreationForm(_OneAccountPerAddress, AdminUserCreationForm):
    pass


class EmailAddressAdminForm(forms.ModelForm):
    """An address given to an account in the admin; ``actor`` is set by the admin per request."""

    actor = None

    class Meta:
        model = EmailAddress
        fields = ["user", "email", "verified", "primary"]
        field_classes = {"email": NormalizedEmailField}

    def clean_user(self):
        user = self.cleaned_data["user"]
        if not policies.may_change_account(self.actor, user):
            raise forms.ValidationError(
                _(
                    "Only a superuser may change the email addresses of a staff or superuser account."
                )
            )
        return user

    def clean(self):
        cleaned = super().clean()
        user, email = cleaned.get("user"), cleaned.get("email")
        if user and email and selectors.email_belongs_to_another_account(email, user=user):
            # Two accounts behind one address would make its password resets ambiguous.
            self.add_error("email", _("This address belongs to another account."))
        return cleaned


class _NormalizeEmailInput:
    """Fold what a Japanese keyboard types (ｈａｎａｋｏ＠…) before allauth validates it."""

    email_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()
            for name in self.email_fields:
                if name in self.data:
                    self.data[name] = normalize(self.data[name]).lower()


class SignupForm(_NormalizeEmailInput, allauth_forms.SignupForm):
    email_fields = ("email",)


class LoginForm(_NormalizeEmailInput, allauth_forms.LoginForm):
    email_fields = ("login",)


class ResetPasswordForm(_NormalizeEmailInput, allauth_forms.ResetPasswordForm):
    email_fields = ("email",)
