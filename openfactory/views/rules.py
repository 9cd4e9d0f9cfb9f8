"""The visitor rules page of an edition, and the exhibitor's accessibility form (its
company's staff and city staff, through selectors.managed_exhibitor: another company's is a
404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .. import selectors
from ..forms import AccessibilityForm
from ..services.rules import ACCESSIBILITY_FIELDS, accessibility_save


def visitor_rules(request, year):
    edition = selectors.edition_for_page(request.user, year)
    return render(
        request,
        "openfactory/rules/rules_page.html",
        {"edition": edition, "rules": selectors.visitor_rules_of(edition)},
    )


@never_cache
@login_required
def manage_accessibility(request, pk):
    exhibitor = selectors.managed_exhibitor(request.user, pk)
    accessibility = selectors.exhibitor_accessibility(exhibitor)
    form = AccessibilityForm(request.POST or None, instance=accessibility)
    if request.method == "POST" and form.is_valid():
        accessibility_save(
            exhibitor=exhibitor,
            data={name: form.cleaned_data[name] for name in ACCESSIBILITY_FIELDS},
        )
        messages.success(request, _("The accessibility information is saved."))
        return redirect(reverse("openfactory:manage_exhibitor", kwargs={"pk": exhibitor.pk}))
    return render(
        request,
        "openfactory/exhibitor_form.html",
        {
            "form": form,
            "exhibitor": exhibitor,
            "heading": _("Accessibility"),
            "help": _(
                "Elderly visitors and families with pushchairs come. Say what you know; leave "
                "“Not known” where you are unsure: visitors filtering by a fact see only the "
                "factories that said yes."
            ),
        },
        status=400 if form.errors else 200,
    )
