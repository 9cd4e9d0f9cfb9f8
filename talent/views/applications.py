"""A company's applications: start one, fill it in (autosaved), attach files, submit, read
its history. Another company's application or file is a 404: its existence is private."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.errors import add_service_error
from core.i18n import active_language
from core.private_files import private_download

from .. import policies
from ..errors import TalentError
from ..forms.applications import ApplicationForm, StartForm, field_labels, label_comments
from ..selectors import applications as selectors
from ..selectors.programmes import scheme_by_slug, scheme_fields
from ..services import applications as services
from ..uploads import EXTENSIONS, INLINE_TYPES

PER_PAGE = 30
SERVED = set(EXTENSIONS)


@never_cache
@login_required
def application_list(request):
    page = Paginator(selectors.applications_of_user(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "talent/application_list.html", {"page_obj": page})


@login_required
@require_POST
def apply(request, slug):
    """Start (or continue) the company's draft for the scheme."""
    scheme = scheme_by_slug(slug)
    companies = selectors.user_companies(request.user)
    if not companies:
        raise Http404
    form = StartForm(request.POST, companies=companies)
    if len(companies) == 1:
        form = StartForm({"company": companies[0].pk}, companies=companies)
    if not form.is_valid():
        messages.error(request, _("Choose the company that applies."))
        return redirect(scheme.get_absolute_url())
    company = next(c for c in companies if c.pk == form.cleaned_data["company"])
    try:
        application = services.application_start(
            scheme=scheme, company=company, actor=request.user, language=active_language()
        )
    except TalentError as error:
        messages.error(request, error.message)
        return redirect(scheme.get_absolute_url())
    return redirect(application.get_absolute_url())


def _page(request, application, form=None, *, status=200):
    fields = scheme_fields(application.scheme)
    history = selectors.application_history(application)
    label_comments(history, field_labels(fields))
    comments = selectors.return_comments(history)
    editable = policies.can_edit_application(request.user, application)
    if form is None and editable:
        form = ApplicationForm(application=application, fields=fields)
    attachments = selectors.attachments_by_field(application)
    for item in fields:
        item.stored_files = attachments.get(item.pk, [])
        item.answer = application.answers.get(item.name, "")
    return render(
        request,
        "talent/application_detail.html",
        {
            "application": application,
            "scheme": application.scheme,
            "fields": fields,
            "form": form,
            "rows": form.rows(comments) if form is not None else [],
            "stored_files": {f.name: f.stored_files for f in fields},
            "comments": comments,
            "history": history,
            "editable": editable,
            "can_submit": policies.can_submit_application(request.user, application),
            "can_review": policies.can_review(request.user, application),
            "deadline_passed": application.status == application.Status.DRAFT
            and not application.scheme.is_accepting(),
        },
        status=status,
    )


@never_cache
@login_required
def application(request, pk):
    """The application: its form while the company may change it, else what was sent; and
    its history. POST saves the draft (action=save) or submits it (action=submit)."""
    found = selectors.application_for_user(request.user, pk)
    if request.method != "POST":
        return _page(request, found)
    if not policies.can_edit_application(request.user, found):
        messages.error(request, _("This application cannot be changed now."))
        return redirect(found.get_absolute_url())
    action = request.POST.get("action")
    if action not in ("save", "submit"):
        return HttpResponseBadRequest()
    submitting = action == "submit"
    fields = scheme_fields(found.scheme)
    form = ApplicationForm(
        request.POST, request.FILES, application=found, fields=fields, strict=submitting
    )
    if not form.is_valid():
        # Nothing is stored from a refused form; the page shows everything as typed (and
        # the autosave has kept the draft while it was being typed).
        return _page(request, found, form)
    by_name = {f.name: f for f in fields}
    try:
        services.application_update(
            application=found,
            actor=request.user,
            values=form.values(),
            files=[(by_name[name], checked) for name, checked in form.checked_files.items()],
            submit=submitting,
            language=active_language(),
        )
    except TalentError as error:
        add_service_error(form, error)
        return _page(request, found, form)
    if submitting:
        messages.success(request, _("Your application has been submitted to the city."))
    else:
        messages.success(request, _("Your draft has been saved."))
    return redirect(found.get_absolute_url())


@require_POST
def autosave(request, pk):
    """The page's script posts the form here every few seconds and when a field is left; the
    draft is stored as typed. A lost session answers 403 (the script keeps the text in the
    browser and asks to sign in again); nothing is redirected."""
    if not request.user.is_authenticated:
        # 403, not a redirect to the login page: the script says to sign in again.
        return JsonResponse({"error": _("Your session has ended: sign in again.")}, status=403)
    found = selectors.application_for_user(request.user, pk)
    if not policies.can_edit_application(request.user, found):
        return JsonResponse({"error": _("This application cannot be changed now.")}, status=409)
    form = ApplicationForm(request.POST, application=found, fields=scheme_fields(found.scheme))
    form.is_valid()
    try:
        services.application_save(application=found, actor=request.user, values=form.values())
    except TalentError as error:
        return JsonResponse({"error": error.message}, status=409)
    return JsonResponse(
        {
            "saved_at": timezone.localtime().strftime("%H:%M:%S"),
            "errors": {name: [str(e) for e in errs] for name, errs in form.errors.items()},
        }
    )


@never_cache
@login_required
def attachment(request, pk):
    """Checked on every download; images shown, PDFs downloaded, both sandboxed."""
    found = selectors.attachment_for_user(request.user, pk)
    inline = found.content_type in INLINE_TYPES
    content_type = (
        found.content_type if found.content_type in SERVED else "application/octet-stream"
    )
    return private_download(
        found.file.storage,
        found.file.name,
        content_type=content_type,
        as_attachment=not inline,
        filename=found.name,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    found = selectors.attachment_for_user(request.user, pk)
    try:
        services.attachment_delete(attachment=found, actor=request.user)
    except TalentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The file has been removed."))
    return redirect(found.application.get_absolute_url())
