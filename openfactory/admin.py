"""City staff run editions, areas, days, exhibitors and programmes here.

Slots, programmes and reservations are written through the same services as the company's
and the visitors' pages (same lock, same rules, same mails): the forms below check only
what a form checks (types, required fields, the model's constraints), the services the
workflow. A service's refusal rolls the whole change back, and the page is shown again with
its message beside the field it names.
"""

from contextlib import contextmanager

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin_autocomplete import AutocompleteAdminMixin
from core.errors import ServiceError, add_service_error

from . import services
from .admin_filters import AreaDayFilter
from .errors import OpenFactoryError
from .forms import ProgrammePhotoMixin, photo_upload_field
from .models import (
    PROGRAMME_FIELDS,
    Announcement,
    AnnouncementDelivery,
    Area,
    AreaDay,
    Edition,
    Exhibitor,
    ExhibitorAccessibility,
    ExhibitorQuiz,
    PrizeDraw,
    PrizeWinner,
    Programme,
    QuizAnswer,
    ReceptionCount,
    Reservation,
    ReservationMail,
    Slot,
    Stamp,
    Visit,
    VisitorPass,
    VisitorRules,
)
from .models.routes import Route, RouteStop
from .policies import can_draw_prizes, can_move_reserved_slots

# Where a refusal waits, on the request, for the second pass that shows it.
_REFUSED = "_openfactory_refused"


class _Refused(ServiceError):
    """A service refused a write of the admin; ``prefix`` names the inline form it was for."""

    def __init__(self, error: OpenFactoryError, prefix: str | None = None):
        super().__init__(error.message, field=error.field, code=error.code)
        self.error = error
        self.prefix = prefix


@contextmanager
def _refusals(prefix: str | None = None):
    try:
        yield
    except OpenFactoryError as error:
        raise _Refused(error, prefix) from error


def _showing(form_class, refused: _Refused | None, *, inline: bool = False):
    """``form_class``, telling ``refused`` beside its field when validated again."""
    if refused is None or (refused.prefix is not None) != inline:
        return form_class

    class Refused(form_class):
        def clean(self):
            cleaned = super().clean()
            if refused.prefix is None or self.prefix == refused.prefix:
                add_service_error(self, refused.error)
            return cleaned

    Refused.__name__ = Refused.__qualname__ = form_class.__name__
    return Refused


class ServiceWritesAdmin(admin.ModelAdmin):
    """Saves and deletes go through services (``save_model`` and ``delete_model`` below).

    The admin validates, then saves in one transaction; a refusal raised while saving rolls
    it back, and the page is answered once more with the refusal beside its field.
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            setattr(request, _REFUSED, refused)
            for upload in request.FILES.values():
                upload.seek(0)  # read once by the first pass
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return _showing(form, getattr(request, _REFUSED, None))

    def delete_view(self, request, object_id, extra_context=None):
        try:
            return super().delete_view(request, object_id, extra_context)
        except _Refused as refused:
            self.message_user(request, refused.error.message, messages.ERROR)
            opts = self.model._meta
            return redirect(
                reverse(
                    f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_change",
                    args=[object_id],
                )
            )

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            try:
                self.delete_model(request, obj)
            except _Refused as refused:
                self.message_user(request, f"{obj}: {refused.error.message}", messages.WARNING)


def _slot_times(data) -> dict:
    return {
        name: data.get(name) for name in ("starts_at", "ends_at", "seats", "reservations_close_at")
    }


class AreaDayInline(admin.TabularInline):
    model = AreaDay
    extra = 0
    fields = ["area", "date", "opens_at", "closes_at", "main_venue", "stamps_for_draw"]


class VisitorRulesInline(admin.StackedInline):
    """The edition's rules page, in Japanese and English (plain text)."""

    model = VisitorRules
    extra = 1  # the empty fields are there to write in; left empty, nothing is saved
    max_num = 1
    fields = ["body", "body_en", "is_demo"]


