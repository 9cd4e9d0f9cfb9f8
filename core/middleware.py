"""Requests no page of the portal can answer, refused before any view reads them."""

from django.core.exceptions import BadRequest


class RejectNulQueryMiddleware:
    """A NUL byte in the query string is a 400 (the bilingual 400 page).

    No link of the portal makes one, and PostgreSQL refuses it in any text it is compared
    with, so every list filter, search box and admin changelist would otherwise answer a
    500 (a ``DataError``). Refusing it here covers the views that exist and those to come.
    Forms posted with one still get a message beside their field: only the query string is
    refused, never what was typed into a form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            raise BadRequest("NUL byte in the query string")
        return self.get_response(request)
