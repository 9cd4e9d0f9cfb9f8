"""The talent app's pages, by concern."""
