"""City staff's side of recruiting exhibitors: the call of each edition, and the review of the
applications (accept, or decline with a message), through openfactory.services.recruitment."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .errors import RecruitmentError
from .models import ExhibitorApplication, ExhibitorCall, RecruitmentStep
from .policies import can_review_applications
from .services import recruitment as services

MANUAL_MAX_BYTES = 20 * 1024 * 1024


def check_manual(file) -> None:
    """A PDF by its content (never its name), at most 20 MB: it is only ever downloaded."""
    if file.size is None or file.size > MANUAL_MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."), code="too_large")
    file.seek(0)
    head = file.read(5)
    file.seek(max(0, file.size - 1024))
    tail = file.read()
    file.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(
            _("The manual must be a PDF file (its content was checked, not its name)."),
            code="not_pdf",
        )


class ExhibitorCallForm(forms.ModelForm):
    class Meta:
        model = ExhibitorCall
        fields = [
            "edition",
            "benefits",
            "benefits_en",
            "duties",
            "duties_en",
            "deadline",
            "manual",
            "is_open",
            "is_demo",
        ]

    def clean_manual(self):
        manual = self.cleaned_data.get("manual")
        if manual and manual != self.initial.get("manual"):
            check_manual(manual)
        return manual


@admin.register(ExhibitorCall)
class ExhibitorCallAdmin(admin.ModelAdmin):
    form = ExhibitorCallForm
    list_display = ["edition", "deadline", "is_open", "is_demo"]
    list_filter = ["is_open", "is_demo"]
    list_select_related = ["edition"]
    search_fields = ["benefits", "benefits_en", "duties", "duties_en"]


class RecruitmentStepInline(admin.TabularInline):
    model = RecruitmentStep
    fields = ["kind", "actor", "created_at", "message", "mailed_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DeclineForm(forms.Form):
    message = forms.CharField(
        label=_("message to the company"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 60}),
        help_text=_("The company's owners read it in the mail and on their application."),
    )


@admin.register(ExhibitorApplication)
class ExhibitorApplicationAdmin(admin.ModelAdmin):
    list_display = ["company", "call", "area_day", "status", "submitted_at", "reviewed_at"]
    list_filter = ["status", "call"]
    list_select_related = ["company", "call__edition", "area_day__area"]
    search_fields = ["company__name", "company__name_kana", "contact_name"]
    actions = ["accept", "decline"]
    inlines = [RecruitmentStepInline]
    readonly_fields = [
        "call",
        "company",
        "area_day",
        "shows",
        "programme_ideas",
        "step_free",
        "accessible_toilet",
        "accessibility_notes",
        "contact_name",
        "contact_email",
        "contact_phone",
        "status",
        "decision_message",
        "exhibitor",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # read here, decided by the actions (through the services)

    def has_delete_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return can_review_applications(request.user)

    @admin.action(description=_("Accept (creates the exhibitor)"), permissions=["review"])
    def accept(self, request, queryset):
        for application in queryset.select_related("company"):
            try:
                services.application_accept(application=application, actor=request.user)
            except RecruitmentError as error:
                self.message_user(request, f"{application.company}: {error}", messages.WARNING)
            else:
                self.message_user(
                    request,
                    _("%(company)s: accepted; it now exhibits.") % {"company": application.company},
                    messages.SUCCESS,
                )

    @admin.action(description=_("Decline (with a message)"), permissions=["review"])
    def decline(self, request, queryset):
        applications = list(
            queryset.filter(status=ExhibitorApplication.Status.SUBMITTED).select_related("company")
        )
        if not applications:
            self.message_user(
                request, _("None of the selected applications waits for review."), messages.WARNING
            )
            return None
        form = DeclineForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            for application in applications:
                try:
                    services.application_decline(
                        application=application,
                        actor=request.user,
                        message=form.cleaned_data["message"],
                    )
                except RecruitmentError as error:
                    self.message_user(request, f"{application.company}: {error}", messages.WARNING)
                else:
                    self.message_user(
                        request,
                        _("%(company)s: declined.") % {"company": application.company},
                        messages.SUCCESS,
                    )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline the applications"),
            "opts": self.model._meta,
            "applications": applications,
            "objects": applications,
            "action": "decline",
            "field": form["message"],
            "submit_label": _("Decline"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/openfactory/exhibitorapplication/decline.html", context
        )
