"""City staff's screens for the talent app, by concern."""

from . import applications, people, programmes  # noqa: F401  (registers the admins)
