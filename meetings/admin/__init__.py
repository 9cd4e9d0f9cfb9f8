"""The secretariat's admin of the committee: profile, members, minutes, activities.

City staff keep the minutes here: agenda items, notes, links and attendance are edited inline,
imported minutes are previewed before they are stored, and what staff change by hand is marked
so that a later import does not overwrite it (see :func:`meetings.services.meeting_edited`).

The admin is a package: ``meetings`` (the meeting's page, with the routes of the import wizard
in ``import_wizard`` and of the attendance sheet in ``attendance_sheet``), ``minutes`` (agenda
items, attendance, action items, attachments), ``committee`` (profile, members, activities,
calendar links) and ``base`` (what they share). Importing them registers their model admins.
"""

from . import committee, meetings, minutes  # noqa: F401  (registration on import)
