"""The stamp rally: a factory's printable poster (its staff and city staff), the page its QR
code opens on a visitor's phone (the quiz, answered with the pass this browser holds), and the
company's quiz form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from core.errors import add_service_error

from .. import ratelimit, selectors, services
from ..errors import StampError
from ..forms import QuizForm, StampAnswerForm
from ..models import ExhibitorQuiz
from ..qr import qr_svg_data_uri
from .passes import rate_limited
from .public import remembered_passes


@login_required
def stamp_poster(request, pk):
    """The A4 poster for the factory's gate: its QR code is valid on its area day only."""
    exhibitor = selectors.reception_exhibitor(request.user, pk)
    url = request.build_absolute_uri(
        reverse("openfactory:stamp_scan", kwargs={"code": services.poster_code(exhibitor)})
    )
    response = render(
        request,
        "openfactory/stamps/poster.html",
        {
            "exhibitor": exhibitor,
            "area_day": exhibitor.area_day,
            "qr": qr_svg_data_uri(url),
            "has_quiz": ExhibitorQuiz.objects.filter(exhibitor=exhibitor).exists(),
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
def stamp_scan(request, code):
    """The poster's QR code on a visitor's phone: the factory's quiz, answered with the pass
    this browser holds; a right answer stamps it."""
    context: dict = {"code": code}
    status = 200
    try:
        exhibitor = services.poster_check(code)
    except StampError as error:
        response = render(
            request, "openfactory/stamps/scan.html", {"refused": error.message}, status=400
        )
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
    edition_id = exhibitor.area_day.edition_id
    held = [
        p
        for p in selectors.passes_for_tokens(remembered_passes(request))
        if p.edition_id == edition_id
    ]
    visitor_pass = held[0] if held else None  # its newest of this edition
    quiz = ExhibitorQuiz.objects.filter(exhibitor=exhibitor).first()
    context.update(exhibitor=exhibitor, visitor_pass=visitor_pass, quiz=quiz)
    if request.method == "POST":
        if ratelimit.too_many(request, "stamp"):
            return rate_limited(request)
        form = StampAnswerForm(request.POST)
        status = 400
        if visitor_pass is None:
            context["refused"] = _("Get a visitor pass first: this page stamps it.")
        elif len(request.POST.getlist("choice")) != 1 or not form.is_valid():
            # One answer: a crafted post of several (the right one among them) stamps nothing.
            context["refused"] = _("Choose one of the answers.")
        else:
            try:
                answer = services.stamp_answer(
                    code=code, visitor_pass=visitor_pass, choice=form.cleaned_data["choice"]
                )
            except StampError as error:
                context["refused"] = error.message
            else:
                if not answer.correct:
                    # Recorded for the factory's report; the poster's page again, to try again.
                    messages.warning(
                        request, _("Not quite. Have another look around, and try again.")
                    )
                    return redirect(request.path)
                messages.success(
                    request,
                    _("Right! %(company)s's stamp is on your pass.")
                    % {"company": exhibitor.company.name},
                )
                return redirect(visitor_pass.get_absolute_url())
    response = render(request, "openfactory/stamps/scan.html", context, status=status)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def manage_quiz(request, pk):
    exhibitor = selectors.managed_exhibitor(request.user, pk)
    quiz = ExhibitorQuiz.objects.filter(exhibitor=exhibitor).first()
    initial = (
        {"question": quiz.question, "choices": quiz.choices, "answer": quiz.answer} if quiz else {}
    )
    form = QuizForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quiz_set(exhibitor=exhibitor, **form.cleaned_data)
        except StampError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The stamp rally quiz is saved."))
            return redirect(reverse("openfactory:manage_exhibitor", kwargs={"pk": exhibitor.pk}))
    return render(
        request,
        "openfactory/exhibitor_form.html",
        {
            "form": form,
            "exhibitor": exhibitor,
            "heading": _("Stamp rally quiz"),
            "help": _(
                "Visitors scan your poster and answer this question; a right answer stamps "
                "their pass. Ask about something they can see or hear at your factory."
            ),
        },
        status=400 if form.errors else 200,
    )
