"""Panels of the quote page."""
