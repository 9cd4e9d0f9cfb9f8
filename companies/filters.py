"""Filters of the company directory (django-filter)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from japanese.text import normalize

from . import extensions
from .models import Area, Company, Industry


def _keep_companies_of(directory_filter: extensions.DirectoryFilter):
    def keep(queryset, name, value):
        if not value:
            return queryset
        # A subquery: the filter runs no query of its own.
        return queryset.filter(pk__in=directory_filter.company_ids())

    return keep


class CompanyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or keyword"), method="search")
    industry = django_filters.ChoiceFilter(
        label=_("Industry"), choices=Industry.choices, empty_label=_("Any industry")
    )
    area = django_filters.ChoiceFilter(
        label=_("Area"), choices=Area.choices, empty_label=_("Any area")
    )

    posted_recently = django_filters.BooleanFilter(
        label=_("Posted in the last 30 days"),
        method="filter_posted_recently",
        widget=forms.CheckboxInput,
    )

    class Meta:
        model = Company
        fields = ["q", "industry", "area", "posted_recently"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Checkboxes that apps above this one provide (the open factory's "exhibits"), after
        # this app's own filters.
        for extra in extensions.directory_filters():
            directory_filter = django_filters.BooleanFilter(
                label=extra.label,
                method=_keep_companies_of(extra),
                widget=forms.CheckboxInput,
            )
            directory_filter.parent = self
            self.filters[extra.name] = directory_filter

    def filter_posted_recently(self, queryset, name, value):
        if not value:
            return queryset
        from datetime import timedelta

        from django.utils import timezone

        from .models import Post

        since = timezone.now() - timedelta(days=30)
        recent = Post.objects.published().filter(publish_at__gte=since).values("company_id")
        return queryset.filter(pk__in=recent)

    def search(self, queryset, name, value):
        value = normalize(value)
        if not value:
            return queryset
        return queryset.filter(
            Q(name__icontains=value)
            | Q(name_kana__icontains=value)
            | Q(summary__icontains=value)
            | Q(technologies__icontains=value)
            | Q(products__icontains=value)
        )

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(field.widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            field.widget.attrs.setdefault("class", css)
        return form
