"""Uploaded photos, shared by every app: checked by content, re-encoded without metadata, resized."""
