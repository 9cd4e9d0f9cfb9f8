"""The committee: its profile, members, minutes and activities."""
