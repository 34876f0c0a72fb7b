"""The event form (a weekly series with an exception) and the profile form completed with the keyboard alone.

Only key presses reach the page: Tab and Shift+Tab to move, typed text, Space and Enter; no clicks and no
`fill`. Every element that receives focus on the way must show it (an outline or a ring). A first submission
carries a mistake: the error summary must take the focus, link to the field, and the field must point to its
message (aria-invalid, aria-describedby); the corrected form is then sent.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest

from .conftest import ORG_A, PASSWORD

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
MAX_STOPS = 400

#: What has the focus, and whether it is visibly marked (outline of 2 px or more, or a box-shadow ring). A date or
#: time field that is the active element without matching :focus has its focus on the browser's own picker button
#: inside the field, which the browser marks with its own focus ring (neither styled nor readable by the page).
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const picker = ["date", "time"].includes(el.type) && !el.matches(":focus");
  const outline = picker || (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2);
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {name: el.getAttribute("name") || "", id: el.id, tag: el.tagName.toLowerCase(),
          href: el.getAttribute("href") || "",
          inForm: !!el.closest("main form.form"), visible: outline || !!ring,
          html: el.outerHTML.slice(0, 120)};
}"""


class Keyboard:
    """Moves through a page with Tab and Shift+Tab, noting every focus stop that shows no focus."""

    def __init__(self, page: Any, date_order: str, clock: str) -> None:
        self.page = page
        self.date_order = date_order
        self.clock = clock
        self.unmarked: list[str] = []

    def focused(self) -> dict[str, Any]:
        return dict(self.page.evaluate(FOCUSED))

    def tab_to(self, wanted: Callable[[dict[str, Any]], bool], backwards: bool = False) -> dict[str, Any]:
        for _ in range(MAX_STOPS):
            self.page.keyboard.press("Shift+Tab" if backwards else "Tab")
            state = self.focused()
            if state["tag"] != "body" and not state["visible"]:
                self.unmarked.append(f"{self.page.url}: {state['html']}")
            if wanted(state):
                return state
        raise AssertionError(f"not reached with {'Shift+' if backwards else ''}Tab on {self.page.url}")

    def field(self, name: str, backwards: bool = False) -> dict[str, Any]:
        return self.tab_to(lambda s: s["name"] == name, backwards)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)

    def date(self, day: date) -> None:
        """A native date field: its segments in the browser's order, each moving on to the next by itself."""
        parts = {"D": f"{day:%d}", "M": f"{day:%m}", "Y": f"{day:%Y}"}
        self.page.keyboard.type("".join(parts[p] for p in self.date_order))

    def time(self, hours: int, minutes: int) -> None:
        """A native time field: hours and minutes, on a 12-hour clock with its AM/PM segment."""
        if self.clock == "24":
            self.page.keyboard.type(f"{hours:02d}{minutes:02d}")
        else:
            self.page.keyboard.type(f"{(hours - 1) % 12 + 1:02d}{minutes:02d}{'P' if hours >= 12 else 'A'}")

    def submit(self, key: str = "Enter") -> None:
        state = self.tab_to(lambda s: s["inForm"] and s["tag"] == "button")
        invalid = self.page.evaluate("() => [...document.querySelectorAll('main form.form :invalid')].map(e => e.id)")
        assert state and not invalid, f"the browser refuses the form: {invalid}"
        with self.page.expect_navigation():
            self.page.keyboard.press(key)

    def value(self, name: str) -> str:
        return str(self.page.eval_on_selector(f"main form.form [name={name}]", "e => e.value"))


def _error_is_tied_to(keys: Keyboard, field_id: str, message_part: str) -> None:
    """Focus on the summary, its link leads to the field, the field names its message."""
    page = keys.page
    # the browser moves focus to an `autofocus` element when it next renders, which can come after the load event
    # that ends the navigation: read the focus after two frames, as a person would meet the page
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    state = keys.focused()
    assert state["id"] == "form-errors", f"the error summary has no focus: {state}"
    assert page.get_attribute(f"#{field_id}", "aria-invalid") == "true"
    described = (page.get_attribute(f"#{field_id}", "aria-describedby") or "").split()
    assert f"{field_id}_error" in described, described
    message = page.inner_text(f"#{field_id}_error").strip()
    assert message and message_part in message, message
    link = keys.tab_to(lambda s: s["tag"] == "a")
    assert link["href"] == f"#{field_id}", link
    page.keyboard.press("Enter")
    assert keys.focused()["id"] == field_id


