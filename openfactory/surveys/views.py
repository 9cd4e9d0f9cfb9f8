"""The visitors' survey pages (a mailed personal link, or a venue's QR poster) and the
posters city staff print."""

import secrets
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error
from core.i18n import active_language
from core.page_cache import cached_personal_page
from core.paging import KnownCountPaginator
from japanese.excel import csv_response
from japanese.text import normalize

from .. import ratelimit
from ..models import Survey
from ..qr import qr_svg_data_uri
from . import selectors, services
from .forms import HideForm, SurveyAnswerForm
from .policies import can_manage_surveys, can_open_exhibitor_surveys, can_preview_survey

BROWSER_COOKIE = "ayase_survey"
BROWSER_SALT = "openfactory.surveys.browser"
BROWSER_MAX_AGE = 60 * 60 * 24 * 365
POSTERS_PER_PAGE = 30
COMMENTS_PER_PAGE = 50


def _render_form(request, survey, form, *, status=200, **context):
    return render(
        request,
        "openfactory/surveys/survey_answer.html",
        {"survey": survey, "form": form, "questions": form.questions, **context},
        status=status,
    )


def _closed(request, survey):
    """Said plainly, not a 404: the visitor followed a real link or poster."""
    not_yet = survey.status == Survey.Status.DRAFT or (
        survey.opens_at is not None and timezone.now() < survey.opens_at
    )
    return render(
        request, "openfactory/surveys/survey_closed.html", {"survey": survey, "not_yet": not_yet}
    )


def _answer(request, survey, *, reservation=None, browser_key="", venue=None, company=None):
    """The form on GET; on POST, the response stored once, then the thank-you page."""
    questions = selectors.survey_questions(survey)
    exhibitors = list(selectors.survey_venues(survey))
    if request.method != "POST":
        form = SurveyAnswerForm(
            questions=questions,
            exhibitors=exhibitors,
            initial={"idempotency_key": uuid.uuid4().hex},
        )
        return _render_form(request, survey, form, venue=venue, reservation=reservation)
    form = SurveyAnswerForm(request.POST, questions=questions, exhibitors=exhibitors)
    if form.is_valid():
        try:
            services.response_submit(
                survey=survey,
                answers=form.answers(),
                language=active_language(),
                reservation=reservation,
                browser_key=browser_key,
                venue=venue,
                company=company,
                idempotency_key=form.cleaned_data.get("idempotency_key") or None,
            )
        except services.AlreadyAnsweredError:
            pass  # a second tap: the first one was stored
        except services.SurveyClosedError:
            return _closed(request, survey)
        except services.SurveyError as error:
            add_service_error(form, error)
            return _render_form(request, survey, form, venue=venue, reservation=reservation)
        if company is not None:
            messages.success(request, _("Thank you: your company's answers have been received."))
            return redirect("openfactory:surveys:exhibitor_list")
        return redirect("openfactory:surveys:thanks", key=survey.public_key)
    return _render_form(request, survey, form, venue=venue, reservation=reservation)


def _already_answered(request, survey):
    """A second submit (a double tap, the back button) ends where the first one did."""
    if request.method == "POST":
        return redirect("openfactory:surveys:thanks", key=survey.public_key)
    return render(request, "openfactory/surveys/survey_thanks.html", {"survey": survey})


@never_cache
def answer(request, token):
    """The personal link mailed to a checked-in visitor: its own reservation, answered once."""
    found = services.survey_link_read(token)
    if found is None:
        raise Http404
    survey = selectors.survey_or_404(found[0])
    reservation = selectors.reservation_for_link(found[1])
    if reservation is None or reservation.anonymised_at is not None:
        raise Http404
    if survey.audience != Survey.Audience.VISITORS:
        raise Http404
    if selectors.response_of(survey, reservation=reservation) is not None:
        return _already_answered(request, survey)
    if not survey.is_accepting():
        return _closed(request, survey)
    return _answer(request, survey, reservation=reservation)


def _browser_key(request) -> str:
    try:
        key = request.get_signed_cookie(BROWSER_COOKIE, default="", salt=BROWSER_SALT)
    except (signing.BadSignature, ValueError):
        return ""
    return key if isinstance(key, str) and key.isalnum() and len(key) <= 64 else ""


