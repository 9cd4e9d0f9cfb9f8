"""Requests no page of the portal can answer, refused before any view reads them."""

from django.conf import settings
from django.core.exceptions import BadRequest


class AdminRejectsNulQueryMiddleware:
    """A NUL byte in a query string of the admin is a 400 (the bilingual 400 page).

    The admin's changelists hand every query value to the database (list filters such as
    ``?status__exact=``, search, dates) and PostgreSQL refuses a NUL in any text it compares,
    so each of them answered a 500 (a ``DataError``). No link makes one, so refusing it here
    covers every admin, those to come included. The portal's own pages read their query
    strings through forms that answer a NUL with a message beside the search box or a 404
    (tests/site/test_hostile_input.py keeps them so).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.prefix) and _has_nul(request):
            raise BadRequest("NUL byte in the query string of an admin page")
        return self.get_response(request)


def _has_nul(request) -> bool:
    return "\x00" in request.META.get("QUERY_STRING", "") or any(
        "\x00" in key or any("\x00" in value for value in values)
        for key, values in request.GET.lists()
    )
