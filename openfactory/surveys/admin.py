"""The survey builder of city staff: a survey with its questions, a question with its choices.

Removing an answered question or choice, or giving an answered choice another value, is
refused beside the row with the services' reason, so that results stay true.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.errors import add_service_error

from ..models import Choice, Edition, Question, Response, Survey, SurveyInvitation
from . import ready_made, services


class _GuardedFormSet(forms.BaseInlineFormSet):
    """Rows marked for deletion or changed are checked by the services before anything is saved."""

    def clean(self):
        super().clean()
        for form in self.forms:
            instance = form.instance
            if not instance.pk or not hasattr(form, "cleaned_data"):
                continue
            try:
                if self.can_delete and self._should_delete_form(form):
                    self.check_delete(instance)
                elif form.has_changed():
                    self.check_change(instance)
            except services.SurveyError as error:
                add_service_error(form, error)
                raise ValidationError(error.message) from None


class QuestionFormSet(_GuardedFormSet):
    def check_delete(self, question):
        services.question_check_delete(question=question)

    def check_change(self, question):
        services.question_check_change(question=question)


class ChoiceFormSet(_GuardedFormSet):
    def check_delete(self, choice):
        services.choice_check_change(choice=choice, deleting=True)

    def check_change(self, choice):
        services.choice_check_change(choice=choice)


class QuestionInline(admin.StackedInline):
    model = Question
    formset = QuestionFormSet
    fk_name = "survey"
    extra = 0
    show_change_link = True
    fields = [
        ("order", "kind", "required", "allow_other"),
        ("text", "text_en"),
        ("help_text", "help_text_en"),
        ("min_value", "max_value"),
        ("condition_question", "condition_value"),
    ]
    formfield_overrides = {models.CharField: {"widget": forms.TextInput(attrs={"size": 40})}}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "condition_question":
            survey_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Question.objects.filter(survey_id=survey_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SurveyForm(forms.ModelForm):
    ready_made = forms.BooleanField(
        label=_("Start with the ready-made questions"),
        required=False,
        initial=True,
        help_text=_(
            "Visitors: satisfaction, how they heard of it, residence, age, comments. "
            "Exhibitors: visitors they felt they had, what worked, whether they will exhibit "
            "next time, whether it helped hiring or business, comments. Used only when no "
            "question is added below; every question can be changed afterwards."
        ),
    )

    class Meta:
        model = Survey
        # The admin passes its own ``fields``; these are the builder's.
        fields = ["edition", "area_day", "audience", "title", "status"]


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    form = SurveyForm
    list_display = [
        "title",
        "edition",
        "area_day",
        "audience",
        "status",
        "results_published",
        "response_count",
        "poster_link",
    ]
    list_filter = ["status", "audience", "results_published", "edition", "is_demo"]
    search_fields = ["title", "title_en", "intro"]
    list_select_related = ["edition", "area_day__area"]
    readonly_fields = ["public_key", "poster_link"]
    fields = [
        ("edition", "area_day"),
        "audience",
        ("title", "title_en"),
        ("intro", "intro_en"),
        ("opens_at", "closes_at"),
        "status",
        "results_published",
        "is_demo",
        "public_key",
        "poster_link",
    ]
    inlines = [QuestionInline]
    actions = ["copy_to_latest_edition"]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [*fields, "ready_made"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and form.cleaned_data.get("ready_made"):
            added = ready_made.survey_add_ready_made(survey=form.instance)
            if added:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)d ready-made question added: change them as you need.",
                        "%(count)d ready-made questions added: change them as you need.",
                        added,
                    )
                    % {"count": added},
                )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_responses=models.Count("responses"))

    @admin.display(description=_("responses"), ordering="_responses")
    def response_count(self, obj):
        return getattr(obj, "_responses", None)

    @admin.display(description=_("QR posters and results"))
    def poster_link(self, obj):
        if not obj.pk:
            return "-"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("openfactory:surveys:poster", kwargs={"pk": obj.pk}),
            _("Print the posters"),
            reverse("openfactory:surveys:results", kwargs={"pk": obj.pk}),
            _("Results"),
            reverse("openfactory:surveys:edition_results", kwargs={"edition": obj.edition_id}),
            _("The edition's surveys together"),
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Question:
            for question in formset.instance.questions.all():
                services.question_add_default_choices(question=question)

    @admin.action(description=_("Copy to the latest edition (as a draft)"))
    def copy_to_latest_edition(self, request, queryset):
        latest = Edition.objects.order_by("-year").first()
        done = 0
        for survey in queryset.select_related("edition"):
            try:
                copy = services.survey_copy(from_survey=survey, to_edition=latest)
            except services.SurveyError as error:
                self.message_user(request, f"{survey.title}: {error.message}", messages.WARNING)
            else:
                done += 1
                self.log_addition(request, copy, _("Copied from %(from)s.") % {"from": survey})
        self.message_user(
            request,
            ngettext("%(count)d survey copied.", "%(count)d surveys copied.", done)
            % {"count": done},
        )


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceFormSet
    extra = 0
    fields = ["order", "label", "label_en", "value"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "survey", "order", "kind", "required"]
    list_filter = ["kind", "required", "survey__edition", "survey"]
    search_fields = ["text", "text_en", "survey__title"]
    list_select_related = ["survey__edition"]
    fields = [
        "survey",
        ("order", "kind", "required", "allow_other"),
        ("text", "text_en"),
        ("help_text", "help_text_en"),
        ("min_value", "max_value"),
        ("condition_question", "condition_value"),
    ]
    inlines = [ChoiceInline]

    def get_readonly_fields(self, request, obj=None):
        # A question stays in its survey: its answers belong to it.
        return ["survey"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "condition_question":
            object_id = request.resolver_match.kwargs.get("object_id")
            survey_id = (
                Question.objects.filter(pk=object_id).values_list("survey_id", flat=True).first()
                if object_id and str(object_id).isdigit()
                else None
            )
            kwargs["queryset"] = Question.objects.filter(survey_id=survey_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class GuardedForm(form):
            def clean(self):
                cleaned = super().clean()
                if self.instance.pk and "kind" in cleaned:
                    probe = Question(
                        pk=self.instance.pk, kind=cleaned["kind"], text=self.instance.text
                    )
                    try:
                        services.question_check_change(question=probe)
                    except services.SurveyError as error:
                        self.add_error("kind", error.message)
                return cleaned

        return GuardedForm

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.question_add_default_choices(question=form.instance)

    def delete_model(self, request, obj):
        services.question_delete(question=obj)

    def delete_queryset(self, request, queryset):
        for question in queryset:
            services.question_delete(question=question)


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Responses are read here; they are made by the visitors' pages only."""

    list_display = ["pk", "survey", "submitted_at", "language", "venue", "is_demo"]
    list_filter = ["survey__edition", "survey", "language", "is_demo"]
    search_fields = ["survey__title", "answers__text"]
    list_select_related = ["survey__edition", "venue__company"]
    date_hierarchy = "submitted_at"
    fields = ["survey", "venue", "company", "language", "submitted_at", "anonymised_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["survey", "reservation", "language", "sent_at"]
    list_filter = ["survey", "language"]
    search_fields = ["reservation__code", "survey__title"]
    list_select_related = ["survey__edition", "reservation"]
    readonly_fields = ["survey", "reservation", "language", "sent_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
