"""The publish counter: raised whenever public content changes, read by the caches of pages and feeds."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from calendar_builder.portal.models import PublishState


def state() -> PublishState:
    row, _ = PublishState.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now()})
    return row


def bump() -> None:
    """Mark public content as changed (call inside the transaction that changed it)."""
    state()
    PublishState.objects.filter(pk=1).update(version=F("version") + 1, changed_at=timezone.now())


def version() -> tuple[int, datetime]:
    row = state()
    return row.version, row.changed_at or timezone.now()


def cache_key(prefix: str) -> str:
    """A cache key that changes with every publish (the time as well, so a restored database never reuses one)."""
    number, changed_at = version()
    return f"{prefix}:{number}:{changed_at.timestamp()}"


def save_feed_state(text: str) -> None:
    with transaction.atomic():
        PublishState.objects.filter(pk=1).update(feed_state=text)
