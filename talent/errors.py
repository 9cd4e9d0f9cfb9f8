"""The talent app's refusals: one base, like every app's (core.errors.ServiceError)."""

from core.errors import ServiceError


class TalentError(ServiceError):
    """A workflow of the talent app refused what it was asked; the message is for the person
    asking."""


class TransitionNotAllowed(TalentError):
    """The application's status does not allow this step, or this person may not take it."""


class DeadlineError(TalentError):
    """The scheme's application period is closed (or not open yet)."""
