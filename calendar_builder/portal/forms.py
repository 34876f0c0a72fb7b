"""Forms for members, staff and guests. Forms turn input into records; the core validates the calendar part."""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from calendar_builder.portal import core
from calendar_builder.portal.languages import LANGUAGE_CHOICES, direction, language_codes
from calendar_builder.portal.models import CATEGORIES, DISTRICTS, Change, Event, Organisation
from calendar_builder.portal.records import Record
from calendar_builder.portal.textguard import TextGuard
from calendar_builder.portal.validation import event_problems, profile_problems

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
#: A series is entered with its last day and renewed after that; never more than this far ahead.
SERIES_MAX_DAYS = 2 * 366
TEXT_ROWS = 2
#: the languages a text row offers (the select's choices)
LANGUAGE_CODES = frozenset(code for code, _label in LANGUAGE_CHOICES)
EXDATE_ROWS = 6
MOVED_ROWS = 2


def _lang_field() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Language"), choices=[("", "—"), *LANGUAGE_CHOICES], required=False)


class MultilingualMixin:
    """Text in German plus further languages: a German field and rows of (language, text)."""

    fields: dict[str, forms.Field]
    cleaned_data: dict[str, Any]

    def add_texts(self, name: str, label: Any, required: bool, widget: type[forms.Widget], rows: int) -> None:
        attrs = {"dir": "auto"}
        self.fields[f"{name}_de"] = forms.CharField(
            label=label, required=required, widget=widget(attrs={**attrs, "lang": "de"}), max_length=5000
        )
        for number in range(1, rows + 1):
            self.fields[f"{name}_lang_{number}"] = _lang_field()
            self.fields[f"{name}_{number}"] = forms.CharField(
                label=_("Text in this language"), required=False, widget=widget(attrs=attrs), max_length=5000
            )

    def text_rows(self, name: str) -> list[tuple[str, str]]:
        return [(f"{name}_lang_{n}", f"{name}_{n}") for n in range(1, 1 + sum(1 for k in self.fields
                if k.startswith(f"{name}_lang_")))]  # fmt: skip

    def group(self, name: str, legend: Any) -> dict[str, Any]:
        """Bound fields of one multilingual text for the template: the German field and the other rows."""
        form: Any = self
        german = form[f"{name}_de"] if f"{name}_de" in self.fields else None
        for lang_name, text_name in self.text_rows(name):
            lang = str(form[lang_name].value() or "")
            if lang in LANGUAGE_CODES:  # a text already written in a known language is shown in its direction
                self.fields[text_name].widget.attrs |= {"lang": lang, "dir": direction(lang)}
        return {"legend": legend, "german": german, "rows": [(form[a], form[b]) for a, b in self.text_rows(name)]}

    def texts(self, name: str) -> list[list[str]]:
        pairs = []
        german = (self.cleaned_data.get(f"{name}_de") or "").strip()
        if german:
            pairs.append(["de", german])
        for lang_field, text_field in self.text_rows(name):
            lang = self.cleaned_data.get(lang_field) or ""
            text = (self.cleaned_data.get(text_field) or "").strip()
            if text and not lang:
                self.add_error(lang_field, _("Choose the language of this text."))  # type: ignore[attr-defined]
            elif text and lang != "de" and lang not in dict(pairs):
                pairs.append([lang, text])
        return pairs

    def texts_initial(self, name: str, pairs: list[list[str]]) -> dict[str, str]:
        initial = {}
        others = [(lang, text) for lang, text in pairs if lang != "de"]
        initial[f"{name}_de"] = dict(pairs).get("de", "")
        for number, (lang, text) in enumerate(others, start=1):
            initial[f"{name}_lang_{number}"] = lang
            initial[f"{name}_{number}"] = text
        return initial


def _codes(text: str) -> list[str]:
    return [c for c in re.split(r"[\s,;]+", text.strip().lower()) if c]


