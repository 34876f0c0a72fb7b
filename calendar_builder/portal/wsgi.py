"""WSGI entry point for gunicorn: `gunicorn calendar_builder.portal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "calendar_builder.portal.settings")
application = get_wsgi_application()
