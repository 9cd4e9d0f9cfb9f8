"""The area day's filters: its factories by what they tell of their accessibility."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Exhibitor, ExhibitorAccessibility
from .models.rules import Fact


class ExhibitorAccessibilityFilter(django_filters.FilterSet):
    """``?step_free=1`` lists only the factories that said yes; not known is not yes."""

    step_free = django_filters.BooleanFilter(
        label=_("Step-free access"), method="said_yes", widget=forms.CheckboxInput
    )
    accessible_toilet = django_filters.BooleanFilter(
        label=_("Wheelchair-accessible toilet"), method="said_yes", widget=forms.CheckboxInput
    )
    parking = django_filters.BooleanFilter(
        label=_("Parking"), method="said_yes", widget=forms.CheckboxInput
    )
    pushchairs = django_filters.BooleanFilter(
        label=_("Pushchairs welcome"), method="said_yes", widget=forms.CheckboxInput
    )

    class Meta:
        model = Exhibitor
        fields: list[str] = []

    def said_yes(self, queryset, name, value):
        if name not in ExhibitorAccessibility.FACTS or not value:
            return queryset
        return queryset.filter(**{f"accessibility__{name}": Fact.YES})

    @property
    def active(self) -> bool:
        form = self.form
        return form.is_valid() and any(
            form.cleaned_data.get(n) for n in ExhibitorAccessibility.FACTS
        )
