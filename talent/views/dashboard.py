"""City staff's dashboard: each section a selector and an include (``selectors.dashboard``).

Kept for the staff member's session until anything changes (``core.page_cache``): it is the
page they come back to between reviews."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from core.page_cache import cached_personal_page

from .. import policies
from ..selectors.dashboard import dashboard_sections


@never_cache
@login_required
@cached_personal_page(allowed=policies.can_view_dashboard, query={"page": range(1, 1001)})
def dashboard(request):
    if not policies.can_view_dashboard(request.user):
        raise PermissionDenied
    return render(request, "talent/dashboard.html", {"sections": dashboard_sections(request.GET)})
