from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.page_cache import cached_public_page
from core.private_files import private_download

from . import selectors, services
from .agenda import agenda_tree, minutes_parts
from .forms import ActivityAnswerForm
from .models import Attachment, Meeting
from .policies import can_answer_activities, can_view_answers
from .validators import served_type

PAGE_SIZE = 20


@cached_public_page
def about(request):
    return render(
        request, "meetings/committee_about.html", {"committee": selectors.committee_profile()}
    )


@cached_public_page(query={"page": range(1, 21), "year": range(1990, 2100)})
def index(request):
    years = selectors.meeting_years(request.user)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year not in years:
        year = None
    page = Paginator(selectors.meeting_list(request.user, year=year), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "meetings/meeting_list.html", {"page_obj": page, "years": years, "year": year}
    )


def _meeting_context(request, pk):
    meeting = selectors.meeting_for_page(request.user, pk)
    previous, following = selectors.meeting_neighbours(meeting)
    return {
        "meeting": meeting,
        "agenda": agenda_tree(meeting),
        "previous": previous,
        "following": following,
        "carried_over": list(selectors.carried_over_action_items(request.user, meeting)),
        "today": timezone.localdate(),
    }


def _part_number(value: str | None, count: int) -> int:
    """?part= as a part's number: a number out of range gives the nearest part, anything
    else (letters, nothing, more digits than Python reads) the first."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), count)


@cached_public_page(query={"part": range(1, 21)})
def meeting_detail(request, pk):
    """The minutes; long ones in parts (``meetings.agenda``), one per page."""
    context = _meeting_context(request, pk)
    parts = minutes_parts(context["agenda"])
    part = parts[_part_number(request.GET.get("part"), len(parts)) - 1]
    context.update(
        part=part,
        parts=parts,
        agenda=part.nodes,
        # The attendance opens the minutes; the action items and attachments close them.
        first_part=part.number == 1,
        last_part=part.number == len(parts),
        closing=bool(
            context["carried_over"]
            or context["meeting"].action_items.all()
            or context["meeting"].attachments.all()
        ),
    )
    return render(request, "meetings/meeting_detail.html", context)


def meeting_print(request, pk):
    return render(request, "meetings/meeting_print.html", _meeting_context(request, pk))


def attendance(request):
    return render(
        request,
        "meetings/attendance_list.html",
        {"years": selectors.attendance_rates(request.user)},
    )


def activity_list(request):
    page = Paginator(selectors.activity_list(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "meetings/activity_list.html", {"page_obj": page, "today": timezone.localdate()}
    )


def activity_detail(request, pk):
    activity = selectors.activity_for_page(request.user, pk)
    member = (
        selectors.member_for_user(request.user) if can_answer_activities(request.user) else None
    )
    own = next((r for r in activity.responses.all() if member and r.member_id == member.pk), None)
    form = None
    if member is not None:
        initial = {"answer": own.answer, "comment": own.comment} if own else None
        form = ActivityAnswerForm(initial=initial)
    return render(
        request,
        "meetings/activity_detail.html",
        {
            "activity": activity,
            "form": form,
            "member": member,
            "own_response": own,
            "show_answers": can_view_answers(request.user),
            # A committee member's account that no member record names: say whom to ask.
            "unlinked_member": member is None and can_answer_activities(request.user),
        },
    )


@require_POST
def activity_answer(request, pk):
    activity = selectors.activity_for_page(request.user, pk)
    member = (
        selectors.member_for_user(request.user) if can_answer_activities(request.user) else None
    )
    if member is None:
        raise Http404
    form = ActivityAnswerForm(request.POST)
    if not form.is_valid():
        context = {
            "activity": activity,
            "form": form,
            "member": member,
            "show_answers": can_view_answers(request.user),
        }
        return render(request, "meetings/activity_detail.html", context, status=400)
    services.activity_answer(activity=activity, member=member, **form.cleaned_data)
    messages.success(request, _("Your answer has been saved."))
    return redirect(activity.get_absolute_url())


def action_items(request):
    return render(
        request,
        "meetings/actionitem_list.html",
        {
            "owners": selectors.open_action_items_by_owner(request.user),
            "today": timezone.localdate(),
        },
    )


@never_cache
def attachment_download(request, pk):
    """Checked on every download: the file has no public URL of its own.

    Only the re-encoded images are shown in the browser; every other type is a download
    with the type it was stored as (from the allow-list; anything else, such as a row stored
    before the checks, is an opaque download), never sniffed, and sandboxed should a browser
    render it anyway.
    """
    attachment = get_object_or_404(
        Attachment.objects.filter(meeting__in=Meeting.objects.visible_to(request.user)), pk=pk
    )
    filename = attachment.file.name.rsplit("/", 1)[-1]
    content_type, inline = served_type(attachment.content_type)
    return private_download(
        attachment.file.storage,
        attachment.file.name,
        content_type=content_type,
        as_attachment=not inline,
        filename=filename,
    )
