"""Small helpers every app may use: the lowest layer, importing no app of the portal."""
