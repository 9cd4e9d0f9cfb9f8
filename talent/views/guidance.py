"""Guidance on hiring from abroad (public, in plain Japanese and English), and the per-hire
checklist a company keeps and prints."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from companies.markup import render as render_markup
from core.errors import add_service_error

from ..errors import TalentError
from ..forms.guidance import ChecklistForm, HireForm
from ..selectors import guidance as selectors
from ..services import guidance as services

PAGE_SIZE = 30
LANGUAGES = ("ja", "en")


def reading_language(request) -> str:
    """The language of the guidance text: the reader's, or the other one they switched to."""
    wanted = request.GET.get("lang", "")
    if wanted in LANGUAGES:
        return wanted
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def _other(language: str) -> str:
    return "ja" if language == "en" else "en"


def guidance_list(request):
    language = reading_language(request)
    pages = [{"page": p, "title": p.title_in(language)} for p in selectors.guidance_pages()]
    return render(
        request,
        "talent/guidance_list.html",
        {"pages": pages, "language": language, "other_language": _other(language)},
    )


def guidance_detail(request, slug):
    language = reading_language(request)
    page = selectors.guidance_page(slug)
    return render(
        request,
        "talent/guidance_detail.html",
        {
            "page": page,
            "title": page.title_in(language),
            "body": render_markup(page.body_in(language), page.text_format),
            "language": language,
            "other_language": _other(language),
        },
    )


@login_required
def people_companies(request):
    page = Paginator(selectors.companies_for_people(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "talent/people_companies.html", {"page_obj": page})


@never_cache
@login_required
def hire_list(request, company):
    company = selectors.company_for_people(request.user, company)
    form = HireForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            hire = services.hire_create(company=company, actor=request.user, **form.cleaned_data)
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Added: %(label)s.") % {"label": hire.label})
            return redirect("talent:hire_detail", company=company.slug, pk=hire.pk)
    page = Paginator(selectors.hires_of(company), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "talent/hire_list.html",
        {
            "company": company,
            "form": form,
            "page_obj": page,
            "item_count": selectors.checklist_items().count(),
        },
    )


def _checklist(request, hire, data=None):
    language = reading_language(request)
    return ChecklistForm(
        data,
        items=list(selectors.checklist_items()),
        checks=selectors.hire_checks(hire),
        language=language,
    )


@never_cache
@login_required
def hire_detail(request, company, pk):
    company = selectors.company_for_people(request.user, company)
    hire = selectors.hire_of(company, pk)
    form = _checklist(request, hire, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.hire_checks_save(hire=hire, checks=form.checks())
        messages.success(request, _("The checklist is saved."))
        return redirect("talent:hire_detail", company=company.slug, pk=hire.pk)
    return render(
        request, "talent/hire_detail.html", {"company": company, "hire": hire, "form": form}
    )


@never_cache
@login_required
def hire_print(request, company, pk):
    company = selectors.company_for_people(request.user, company)
    hire = selectors.hire_of(company, pk)
    form = _checklist(request, hire)
    return render(
        request, "talent/hire_print.html", {"company": company, "hire": hire, "form": form}
    )


@never_cache
@login_required
def hire_delete(request, company, pk):
    company = selectors.company_for_people(request.user, company)
    hire = selectors.hire_of(company, pk)
    if request.method == "POST":
        services.hire_delete(hire=hire)
        messages.info(request, _("Deleted: %(label)s.") % {"label": hire.label})
        return redirect("talent:hire_list", company=company.slug)
    return render(request, "talent/hire_delete.html", {"company": company, "hire": hire})
