"""The scheme catalogue and the builder of each scheme's application form (no code needed).

Removing a field that applications answered is refused beside the row, with the service's
reason: the answers need it.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.errors import add_service_error

from ..errors import TalentError
from ..models import FormField, Scheme
from ..services.programmes import formfield_check_delete


class FormFieldFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            if not form.instance.pk or not hasattr(form, "cleaned_data"):
                continue
            if self.can_delete and self._should_delete_form(form):
                try:
                    formfield_check_delete(field=form.instance)
                except TalentError as error:
                    add_service_error(form, error)
                    raise ValidationError(error.message) from None


class FormFieldInline(admin.StackedInline):
    model = FormField
    formset = FormFieldFormSet
    extra = 0
    fields = [
        ("order", "kind", "required"),
        ("label", "label_en"),
        ("help_text", "help_text_en"),
        "choices",
    ]
    formfield_overrides = {
        models.CharField: {"widget": forms.TextInput(attrs={"size": 40})},
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})},
    }


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "opens_on", "closes_on", "order", "is_demo"]
    list_filter = ["status", "is_demo"]
    search_fields = ["title", "title_en", "summary"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": [("title", "title_en"), "slug", "order", "status", "is_demo"]}),
        (_("Period"), {"fields": [("opens_on", "closes_on")]}),
        (
            _("Description"),
            {
                "fields": [
                    ("summary", "summary_en"),
                    ("eligibility", "eligibility_en"),
                    ("benefits", "benefits_en"),
                    ("documents", "documents_en"),
                    ("contact", "contact_en"),
                ]
            },
        ),
    ]
    inlines = [FormFieldInline]
