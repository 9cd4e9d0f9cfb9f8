import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts.roles import is_city_staff
from core.errors import ServiceError, add_service_error
from core.page_cache import cached_public_page

from . import extensions, policies, selectors, services
from .filters import CompanyFilter
from .forms import CompanyInvitationForm, CompanyProfileForm, MembershipRoleForm
from .models import Company, Membership

PAGE_SIZE = 30


@cached_public_page
def company_list(request):
    filterset = CompanyFilter(request.GET or None, queryset=selectors.company_directory())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else filterset.queryset
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "companies/company_list.html",
        {"page_obj": page, "filter": filterset, "filtered": filterset.is_bound},
    )


def company_for(request, slug) -> Company:
    company = selectors.company_for_page(slug)
    if not policies.can_view_company(request.user, company):
        raise Http404
    return company


@cached_public_page
def company_detail(request, slug):
    # Apps above this one (the open factory: the company's programmes) own their blocks, query
    # and template; this page only places the HTML it gets (``companies.extensions``).
    company = company_for(request, slug)
    return render(
        request,
        "companies/company_detail.html",
        {
            "company": company,
            "latest_posts": selectors.latest_posts(company),
            "extension_blocks": extensions.company_page_blocks(company),
            "staff_blocks": (
                extensions.company_staff_blocks(company, request.user)
                if policies.can_edit_company(request.user, company)
                else ""
            ),
            "can_edit": policies.can_edit_company(request.user, company),
            "can_edit_profile": policies.can_edit_profile(request.user, company),
            "can_manage_members": policies.can_manage_members(request.user, company),
        },
    )


@login_required
def company_edit(request, slug):
    company = company_for(request, slug)
    if not policies.can_edit_profile(request.user, company):
        raise Http404
    form = CompanyProfileForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in CompanyProfileForm.Meta.fields}
        try:
            services.company_profile_update(
                company=selectors.company_by_pk(company.pk),
                actor=request.user,
                data=data,
                logo=form.cleaned_data.get("logo_upload"),
                remove_logo=form.cleaned_data.get("remove_logo", False),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(company.get_absolute_url())
    return render(
        request,
        "companies/company_form.html",
        {"company": company, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def my_companies(request):
    return render(
        request,
        "companies/company_mine.html",
        {"companies": selectors.companies_of(request.user)},
    )


# --- Members and invitations -----------------------------------------------------------------


def _members_context(request, company, invite_form=None):
    can_invite = policies.can_invite(request.user, company)
    roles = policies.invitable_roles(request.user, company)
    return {
        "company": company,
        "members": selectors.company_members(company),
        "invitations": selectors.company_pending_invitations(company),
        "can_invite": can_invite,
        "invitable_roles": roles,
        "invite_form": invite_form or (CompanyInvitationForm(roles=roles) if can_invite else None),
        "role_choices": Membership.Role.choices,
    }


@login_required
def member_list(request, slug):
    company = company_for(request, slug)
    if not policies.can_manage_members(request.user, company):
        raise Http404
    return render(request, "companies/member_list.html", _members_context(request, company))


@login_required
@require_POST
def member_role(request, slug, pk):
    company = company_for(request, slug)
    if not policies.can_manage_members(request.user, company):
        raise Http404
    membership = selectors.company_membership(company, pk)
    form = MembershipRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose owner or editor."))
        return redirect("companies:member_list", slug=company.slug)
    try:
        services.membership_change_role(
            membership=membership, role=form.cleaned_data["role"], actor=request.user
        )
    except services.CompanyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {
                "name": membership.user,
                "role": Membership.Role(form.cleaned_data["role"]).label,
            },
        )
    return redirect("companies:member_list", slug=company.slug)


@login_required
@require_POST
def member_remove(request, slug, pk):
    company = company_for(request, slug)
    if not policies.can_manage_members(request.user, company):
        raise Http404
    membership = selectors.company_membership(company, pk)
    try:
        services.membership_revoke(
            membership=membership,
            actor=request.user,
            allow_last_owner=is_city_staff(request.user),
        )
    except services.CompanyError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is no longer a member of %(company)s.")
            % {"name": membership.user, "company": company.name},
        )
    if membership.user_id == request.user.pk and not is_city_staff(request.user):
        return redirect(company.get_absolute_url())
    return redirect("companies:member_list", slug=company.slug)


@login_required
def invitation_create(request, slug):
    company = company_for(request, slug)
    if not policies.can_invite(request.user, company):
        raise Http404
    if request.method != "POST":
        return redirect("companies:member_list", slug=company.slug)
    form = CompanyInvitationForm(
        request.POST, roles=policies.invitable_roles(request.user, company)
    )
    if form.is_valid():
        try:
            invitation = services.company_invitation_create(
                company=company,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                actor=request.user,
            )
        except ServiceError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _(
                    "The invitation has been sent to %(email)s. The person can also scan the QR code."
                )
                % {"email": invitation.email},
            )
            return redirect("companies:invitation_detail", slug=company.slug, pk=invitation.pk)
    return render(
        request,
        "companies/member_list.html",
        _members_context(request, company, invite_form=form),
        status=400,
    )


def _invitation_for(request, slug, pk):
    company = company_for(request, slug)
    if not policies.can_invite(request.user, company):
        raise Http404
    invitation = selectors.company_invitation(company, pk)
    if not policies.can_see_invitation(request.user, company, invitation.company_role):
        raise Http404
    return company, invitation


@never_cache
@login_required
def invitation_detail(request, slug, pk):
    company, invitation = _invitation_for(request, slug, pk)
    return render(
        request,
        "companies/invitation_detail.html",
        {
            "company": company,
            "invitation": invitation,
            "accept_url": settings.SITE_URL + invitation.get_absolute_url(),
        },
    )


@never_cache
@login_required
def invitation_qr(request, slug, pk):
    """The invitation link as a QR code (SVG made here, no outside service), for a phone."""
    import segno

    company, invitation = _invitation_for(request, slug, pk)
    if not invitation.is_usable:
        raise Http404
    qr = segno.make(settings.SITE_URL + invitation.get_absolute_url(), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, border=4, xmldecl=True, svgns=True, title=company.name)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@login_required
def audit_list(request, slug):
    company = company_for(request, slug)
    if not policies.can_view_audit(request.user, company):
        raise Http404
    page = Paginator(selectors.company_audit(company), 50).get_page(request.GET.get("page"))
    return render(request, "companies/audit_list.html", {"company": company, "page_obj": page})


@login_required
def dashboard(request):
    """Posts per company per month, for city staff to see who keeps posting."""
    if not policies.can_view_dashboard(request.user):
        raise Http404
    months, counts = selectors.posts_per_month(months=12)
    page = Paginator(selectors.companies_for_dashboard(), 50).get_page(request.GET.get("page"))
    rows = [
        (company, [counts.get(company.pk, {}).get(month, 0) for month in months])
        for company in page
    ]
    for company, cells in rows:
        company.total = sum(cells)
    return render(
        request,
        "companies/dashboard.html",
        {"page_obj": page, "months": months, "rows": rows},
    )