def _probe(browser: Any, kind: str, keys: str) -> str:
    page = browser.new_page()
    page.set_content(f'<input type="{kind}" id="probe">')
    page.keyboard.press("Tab")
    page.keyboard.type(keys)
    value = str(page.eval_on_selector("#probe", "e => e.value"))
    page.close()
    return value


def native_field_formats(browser: Any) -> tuple[str, str]:
    """The order of day, month and year in date fields, and the clock of time fields (both follow the system)."""
    value = _probe(browser, "date", "01022003")
    orders = {"2003-02-01": "DMY", "2003-01-02": "MDY"}
    assert value in orders, f"date field segments in an unknown order: {value!r}"
    clock = "24" if _probe(browser, "time", "2005") == "20:05" else "12"
    assert clock == "24" or _probe(browser, "time", "0805P") == "20:05"
    return orders[value], clock


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


@pytest.mark.django_db(transaction=True)
def test_event_and_profile_forms_with_the_keyboard_only(live_server: Any, browser: Any,
                                                       accounts: dict[str, Any]) -> None:  # fmt: skip
    from django.utils import timezone

    from calendar_builder.portal.models import Change

    base = live_server.url
    first = _weekday_on_or_after(timezone.localdate() + timedelta(days=14), 3)  # a Thursday
    skipped = first + timedelta(days=14)
    until = first + timedelta(days=70)
    too_late = first + timedelta(days=3 * 366)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    context.add_cookies([{"name": "django_language", "value": "de", "url": base}])
    page = context.new_page()
    page.set_default_timeout(20000)
    keys = Keyboard(page, *native_field_formats(browser))

    # log in
    page.goto(f"{base}/anmelden/")
    keys.field("username")
    keys.type("mitglied-a")
    keys.field("password")
    keys.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == f"{base}/mein/"

    # the event form: a weekly series with one cancelled date, first sent with a series too long
    keys.tab_to(lambda s: s["href"].endswith(f"/mein/{ORG_A}/termine/neu/"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.field("title_de")
    keys.type("Sprachcafé Arabisch–Deutsch")
    keys.field("start")
    keys.date(first)
    keys.field("time")
    keys.time(18, 0)
    keys.field("end_time")
    keys.time(20, 0)
    keys.field("repeat")
    page.keyboard.press("ArrowDown")
    assert keys.value("repeat") == "weekly"
    keys.field("until")
    keys.date(too_late)
    keys.field("exdate_1")
    keys.date(skipped)
    keys.field("location")
    keys.type("WeltHaus, Willy-Brandt-Platz 5")
    keys.field("exdate_1", backwards=True)
    assert keys.value("exdate_1") == skipped.isoformat()
    assert keys.value("start") == first.isoformat() and keys.value("until") == too_late.isoformat()
    keys.submit("Enter")
    _error_is_tied_to(keys, "id_until", "")
    keys.date(until)
    assert keys.value("until") == until.isoformat()
    keys.submit(" ")
    assert page.url.split("#")[0] == f"{base}/mein/", page.inner_text("main")[:2000]
    change = Change.objects.get(organisation__slug=ORG_A, kind="event", status="pending")
    assert change.payload["title"] == [["de", "Sprachcafé Arabisch–Deutsch"]]
    assert change.payload["rrule"] == f"FREQ=WEEKLY;UNTIL={until:%Y%m%d};BYDAY=TH"
    assert change.payload["exdates"] == [skipped.isoformat()]
    assert (change.payload["time"], change.payload["end_time"]) == ("18:00", "20:00")

    # the profile form: one more language with a typing mistake, and a category ticked with Space
    keys.tab_to(lambda s: s["href"].endswith(f"/mein/{ORG_A}/profil/"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    keys.field("languages")
    page.keyboard.press("End")
    keys.type(", xx")
    category = keys.field("categories")
    assert category["id"] == "id_categories_0"
    ticked_before = page.eval_on_selector("#id_categories_0", "e => e.checked")
    page.keyboard.press("Space")
    keys.submit("Enter")
    _error_is_tied_to(keys, "id_languages", "xx")
    page.keyboard.press("End")
    for _ in range(len(", xx")):
        page.keyboard.press("Backspace")
    keys.type(", tr")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == f"{base}/mein/", page.inner_text("main")[:2000]
    profile = Change.objects.get(organisation__slug=ORG_A, kind="profile", status="pending")
    assert profile.payload["languages"] == ["ar", "ku", "de", "tr"]
    assert (_first_category() in profile.payload["categories"]) is not ticked_before

    assert not keys.unmarked, "focus not visible on:\n" + "\n".join(keys.unmarked)
    context.close()


def _first_category() -> str:
    from calendar_builder.portal.models import CATEGORIES

    return str(CATEGORIES[0][0])
