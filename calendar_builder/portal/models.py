"""What the portal stores: organisations and events (the calendar's data), members, moderation and history.

The published state lives in `Organisation` and `Event`; a member's edit of published content waits as a
`Change` until staff approve it (trusted organisations' event edits apply at once). Every applied change
leaves a `Revision` with the whole record, so staff can see and restore any earlier version.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

#: Districts of Heidelberg (Stadtteile), the directory's place filter.
DISTRICTS = (
    "Altstadt", "Bergheim", "Bahnstadt", "Boxberg", "Emmertsgrund", "Handschuhsheim", "Kirchheim",
    "Neuenheim", "Pfaffengrund", "Rohrbach", "Schlierbach", "Südstadt", "Weststadt", "Wieblingen", "Ziegelhausen",
)  # fmt: skip
CATEGORIES = (
    ("culture", _("Culture")),
    ("religion", _("Religion")),
    ("education", _("Education and language")),
    ("advice", _("Advice")),
    ("youth", _("Children and youth")),
    ("women", _("Women")),
    ("sport", _("Sport")),
    ("politics", _("Participation and politics")),
    ("network", _("Network")),
)


class Organisation(models.Model):
    """An organisation with the fields of organisations.yaml plus what only the portal shows."""

    class State(models.TextChoices):
        ACTIVE = "active", _("public")
        HIDDEN = "hidden", _("not yet public")
        ARCHIVED = "archived", _("archived")

    slug = models.SlugField(_("ID"), max_length=80, unique=True)
    position = models.PositiveIntegerField(default=0, help_text=_("Order in organisations.yaml"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.HIDDEN)
    trusted = models.BooleanField(_("trusted"), default=False, help_text=_("Event edits publish at once"))
    # --- the print schema (organisations.yaml) ---
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=18, blank=True)
    description = models.JSONField(_("short description"), default=list)
    languages = models.JSONField(_("languages spoken"), default=list)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.CharField(_("e-mail (function mailbox)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    website = models.CharField(_("website"), max_length=300, blank=True)
    logo_path = models.CharField(max_length=200, blank=True)
    logo = models.BinaryField(blank=True, default=b"")
    logo_type = models.CharField(max_length=40, blank=True)
    logo_alt = models.CharField(_("logo description (alt text)"), max_length=200, blank=True)
    featured_month = models.PositiveSmallIntegerField(null=True, blank=True)
    sample = models.BooleanField(default=False)
    partner = models.BooleanField(default=False)
    #: comment lines written above the entry in organisations.yaml (sources, reminders)
    data_comment = models.TextField(blank=True)
    # --- shown only on the portal ---
    own_names = models.JSONField(_("name in the organisation's languages"), default=list, blank=True)
    work = models.JSONField(_("our work"), default=list, blank=True)
    advice_languages = models.JSONField(_("languages offered for advice"), default=list, blank=True)
    categories = models.JSONField(_("categories"), default=list, blank=True)
    district = models.CharField(_("district"), max_length=40, blank=True)
    meeting_places = models.TextField(_("meeting places"), blank=True)
    regular_meetings = models.TextField(_("regular meetings"), blank=True)
    social_links = models.JSONField(_("social media"), default=list, blank=True)
    accessibility = models.TextField(_("accessibility of the rooms"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=200, blank=True)
    festivals = models.JSONField(_("festivals celebrated"), default=list, blank=True)
    #: the organisation's own calendar (.ics address), read again when a member asks
    calendar_url = models.CharField(max_length=500, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("position", "slug")
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def text(self, field: str, lang: str) -> tuple[str, str]:
        """(language, text) of a multilingual field in `lang`, else German, else the first one."""
        pairs = [tuple(p) for p in getattr(self, field) or []]
        chosen = dict(pairs)
        for code in (lang, "de"):
            if chosen.get(code):
                return code, chosen[code]
        return (pairs[0][0], pairs[0][1]) if pairs else ("de", "")


class EventsFile(models.Model):
    """An imported events file (data/events/<id>.yaml) kept so that export writes it back unchanged."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events_files")
    path = models.CharField(max_length=200, unique=True)
    source = models.CharField(max_length=300, blank=True)
    header = models.TextField(blank=True)


