"""Moved to `counter_app.domain.archive_weeks`; this name is kept while callers move."""

from counter_app.domain.archive_weeks import *  # noqa: F403
