"""The talent app's tables, by concern."""

from .applications import Application, Attachment, Transition
from .ceremonies import CeremonyEvent, CeremonyRegistration
from .dormitories import DormitoryMail, DormitoryRequest, House
from .guidance import ChecklistItem, GuidancePage, Hire, HireCheck
from .programmes import FormField, Scheme

__all__ = [
    "Application",
    "Attachment",
    "CeremonyEvent",
    "CeremonyRegistration",
    "ChecklistItem",
    "DormitoryMail",
    "DormitoryRequest",
    "FormField",
    "GuidancePage",
    "Hire",
    "HireCheck",
    "House",
    "Scheme",
    "Transition",
]