class Event(models.Model):
    """An event with the fields of the data files (never expanded) plus the portal's own."""

    class State(models.TextChoices):
        PUBLISHED = "published", _("public")
        ARCHIVED = "archived", _("archived")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    slug = models.SlugField(_("ID"), max_length=80)
    position = models.PositiveIntegerField(default=0)
    events_file = models.ForeignKey(EventsFile, null=True, blank=True, on_delete=models.SET_NULL)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PUBLISHED)
    title = models.JSONField(default=list)
    description = models.JSONField(default=list, blank=True)
    start = models.DateField()
    end = models.DateField()
    time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    url = models.CharField(max_length=300, blank=True)
    rrule = models.CharField(max_length=200, blank=True)
    exdates = models.JSONField(default=list, blank=True)
    moved = models.JSONField(default=list, blank=True)
    # --- portal only ---
    languages = models.JSONField(default=list, blank=True)
    accessibility = models.TextField(blank=True)
    cancelled = models.BooleanField(default=False)
    #: the last day any occurrence touches (None: the rule never ends), so listings query a range
    last_day = models.DateField(null=True, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("organisation__position", "position", "id")
        constraints = [models.UniqueConstraint(fields=("organisation", "slug"), name="event_slug_per_organisation")]
        indexes = [models.Index(fields=("start",))]

    def __str__(self) -> str:
        return f"{self.organisation.slug}/{self.slug}"


class Membership(models.Model):
    """A person who may edit one organisation's profile and events (several per organisation)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=("user", "organisation"), name="one_membership")]


class Invitation(models.Model):
    """A one-time link with which a person becomes a member; only the token's hash is stored."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)


class Change(models.Model):
    """An edit waiting for staff: a whole proposed profile or event, applied only on approval."""

    class Kind(models.TextChoices):
        PROFILE = "profile", _("profile")
        EVENT = "event", _("event")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        APPROVED = "approved", _("approved")
        RETURNED = "returned", _("returned")
        WITHDRAWN = "withdrawn", _("withdrawn")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    #: the event edited; None with kind=event proposes a new event
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.CASCADE, related_name="changes")
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    staff_comment = models.TextField(blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")


class Revision(models.Model):
    """One applied version of a profile or an event: who, when, why, and the whole record."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="revisions")
    kind = models.CharField(max_length=10, choices=Change.Kind.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions")
    snapshot = models.JSONField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")  # fmt: skip
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")


class GuestRequest(models.Model):
    """A request from someone without an account: to join, or one proposed event. Never public as such."""

    class Kind(models.TextChoices):
        JOIN = "join", _("join the portal")
        EVENT = "event", _("propose an event")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    kind = models.CharField(max_length=10, choices=Kind.choices)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    #: who asked and how to answer; both are erased when the request is decided
    contact_name = models.CharField(_("your name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    message = models.TextField(_("message"), blank=True)
    payload = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")  # fmt: skip
    decided_at = models.DateTimeField(null=True, blank=True)
    result_event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ("-created_at",)


class Consent(models.Model):
    """Who agreed that which fields may be published, and when (DSGVO Art. 9: origin and religion)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="consents")
    person = models.CharField(_("given by"), max_length=200)
    given_on = models.DateField(_("date"))
    fields = models.JSONField(_("fields"), default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-given_on", "-id")


class DataFile(models.Model):
    """Text of the data files that belongs to no record (the header of organisations.yaml)."""

    name = models.CharField(max_length=100, unique=True)
    header = models.TextField(blank=True)


class PublishState(models.Model):
    """One row: a counter raised whenever public content changes, plus the feeds' SEQUENCE state.

    Caches of pages and feeds key on the counter; Last-Modified is `changed_at`.
    """

    version = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(null=True)
    feed_state = models.TextField(blank=True)


class Occurrence(models.Model):
    """One dated occurrence of a published event, expanded by the core when the event is saved.

    Pages read these rows by date instead of expanding every rule on every request; open-ended series are
    expanded up to `occurrences.HORIZON_YEARS` ahead and extended by `portal refresh`.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="occurrences")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    last = models.DateField()
    time = models.TimeField(null=True, blank=True)
    end_time = models.TimeField(null=True, blank=True)
    location = models.CharField(max_length=300, blank=True)
    moved_from = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=("day",)), models.Index(fields=("organisation", "day"))]
