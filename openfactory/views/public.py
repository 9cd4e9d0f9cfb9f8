"""The open factory's public pages: editions, area days, programmes and their times."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.page_cache import cached_public_page
from japanese.dates import format_date

from .. import selectors
from ..filters import ExhibitorAccessibilityFilter
from ..forms import ProgrammeFilterForm
from ..policies import (
    can_open_programme_management,
    can_open_reception,
    can_see_statistics_dashboard,
    can_send_announcements,
)

PAGE_SIZE = 20
# Exhibitors on one page of an area day: each card lists its programmes (issue 16: 20 cards of
# five programmes with the walking order of 60 stops made a 75 KB page; 10 cards without the
# walking order, 30 KB, and a factory's address and map links add half a kilobyte each).
EXHIBITORS_PER_PAGE = 8
# A walking order of more stops than this has a page of its own (60 stops are 12 KB).
WALKING_ORDER_ON_THE_DAYS_PAGE = 12

# The passes this browser opened (views/passes.py keeps them in the session).
_PASSES = "openfactory_passes"


def remembered_passes(request) -> list[str]:
    tokens = request.session.get(_PASSES, [])
    return [t for t in tokens if isinstance(t, str)] if isinstance(tokens, list) else []


@cached_public_page
def index(request):
    # One edition a year: read in one query (a century is a hundred short rows), shown a
    # page at a time like every list.
    editions = list(selectors.edition_list(request.user))
    current = editions[0] if editions else None
    area_days = list(selectors.area_days_of(current)) if current else []
    past = Paginator(editions[1:], PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "openfactory/index.html",
        {
            "current": current,
            "area_days": area_days,
            "page_obj": past,
            "show_reception": can_open_reception(request.user),
            "show_manage": can_open_programme_management(request.user),
            "show_dashboard": can_see_statistics_dashboard(request.user),
            "show_announcements": can_send_announcements(request.user),
            "my_passes": selectors.passes_for_tokens(remembered_passes(request)),
        },
    )


def privacy(request):
    return render(
        request,
        "openfactory/privacy.html",
        {
            "retention_days": settings.OPENFACTORY_RETENTION_DAYS,
            "per_day_limit": settings.OPENFACTORY_MAX_RESERVATIONS_PER_EMAIL_PER_DAY,
        },
    )


@cached_public_page
def edition_detail(request, year):
    edition = selectors.edition_for_page(request.user, year)
    return render(
        request,
        "openfactory/edition_detail.html",
        {
            "edition": edition,
            "area_days": selectors.area_days_of(edition),
            "has_rules": selectors.has_visitor_rules(edition),
            "exhibitor_call": selectors.exhibitor_call_of(edition),
        },
    )


@cached_public_page
def programme_list(request, year):
    edition = selectors.edition_for_page(request.user, year)
    area_days = list(selectors.area_days_of(edition))
    form = ProgrammeFilterForm(request.GET or None, area_days=area_days)
    filters = form.filters() if request.GET else ProgrammeFilterForm.empty_filters()
    programmes = selectors.programme_search(edition, **filters)
    page = Paginator(programmes, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "openfactory/programme_list.html",
        {
            "edition": edition,
            "form": form,
            "page_obj": page,
            "query": query.urlencode(),
            "filtered": any(filters.values()),
        },
    )


def _walking_order_or_its_length(area_day) -> dict:
    """The day's walking order to show on its page (``route``), or, for a longer one, the
    number of its stops (``stops``) to link to its own page."""
    route = selectors.area_day_route(area_day)
    if len(route) > WALKING_ORDER_ON_THE_DAYS_PAGE:
        return {"route": [], "stops": len(route)}
    return {"route": route, "stops": len(route)}


@cached_public_page
def areaday_detail(request, year, area):
    area_day = selectors.areaday_for_page(request.user, year, area)
    accessibility = ExhibitorAccessibilityFilter(
        request.GET, queryset=selectors.exhibitors_of(area_day)
    )
    page = Paginator(accessibility.qs, EXHIBITORS_PER_PAGE).get_page(request.GET.get("page"))
    names = {
        "area": area_day.area.display_name,
        "date": format_date(area_day.date, get_language() or settings.LANGUAGE_CODE),
        "edition": area_day.edition,
    }
    return render(
        request,
        "openfactory/areaday_detail.html",
        {
            "area_day": area_day,
            "edition": area_day.edition,
            "page_obj": page,
            **_walking_order_or_its_length(area_day),
            "model_routes": selectors.routes_of(area_day),
            "share_title": _("%(area)s area %(date)s | %(edition)s") % names,
            "share_description": _(
                "The factories of the %(area)s area open on %(date)s (%(edition)s): tours, "
                "workshops and how to walk between them."
            )
            % names,
            "can_announce": can_send_announcements(request.user),
            "accessibility_filter": accessibility,
            "has_rules": selectors.has_visitor_rules(area_day.edition),
        },
    )


@cached_public_page
def areaday_walking_order(request, year, area):
    """Every factory of an area day in the order to walk to them, on a page of its own when
    the day has too many to list beside its programmes."""
    area_day = selectors.areaday_for_page(request.user, year, area)
    return render(
        request,
        "openfactory/areaday_walking_order.html",
        {
            "area_day": area_day,
            "edition": area_day.edition,
            "route": selectors.area_day_route(area_day),
        },
    )


@cached_public_page
def programme_detail(request, pk):
    programme = selectors.programme_for_page(request.user, pk)
    now = timezone.now()
    slots = list(selectors.slots_of(programme))
    edition = programme.exhibitor.area_day.edition
    for slot in slots:
        slot.is_open = edition.is_open and not slot.is_closed(now) and not slot.entries_closed(now)
    return render(
        request,
        "openfactory/programme_detail.html",
        {
            "programme": programme,
            "exhibitor": programme.exhibitor,
            "area_day": programme.exhibitor.area_day,
            "edition": edition,
            "slots": slots,
            "share_title": f"{programme.title} | {programme.exhibitor.company.name}",
            "has_rules": selectors.has_visitor_rules(edition),
            "exhibitor_accessibility": selectors.exhibitor_accessibility(programme.exhibitor),
        },
    )
