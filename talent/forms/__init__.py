"""The talent app's forms, by concern."""
