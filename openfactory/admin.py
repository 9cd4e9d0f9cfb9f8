"""City staff run editions, areas, days, exhibitors and programmes here.

Seats and statuses of reservations are changed only through the services (actions below), so
that the seat count, the waitlist and the mails stay right.
"""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .forms import ProgrammePhotoMixin, photo_upload_field
from .models import (
    PROGRAMME_FIELDS,
    Announcement,
    AnnouncementDelivery,
    Area,
    AreaDay,
    Edition,
    Exhibitor,
    Programme,
    ReceptionCount,
    Reservation,
    ReservationMail,
    Slot,
)


class AreaDayInline(admin.TabularInline):
    model = AreaDay
    extra = 0
    fields = ["area", "date", "opens_at", "closes_at", "main_venue"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "is_published", "status", "is_demo"]
    list_filter = ["is_published", "status", "is_demo"]
    search_fields = ["title", "description"]
    inlines = [AreaDayInline]


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kana", "slug", "order"]
    list_filter = ["days__edition"]
    search_fields = ["name", "name_kana"]
    prepopulated_fields = {"slug": ["name_kana"]}


class ExhibitorInline(admin.TabularInline):
    model = Exhibitor
    extra = 0
    autocomplete_fields = ["company"]
    fields = ["company", "place", "order"]


@admin.register(AreaDay)
class AreaDayAdmin(admin.ModelAdmin):
    list_display = ["area", "edition", "date", "opens_at", "closes_at", "visitors_recorded"]
    list_filter = ["edition", "area"]
    search_fields = ["area__name", "main_venue", "venue_address"]
    list_select_related = ["area", "edition"]
    inlines = [ExhibitorInline]


@admin.register(Exhibitor)
class ExhibitorAdmin(admin.ModelAdmin):
    list_display = ["company", "area_day", "place"]
    list_filter = ["area_day__edition", "area_day__area"]
    search_fields = ["company__name", "company__name_kana", "place", "shows"]
    list_select_related = ["company", "area_day__area"]
    autocomplete_fields = ["company"]


class SlotForm(forms.ModelForm):
    class Meta:
        model = Slot
        fields = ["starts_at", "ends_at", "seats", "reservations_close_at"]

    def clean(self):
        cleaned = super().clean()
        seats = cleaned.get("seats")
        if seats is not None and self.instance.pk and seats < self.instance.seats_taken:
            self.add_error(
                "seats",
                _("%(taken)d seats are taken; cancel reservations before removing seats.")
                % {"taken": self.instance.seats_taken},
            )
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return cleaned


class SlotInline(admin.TabularInline):
    model = Slot
    form = SlotForm
    extra = 0
    fields = ["starts_at", "ends_at", "seats", "seats_taken", "reservations_close_at"]
    readonly_fields = ["seats_taken"]


