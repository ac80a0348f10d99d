"""One settings module, read from the environment (12-factor).

Local defaults are safe for a laptop: SQLite, console mail, DEBUG on. In production
(OPENCALL_ENV=production) a missing secret stops the start-up instead of running unsafe.
"""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
ENV = os.environ.get("OPENCALL_ENV", "development")
PRODUCTION = ENV == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEVELOPMENT_SECRET_KEY = "insecure-local-development-key-never-used-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when OPENCALL_ENV=production.")
    SECRET_KEY = DEVELOPMENT_SECRET_KEY

DEBUG = env_bool("DEBUG", not PRODUCTION)
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
# Absolute base of the links that go out in mail (private links, resume links).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# This installation's own files that are not code (git-ignored): the supervisor's socket,
# the demo staff's passwords.
INSTANCE_DIR = Path(os.environ.get("OPENCALL_INSTANCE_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "modeltranslation",  # must come before django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for the project's form renderer below
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # recovery codes, kept as keyed hashes (accounts.two_factor)
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",  # the API's interactive docs from local static files, not a CDN
    "opencall.core",
    "opencall.reference",
    "opencall.calls",
    "opencall.applications",
    "opencall.screening",
    "opencall.reviews",
    "opencall.conversations",
    "opencall.selection",
    "opencall.collaborations",
    "opencall.mail",
    "opencall.webhooks",
    "opencall.accounts",
    "opencall.imports",
    "opencall.privacy",
    "opencall.cfp",
    "opencall.staff",
    "opencall.public",
    "opencall.api",
    "axes",  # counts failed sign-ins and locks the attacker out (django-axes)
    "csp",  # the Content-Security-Policy header (django-csp); its checks catch old settings
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "opencall.core.csp.CSPMiddleware",  # django-csp's, each policy built once
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "opencall.public.health.HealthMiddleware",  # /healthz, before the session or the host check
    "opencall.core.outage.OutageMiddleware",  # 503 while the database is away
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Kept public pages for visitors with no session: answered here (core/keptpages.py).
    "opencall.core.keptpages.KeptPageMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencall.urls"
WSGI_APPLICATION = "opencall.wsgi.application"

# Forms render through the project's templates, so opencall/templates/django/forms/
# gives every field the same layout: bold question, required mark, hint, error.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "opencall" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server and the worker share one SQLite file: wait for the lock
    # instead of failing, and take the write lock at the start of a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The cache holds the throttles (sign-in, mail, API) and short-lived counters. The local
# memory cache counts per process; with several web processes set REDIS_URL so that a
# limit holds across all of them (docs/deploy.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "opencall"),
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "mail"],
    }
}

