"""Demo data for a new installation, including the committee's real seed text."""
