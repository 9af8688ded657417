"""Moved to `counter_app.documents.archive_labels`; this name is kept while callers move."""

from counter_app.documents.archive_labels import *  # noqa: F403
