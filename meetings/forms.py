from django import forms
from django.utils.translation import gettext_lazy as _

from japanese.forms import NormalizedCharField

from .models import ActivityResponse


class ActivityAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"), choices=ActivityResponse.Answer.choices, widget=forms.RadioSelect
    )
    comment = NormalizedCharField(label=_("Comment"), max_length=300, required=False)
