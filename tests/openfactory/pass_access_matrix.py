"""The write matrix of the visitor passes (joined to the open factory's table). See
tests/site/matrix.py.

A pass's page is its secret link's; anyone gets a pass at a factory's poster on its area day;
company A's owner and editors record visits and make passes at A's reception, city staff at
any (and correct on another day). The world's passes and today's area day:
tests/openfactory/pass_factories.py.
"""

from django.urls import reverse

from tests.site.matrix import (
    E403,
    E404,
    LOGIN,
    OK,
    REDIRECT,
    REFUSED,
    AdminModel,
    Op,
    ReadOnly,
    Write,
    roles,
)


def url(name, **kwargs):
    return lambda w: reverse(name, kwargs={k: getattr(w, v).pk for k, v in kwargs.items()})


def poster(name):
    """The stamp rally poster's URL of a world's exhibitor, signed for its area day."""
    from openfactory.services import poster_code

    return lambda w: reverse(
        "openfactory:stamp_scan", kwargs={"code": poster_code(getattr(w, name))}
    )


def with_the_pass(w, client):
    """The visitor opened their pass on this phone before: the browser holds it."""
    client.get(reverse("openfactory:pass_detail", args=[w.visitor_pass.token]))


def party(w):
    return {"adults": "2", "children": "1", "postcode": "２５２－１１９２"}


# fmt: off
TABLE = [
    # columns:       anonymous visitor   editor_a  owner_a   owner_b   member    staff     superuser
    ReadOnly(
        "openfactory:pass_detail",
        lambda w: reverse("openfactory:pass_detail", args=[w.visitor_pass.token]),
    ),
    # A walk-in party at company B's poster on its area day: a pass, and its visit there.
    Write(
        "openfactory:pass_at_factory",
        url("openfactory:pass_at_factory", pk="today_exhibitor_b"),
        form=url("openfactory:pass_at_factory", pk="today_exhibitor_b"),
        data=party,
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # The poster of a factory whose area day is still to come: no pass, and the page says why.
    Write(
        "openfactory:pass_at_factory",
        url("openfactory:pass_at_factory", pk="exhibitor_a"),
        variant="another day",
        data=party,
        expect=roles(REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED),
    ),
    Write(
        "openfactory:reception_pass_new",
        url("openfactory:reception_pass_new", pk="today_exhibitor_a"),
        data=party,
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    # Before the area day company staff are told the day; city staff correct.
    Write(
        "openfactory:reception_pass_new",
        url("openfactory:reception_pass_new", pk="exhibitor_a"),
        variant="not the area day",
        data=party,
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT, E404,     E404,     OK,       OK),
    ),
    # The world's pass visited company A's factory: company B's reception records its visit.
    Write(
        "openfactory:reception_pass_visit",
        url("openfactory:reception_pass_visit", pk="today_exhibitor_b"),
        data=lambda w: {"pass_code": "acde-3467"},
        expect=roles(LOGIN,    E404,     E404,     E404,     OK,       E404,     OK,       OK),
    ),
    # Once per factory: at company A's, the visit is there already.
    Write(
        "openfactory:reception_pass_visit",
        url("openfactory:reception_pass_visit", pk="today_exhibitor_a"),
        variant="recorded already",
        data=lambda w: {"pass_code": w.visitor_pass.code},
        expect=roles(LOGIN,    E404,     REDIRECT, REDIRECT, E404,     E404,     REDIRECT, REDIRECT),
    ),
    # The stamp rally: company B's poster scanned with the pass, the right answer stamps it.
    Write(
        "openfactory:stamp_scan",
        poster("today_exhibitor_b"),
        data=lambda w: {"choice": "2"},
        prepare=with_the_pass,
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    Write(
        "openfactory:stamp_scan",
        poster("today_exhibitor_b"),
        variant="a wrong answer",
        data=lambda w: {"choice": "1"},
        prepare=with_the_pass,
        # Recorded for the factory's report (no stamp), then the poster's page again.
        expect=roles(OK,       OK,       OK,       OK,       OK,       OK,       OK,       OK),
    ),
    # A photo of a poster used before its day, and a code made up: nothing is stamped.
    Write(
        "openfactory:stamp_scan",
        poster("exhibitor_a"),
        variant="another day's poster",
        data=lambda w: {"choice": "1"},
        prepare=with_the_pass,
        expect=roles(REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED),
    ),
    Write(
        "openfactory:stamp_scan",
        lambda w: reverse("openfactory:stamp_scan", kwargs={"code": "WzUsIjIwMzEtMDEtMDEiXQ:forged"}),
        variant="a forged code",
        data=lambda w: {"choice": "1"},
        prepare=with_the_pass,
        expect=roles(REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED,  REFUSED),
    ),
    ReadOnly("openfactory:stamp_poster", url("openfactory:stamp_poster", pk="today_exhibitor_a")),
    Write(
        "openfactory:manage_quiz",
        url("openfactory:manage_quiz", pk="today_exhibitor_a"),
        form=url("openfactory:manage_quiz", pk="today_exhibitor_a"),
        data=lambda w: {"question": "旋盤の刃の色は？", "choices": "金\n銀", "answer": "1"},
        expect=roles(LOGIN,    E404,     OK,       OK,       E404,     E404,     OK,       OK),
    ),
    AdminModel(
        "openfactory.exhibitorquiz",
        target="quiz",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "exhibitor": str(w.today_exhibitor_a.pk),
                "question": "工場の創業年は？",
                "choices": "1960年\n1970年",
                "answer": "1",
            },
        ),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"question": "主な材料は？"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.stamp",
        target="stamp",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.quizanswer",
        target="quiz_answer",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    # The prize draw is drawn by the action on the editions (access_matrix.py); its results
    # are never written by hand, nor deleted (it could be drawn again); what winners do is
    # reworded.
    AdminModel(
        "openfactory.prizedraw",
        target="prize_draw",
        add=Op(staff=E403, superuser=E403),
        change=Op(
            staff=OK, superuser=OK, data=lambda w: {"instructions": "駅前の観光案内所で"}
        ),
        delete=Op(staff=E403, superuser=E403),
    ),
    # Passes are made by visitors and reception; city staff correct them or delete them.
    AdminModel(
        "openfactory.visitorpass",
        target="visitor_pass",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=OK, superuser=OK, data=lambda w: {"adults": "3", "residence": "city"}),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
    AdminModel(
        "openfactory.visit",
        target="visit",
        add=Op(staff=E403, superuser=E403),
        change=Op(staff=E403, superuser=E403),
        delete=Op(staff=OK, superuser=OK),
        actions={"delete_selected": Op(staff=OK, superuser=OK)},
    ),
]
# fmt: on
