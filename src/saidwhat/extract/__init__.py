"""Extraction stages as pure functions over spaCy ``Doc`` objects and text."""
