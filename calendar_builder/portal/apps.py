"""The portal as one Django app."""

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "calendar_builder.portal"
    label = "portal"
    verbose_name = "Interkultureller Kalender: Portal"
    default_auto_field = "django.db.models.BigAutoField"