class PrizeDrawForm(forms.Form):
    prizes = forms.IntegerField(
        label=_("number of prizes"),
        min_value=1,
        max_value=1000,
        help_text=_("As many passes win; if fewer passes entered, every one of them wins."),
    )
    instructions = forms.CharField(
        label=_("what winners do"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Shown to the winners on their pass page: where and when to collect it."),
    )
    instructions_en = forms.CharField(
        label=_("what winners do (English)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "is_published", "status", "reservations_open_at", "is_demo"]
    list_filter = ["is_published", "status", "is_demo"]
    search_fields = ["title", "description"]
    inlines = [AreaDayInline, VisitorRulesInline]
    actions = ["draw_prizes"]

    def has_draw_permission(self, request):
        return can_draw_prizes(request.user)

    @admin.action(description=_("Draw the stamp rally prizes"), permissions=["draw"])
    def draw_prizes(self, request, queryset):
        """Asks the number of prizes (and what winners do), then draws through the service."""
        editions = list(queryset[:2])
        if len(editions) != 1:
            self.message_user(request, _("Select one edition to draw."), messages.WARNING)
            return None
        edition = editions[0]
        try:
            entrants, terms = services.prize_draw_check(edition)
        except OpenFactoryError as error:
            self.message_user(request, f"{edition}: {error.message}", messages.ERROR)
            return None
        form = PrizeDrawForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            data = form.cleaned_data
            try:
                draw = services.prize_draw(
                    edition=edition,
                    prizes=data["prizes"],
                    by=request.user,
                    instructions=data["instructions"],
                    instructions_en=data["instructions_en"],
                )
            except OpenFactoryError as error:
                self.message_user(request, f"{edition}: {error.message}", messages.ERROR)
                return None
            self.message_user(
                request,
                _("%(edition)s: %(winners)d of %(entrants)d passes won. Seed: %(seed)s.")
                % {
                    "edition": edition,
                    "winners": draw.winners.count(),
                    "entrants": draw.entrants,
                    "seed": draw.seed,
                },
                messages.SUCCESS,
            )
            return redirect(reverse("admin:openfactory_prizedraw_change", args=[draw.pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Draw the stamp rally prizes"),
            "opts": self.model._meta,
            "edition": edition,
            "entrants": len(entrants),
            "terms": terms.describe(),
            "objects": [edition],
            "action": "draw_prizes",
            "form": form,
            "submit_label": _("Draw"),
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/openfactory/edition/draw_prizes.html", context)


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "name_kana", "city_area", "slug", "order"]
    list_filter = ["days__edition"]
    search_fields = ["name", "name_kana"]
    prepopulated_fields = {"slug": ["name_kana"]}


class ExhibitorInline(AutocompleteAdminMixin, admin.TabularInline):
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


class AccessibilityInline(admin.StackedInline):
    """What the factory tells visitors of its accessibility ("not known" is not "no")."""

    model = ExhibitorAccessibility
    extra = 1
    max_num = 1
    fields = [
        ("step_free", "accessible_toilet"),
        ("parking", "pushchairs"),
        "quiet_hours",
        "note",
        "note_en",
    ]


@admin.register(Exhibitor)
class ExhibitorAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
    list_display = ["company", "area_day", "place"]
    list_filter = ["area_day__edition", "area_day__area"]
    search_fields = ["company__name", "company__name_kana", "place", "shows"]
    list_select_related = ["company", "area_day__area"]
    autocomplete_fields = ["company"]
    inlines = [AccessibilityInline]


class SlotForm(forms.ModelForm):
    """The seats taken, the area day and who may move a reserved slot are the services'
    rules (slot_create, slot_update); the end after the start is the model's."""

    class Meta:
        model = Slot
        fields = ["starts_at", "ends_at", "seats", "reservations_close_at"]


class SlotInline(admin.TabularInline):
    model = Slot
    form = SlotForm
    extra = 0
    fields = ["starts_at", "ends_at", "seats", "seats_taken", "reservations_close_at"]
    readonly_fields = ["seats_taken"]

    def get_formset(self, request, obj=None, **kwargs):
        refused = getattr(request, _REFUSED, None)
        kwargs["form"] = _showing(kwargs.get("form", self.form), refused, inline=True)
        return super().get_formset(request, obj, **kwargs)


class ProgrammeForm(ProgrammePhotoMixin, forms.ModelForm):
    """The photo is never taken as uploaded: it goes through images.photos (type by
    content, limits, EXIF/GPS stripped, upright) and is stored re-encoded and resized.
    Ages, party size and the lottery's deadline are the model's constraints; the rest of a
    programme's rules are the services' (programme_create, programme_update)."""

    photo_upload = photo_upload_field()
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)

    class Meta:
        model = Programme
        fields = ["exhibitor", *PROGRAMME_FIELDS, "is_demo"]


@admin.register(Programme)
class ProgrammeAdmin(ServiceWritesAdmin):
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
        data = form.cleaned_data
        fields = {name: data.get(name) for name in PROGRAMME_FIELDS}
        photo = data.get("photo_upload")
        with _refusals():
            if change:
                services.programme_update(
                    programme_id=obj.pk,
                    data=fields,
                    photo=photo,
                    remove_photo=data.get("remove_photo", False),
                    exhibitor=data["exhibitor"],
                    is_demo=data.get("is_demo", False),
                )
            else:
                obj.pk = services.programme_create(
                    exhibitor=data["exhibitor"],
                    data=fields,
                    photo=photo,
                    is_demo=data.get("is_demo", False),
                ).pk
        obj.refresh_from_db()

    def save_formset(self, request, form, formset, change):
        if formset.model is not Slot:
            return super().save_formset(request, form, formset, change)
        # What the admin's history reads (construct_change_message), as formset.save() sets.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = formset.deleted_forms if formset.can_delete else []
        for inline in formset.forms:
            with _refusals(prefix=inline.prefix):
                if inline in deleted:
                    if inline.instance.pk:
                        services.slot_delete(slot_id=inline.instance.pk)
                        formset.deleted_objects.append(inline.instance)
                elif inline.instance.pk and inline.has_changed():
                    slot = services.slot_update(
                        slot_id=inline.instance.pk,
                        may_move_reserved=can_move_reserved_slots(request.user),
                        **_slot_times(inline.cleaned_data),
                    )
                    formset.changed_objects.append((slot, inline.changed_data))
                elif inline.has_changed():
                    slot = services.slot_create(
                        programme_id=formset.instance.pk, **_slot_times(inline.cleaned_data)
                    )
                    formset.new_objects.append(slot)
        return None

    def delete_model(self, request, obj):
        with _refusals():
            services.programme_delete(programme_id=obj.pk)


@admin.register(Slot)
class SlotAdmin(AutocompleteAdminMixin, ServiceWritesAdmin):
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
        # Seats added to a full slot go to its waitlist inside slot_update, under its lock.
        times = _slot_times(form.cleaned_data)
        with _refusals():
            if change:
                services.slot_update(
                    slot_id=obj.pk,
                    may_move_reserved=can_move_reserved_slots(request.user),
                    **times,
                )
            else:
                obj.pk = services.slot_create(
                    programme_id=form.cleaned_data["programme"].pk, **times
                ).pk
        obj.refresh_from_db()

    def delete_model(self, request, obj):
        with _refusals():
            services.slot_delete(slot_id=obj.pk)


@admin.register(Reservation)
class ReservationAdmin(ServiceWritesAdmin):
    list_display = ["code", "name", "slot", "adults", "children", "status", "created_at"]
    list_filter = [
        "status",
        "language",
        "heard_from",
        ("slot__programme__exhibitor__area_day", AreaDayFilter),
    ]
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
        "rules_accepted_at",
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
        "rules_accepted_at",
    ]

    def has_add_permission(self, request):
        # Reservations are made on the public form, which counts the seats.
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting one would free its seats without offering them to the waitlist and drop
        # it from the day's figures: it is cancelled instead (the action below), and its
        # personal data are anonymised after the stated period.
        return False

    def save_model(self, request, obj, form, change):
        # Only the details below are editable; stored as the public form stores them.
        data = form.cleaned_data
        with _refusals():
            services.reservation_details_update(
                reservation_id=obj.pk,
                name=data["name"],
                name_kana=data["name_kana"],
                email=data["email"],
                phone=data["phone"],
                accessibility_needs=data.get("accessibility_needs", ""),
                heard_from=data.get("heard_from", ""),
            )
        obj.refresh_from_db()

    @admin.action(description=_("Cancel the selected reservations (mails the visitors)"))
    def cancel(self, request, queryset):
        done = 0
        for reservation in queryset:
            try:
                services.reservation_cancel(token=reservation.token)
            except OpenFactoryError as error:
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


class VisitInline(admin.TabularInline):
    model = Visit
    extra = 0
    fields = ["exhibitor", "visited_at"]
    readonly_fields = fields
    ordering = ["visited_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(VisitorPass)
class VisitorPassAdmin(admin.ModelAdmin):
    """Passes are made by visitors and reception (services.passes); city staff correct a
    party's size or residence band here, or delete a pass made by mistake."""

    list_display = ["code", "edition", "adults", "children", "residence", "created_at", "is_demo"]
    list_filter = ["edition", "residence", "is_demo"]
    search_fields = ["code"]
    fields = ["edition", "code", "adults", "children", "residence", "created_at", "is_demo"]
    readonly_fields = ["edition", "code", "created_at", "is_demo"]
    inlines = [VisitInline]
    list_select_related = ["edition"]

    def has_add_permission(self, request):
        return False


class PassRecordAdmin(admin.ModelAdmin):
    """What a pass got at a factory (a visit, a stamp): read, and deleted when wrong; never
    added or changed by hand."""

    list_filter = ["exhibitor__area_day__edition", ("exhibitor__area_day", AreaDayFilter)]
    search_fields = ["visitor_pass__code", "exhibitor__company__name"]
    list_select_related = ["visitor_pass", "exhibitor__company", "exhibitor__area_day__area"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Visit)
class VisitAdmin(PassRecordAdmin):
    """What reception recorded: read, and deleted when recorded by mistake."""

    list_display = ["visitor_pass", "exhibitor", "visited_at"]


@admin.register(ExhibitorQuiz)
class ExhibitorQuizAdmin(AutocompleteAdminMixin, admin.ModelAdmin):
    """The stamp rally's quiz of a factory, when its company asks the secretariat to set it."""

    list_display = ["question", "exhibitor", "answer", "updated_at"]
    list_filter = ["exhibitor__area_day__edition", ("exhibitor__area_day", AreaDayFilter)]
    search_fields = ["question", "exhibitor__company__name"]
    autocomplete_fields = ["exhibitor"]
    list_select_related = ["exhibitor__company", "exhibitor__area_day__area"]


class PrizeWinnerInline(admin.TabularInline):
    model = PrizeWinner
    fields = ["position", "visitor_pass"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PrizeDraw)
class PrizeDrawAdmin(admin.ModelAdmin):
    """Drawn by the action on the editions (services.prize_draw): its results are read here,
    never written; only what the winners do may be reworded."""

    list_display = ["edition", "prizes", "entrants", "stamps_needed", "drawn_at", "drawn_by"]
    list_select_related = ["edition", "drawn_by"]
    list_filter = ["drawn_at", "edition__is_demo"]
    search_fields = ["edition__title", "=edition__year", "winners__visitor_pass__code"]
    fields = [
        "edition",
        "prizes",
        "entrants",
        "stamps_needed",
        "seed",
        "drawn_at",
        "drawn_by",
        "instructions",
        "instructions_en",
    ]
    readonly_fields = [
        "edition",
        "prizes",
        "entrants",
        "stamps_needed",
        "seed",
        "drawn_at",
        "drawn_by",
    ]
    inlines = [PrizeWinnerInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting a draw would let it be drawn again until someone chosen wins.
        return False


@admin.register(Stamp)
class StampAdmin(PassRecordAdmin):
    """Stamps are given by right answers at the posters: read, and deleted when wrong."""

    list_display = ["visitor_pass", "exhibitor", "stamped_at"]


@admin.register(QuizAnswer)
class QuizAnswerAdmin(PassRecordAdmin):
    """Each answer a pass gave to a factory's quiz at its poster, right or wrong (the
    exhibitor's report counts them): read, and deleted when given by mistake."""

    list_display = ["visitor_pass", "exhibitor", "choice", "correct", "answered_at"]
    list_filter = [*PassRecordAdmin.list_filter, "correct"]


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


# --- Model routes (openfactory.models.routes) ---------------------------------------------


class RouteStopInline(admin.TabularInline):
    """The stops in order; ``RouteStop.clean`` refuses a factory of another area day."""

    model = RouteStop
    extra = 3
    fields = ["order", "exhibitor", "minutes_to_next", "travel"]

    def get_formset(self, request, obj=None, **kwargs):
        self._route = obj
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer the route's own day's factories (the model refuses the others anyway).
        route = getattr(self, "_route", None)
        if db_field.name == "exhibitor":
            queryset = Exhibitor.objects.select_related("company", "area_day__area")
            if route is not None:
                queryset = queryset.filter(area_day=route.area_day)
            kwargs["queryset"] = queryset
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["title", "audience", "area_day", "order", "is_demo"]
    list_filter = ["area_day__edition", "audience", "is_demo"]
    search_fields = ["title", "title_en", "description"]
    list_select_related = ["area_day__area"]
    fields = [
        "area_day",
        "audience",
        ("title", "title_en"),
        "description",
        "description_en",
        "order",
        "is_demo",
    ]
    inlines = [RouteStopInline]
    actions = ["suggest_minutes"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "area_day":
            kwargs["queryset"] = AreaDay.objects.select_related("area")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.action(description=_("Fill blank minutes between stops from the factories' positions"))
    def suggest_minutes(self, request, queryset):
        from .services.routes import route_suggest_minutes

        filled = sum(route_suggest_minutes(route=route) for route in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d time filled in from the distances (straight line × 1.3). Check it.",
                "%(count)d times filled in from the distances (straight line × 1.3). Check them.",
                filled,
            )
            % {"count": filled},
        )


from . import admin_recruitment  # noqa: E402, F401 - registers the recruitment admin
