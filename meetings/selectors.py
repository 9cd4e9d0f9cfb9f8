from .models import Committee


def committee_profile() -> Committee | None:
    """The committee with its purposes and activities, in three queries."""
    return Committee.objects.prefetch_related("purposes", "activities").first()


def committee_summary() -> Committee | None:
    """The committee alone, for pages that show only its name and description."""
    return Committee.objects.first()
