"""Recruiting exhibitors, the company's side: its staff read the edition's call on the company
page; its owners apply from there and follow the application until city staff decide (in the
admin). Another company's application is a 404, as is the manual to anyone but company staff
and city staff.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from companies.selectors import company_for_page
from core.errors import add_service_error
from core.private_files import private_download
from japanese.templatetags.japanese import jdate
from japanese.validators import normalize_phone, validate_phone

from .. import selectors
from ..errors import RecruitmentError
from ..models import AreaDay, ExhibitorApplication
from ..policies import (
    can_apply_to_exhibit,
    can_download_exhibitor_manual,
    can_read_exhibitor_call,
)
from ..services import recruitment as services


class ApplicationForm(forms.ModelForm):
    area_day = forms.ModelChoiceField(
        queryset=AreaDay.objects.none(),
        label=gettext_lazy("Which area day"),
        empty_label=gettext_lazy("Choose a day"),
    )

    class Meta:
        model = ExhibitorApplication
        fields = [
            "area_day",
            "shows",
            "programme_ideas",
            "step_free",
            "accessible_toilet",
            "accessibility_notes",
            "contact_name",
            "contact_email",
            "contact_phone",
        ]
        widgets = {
            "shows": forms.Textarea(attrs={"rows": 3}),
            "programme_ideas": forms.Textarea(attrs={"rows": 4}),
            "accessibility_notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "programme_ideas": gettext_lazy(
                "Tours or workshops you have in mind; you write the programmes once accepted."
            ),
            "accessibility_notes": gettext_lazy(
                "Steps, stairs, lifts, parking, where a wheelchair cannot go…"
            ),
        }

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area_day"].queryset = AreaDay.objects.filter(
            edition=call.edition
        ).select_related("area")
        self.fields["area_day"].label_from_instance = lambda day: (
            f"{day.area.display_name} {jdate(day.date)}"
        )
        self.fields["contact_phone"].widget.attrs.update({"type": "tel", "autocomplete": "tel"})
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"]
        if phone:
            validate_phone(phone)
            return normalize_phone(phone)
        return phone

    def validate_unique(self):
        """The service tells a second application apart (the call is not on the form)."""


def company_call_html(company, user) -> SafeString:
    """The open call on the company page, for the company's staff: empty when none is open."""
    if not can_read_exhibitor_call(user, company):
        return mark_safe("")
    call = selectors.open_exhibitor_call()
    if call is None or not call.takes_applications():
        return mark_safe("")
    return mark_safe(  # noqa: S308 - rendered from our own autoescaped template
        render_to_string(
            "openfactory/recruitment/company_block.html",
            {"call": call, "company": company, "can_apply": can_apply_to_exhibit(user, company)},
        )
    )


@never_cache
@login_required
def recruitment_apply(request, slug):
    """The call, the company's application (new or until reviewed) and its status."""
    company = company_for_page(slug)
    if not can_read_exhibitor_call(request.user, company):
        raise Http404
    call = selectors.open_exhibitor_call()
    application = None
    if call is not None:
        application = selectors.exhibitor_application_for(request.user, company, call)
    else:
        application = selectors.latest_exhibitor_application(request.user, company)
        if application is None:
            raise Http404
        call = application.call
    can_apply = can_apply_to_exhibit(request.user, company)
    editable = can_apply and (application is None or application.is_editable)
    form = None
    if editable:
        form = ApplicationForm(
            request.POST if request.method == "POST" else None, instance=application, call=call
        )
        if request.method == "POST" and form.is_valid():
            data = {name: form.cleaned_data[name] for name in ApplicationForm.Meta.fields}
            area_day = data.pop("area_day")
            try:
                if application is None:
                    services.application_submit(
                        call=call,
                        company=company,
                        area_day=area_day,
                        data=data,
                        actor=request.user,
                    )
                    messages.success(request, _("Your application has been sent."))
                else:
                    services.application_update(
                        application=application, area_day=area_day, data=data, actor=request.user
                    )
                    messages.success(request, _("Your application has been updated."))
            except RecruitmentError as error:
                add_service_error(form, error)
            else:
                return redirect("openfactory:recruitment_apply", slug=company.slug)
    elif request.method == "POST":
        messages.error(
            request,
            _("Only an owner of the company can apply.")
            if not can_apply
            else _("This application has been reviewed and can no longer be changed."),
        )
        return redirect("openfactory:recruitment_apply", slug=company.slug)
    return render(
        request,
        "openfactory/recruitment/apply.html",
        {
            "company": company,
            "call": call,
            "application": application,
            "form": form,
            "can_apply": can_apply,
            "takes_applications": call.takes_applications(),
        },
    )


@login_required
def recruitment_manual(request, year):
    """The manual for the open day: company staff and city staff, downloaded, sandboxed."""
    if not can_download_exhibitor_manual(request.user):
        raise Http404
    call = selectors.exhibitor_call_with_manual(year)
    return private_download(
        call.manual.storage,
        call.manual.name,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"openfactory-{year}-manual.pdf",
    )
