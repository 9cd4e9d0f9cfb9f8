from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField
from japanese.text import normalize_multiline

from ..models import House


class DormitoryRequestForm(forms.Form):
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50)
    from_date = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    for_whom = NormalizedCharField(
        label=_("For whom"),
        max_length=200,
        help_text=_("For example: three technical intern trainees. No names, please."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_from_date(self):
        value = self.cleaned_data["from_date"]
        if value < timezone.localdate():
            raise ValidationError(_("This date is in the past."), code="past")
        return value

    def clean_note(self):
        return normalize_multiline(self.cleaned_data["note"])


class AllocateForm(forms.Form):
    house = forms.ModelChoiceField(label=_("House"), queryset=House.objects.none())
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=50)

    def __init__(self, *args, houses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["house"].queryset = houses
        self.fields["house"].label_from_instance = lambda h: (
            _("%(name)s (%(area)s, %(kind)s): %(vacancies)d vacant")
            % {
                "name": h.name,
                "area": h.area,
                "kind": h.get_kind_display(),
                "vacancies": h.vacancies,
            }
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the company)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_reason(self):
        value = normalize_multiline(self.cleaned_data["reason"])
        if not value:
            raise ValidationError(_("Tell the company why."), code="required")
        return value
