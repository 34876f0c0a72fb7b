"""`calendar-builder portal …`: demo, import, export, serve and Django's own management commands.

Django is imported only inside the commands, so `calendar-builder --help` and the print commands never
load it.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

DEMO_STAFF = "team"
DEMO_MEMBER = "verein"
DEMO_ORGANISATION = "beispielverein-syrien"


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calendar_builder.portal.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    from django.conf import settings
    from django.core.management import call_command

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=verbosity, interactive=False)


@click.group()
def portal() -> None:
    """The web portal: organisations edit their profile and events, staff approve, residents browse.

    Settings come from the environment (DATABASE_URL, PORTAL_HOME, PORTAL_SECRET_KEY, …; see docs/portal.md).
    Without DATABASE_URL the portal uses SQLite in ./portal-data/.

    \b
    Examples:
      calendar-builder portal demo                  # demo portal on http://localhost:8000
      calendar-builder portal import --data data    # load organisations.yaml and events/*.yaml
      calendar-builder portal export --data data    # write them back for `build`
    """


@portal.command()
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True, help="Data folder to load.")  # fmt: skip
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--no-server", is_flag=True, help="Prepare the database and accounts, do not start the server.")
def demo(data_dir: Path, port: int, no_server: bool) -> None:
    """Create the demo database (portal-data/portal.sqlite3), load the shipped data, make two accounts, serve.

    The staff account and the account of one sample organisation get new passwords, printed here.

    \b
    Example:
      calendar-builder portal demo
    """
    os.environ.setdefault("PORTAL_DATA_DIR", str(data_dir))
    setup_django()
    migrate()
    from django.contrib.auth import get_user_model

    from calendar_builder.portal.exchange import import_data
    from calendar_builder.portal.models import Membership, Organisation

    summary = import_data(data_dir)
    click.echo(f"loaded {summary.organisations} organisations and {summary.events} events from {data_dir}")
    import secrets

    users = get_user_model()
    passwords = {}
    for name, staff in ((DEMO_STAFF, True), (DEMO_MEMBER, False)):
        user = users.objects.filter(username=name).first() or users(username=name)
        user.is_staff = user.is_superuser = staff
        passwords[name] = secrets.token_urlsafe(9)
        user.set_password(passwords[name])
        user.save()
    organisation = Organisation.objects.get(slug=DEMO_ORGANISATION)
    Membership.objects.get_or_create(user=users.objects.get(username=DEMO_MEMBER), organisation=organisation)
    click.echo(f"staff account:        {DEMO_STAFF} / {passwords[DEMO_STAFF]}")
    click.echo(f"organisation account: {DEMO_MEMBER} / {passwords[DEMO_MEMBER]}  ({organisation.name})")
    if not no_server:
        _serve(port)


def _serve(port: int) -> None:
    from django.core.management import call_command

    click.echo(f"portal on http://localhost:{port}/ (Ctrl+C stops it)")
    call_command("runserver", f"127.0.0.1:{port}", use_reloader=False)


@portal.command("import")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False, exists=True),
              default=Path("data"), show_default=True)  # fmt: skip
def import_command(data_dir: Path) -> None:
    """Load organisations.yaml and events/*.yaml into the portal (matched by ID; the data is checked first).

    \b
    Example:
      calendar-builder portal import --data data
    """
    setup_django()
    migrate()
    from calendar_builder.errors import CalendarError
    from calendar_builder.portal.exchange import import_data

    try:
        summary = import_data(data_dir)
    except CalendarError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"loaded {summary.organisations} organisations and {summary.events} events from {data_dir}")
    for slug in summary.untouched:
        click.echo(f"note: organisation '{slug}' is in the portal but not in {data_dir}; left as it is")


@portal.command("export")
@click.option("--data", "data_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("data"),
              show_default=True)  # fmt: skip
def export_command(data_dir: Path) -> None:
    """Write the approved organisations and events as organisations.yaml and events/*.yaml for `build`.

    The same data always gives the same bytes; files that would not change are not touched.

    \b
    Example:
      calendar-builder portal export --data data && calendar-builder build
    """
    setup_django()
    migrate()
    from calendar_builder.portal.exchange import export_data

    written = export_data(data_dir)
    for path in written:
        click.echo(f"wrote {path}")
    if not written:
        click.echo(f"{data_dir}: already up to date")


@portal.command()
@click.option("--port", type=int, default=8000, show_default=True)
def serve(port: int) -> None:
    """Run the development server on localhost (production: gunicorn, see docs/portal.md).

    \b
    Example:
      calendar-builder portal serve --port 8000
    """
    setup_django()
    migrate()
    _serve(port)


def _subject(organisation: str | None, email: str | None) -> tuple[str | None, str | None]:
    if (organisation is None) == (email is None):
        raise click.UsageError("give either --organisation ID or --email ADDRESS")
    return organisation, email


@portal.command("export-personal")
@click.option("--organisation", metavar="ID", help="An organisation's ID (as in organisations.yaml).")
@click.option("--email", metavar="ADDRESS", help="A person's e-mail address.")
def export_personal(organisation: str | None, email: str | None) -> None:
    """Print everything the portal stores about one organisation or one person, as JSON (DSGVO Art. 15).

    \b
    Examples:
      calendar-builder portal export-personal --organisation beispielverein-syrien > auskunft.json
      calendar-builder portal export-personal --email vorstand@example.org > auskunft.json
    """
    _subject(organisation, email)
    setup_django()
    migrate()
    import json

    from calendar_builder.portal import personal_data

    try:
        data = (personal_data.export_organisation(organisation) if organisation is not None
                else personal_data.export_person(email or ""))  # fmt: skip
    except personal_data.PersonalDataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True))


@portal.command("delete-personal")
@click.option("--organisation", metavar="ID", help="An organisation's ID (as in organisations.yaml).")
@click.option("--email", metavar="ADDRESS", help="A person's e-mail address.")
@click.option("--yes", is_flag=True, help="Really delete; without it only the list of what would go is shown.")
def delete_personal(organisation: str | None, email: str | None, yes: bool) -> None:
    """Delete everything the portal stores about one organisation or one person (DSGVO Art. 17).

    Without --yes nothing changes: the command lists what it would delete (a dry run of the very same
    deletion). Export first (export-personal) if the request itself must be documented.

    \b
    Examples:
      calendar-builder portal delete-personal --email vorstand@example.org          # list only
      calendar-builder portal delete-personal --email vorstand@example.org --yes    # delete
    """
    _subject(organisation, email)
    setup_django()
    migrate()
    from calendar_builder.portal import personal_data

    try:
        done = (personal_data.delete_organisation(organisation, dry_run=not yes) if organisation is not None
                else personal_data.delete_person(email or "", dry_run=not yes))  # fmt: skip
    except personal_data.PersonalDataError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{'would delete' if done.dry_run else 'deleted'} for {done.subject}:")
    for line in done.lines or ["nothing stored"]:
        click.echo(f"  {line}")
    if done.dry_run:
        click.echo("nothing was changed; run again with --yes to delete")


@portal.command()
def purge() -> None:
    """Delete what is no longer needed: invitations not accepted in time, addresses of accepted ones.

    Run it daily, e.g. from cron, together with `portal manage clearsessions` (docs/portal.md).

    \b
    Example:
      calendar-builder portal purge
    """
    setup_django()
    migrate()
    from django.utils import timezone

    from calendar_builder.portal.personal_data import forget_expired

    done = forget_expired(timezone.now())
    for line in done.lines or ["nothing to delete"]:
        click.echo(line)


@portal.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Django's management commands (migrate, createsuperuser, changepassword, check --deploy, …).

    \b
    Example:
      calendar-builder portal manage createsuperuser
    """
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["calendar-builder portal manage", *args])