@never_cache
def walk_in(request, key, venue=None):
    """The QR poster's page: anonymous, one response per browser, rate limited per address."""
    survey = selectors.survey_by_key(key)
    if survey.status == Survey.Status.DRAFT and not can_preview_survey(request.user):
        raise Http404
    if survey.audience != Survey.Audience.VISITORS:
        raise Http404  # exhibitors answer in their company pages, never anonymously
    exhibitor = None
    if venue is not None:
        exhibitor = selectors.survey_venues(survey).filter(pk=venue).first()
        if exhibitor is None:
            raise Http404
    browser_key = _browser_key(request)
    if browser_key and selectors.response_of(survey, browser_key=browser_key) is not None:
        return _already_answered(request, survey)
    # City staff look at a draft before opening it; it takes no answers.
    preview = survey.status == Survey.Status.DRAFT and request.method != "POST"
    if not survey.is_accepting() and not preview:
        return _closed(request, survey)
    if request.method == "POST" and ratelimit.too_many(request, "survey"):
        return render(
            request, "openfactory/surveys/survey_rate_limited.html", {"survey": survey}, status=429
        )
    new_key = ""
    if request.method == "POST" and not browser_key:
        browser_key = new_key = secrets.token_hex(16)
    response = _answer(request, survey, browser_key=browser_key, venue=exhibitor)
    if new_key and response.status_code == 302:
        response.set_signed_cookie(
            BROWSER_COOKIE,
            new_key,
            salt=BROWSER_SALT,
            max_age=BROWSER_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


def thanks(request, key):
    survey = selectors.survey_by_key(key)
    return render(request, "openfactory/surveys/survey_thanks.html", {"survey": survey})


@login_required
def poster(request, pk):
    """A4 posters to print, one per venue: the QR code and the short address of its page."""
    if not can_manage_surveys(request.user):
        raise PermissionDenied
    survey = selectors.survey_or_404(pk)
    page = Paginator(selectors.survey_venues(survey), POSTERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    posters = []
    general = reverse("openfactory:surveys:walk_in", kwargs={"key": survey.public_key})
    if page.number == 1:
        posters.append({"venue": None, "url": settings.SITE_URL + general})
    for exhibitor in page:
        path = reverse(
            "openfactory:surveys:walk_in_venue",
            kwargs={"key": survey.public_key, "venue": exhibitor.pk},
        )
        posters.append({"venue": exhibitor, "url": settings.SITE_URL + path})
    for item in posters:
        item["qr"] = qr_svg_data_uri(item["url"])
    return render(
        request,
        "openfactory/surveys/survey_poster.html",
        {"survey": survey, "posters": posters, "page_obj": page},
    )


# --- Results, for city staff -----------------------------------------------------------------


def _staff_only(request):
    if not can_manage_surveys(request.user):
        raise PermissionDenied


@login_required
@cached_personal_page(
    allowed=can_manage_surveys, query={"day": range(1, 2**31), "page": range(1, 1001)}
)
def results(request, pk):
    """Counts, response rates, distributions, the vote ranking and the comments of a survey,
    with last edition's figures beside; an edition-wide survey also per area day."""
    _staff_only(request)
    query = normalize(request.GET.get("q", ""))[:100].replace("\x00", "")
    found = selectors.survey_results_page(pk, day=request.GET.get("day", ""), query=query)
    # The results' grouped query has counted the comments.
    comments = KnownCountPaginator(
        found.pop("comments"), COMMENTS_PER_PAGE, count=found.pop("comment_count")
    )
    return render(
        request,
        "openfactory/surveys/survey_results.html",
        {**found, "comments": comments.get_page(request.GET.get("page")), "query": query},
    )


@login_required
def report(request, pk):
    """The A4 report a city clerk prints for the committee, with last edition beside."""
    _staff_only(request)
    found = selectors.survey_results_page(pk, day=request.GET.get("day", ""), query=None)
    return render(
        request,
        "openfactory/surveys/survey_report.html",
        {
            "survey": found["survey"],
            "area_day": found["area_day"],
            "results": found["results"],
            "today": timezone.now(),
        },
    )


@login_required
def edition_results(request, edition):
    """An edition's visitors' surveys together: per area day and in total, last edition
    beside, and every survey of the edition (visitors' and exhibitors') with its answers."""
    _staff_only(request)
    results = selectors.edition_results_or_404(edition)
    return render(
        request,
        "openfactory/surveys/edition_results.html",
        {"edition": results["edition"], "results": results},
    )


@login_required
def results_csv(request, pk):
    """One row per answer, UTF-8 with BOM (Excel on Japanese Windows opens it as it is)."""
    _staff_only(request)
    survey = selectors.survey_or_404(pk)

    def rows():
        yield [
            _("response"),
            _("submitted at"),
            _("language"),
            _("venue"),
            _("by the mailed link"),
            _("question number"),
            _("question"),
            _("kind"),
            _("value"),
            _("label"),
            _("other (free text)"),
            _("hidden"),
        ]
        yield from selectors.survey_export_rows(survey)

    return csv_response(f"survey-{survey.pk}.csv", rows())


@login_required
@require_POST
def answer_hide(request, pk):
    """Hide a comment from the results (or show it again): city staff."""
    _staff_only(request)
    answer = selectors.answer_or_404(pk)
    form = HideForm(request.POST)
    if form.is_valid():
        services.answer_hide(answer_id=answer.pk, hidden=form.cleaned_data["hidden"])
    return redirect(
        reverse("openfactory:surveys:results", kwargs={"pk": answer.response.survey_id})
        + "#comments"
    )


# --- Exhibitors answer in their company's pages -----------------------------------------------


@never_cache
@login_required
def exhibitor_list(request):
    """The exhibits of the user's companies with the exhibitors' surveys about them."""
    if not can_open_exhibitor_surveys(request.user):
        raise Http404
    page = Paginator(selectors.exhibitor_survey_rows(request.user), POSTERS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "openfactory/surveys/exhibitor_survey_list.html", {"page_obj": page})


@never_cache
@login_required
def exhibitor_answer(request, exhibitor, pk):
    """Once per company and area day: how the day went, from the company's side."""
    exhibit, survey = selectors.exhibit_and_survey(request.user, exhibitor, pk)
    if selectors.response_of_exhibit(survey, exhibit) is not None:
        if request.method == "POST":
            return redirect("openfactory:surveys:exhibitor_list")
        return render(
            request,
            "openfactory/surveys/exhibitor_survey_answered.html",
            {"survey": survey, "exhibitor": exhibit},
        )
    if not survey.is_accepting():
        return _closed(request, survey)
    return _answer(request, survey, venue=exhibit, company=exhibit.company)
