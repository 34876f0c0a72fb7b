"""Filtering events by the language they are held in (Event.languages), not the languages of their texts.

An event's texts may exist in German and Arabic while the event itself is held in Kurdish; residents who
look for "events in my language" mean the latter. The filter is a query parameter (`sprache`) on the
month view, the day list and the start page.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from calendar_builder.portal.languages import language_codes, language_name, native_name
from calendar_builder.portal.models import Event, Occurrence, Organisation

#: The query parameter, as the directory's language filter names it.
PARAM = "sprache"


def requested(request: HttpRequest) -> str:
    """The language asked for in the query string, if it is a known code; otherwise no filter."""
    code = request.GET.get(PARAM, "").strip().lower()[:12]
    return code if code in language_codes() else ""


def restrict(rows: QuerySet[Occurrence], code: str) -> QuerySet[Occurrence]:
    """Occurrences of events held in `code`. Languages are stored as a JSON list of codes, so a quoted code
    matches one whole element (`"ar"` never matches `"ary"`) on SQLite and PostgreSQL alike."""
    if not code:
        return rows
    return rows.filter(event__languages__icontains=f'"{code}"')


def offered(reader: str) -> list[tuple[str, str]]:
    """(code, label) of every language some public event is held in, sorted by label in the reader's language.

    The label names the language in the reader's language and, where it differs, in its own script
    ("Arabisch – العربية"), so a resident finds their language whatever the interface language.
    """
    codes: set[str] = set()
    public = Event.objects.filter(state=Event.State.PUBLISHED, organisation__state=Organisation.State.ACTIVE)
    for languages in public.values_list("languages", flat=True):
        codes.update(str(c) for c in languages or [])
    return sorted(((code, label(code, reader)) for code in codes), key=lambda pair: pair[1].casefold())


def label(code: str, reader: str) -> str:
    name, own = language_name(code, reader), native_name(code)
    return name if own.casefold() == name.casefold() or own == code else f"{name} – {own}"
