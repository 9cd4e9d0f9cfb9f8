"""City staff's dashboard (/talent/staff/): a list of sections, each a selector and an include.

A section is added by appending one ``DashboardSection`` to ``SECTIONS`` (ceremony
registrations against capacity, dormitory vacancies…): its ``context`` reads what it shows
in a fixed number of queries, and its template is included with that context.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import QueryDict

from core.paging import page_with_count

from .applications import applications_waiting
from .ceremonies import ceremony_capacity_summary
from .dormitories import dormitory_vacancies
from .programmes import open_schemes_with_deadlines

WAITING_PER_PAGE = 30


@dataclass(frozen=True)
class DashboardSection:
    key: str
    template: str
    context: Callable[[QueryDict], dict]


def schemes_section(params: QueryDict) -> dict:
    return {"schemes": list(open_schemes_with_deadlines())}


def waiting_section(params: QueryDict) -> dict:
    return {
        "page_obj": page_with_count(applications_waiting(), WAITING_PER_PAGE, params.get("page"))
    }


def ceremonies_section(params: QueryDict) -> dict:
    return {"events": ceremony_capacity_summary()}


def dormitories_section(params: QueryDict) -> dict:
    return {"dormitories": dormitory_vacancies()}


SECTIONS: list[DashboardSection] = [
    DashboardSection("schemes", "talent/dashboard/_schemes.html", schemes_section),
    DashboardSection("waiting", "talent/dashboard/_waiting.html", waiting_section),
    DashboardSection("ceremonies", "talent/dashboard/_ceremonies.html", ceremonies_section),
    DashboardSection("dormitories", "talent/dashboard/_dormitories.html", dormitories_section),
]


def dashboard_sections(params: QueryDict) -> list[tuple[DashboardSection, dict]]:
    return [(section, section.context(params)) for section in SECTIONS]
