from pathlib import Path

SEED_DIR = Path(__file__).resolve().parent / "seeds"
# The committee's real minutes of 2022-09-05 followed by its profile page, as written.
COMMITTEE_SEED = SEED_DIR / "2022-09-05_minutes_and_profile.txt"


def committee_seed_text() -> str:
    return COMMITTEE_SEED.read_text(encoding="utf-8-sig")
