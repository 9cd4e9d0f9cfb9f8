from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from .models import Company
from .policies import can_edit_company, can_view_company
from .selectors import company_directory

PAGE_SIZE = 30


def company_list(request):
    page = Paginator(company_directory(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "companies/company_list.html", {"page_obj": page})


def company_detail(request, slug):
    company = get_object_or_404(Company, slug=slug)
    if not can_view_company(request.user, company):
        raise Http404
    return render(
        request,
        "companies/company_detail.html",
        {"company": company, "can_edit": can_edit_company(request.user, company)},
    )
