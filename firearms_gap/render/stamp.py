"""The one date a report may carry: SOURCE_DATE_EPOCH (reproducible builds), never the clock."""
from __future__ import annotations

import os
from datetime import datetime, timezone

from firearms_gap.diagnostics import InputError

EPOCH_1980 = datetime(1980, 1, 1)       # zip entry times (XLSX) start in 1980


def source_date() -> datetime | None:
    """SOURCE_DATE_EPOCH as a UTC datetime, or None when it is not set."""
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if raw is None or raw.strip() == "":
        return None
    try:
        return datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise InputError.single("SOURCE_DATE_EPOCH", f"is not a number of seconds since 1970: {raw!r}") from None


def generated_at() -> str | None:
    """A report's date line ('2026-01-01 12:00 UTC'), or None."""
    when = source_date()
    return when.strftime("%Y-%m-%d %H:%M UTC") if when else None


def document_time() -> datetime:
    """A document's own dates (XLSX properties and zip entries): SOURCE_DATE_EPOCH, else 1980-01-01."""
    when = source_date()
    return EPOCH_1980 if when is None else max(when.replace(tzinfo=None), EPOCH_1980)
