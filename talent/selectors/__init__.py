"""The talent app's reads, by concern."""
