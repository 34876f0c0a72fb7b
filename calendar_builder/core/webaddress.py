"""What counts as a web address in the data and on the command line: https (http only where documented).

A link in the feeds, on the subscribe page or behind a QR code is followed by residents' phones; anything
but a plain web address (javascript:, data:, file:, a bare word) must be refused before it is written.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from calendar_builder.core.limits import URL_CHARS

HOSTNAME = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$", re.IGNORECASE)
#: organisations' own websites and event links: many small associations still have no https
ORGANISATION_SCHEMES = ("https", "http")
#: the addresses the calendar publishes itself (feeds, subscribe page): https only
PUBLISHED_SCHEMES = ("https",)


def is_web_address(value: str, schemes: tuple[str, ...] = ORGANISATION_SCHEMES) -> bool:
    """An address with one of `schemes` and a real-looking host name, no spaces or controls, not over-long."""
    if len(value) > URL_CHARS or any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 for c in value):
        return False
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in schemes and bool(HOSTNAME.match(host)) and not parts.username and not parts.password
