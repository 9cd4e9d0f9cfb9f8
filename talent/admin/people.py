"""Guidance pages, checklist items, ceremony events, dormitory houses and requests.

Capacities may not fall below what is taken (the services say so beside the field); the
requests are answered on city staff's page (/talent/staff/dormitories/), never here.
"""

from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.errors import add_service_error

from ..errors import TalentError
from ..models import CeremonyEvent, ChecklistItem, DormitoryRequest, GuidancePage, House
from ..services import event_capacity_check, house_capacity_check


@admin.register(GuidancePage)
class GuidancePageAdmin(admin.ModelAdmin):
    list_display = ["title_ja", "title_en", "order", "is_published", "needs_check", "updated_at"]
    list_filter = ["is_published", "needs_check"]
    search_fields = ["title_ja", "title_en", "body_ja", "body_en"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["slug", "order", "text_format", "is_published", "needs_check"]}),
        (_("Plain Japanese (やさしい日本語)"), {"fields": ["title_ja", "body_ja"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
    ]


@admin.register(ChecklistItem)
class ChecklistItemAdmin(admin.ModelAdmin):
    list_display = ["text_ja", "text_en", "order", "asks_date", "is_active"]
    list_filter = ["is_active", "asks_date"]
    search_fields = ["text_ja", "text_en"]


class _CapacityForm(forms.ModelForm):
    check_capacity = staticmethod(lambda obj, capacity: None)

    def clean(self):
        cleaned = super().clean()
        capacity = cleaned.get("capacity")
        if capacity is not None and self.instance.pk:
            try:
                type(self).check_capacity(self.instance, capacity)
            except TalentError as error:
                add_service_error(self, error)
        return cleaned


class CeremonyEventForm(_CapacityForm):
    check_capacity = staticmethod(
        lambda obj, capacity: event_capacity_check(event=obj, capacity=capacity)
    )

    class Meta:
        model = CeremonyEvent
        fields = [
            "kind",
            "title",
            "starts_at",
            "place",
            "capacity",
            "registration_closes_at",
            "note",
        ]


class HouseForm(_CapacityForm):
    check_capacity = staticmethod(
        lambda obj, capacity: house_capacity_check(house=obj, capacity=capacity)
    )

    class Meta:
        model = House
        fields = ["name", "kind", "area", "address", "capacity", "note", "is_active"]


@admin.register(CeremonyEvent)
class CeremonyEventAdmin(admin.ModelAdmin):
    form = CeremonyEventForm
    list_display = [
        "title",
        "kind",
        "starts_at",
        "place",
        "seats_taken",
        "capacity",
        "staff_page",
    ]
    list_filter = ["kind"]
    search_fields = ["title", "place"]
    readonly_fields = ["seats_taken"]

    @admin.display(description=_("List, badges, attendance"))
    def staff_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>', reverse("talent:staff_event", args=[obj.pk]), _("Open the list")
        )


@admin.register(House)
class HouseAdmin(admin.ModelAdmin):
    form = HouseForm
    list_display = ["name", "kind", "area", "capacity", "places_taken", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "area", "address"]
    readonly_fields = ["places_taken"]


@admin.register(DormitoryRequest)
class DormitoryRequestAdmin(admin.ModelAdmin):
    """Read only: the answer (which takes places) is given on city staff's own page."""

    list_display = [
        "company",
        "places",
        "from_date",
        "status",
        "house",
        "places_allocated",
        "answer_page",
    ]
    list_filter = ["status"]
    search_fields = ["company__name", "for_whom"]
    actions = None

    @admin.display(description=_("Answer"))
    def answer_page(self, obj):
        return format_html(
            '<a href="{}">{}</a>',
            reverse("talent:staff_dormitory_detail", args=[obj.pk]),
            _("Allocate or decline"),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
