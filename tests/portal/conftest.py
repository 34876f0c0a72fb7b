"""Portal fixtures: the shipped data loaded, a staff account and members of two organisations."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.chromium import chromium

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
ORG_A = "beispielverein-syrien"
ORG_B = "beispielverein-habesha"
PASSWORD = "kalender-test-2027"


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium, one per test."""
    with chromium() as launched:
        yield launched


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Each test starts with empty caches (the database is rolled back, the caches would not be)."""
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data folder to export into and build from."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture
def loaded(db: Any) -> None:
    from calendar_builder.portal.exchange import import_data

    import_data(DATA)


def _user(name: str, staff: bool = False) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=staff)


@pytest.fixture
def accounts(loaded: None) -> dict[str, Any]:
    from calendar_builder.portal.models import Membership, Organisation

    staff = _user("team", staff=True)
    member_a, member_b = _user("mitglied-a"), _user("mitglied-b")
    org_a, org_b = Organisation.objects.get(slug=ORG_A), Organisation.objects.get(slug=ORG_B)
    Membership.objects.create(user=member_a, organisation=org_a)
    Membership.objects.create(user=member_b, organisation=org_b)
    return {"staff": staff, "a": member_a, "b": member_b, "org_a": org_a, "org_b": org_b}
