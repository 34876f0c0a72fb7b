"""Django settings, read once from the environment (see docs/portal.md for every variable)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from calendar_builder.portal.interface import discover

PACKAGE_DIR = Path(__file__).resolve().parent
#: Where the SQLite database and the collected static files live unless the environment says otherwise.
HOME = Path(os.environ.get("PORTAL_HOME", "portal-data")).resolve()
#: The data folder of the calendar: festivals (holidays.yaml) and edition.yaml are read from here.
DATA_DIR = Path(os.environ.get("PORTAL_DATA_DIR", "data")).resolve()

DEBUG = os.environ.get("PORTAL_DEBUG", "") == "1"
#: Production must set its own (docs/portal.md); the fallback only serves the demo and the tests.
SECRET_KEY = os.environ.get("PORTAL_SECRET_KEY", "insecure-development-key-set-PORTAL_SECRET_KEY")
ALLOWED_HOSTS = [h for h in os.environ.get("PORTAL_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("PORTAL_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "calendar_builder.portal.apps.PortalConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "calendar_builder.portal.middleware.security_headers",
]

ROOT_URLCONF = "calendar_builder.portal.urls"
WSGI_APPLICATION = "calendar_builder.portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "calendar_builder.portal.context.site",
                "calendar_builder.portal.interface.switcher",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{HOME / 'portal.sqlite3'}", conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

LANGUAGE_CODE = "de"
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
#: Interface languages: one per catalogue in locale/ (docs/portal.md, "Translations"); direction from CLDR.
_INTERFACE = discover(PACKAGE_DIR / "locale")
LANGUAGES = [(language.code, language.name) for language in _INTERFACE]
LANGUAGES_BIDI = [language.code for language in _INTERFACE if language.rtl]
#: The language cookie (set only when a visitor picks a language) is the one cookie besides session and CSRF.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "calendar_builder.portal.webfonts.FontFinder",  # Noto Sans Arabic from fonts/, see webfonts.py
]
SERVE_STATIC = os.environ.get("PORTAL_SERVE_STATIC", "1") == "1"

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}}

EMAIL_BACKEND = os.environ.get("PORTAL_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("PORTAL_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PORTAL_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PORTAL_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PORTAL_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("PORTAL_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = os.environ.get("PORTAL_FROM_EMAIL", "kalender@eine-welt-zentrum.de")
#: Staff who are told about new requests in the queue.
STAFF_NOTIFY = [a for a in os.environ.get("PORTAL_STAFF_NOTIFY", "").split(",") if a]

# --- privacy and security headers (docs/portal.md, "Privacy" and "Operations") ---------------------------------
# Only three cookies exist: the session (after logging in), the CSRF token (on pages with a form) and the
# chosen language; none is read by script, all are first-party with SameSite=Lax, Secure under HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 14 * 24 * 3600
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
#: Messages ("Saved.") travel in the session, not in a cookie of their own.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not DEBUG:
    # Django sends HSTS only on requests that arrived over HTTPS, so plain-HTTP demos are unaffected.
    SECURE_HSTS_SECONDS = int(os.environ.get("PORTAL_HSTS_SECONDS", str(365 * 24 * 3600)))
if os.environ.get("PORTAL_HTTPS", "") == "1":
    SESSION_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# --- end of privacy and security headers -------------------------------------------------------------------------

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

#: The portal's own address; feeds and the subscribe page are served under /feeds/ of it.
SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://localhost:8000").rstrip("/")
#: Legal pages: texts (Markdown) from files named by the environment, with a neutral placeholder otherwise.
LEGAL_FILES = {
    "impressum": os.environ.get("PORTAL_IMPRESSUM_FILE", ""),
    "datenschutz": os.environ.get("PORTAL_DATENSCHUTZ_FILE", ""),
    "barrierefreiheit": os.environ.get("PORTAL_BARRIEREFREIHEIT_FILE", ""),
}
SITE_OPERATOR = os.environ.get(
    "PORTAL_OPERATOR", "Eine-Welt-Zentrum Heidelberg e. V., WeltHaus, Willy-Brandt-Platz 5, 69115 Heidelberg"
)
SITE_CONTACT = os.environ.get("PORTAL_CONTACT", "info@eine-welt-zentrum.de")
#: The accessibility statement (§ 10 Abs. 3 L-BGG BW): where barriers are reported, and the day of the last check.
ACCESSIBILITY_CONTACT = os.environ.get("PORTAL_ACCESSIBILITY_CONTACT", SITE_CONTACT)
ACCESSIBILITY_REVIEWED = os.environ.get("PORTAL_ACCESSIBILITY_REVIEWED", "2026-11-28")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PORTAL_LOG_LEVEL", "WARNING")},
}

# ----- Safe against abuse: login throttling, second factor for staff, guest-form limits (docs/portal.md) -----
from datetime import timedelta  # noqa: E402

from calendar_builder.portal.guard import Limit  # noqa: E402

INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp"]
MIDDLEWARE.insert(MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                  "django_otp.middleware.OTPMiddleware")  # fmt: skip
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = ["calendar_builder.portal.signin.PortalAxesBackend",
                           "django.contrib.auth.backends.ModelBackend"]  # fmt: skip
#: Failed logins of one user name from one client address before that pair is paused, and for how long.
AXES_FAILURE_LIMIT = int(os.environ.get("PORTAL_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("PORTAL_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # never the whole site, never a user name everywhere
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "calendar_builder.portal.signin.lockout_response"
AXES_CLIENT_IP_CALLABLE = "calendar_builder.portal.guard.client_address"
AXES_VERBOSE = False
#: Reverse proxies in front of gunicorn whose X-Forwarded-For is believed (0: use the connection's address).
PORTAL_PROXY_COUNT = int(os.environ.get("PORTAL_PROXY_COUNT", "0"))
#: The issuer an authenticator app shows beside a staff account's codes.
OTP_TOTP_ISSUER = "Interkultureller Kalender Heidelberg"
#: Guest forms (join request, event proposal together): accepted posts per client address and for everyone.
PORTAL_GUEST_LIMIT_PER_ADDRESS = Limit(count=int(os.environ.get("PORTAL_GUEST_LIMIT_PER_ADDRESS", "5")), seconds=3600)
PORTAL_GUEST_LIMIT_OVERALL = Limit(count=int(os.environ.get("PORTAL_GUEST_LIMIT_OVERALL", "60")), seconds=3600)
#: The cache holding those counters. Per process by default; with several gunicorn workers set
#: PORTAL_LIMITS_CACHE_DIR so that all workers count together (docs/portal.md).
PORTAL_LIMITS_CACHE = "limits"
CACHES["limits"] = (
    {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
     "LOCATION": os.environ["PORTAL_LIMITS_CACHE_DIR"]}
    if os.environ.get("PORTAL_LIMITS_CACHE_DIR")
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal-limits"}
)  # fmt: skip
# ----- end of "safe against abuse" -----
