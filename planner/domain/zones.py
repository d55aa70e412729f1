"""The display-zone setting: the conference's clock, this computer's, or any IANA zone."""

from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

CONFERENCE = "conference"
LOCAL = "local"


class ZoneError(ValueError):
    """An unknown zone name; the message lists what is accepted."""


def local_zone() -> tzinfo:
    """This computer's zone with its DST rules (dateutil reads the system's setting)."""
    from dateutil.tz import tzlocal  # lazy: 3 ms, only when local time is asked for

    zone: tzinfo = tzlocal()
    return zone


def resolve(name: str, conference: tzinfo | None) -> tzinfo | None:
    """``conference`` / ``local`` / an IANA name such as ``Europe/Berlin`` -> a tzinfo."""
    key = (name or CONFERENCE).strip()
    if key.casefold() == CONFERENCE:
        return conference
    if key.casefold() == LOCAL:
        return local_zone()
    if key.upper() == "UTC":
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError):
        raise ZoneError(
            f"unknown time zone {name!r}: use 'conference', 'local' or an IANA name like Europe/Berlin"
        ) from None


def zone_names() -> list[str]:
    return sorted(available_timezones())
