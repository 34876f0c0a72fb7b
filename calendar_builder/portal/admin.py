"""Django's admin for staff who prefer it; organisation members never get staff status, so never see it."""

from django.contrib import admin

from calendar_builder.portal.models import (
    Change,
    Consent,
    Event,
    GuestRequest,
    Invitation,
    Membership,
    Organisation,
    Revision,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "state", "trusted", "confirmed_at")
    list_filter = ("state", "trusted", "sample", "partner")
    search_fields = ("name", "slug")
    exclude = ("logo",)


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("slug", "organisation", "start", "rrule", "state", "cancelled")
    list_filter = ("state", "cancelled")
    search_fields = ("slug", "organisation__name")


admin.site.register(Membership)
admin.site.register(Change)
admin.site.register(Revision)
admin.site.register(GuestRequest)
admin.site.register(Consent)
admin.site.register(Invitation)
