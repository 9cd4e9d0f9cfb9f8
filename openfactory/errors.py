"""The open factory's refusals: one base, named by what was refused.

Every one carries a message for the person who asked, the form field it belongs beside
(``field``, or None) and a ``code`` a view may tell refusals apart by (core.errors.ServiceError).
"""

from core.errors import ServiceError


class OpenFactoryError(ServiceError):
    """A workflow of the open factory refused what it was asked."""


class ReservationError(OpenFactoryError):
    """A reservation cannot be made or changed; the message is for the visitor (or reception)."""


class SlotFullError(ReservationError):
    """No seat is left; the visitor may join the waitlist instead."""


class ProgrammeError(OpenFactoryError):
    """A programme or slot cannot be changed so; the message is for the company's staff."""


class AnnouncementError(OpenFactoryError):
    """An announcement cannot be written so; the message is for the secretariat."""


class RouteError(OpenFactoryError):
    """A model route cannot be written so; the message is for the secretariat."""


class RecruitmentError(OpenFactoryError):
    """An application to exhibit cannot be made or decided so; the message says why."""


class PassError(OpenFactoryError):
    """A visitor pass cannot be made, or a visit recorded, so; the message says why."""


class StampError(OpenFactoryError):
    """A stamp cannot be given (a forged or other-day poster code, a wrong answer, a stamp
    there already); the message tells the visitor why."""


class PrizeDrawError(OpenFactoryError):
    """The stamp rally's prize draw cannot be run (not set, not over, no entrants, drawn
    already); the message is for the secretariat."""