# Workers (`manage.py run_worker`) record a heartbeat every few seconds; a worker not
# seen for WORKER_STALE_SECONDS is dead: /healthz says so and its running tasks are
# settled. On a database error a worker waits, doubling up to the cap, and goes on.
# While the database is away pages answer 503 with Retry-After (docs/operations.md).
WORKER_HEARTBEAT_SECONDS = float(os.environ.get("WORKER_HEARTBEAT_SECONDS", "5"))
WORKER_STALE_SECONDS = float(os.environ.get("WORKER_STALE_SECONDS", "30"))
WORKER_RECOVERY_SECONDS = float(os.environ.get("WORKER_RECOVERY_SECONDS", "30"))
WORKER_BACKOFF_BASE_SECONDS = 0.5
WORKER_BACKOFF_MAX_SECONDS = float(os.environ.get("WORKER_BACKOFF_MAX_SECONDS", "10"))
OUTAGE_RETRY_AFTER_SECONDS = int(os.environ.get("OUTAGE_RETRY_AFTER_SECONDS", "30"))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # a load balancer polls it over plain HTTP
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # A database host that does not answer at all gives a 503 after this long, not a hang.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
# After 5 failed sign-ins for one username from one address, that pair waits 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And after 20 failed sign-ins from one address, whatever the usernames, that address
# waits as long (opencall.accounts.lockout): spraying many names is stopped too.
SIGN_IN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_ADDRESS_FAILURE_LIMIT", "20"))
AXES_HANDLER = "opencall.accounts.lockout.AddressLimitHandler"
# The address as every limit reads it: behind NUM_PROXIES proxies, from X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "opencall.core.clients.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "opencall" / "locale"]
FORMAT_MODULE_PATH = ["opencall.core.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "opencall" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Applicants' uploads (file questions): outside the static and media roots, with no
    # URL (no MEDIA_URL route serves them); the staff view `staff:answer_file` does.
    "uploads": {
        "BACKEND": "opencall.core.storage.PrivateFileSystemStorage",
        "OPTIONS": {
            "location": os.environ.get("OPENCALL_UPLOADS_DIR", str(BASE_DIR / "var" / "uploads")),
            "base_url": None,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Mail: the console by default; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "opencall <noreply@localhost>")
# Where applicants' email replies arrive (reply+...@this domain, piped by the mail
# server into `manage.py receive_mail`); empty: applicants answer on their page only.
INBOUND_REPLY_DOMAIN = os.environ.get("INBOUND_REPLY_DOMAIN", "")
if PRODUCTION and not EMAIL_HOST:
    raise ImproperlyConfigured("EMAIL_HOST must be set when OPENCALL_ENV=production.")

# Webhooks (docs/webhooks.md): deliver to private, loopback or link-local addresses only
# when allowed (a closed network; the tests), and over plain http:// only outside
# production unless allowed.
OPENCALL_WEBHOOKS_ALLOW_PRIVATE = env_bool("OPENCALL_WEBHOOKS_ALLOW_PRIVATE", False)
OPENCALL_WEBHOOKS_ALLOW_HTTP = env_bool("OPENCALL_WEBHOOKS_ALLOW_HTTP", not PRODUCTION)

# The public API: checks of application documents per client address and minute
# (django-ninja's rate format: "60/m", "1000/d").
API_CHECK_RATE = os.environ.get("API_CHECK_RATE", "60/m")
# The staff API's writes per read-and-write token (docs/api.md).
API_WRITE_RATE = os.environ.get("API_WRITE_RATE", "60/m")

# ---- Security headers, proxies and production guards (docs/deploy.md) ----

# NUM_PROXIES: how many reverse proxies stand before the server. With 0 the client's
# address is the connection's own and X-Forwarded-* headers are ignored, so a client
# cannot forge its address (the API's throttle) or claim HTTPS; with 1 or more the
# proxy's X-Forwarded-For and X-Forwarded-Proto are believed. The proxy must set both
# and drop what the client sent.
NUM_PROXIES = int(os.environ.get("NUM_PROXIES", "0"))
NINJA_NUM_PROXIES = NUM_PROXIES
if NUM_PROXIES > 0:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Step 1 of the form and the lost-link page mail the address they are given: limits per
# client address (read as the API reads it, NUM_PROXIES) and per recipient, counted in the
# cache, per clock hour. A load test raises them. The draft's mail goes to one address once
# per call in DRAFT_MAIL_WINDOW_MINUTES; later drafts for it in that time get no mail.
DRAFTS_PER_CLIENT_PER_HOUR = int(os.environ.get("DRAFTS_PER_CLIENT_PER_HOUR", "20"))
DRAFTS_PER_ADDRESS_PER_HOUR = int(os.environ.get("DRAFTS_PER_ADDRESS_PER_HOUR", "10"))
MAILS_PER_ADDRESS_PER_HOUR = int(os.environ.get("MAILS_PER_ADDRESS_PER_HOUR", "5"))
LINK_REQUESTS_PER_CLIENT_PER_HOUR = int(os.environ.get("LINK_REQUESTS_PER_CLIENT_PER_HOUR", "10"))
DRAFT_MAIL_WINDOW_MINUTES = int(os.environ.get("DRAFT_MAIL_WINDOW_MINUTES", "60"))

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    # Preload asks browsers to hard-code HTTPS for the whole registrable domain, a
    # commitment only the domain's owner can make: off unless asked. Django's reminder
    # (security.W021) is silenced because leaving it off is this explicit choice.
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]


def content_security_policy(*, img_src_extra: list[str]) -> dict:
    """Everything from this site only: no inline script or style, no CDN, no frames."""
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            # data: for the small SVG icons inside the API docs' style sheet.
            "img-src": [SELF, "data:", *img_src_extra],
            "font-src": [SELF],
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [NONE],
            "form-action": [SELF],
            "frame-ancestors": [NONE],
        }
    }


# The public map of supported events: its tiles (a URL template with {z}, {x}, {y} and
# perhaps {s}) and their attribution (HTML, shown on the map). The page that shows the
# map allows images from the tiles' host in its own CSP (public/summit.py).
OPENCALL_MAP_TILES = os.environ.get(
    "OPENCALL_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
OPENCALL_MAP_ATTRIBUTION = os.environ.get(
    "OPENCALL_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# CSP_IMG_SRC: more places images may come from, comma-separated; a map's tiles, e.g.
# "https://tile.openstreetmap.org".
CONTENT_SECURITY_POLICY = content_security_policy(
    img_src_extra=[s for s in os.environ.get("CSP_IMG_SRC", "").split(",") if s]
)
# Powerful browser features no page here uses: denied to the site and anything it embeds.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

# Keys anyone can read in this repository or in its guides: never a production key.
KNOWN_SECRET_KEYS = {
    DEVELOPMENT_SECRET_KEY,
    "replace-with-the-output-of-python-c-import-secrets-print-secrets-token-urlsafe-50",
    "changeme",
    "change-me",
    "secret",
}


def secret_key_problem(key: str) -> str | None:
    """Why a key is too weak for production (Django's security.W009), or None."""
    if key in KNOWN_SECRET_KEYS or key.startswith("django-insecure-"):
        return "a well-known example value"
    if len(key) < 50:
        return "shorter than 50 characters: use at least 50 characters"
    if len(set(key)) < 5:
        return "too uniform: use at least 5 different characters"
    return None


if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured(
            "DEBUG must be off when OPENCALL_ENV=production: unset DEBUG or set DEBUG=false."
        )
    if problem := secret_key_problem(SECRET_KEY):
        raise ImproperlyConfigured(
            f"SECRET_KEY is {problem}. Make a strong one with "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Serve static files from the apps' folders while developing; `collectstatic` for production.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
