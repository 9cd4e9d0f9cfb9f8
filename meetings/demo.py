"""Demo data of the meetings app: the committee's profile from the seed file."""

from .models import Committee
from .profile import parse_profile
from .services import committee_profile_save

COMMITTEE_NAME_EN = "Ayase Innovation Promotion Committee"


def load(seed_text: str) -> list[str]:
    """Load the profile unless the committee exists; staff edits are never overwritten."""
    if Committee.objects.exists():
        return ["committee profile: kept (already in the database)"]
    committee = committee_profile_save(profile=parse_profile(seed_text), name_en=COMMITTEE_NAME_EN)
    return [
        f"committee profile: created ({committee.purposes.count()} purposes, "
        f"{committee.activities.count()} activities)"
    ]