class ProgrammeForm(ProgrammePhotoMixin, forms.ModelForm):
    """The photo is never taken as uploaded: it goes through images.photos (type by
    content, limits, EXIF/GPS stripped, upright) and is stored re-encoded and resized."""

    photo_upload = photo_upload_field()
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Programme
        fields = ["exhibitor", *PROGRAMME_FIELDS, "is_demo"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("allocation") == Programme.Allocation.LOTTERY and not cleaned.get(
            "lottery_closes_at"
        ):
            self.add_error("lottery_closes_at", _("A lottery needs the time its entries close."))
        age_min, age_max = cleaned.get("age_min"), cleaned.get("age_max")
        if age_min is not None and age_max is not None and age_min > age_max:
            self.add_error("age_max", _("The upper age must not be below the lower age."))
        size = cleaned.get("max_party_size")
        if size is not None and not 1 <= size <= 20:
            self.add_error("max_party_size", _("Between 1 and 20 people."))
        return cleaned


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeForm
    list_display = ["title", "exhibitor", "kind", "admission", "allocation", "is_demo"]
    list_filter = [
        "kind",
        "admission",
        "allocation",
        "exhibitor__area_day__edition",
        "exhibitor__area_day__area",
    ]
    search_fields = ["title", "description", "exhibitor__company__name"]
    list_select_related = ["exhibitor__company", "exhibitor__area_day__area"]
    readonly_fields = ["photo"]
    inlines = [SlotInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.programme_photo_set(
            programme=obj,
            photo=form.cleaned_data.get("photo_upload"),
            remove=form.cleaned_data.get("remove_photo", False),
        )

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Slot:
            # Seats added to a full slot go to its waitlist at once.
            for slot in formset.instance.slots.all():
                services.waitlist_promote(slot_id=slot.pk)


@admin.register(Slot)
class SlotAdmin(admin.ModelAdmin):
    form = SlotForm
    list_display = ["__str__", "seats", "seats_taken", "drawn_at"]
    list_filter = ["programme__exhibitor__area_day__edition", "programme__kind"]
    search_fields = ["programme__title", "programme__exhibitor__company__name"]
    list_select_related = ["programme"]
    autocomplete_fields = ["programme"]

    def get_form(self, request, obj=None, **kwargs):
        # A new slot needs its programme; an existing one keeps it (visitors hold its seats).
        if obj is None:
            kwargs["fields"] = ["programme", *SlotForm.Meta.fields]
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return (
            ["seats_taken", "drawn_at"] if obj is None else ["programme", "seats_taken", "drawn_at"]
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.waitlist_promote(slot_id=obj.pk)


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "slot", "adults", "children", "status", "created_at"]
    list_filter = ["status", "language", "heard_from", "slot__programme__exhibitor__area_day"]
    search_fields = ["code", "name", "name_kana", "email", "phone"]
    list_select_related = ["slot__programme"]
    date_hierarchy = "created_at"
    actions = ["cancel"]
    readonly_fields = [
        "slot",
        "status",
        "adults",
        "children",
        "code",
        "language",
        "draw_order",
        "user",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "anonymised_at",
    ]
    fields = [
        "slot",
        "status",
        "code",
        "name",
        "name_kana",
        "email",
        "phone",
        "adults",
        "children",
        "accessibility_needs",
        "heard_from",
        "language",
        "draw_order",
        "user",
        "created_at",
        "cancelled_at",
        "checked_in_at",
        "anonymised_at",
    ]

    def has_add_permission(self, request):
        # Reservations are made on the public form, which counts the seats.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting one would free its seats without offering them to the waitlist and drop
        # it from the day's figures: it is cancelled instead (the action below), and its
        # personal data are anonymised after the stated period.
        return False

    @admin.action(description=_("Cancel the selected reservations (mails the visitors)"))
    def cancel(self, request, queryset):
        done = 0
        for reservation in queryset:
            try:
                services.reservation_cancel(token=reservation.token)
            except services.ReservationError as error:
                self.message_user(request, f"{reservation.code}: {error.message}", messages.WARNING)
            else:
                done += 1
                # Actions leave no trace of their own in the admin's history: say who did it.
                self.log_change(
                    request,
                    reservation,
                    _("Cancelled with the admin action; the visitor was mailed."),
                )
        self.message_user(
            request,
            ngettext("%(count)d reservation cancelled.", "%(count)d reservations cancelled.", done)
            % {"count": done},
        )


@admin.register(ReservationMail)
class ReservationMailAdmin(admin.ModelAdmin):
    list_display = ["reservation", "kind", "sent_at"]
    list_filter = ["kind"]
    search_fields = ["reservation__code", "reservation__email"]
    readonly_fields = ["reservation", "kind", "sent_at"]

    def has_add_permission(self, request):
        return False


@admin.register(ReceptionCount)
class ReceptionCountAdmin(admin.ModelAdmin):
    list_display = ["programme", "date", "walk_ins"]
    list_filter = ["date", "programme__exhibitor__area_day__edition"]
    search_fields = ["programme__title", "programme__exhibitor__company__name"]
    list_select_related = ["programme"]


class AnnouncementDeliveryInline(admin.TabularInline):
    model = AnnouncementDelivery
    extra = 0
    fields = ["reservation", "language", "sent_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    """A record of what was mailed; written and sent from /openfactory/announcements/ (preview
    with the number of recipients, then a Celery task), never from here."""

    list_display = ["subject", "target", "created_by", "created_at", "sent_at", "recipients"]
    list_filter = ["area_day__edition", "scope"]
    search_fields = ["subject", "body", "target"]
    list_select_related = ["created_by"]
    inlines = [AnnouncementDeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
