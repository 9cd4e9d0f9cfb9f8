"""City staff's dashboard: each section a selector and an include (``selectors.dashboard``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from .. import policies
from ..selectors.dashboard import dashboard_sections


@never_cache
@login_required
def dashboard(request):
    if not policies.can_view_dashboard(request.user):
        raise PermissionDenied
    return render(request, "talent/dashboard.html", {"sections": dashboard_sections(request.GET)})
