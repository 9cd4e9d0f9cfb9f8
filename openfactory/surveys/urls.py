from django.urls import path, register_converter

from . import views


class SurveyKeyConverter:
    """The short key of a poster's address (``models.new_public_key``): anything else is a
    404 before any query."""

    regex = "[A-Za-z0-9]{1,12}"

    def to_python(self, value: str) -> str:
        return value.upper()

    def to_url(self, value: str) -> str:
        return value


class SignedLinkConverter:
    """A mailed link's signed value (``django.core.signing``: URL-safe base64 and colons)."""

    regex = "[A-Za-z0-9_:.-]{1,300}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(SurveyKeyConverter, "survey_key")
register_converter(SignedLinkConverter, "signed_link")

app_name = "surveys"

urlpatterns = [
    path("a/<signed_link:token>/", views.answer, name="answer"),
    path("q/<survey_key:key>/", views.walk_in, name="walk_in"),
    path("q/<survey_key:key>/<int:venue>/", views.walk_in, name="walk_in_venue"),
    path("q/<survey_key:key>/thanks/", views.thanks, name="thanks"),
    path("<int:pk>/posters/", views.poster, name="poster"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/results.csv", views.results_csv, name="results_csv"),
    path("<int:pk>/report/", views.report, name="report"),
    path("editions/<int:edition>/", views.edition_results, name="edition_results"),
    path("answers/<int:pk>/hide/", views.answer_hide, name="answer_hide"),
    path("exhibitors/", views.exhibitor_list, name="exhibitor_list"),
    path("exhibitors/<int:exhibitor>/<int:pk>/", views.exhibitor_answer, name="exhibitor_answer"),
]
