"""Who may do what with the surveys: the one place this package decides it."""

from accounts.roles import is_city_staff


def can_manage_surveys(user) -> bool:
    """Build surveys, print their posters, read their results: the secretariat."""
    return is_city_staff(user)


def can_preview_survey(user) -> bool:
    """A draft's page is seen by city staff only (to check it before opening it)."""
    return is_city_staff(user)
