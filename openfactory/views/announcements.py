"""The secretariat mails everyone holding a reservation in a slot or on an area day (for
example a change for the weather): write, preview with the number of recipients, send.

City staff only (policies.can_send_announcements); the mails go out from a Celery task.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.errors import add_service_error

from .. import selectors, services
from ..errors import AnnouncementError
from ..forms import AnnouncementForm
from ..policies import can_send_announcements

PAGE_SIZE = 30


def _check(request) -> None:
    if not can_send_announcements(request.user):
        raise PermissionDenied


@never_cache
@login_required
def announcement_new(request, scope, pk):
    _check(request)
    area_day, slot = selectors.announcement_target(scope, pk)
    context = {
        "area_day": area_day,
        "slot": slot,
        "target": services.announcement_target_label(area_day=area_day, slot=slot),
        "recipients": selectors.announcement_recipient_count(area_day=area_day, slot=slot),
    }

    def page(template="openfactory/announcement_form.html", status=200):
        return render(request, template, context, status=status)

    if request.method != "POST":
        context["form"] = AnnouncementForm(initial={"idempotency_key": uuid.uuid4().hex})
        return page()
    form = context["form"] = AnnouncementForm(request.POST)
    if not form.is_valid():
        if "idempotency_key" in form.errors:
            data = request.POST.copy()
            data["idempotency_key"] = uuid.uuid4().hex
            form = context["form"] = AnnouncementForm(data)
            form.is_valid()
            form.add_error(None, _("Please check your details and send the form again."))
        return page(status=400)
    if not context["recipients"]:
        form.add_error(None, _("No one holds a reservation here, so there is no one to mail."))
        return page(status=400)
    op = request.POST.get("op")
    if op != "send":
        # "preview", or anything else: show what will be sent before anything is.
        template = "openfactory/announcement_form.html" if op == "edit" else None
        return page(template or "openfactory/announcement_preview.html")
    data = form.cleaned_data
    try:
        announcement = services.announcement_create(
            area_day=area_day,
            slot=slot,
            subject=data["subject"],
            body=data["body"],
            subject_en=data["subject_en"],
            body_en=data["body_en"],
            created_by=request.user,
            idempotency_key=data["idempotency_key"],
        )
    except AnnouncementError as error:
        add_service_error(form, error)
        return page(status=400)
    messages.success(
        request,
        _("The message is being sent to %(count)d addresses.") % {"count": context["recipients"]},
    )
    return redirect(announcement.get_absolute_url())


@login_required
def announcement_list(request):
    _check(request)
    page = Paginator(selectors.announcement_list(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "openfactory/announcement_list.html", {"page_obj": page})


@never_cache
@login_required
def announcement_detail(request, pk):
    _check(request)
    announcement = selectors.announcement_for_page(pk)
    return render(request, "openfactory/announcement_detail.html", {"announcement": announcement})
