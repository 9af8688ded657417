"""Tabs of the settings page."""
