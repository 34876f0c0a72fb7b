"""Forms, as rendered: native date and time inputs, logo descriptions required, errors tied to their fields."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from PIL import Image

from calendar_builder.portal import forms as portal_forms
from calendar_builder.portal.models import Organisation
from calendar_builder.portal.records import profile_record

from .conftest import ORG_A, PASSWORD

pytestmark = pytest.mark.django_db


def _all_forms(organisation: Organisation) -> list[forms.Form]:
    return [
        portal_forms.EventForm(organisation=organisation),
        portal_forms.ProfileForm(organisation=organisation),
        portal_forms.GuestEventForm(),
        portal_forms.ConsentForm(),
    ]


def test_every_date_and_time_field_is_a_native_input(accounts: dict[str, Any]) -> None:
    checked = 0
    for form in _all_forms(accounts["org_a"]):
        for name, field in form.fields.items():
            if isinstance(field, forms.DateField | forms.TimeField):
                expected = "date" if isinstance(field, forms.DateField) else "time"
                assert f'type="{expected}"' in str(form[name]), (type(form).__name__, name)
                checked += 1
    assert checked >= 10  # the event form alone has start, end, until, exceptions and moved dates


def _member(accounts: dict[str, Any]) -> Client:
    client = Client()
    assert client.login(username=accounts["a"].username, password=PASSWORD)
    return client


def _profile_post(org: Organisation, **changes: str) -> dict[str, Any]:
    form = portal_forms.ProfileForm(organisation=org, record=profile_record(org))
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form.initial.get(name)
        if value in (None, ""):
            continue
        data[name] = value if isinstance(value, list) else str(value)
    return data | changes


def test_a_logo_needs_its_description_and_the_error_points_to_the_field(accounts: dict[str, Any]) -> None:
    org = accounts["org_a"]
    assert org.logo, "the sample organisation comes with a logo"
    response = _member(accounts).post(reverse("portal:edit-profile", args=[ORG_A]), _profile_post(org, logo_alt=""))
    assert response.status_code == 200
    page = response.content.decode()
    field = re.search(r"<input[^>]*name=\"logo_alt\"[^>]*>", page)
    assert field is not None
    assert 'aria-invalid="true"' in field[0] and "required" in field[0]
    assert re.search(r'aria-describedby="[^"]*id_logo_alt_error', field[0]), field[0]
    assert re.search(r'<span class="error" id="id_logo_alt_error">\s*\S', page)
    assert 'href="#id_logo_alt"' in page  # the error summary links to the field


def test_a_new_logo_without_description_is_refused(accounts: dict[str, Any]) -> None:
    org = Organisation.objects.get(slug=accounts["org_b"].slug)
    org.logo = b""
    org.save()
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), "teal").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "logo.png"
    client = Client()
    assert client.login(username=accounts["b"].username, password=PASSWORD)
    data = _profile_post(org, logo_alt="") | {"logo": buffer}
    response = client.post(reverse("portal:edit-profile", args=[org.slug]), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_logo_alt_error"' in page, re.findall(r"<li>.*?</li>", page.split("form-errors")[-1])[:5]
