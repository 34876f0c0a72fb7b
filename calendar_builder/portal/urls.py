"""Addresses of the portal. German paths for residents; /feeds/ as printed on the calendar's QR code."""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path

from calendar_builder.portal.views import accounts, feeds, guest, member, public, staff

app_name = "portal"

portal_patterns = [
    path("", public.home, name="home"),
    path("organisationen/", public.directory, name="directory"),
    path("organisationen/<slug:slug>/", public.organisation, name="organisation"),
    path("organisationen/<slug:slug>/logo", public.logo, name="logo"),
    path("organisationen/<slug:slug>/einbetten/", public.embed, name="embed"),
    path("organisationen/<slug:slug>/termine/<slug:event_slug>/", public.event, name="event"),
    path("kalender/", public.month, name="month-now"),
    path("kalender/<int:year>/<int:month>/", public.month, name="month"),
    path("kalender/<int:year>/<int:month>/<int:day>/", public.day, name="day"),
    path("farben.css", public.colours, name="colours"),
    path("feste/", public.festivals, name="festivals"),
    path("feste/<slug:festival_id>/", public.festival, name="festival"),
    path("rechtliches/<slug:page>/", public.legal, name="legal"),
    path("feeds/", feeds.subscribe, name="subscribe"),
    path("feeds/index.html", feeds.subscribe),
    path("feeds/<slug:name>.ics", feeds.feed, name="feed"),
    path("mitmachen/", guest.join, name="guest-join"),
    path("termin-vorschlagen/", guest.propose, name="guest-propose"),
    path("danke/", guest.thanks, name="guest-thanks"),
    path("anmelden/", auth_views.LoginView.as_view(template_name="portal/login.html"), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path("passwort-vergessen/", accounts.password_reset, name="password-reset"),
    path("passwort-vergessen/gesendet/", accounts.password_reset_done, name="password-reset-done"),
    path("passwort-neu/<uidb64>/<token>/", accounts.password_reset_confirm, name="password-reset-confirm"),
    path("passwort-neu/fertig/", accounts.password_reset_complete, name="password-reset-complete"),
    path("einladung/<str:token>/", accounts.accept, name="accept"),
    path("mein/", member.dashboard, name="dashboard"),
    path("mein/<slug:slug>/profil/", member.edit_profile, name="edit-profile"),
    path("mein/<slug:slug>/bestaetigen/", member.confirm, name="confirm"),
    path("mein/<slug:slug>/termine/neu/", member.edit_event, name="new-event"),
    path("mein/<slug:slug>/termine/<int:event_id>/", member.edit_event, name="edit-event"),
    path("mein/<slug:slug>/import/", member.import_events, name="import"),
    path("mein/<slug:slug>/import/erneut/", member.recheck, name="recheck"),
    path("mein/<slug:slug>/aenderungen/<int:change_id>/zurueckziehen/", member.withdraw, name="withdraw"),
    path("team/", staff.queue, name="staff-queue"),
    path("team/aenderungen/<int:change_id>/", staff.review, name="staff-review"),
    path("team/gaeste/<int:request_id>/", staff.guest_request, name="staff-guest"),
    path("team/einladen/", staff.invite, name="staff-invite"),
    path("team/aktualitaet/", staff.freshness, name="staff-freshness"),
    path("team/archiv/<str:kind>/<int:pk>/", staff.archive, name="staff-archive"),
    path("team/organisationen/<slug:slug>/verlauf/", staff.history, name="staff-history"),
    path("team/organisationen/<slug:slug>/einwilligung/", staff.consent, name="staff-consent"),
    path("team/organisationen/<slug:slug>/vertrauen/", staff.trust, name="staff-trust"),
    path("team/versionen/<int:revision_id>/wiederherstellen/", staff.restore, name="staff-restore"),
    path("team/export.zip", staff.export, name="staff-export"),
]

urlpatterns = [
    path("", include((portal_patterns, "portal"))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.SERVE_STATIC:
    # The demo and small installations serve the few static files themselves; behind a web server set
    # PORTAL_SERVE_STATIC=0 and let it serve `collectstatic`'s folder (docs/portal.md).
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}))
