"""The catalogue of schemes, open to everyone."""

from django.shortcuts import render

from companies.selectors import company_ids_for_user

from .. import policies
from ..selectors import programmes
from ..selectors.applications import user_companies


def index(request):
    return render(
        request,
        "talent/index.html",
        {
            "schemes": list(programmes.schemes_catalogue()),
            "has_company": bool(company_ids_for_user(request.user)),
            "can_view_reports": policies.can_view_reports(request.user),
            "can_view_dashboard": policies.can_view_dashboard(request.user),
        },
    )


def scheme(request, slug):
    found = programmes.scheme_by_slug(slug)
    companies = user_companies(request.user)
    return render(
        request,
        "talent/scheme_detail.html",
        {"scheme": found, "companies": companies, "accepting": found.is_accepting()},
    )
