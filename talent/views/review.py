"""City staff's review of an application: read it, take a step, leave comments per field."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.errors import add_service_error

from .. import policies
from ..errors import TalentError
from ..forms.applications import ReviewForm, field_labels, label_comments
from ..selectors import applications as selectors
from ..selectors.programmes import scheme_fields
from ..services import applications as services


@never_cache
@login_required
def review(request, pk):
    if not policies.can_review_applications(request.user):
        raise PermissionDenied
    found = selectors.application_for_user(request.user, pk)
    fields = scheme_fields(found.scheme)
    labels = field_labels(fields)
    form = ReviewForm(request.POST or None, labels=list(labels.items()))
    if request.method == "POST" and form.is_valid():
        try:
            services.application_review(
                application=found,
                actor=request.user,
                to_status=form.cleaned_data["to_status"],
                comment=form.cleaned_data["comment"],
                field_comments=form.field_comments(),
                amount=form.cleaned_data["amount"],
            )
        except TalentError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The application's status has been changed."))
            return redirect(found.get_review_url())
    attachments = selectors.attachments_by_field(found)
    for item in fields:
        item.stored_files = attachments.get(item.pk, [])
        item.answer = found.answers.get(item.name, "")
    history = selectors.application_history(found)
    label_comments(history, labels)
    return render(
        request,
        "talent/application_review.html",
        {
            "application": found,
            "scheme": found.scheme,
            "fields": fields,
            "form": form,
            "history": history,
            "can_review": policies.can_review(request.user, found),
            "steps": sorted(services.STEPS.get(found.status, set()) & set(services.REVIEW_STEPS)),
        },
    )