class EventForm(TextGuard, MultilingualMixin, forms.Form):
    """One event: a day, a span, or a series with exceptions and moved dates, in one or more languages."""

    REPEATS = (
        ("", _("once")),
        ("weekly", _("every week")),
        ("biweekly", _("every second week")),
        ("monthly", _("every month on the same weekday (e.g. 2nd Friday)")),
        ("monthly-last", _("every month on the last such weekday")),
        ("custom", _("other rule (RRULE)")),
    )

    def __init__(self, *args: Any, organisation: Organisation, event: Event | None = None,
                 record: Record | None = None, **kwargs: Any) -> None:  # fmt: skip
        self.organisation = organisation
        self.event = event
        record = record or {}
        exdates = len(record.get("exdates", []))
        moved = len(record.get("moved", []))
        super().__init__(*args, **kwargs)
        self.add_texts("title", _("Title (German)"), True, forms.TextInput, TEXT_ROWS)
        self.add_texts("description", _("Description (German)"), False, forms.Textarea, TEXT_ROWS)
        date_widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        time_widget = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
        self.fields["start"] = forms.DateField(label=_("Date (first day)"), widget=date_widget)
        self.fields["end"] = forms.DateField(label=_("Last day (for events over several days)"), required=False,
                                             widget=date_widget)  # fmt: skip
        self.fields["time"] = forms.TimeField(label=_("Begins at"), required=False, widget=time_widget)
        self.fields["end_time"] = forms.TimeField(label=_("Ends at"), required=False, widget=time_widget)
        self.fields["repeat"] = forms.ChoiceField(label=_("Repeats"), choices=self.REPEATS, required=False)
        self.fields["rrule"] = forms.CharField(
            label=_("Rule (RRULE)"),
            required=False,
            max_length=200,
            help_text=_("Only for “other rule”, e.g. FREQ=MONTHLY;BYDAY=1SA"),
        )
        self.fields["until"] = forms.DateField(
            label=_("Repeats until"),
            required=False,
            widget=date_widget,
            help_text=_("A series ends and is renewed; at most two years ahead."),
        )
        for number in range(1, max(EXDATE_ROWS, exdates + 2) + 1):
            self.fields[f"exdate_{number}"] = forms.DateField(label=_("Cancelled on"), required=False,
                                                              widget=date_widget)  # fmt: skip
        for number in range(1, max(MOVED_ROWS, moved + 1) + 1):
            self.fields[f"moved_from_{number}"] = forms.DateField(label=_("Moved: the date of the series"),
                                                                  required=False, widget=date_widget)  # fmt: skip
            self.fields[f"moved_date_{number}"] = forms.DateField(label=_("takes place on"), required=False,
                                                                  widget=date_widget)  # fmt: skip
            self.fields[f"moved_time_{number}"] = forms.TimeField(label=_("at"), required=False, widget=time_widget)
            self.fields[f"moved_end_time_{number}"] = forms.TimeField(label=_("until"), required=False,
                                                                      widget=time_widget)  # fmt: skip
        self.fields["location"] = forms.CharField(label=_("Place"), required=False, max_length=300)
        self.fields["url"] = forms.CharField(label=_("Web address"), required=False, max_length=300)
        self.fields["languages"] = forms.CharField(
            label=_("Held in (language codes)"), required=False, max_length=100, help_text=_("e.g. de, ar, tr")
        )
        self.fields["accessibility"] = forms.CharField(label=_("Accessibility"), required=False, max_length=1000,
                                                       widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
        self.fields["cancelled"] = forms.BooleanField(label=_("This event is cancelled"), required=False)
        if record and not self.is_bound:
            self.initial = self.initial_from(record)

    def title_group(self) -> dict[str, Any]:
        return self.group("title", _("Title"))

    def description_group(self) -> dict[str, Any]:
        return self.group("description", _("Description"))

    def exdate_fields(self) -> list[Any]:
        return [self[name] for name in self.exdate_names()]

    def moved_fields(self) -> list[list[Any]]:
        return [[self[name] for name in row] for row in self.moved_rows()]

    def exdate_names(self) -> list[str]:
        return [k for k in self.fields if k.startswith("exdate_")]

    def moved_rows(self) -> list[tuple[str, str, str, str]]:
        count = sum(1 for k in self.fields if k.startswith("moved_from_"))
        return [(f"moved_from_{n}", f"moved_date_{n}", f"moved_time_{n}", f"moved_end_time_{n}")
                for n in range(1, count + 1)]  # fmt: skip

    def initial_from(self, record: Record) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        initial |= self.texts_initial("title", record.get("title", []))
        initial |= self.texts_initial("description", record.get("description", []))
        start = date.fromisoformat(record["start"])
        initial["start"] = start
        if record.get("end") and record["end"] != record["start"]:
            initial["end"] = date.fromisoformat(record["end"])
        initial["time"] = record.get("time") or None
        initial["end_time"] = record.get("end_time") or None
        repeat, until = parse_repeat(record.get("rrule", ""), start)
        initial["repeat"] = repeat
        initial["until"] = until
        if repeat == "custom":
            initial["rrule"] = record["rrule"]
        for number, day in enumerate(record.get("exdates", []), start=1):
            initial[f"exdate_{number}"] = date.fromisoformat(day)
        for number, moved in enumerate(record.get("moved", []), start=1):
            initial[f"moved_from_{number}"] = date.fromisoformat(moved["from"])
            initial[f"moved_date_{number}"] = date.fromisoformat(moved.get("date") or moved["from"])
            initial[f"moved_time_{number}"] = moved.get("time")
            initial[f"moved_end_time_{number}"] = moved.get("end_time")
        for key in ("location", "url", "accessibility", "cancelled"):
            initial[key] = record.get(key)
        initial["languages"] = ", ".join(record.get("languages", []))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start: date | None = data.get("start")
        if start is None:
            return data
        rule = ""
        repeat = data.get("repeat") or ""
        until: date | None = data.get("until")
        if repeat:
            rule = make_rule(repeat, start, until, data.get("rrule") or "")
            if not rule:
                self.add_error("rrule", _("Enter a rule such as FREQ=MONTHLY;BYDAY=1SA."))
            elif "UNTIL=" not in rule and "COUNT=" not in rule:
                self.add_error("until", _("A series needs its last date; renew it when it ends."))
            elif until and until > start + timedelta(days=SERIES_MAX_DAYS):
                self.add_error("until", _("At most two years ahead; renew the series later."))
        languages = _codes(data.get("languages") or "")
        unknown = [c for c in languages if c not in language_codes()]
        if unknown:
            self.add_error("languages", _("Unknown language code: %(codes)s") % {"codes": ", ".join(unknown)})
        moved = []
        for from_field, date_field, time_field, end_field in self.moved_rows():
            original = data.get(from_field)
            if original is None:
                continue
            entry: dict[str, Any] = {"from": original.isoformat(),
                                     "date": (data.get(date_field) or original).isoformat()}  # fmt: skip
            if data.get(time_field):
                entry["time"] = f"{data[time_field]:%H:%M}"
            if data.get(end_field):
                entry["end_time"] = f"{data[end_field]:%H:%M}"
            moved.append(entry)
        self.record = {
            "slug": self.event.slug if self.event else self._new_slug(),
            "title": self.texts("title"),
            "description": self.texts("description"),
            "start": start.isoformat(),
            "end": (data.get("end") or start).isoformat(),
            "time": f"{data['time']:%H:%M}" if data.get("time") else None,
            "end_time": f"{data['end_time']:%H:%M}" if data.get("end_time") else None,
            "location": (data.get("location") or "").strip(),
            "url": (data.get("url") or "").strip(),
            "rrule": rule,
            "exdates": sorted({data[k].isoformat() for k in self.exdate_names() if data.get(k)}),
            "moved": sorted(moved, key=lambda m: m["from"]),
            "languages": languages,
            "accessibility": (data.get("accessibility") or "").strip(),
            "cancelled": bool(data.get("cancelled")),
        }
        if not self.errors:
            for field, message in event_problems(self.organisation.slug, self.record):
                self.add_error(_EVENT_FIELDS.get(field.split(".")[0], None) if field else None, message)
        return data

    def _new_slug(self) -> str:
        return unique_event_slug(self.organisation, self.cleaned_data.get("title_de") or "")


def unique_event_slug(organisation: Organisation, title: str) -> str:
    """A new event's ID (its feed UID): from the German title, unique among the organisation's events."""
    base = core.slugify(title or "termin", "termin")
    taken = set(Event.objects.filter(organisation=organisation).values_list("slug", flat=True))
    pending = Change.objects.filter(organisation=organisation, kind=Change.Kind.EVENT, event__isnull=True,
                                    status=Change.Status.PENDING)  # fmt: skip
    taken |= {c.payload.get("slug") for c in pending}
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


_EVENT_FIELDS = {"title": "title_de", "date": "start", "end": "end", "time": "time", "end_time": "end_time",
                 "rrule": "rrule", "exdates": "exdate_1", "moved": "moved_from_1", "location": "location",
                 "url": "url", "description": "description_de"}  # fmt: skip


@functools.lru_cache(maxsize=4096)
def make_rule(repeat: str, start: date, until: date | None, custom: str) -> str:
    """The RRULE for a choice of the form (weekday and position from the first date), in the core's form."""
    weekday = WEEKDAYS[start.weekday()]
    end = f";UNTIL={until:%Y%m%d}" if until else ""
    rules = {
        "weekly": f"FREQ=WEEKLY;BYDAY={weekday}{end}",
        "biweekly": f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}{end}",
        "monthly": f"FREQ=MONTHLY;BYDAY={(start.day - 1) // 7 + 1}{weekday}{end}",
        "monthly-last": f"FREQ=MONTHLY;BYDAY=-1{weekday}{end}",
    }
    text = rules.get(repeat) or custom.strip().upper().removeprefix("RRULE:")
    if text and until and "UNTIL=" not in text and "COUNT=" not in text:
        text += end
    try:
        return core.normalise_rrule(text) if text else ""
    except core.RRuleError:
        return text  # the core's check of the whole event reports it on the field


