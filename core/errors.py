"""The one error type of the portal's services, and where a form shows it."""

from django.forms import Form


class ServiceError(Exception):
    """A workflow refused what it was asked; ``message`` is for the person who asked.

    ``field`` names the form field the message belongs beside (None: above the form), and
    ``code`` lets a view tell one refusal from another without reading the message. Each
    app's errors derive from it, so a view or a test catches them all alike.
    """

    def __init__(self, message, *, field: str | None = None, code: str = ""):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code

    def __str__(self) -> str:
        return str(self.message)


def add_service_error(form: Form, error: ServiceError) -> None:
    """Show ``error`` beside its field when the form has that field, else above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)
