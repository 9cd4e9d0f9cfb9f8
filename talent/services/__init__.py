"""The talent app's workflows, by concern (every write goes through one of these)."""

from .ceremonies import (
    CeremonyFullError,
    event_capacity_check,
    registration_create,
    registration_delete,
    registration_mark_attended,
    registration_update,
)
from .dormitories import (
    dormitory_mail_send,
    dormitory_request_allocate,
    dormitory_request_create,
    dormitory_request_decline,
    house_capacity_check,
    send_dormitory_mail,
)
from .guidance import hire_checks_save, hire_create, hire_delete, hire_update

__all__ = [
    "CeremonyFullError",
    "dormitory_mail_send",
    "dormitory_request_allocate",
    "dormitory_request_create",
    "dormitory_request_decline",
    "event_capacity_check",
    "hire_checks_save",
    "hire_create",
    "hire_delete",
    "hire_update",
    "house_capacity_check",
    "registration_create",
    "registration_delete",
    "registration_mark_attended",
    "registration_update",
    "send_dormitory_mail",
]