def parse_repeat(rule: str, start: date) -> tuple[str, date | None]:
    """The form's choice for a stored rule, or "custom" when the form cannot say it."""
    if not rule:
        return "", None
    until = None
    match = re.search(r"UNTIL=(\d{8})", rule)
    if match:
        until = date(int(match[1][:4]), int(match[1][4:6]), int(match[1][6:]))
    for repeat in ("weekly", "biweekly", "monthly", "monthly-last"):
        if make_rule(repeat, start, until, "") == rule:
            return repeat, until
    return "custom", until


class ProfileForm(TextGuard, MultilingualMixin, forms.Form):
    """An organisation's profile; the calendar fields are checked by the core, the rest here."""

    def __init__(self, *args: Any, organisation: Organisation, record: Record | None = None,
                 festival_choices: list[tuple[str, str]] | None = None, **kwargs: Any) -> None:  # fmt: skip
        self.organisation = organisation
        super().__init__(*args, **kwargs)
        f = self.fields
        f["name"] = forms.CharField(label=_("Name (German or Latin letters)"), max_length=200)
        f["short_name"] = forms.CharField(
            label=_("Short name for the printed calendar"),
            required=False,
            max_length=core.SHORT_NAME_MAX,
            help_text=_("At most 18 characters; needed when the name is longer."),
        )
        self.add_texts("own_names", _("Name in the organisation's own language (German version above)"), False,
                       forms.TextInput, 2)  # fmt: skip
        del f["own_names_de"]
        self.add_texts("description", _("Short description (German)"), True, forms.Textarea, 3)
        self.add_texts("work", _("Our work (German, Markdown)"), False, forms.Textarea, 2)
        f["languages"] = forms.CharField(label=_("Languages spoken (codes)"), required=False, max_length=200,
                                         help_text=_("e.g. ar, ku, de"))  # fmt: skip
        f["advice_languages"] = forms.CharField(label=_("Languages offered for advice (codes)"), required=False,
                                                max_length=200)  # fmt: skip
        f["categories"] = forms.MultipleChoiceField(label=_("Categories"), choices=CATEGORIES, required=False,
                                                    widget=forms.CheckboxSelectMultiple)  # fmt: skip
        f["district"] = forms.ChoiceField(label=_("District"), required=False,
                                          choices=[("", "—"), *[(d, d) for d in DISTRICTS]])  # fmt: skip
        f["address"] = forms.CharField(label=_("Address"), required=False, max_length=300)
        f["meeting_places"] = forms.CharField(label=_("Meeting places"), required=False, max_length=2000,
                                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
        f["regular_meetings"] = forms.CharField(label=_("Regular meetings"), required=False, max_length=2000,
                                                widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
        f["email"] = forms.CharField(label=_("E-mail (a function mailbox such as info@…)"), required=False,
                                     max_length=200)  # fmt: skip
        f["phone"] = forms.CharField(label=_("Phone"), required=False, max_length=60)
        f["website"] = forms.CharField(label=_("Website"), required=False, max_length=300)
        f["social_links"] = forms.CharField(label=_("Social media (one address per line)"), required=False,
                                            max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
        f["accessibility"] = forms.CharField(label=_("Accessibility of the rooms"), required=False, max_length=2000,
                                             widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
        f["contact_person"] = forms.CharField(
            label=_("Contact person"), required=False, max_length=200,
            help_text=_("Shown only when staff have recorded this person's consent."),
        )  # fmt: skip
        f["festivals"] = forms.MultipleChoiceField(label=_("Festivals the organisation celebrates"), required=False,
                                                   choices=festival_choices or [],
                                                   widget=forms.CheckboxSelectMultiple)  # fmt: skip
        f["logo"] = forms.FileField(label=_("Logo (PNG, JPEG or SVG, at most 2 MB)"), required=False)
        # Required once there is a logo (WCAG 1.1.1); the view also asks for it with a new upload.
        f["logo_alt"] = forms.CharField(
            label=_("What the logo shows (for blind readers)"), required=bool(organisation.logo), max_length=200,
            help_text=_("Needed with every logo, e.g. “Logo: a blue dove over the word Salam”."),
        )  # fmt: skip
        if record and not self.is_bound:
            self.initial = self.initial_from(record)

    def own_names_group(self) -> dict[str, Any]:
        return self.group("own_names", _("Name in the organisation's own languages and scripts"))

    def description_group(self) -> dict[str, Any]:
        return self.group("description", _("Short description"))

    def work_group(self) -> dict[str, Any]:
        return self.group("work", _("Our work (Markdown: *italic*, **bold**, lists with -)"))

    def initial_from(self, record: Record) -> dict[str, Any]:
        initial = {k: record.get(k, "") for k in ("name", "short_name", "address", "email", "phone", "website",
                   "district", "meeting_places", "regular_meetings", "accessibility", "contact_person",
                   "logo_alt")}  # fmt: skip
        initial |= self.texts_initial("description", record.get("description", []))
        initial |= self.texts_initial("work", record.get("work", []))
        initial |= {k: v for k, v in self.texts_initial("own_names", record.get("own_names", [])).items()
                    if k != "own_names_de"}  # fmt: skip
        initial["languages"] = ", ".join(record.get("languages", []))
        initial["advice_languages"] = ", ".join(record.get("advice_languages", []))
        initial["categories"] = record.get("categories", [])
        initial["festivals"] = record.get("festivals", [])
        initial["social_links"] = "\n".join(record.get("social_links", []))
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "name" not in data:
            return data
        for name in ("languages", "advice_languages"):
            unknown = [c for c in _codes(data.get(name) or "") if c not in language_codes()]
            if unknown:
                self.add_error(name, _("Unknown language code: %(codes)s") % {"codes": ", ".join(unknown)})
        links = [line.strip() for line in (data.get("social_links") or "").splitlines() if line.strip()]
        for link in links:
            if not re.match(r"^https://[^\s/]+\.[^\s]+$", link):
                self.add_error("social_links", _("Not a web address starting with https://: %(link)s") % {"link": link})
        own = [p for p in self.texts("own_names")]
        self.record = {
            "name": data["name"].strip(),
            "short_name": (data.get("short_name") or "").strip(),
            "description": self.texts("description"),
            "languages": _codes(data.get("languages") or ""),
            "address": (data.get("address") or "").strip(),
            "email": (data.get("email") or "").strip(),
            "phone": (data.get("phone") or "").strip(),
            "website": (data.get("website") or "").strip(),
            "logo_alt": (data.get("logo_alt") or "").strip(),
            "own_names": own,
            "work": self.texts("work"),
            "advice_languages": _codes(data.get("advice_languages") or ""),
            "categories": list(data.get("categories") or []),
            "district": data.get("district") or "",
            "meeting_places": (data.get("meeting_places") or "").strip(),
            "regular_meetings": (data.get("regular_meetings") or "").strip(),
            "social_links": links,
            "accessibility": (data.get("accessibility") or "").strip(),
            "contact_person": (data.get("contact_person") or "").strip(),
            "festivals": list(data.get("festivals") or []),
        }
        if not self.errors:
            from calendar_builder.portal.exchange import organisation_yaml

            probe = Organisation(slug=self.organisation.slug, **{k: v for k, v in self.record.items()})
            for field, message in profile_problems(self.organisation.slug, organisation_yaml(probe, [])):
                target = _PROFILE_FIELDS.get(field.split(".")[-1] if field.startswith("contact.") else
                                             field.split(".")[0])  # fmt: skip
                self.add_error(target if target in self.fields else None, message)
        return data


_PROFILE_FIELDS = {"name": "name", "short_name": "short_name", "description": "description_de",
                   "languages": "languages", "email": "email", "phone": "phone", "website": "website",
                   "address": "address"}  # fmt: skip


class ReviewForm(TextGuard, forms.Form):
    comment = forms.CharField(label=_("Comment for the organisation"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class InviteForm(TextGuard, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Existing organisation"), required=False,
                                          queryset=Organisation.objects.exclude(state="archived"))  # fmt: skip
    new_name = forms.CharField(label=_("or a new organisation: its name"), required=False, max_length=200)
    email = forms.EmailField(label=_("E-mail of the person invited"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("organisation") and not (data.get("new_name") or "").strip():
            raise forms.ValidationError(_("Choose an organisation or give the name of a new one."))
        return data


class AcceptInvitationForm(TextGuard, forms.Form):
    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput, min_length=10)

    def clean_username(self) -> str:
        from django.contrib.auth import get_user_model

        name = self.cleaned_data["username"].strip()
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("This user name is taken."))
        return name

    def clean_password(self) -> str:
        from django.contrib.auth.password_validation import validate_password

        password = self.cleaned_data["password"]
        validate_password(password)
        return password


class GuestJoinForm(TextGuard, forms.Form):
    organisation_name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    contact_name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail address (deleted once we have answered)"))
    message = forms.CharField(label=_("What does the organisation do?"), required=False, max_length=3000,
                              widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}))  # fmt: skip
    # The honeypot (portal/guard.py): off screen and hidden from screen readers; a person who finds it is told
    # to leave it empty. The view drops a post that fills it before the form is checked.
    website = forms.CharField(
        required=False,
        label=_("Please leave this field empty (it catches automated spam)"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )


class GuestEventForm(GuestJoinForm):
    title = forms.CharField(label=_("Title of the event"), max_length=200,
                            widget=forms.TextInput(attrs={"dir": "auto"}))  # fmt: skip
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Begins at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("Ends at"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    location = forms.CharField(label=_("Place"), max_length=300, required=False)


class ConsentForm(TextGuard, forms.Form):
    person = forms.CharField(label=_("Consent given by"), max_length=200)
    given_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    fields = forms.MultipleChoiceField(
        label=_("Fields that may be published"), widget=forms.CheckboxSelectMultiple,
        choices=[("contact_person", _("contact person")), ("phone", _("phone")), ("email", _("e-mail")),
                 ("address", _("address")), ("logo", _("logo"))],
    )  # fmt: skip


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Calendar file (.ics) or spreadsheet (.csv)"), required=False)
    url = forms.URLField(label=_("or the address of your calendar (.ics)"), required=False, assume_scheme="https")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError(_("Choose a file or give an address."))
        return data
