"""The write matrix of the model routes and the printed guide (joined to the open factory's
table). See tests/site/matrix.py.

The guide is public and changes nothing; routes are city staff's, in the admin.
"""

from django.urls import reverse

from tests.site.matrix import OK, PAGE, REDIRECT, AdminModel, Op, ReadOnly


def _stop_of_another_day(w):
    """The route's change form with a first stop at a factory of another area day."""
    return {
        "stops-TOTAL_FORMS": "1",
        "stops-INITIAL_FORMS": "0",
        "stops-0-order": "0",
        "stops-0-exhibitor": str(w.past_exhibitor_a.pk),
        "stops-0-minutes_to_next": "10",
        "stops-0-travel": "walking",
    }


# fmt: off
TABLE = [
    ReadOnly(
        "openfactory:edition_guide",
        lambda w: reverse("openfactory:edition_guide", kwargs={"year": w.edition.year}),
    ),
    AdminModel(
        "openfactory.route",
        target="route",
        add=Op(
            staff=OK,
            superuser=OK,
            data=lambda w: {
                "area_day": str(w.area_day.pk),
                "audience": "students",
                "title": "学生向けコース",
            },
        ),
        change=[
            Op(staff=OK, superuser=OK, data=lambda w: {"description": "駅から歩いて回れます。"}),
            # A factory of another area day is refused, beside the field; nothing is stored.
            Op(
                staff=PAGE,
                superuser=PAGE,
                variant="a stop of another area day",
                data=_stop_of_another_day,
            ),
        ],
        delete=Op(staff=OK, superuser=OK, target="spare_route"),
        actions={
            "delete_selected": Op(staff=OK, superuser=OK, target="spare_route"),
            # The world's stops have no positions: nothing to fill, nothing changes.
            "suggest_minutes": Op(staff=REDIRECT, superuser=REDIRECT),
        },
    ),
]
# fmt: on
