"""Django settings for Cohorte, read from the environment.

Embedded defaults (no environment at all): SQLite in WAL mode under ``var/``,
files on disk under ``var/media``, the database-backed task queue.
Production sets ``DEBUG=0``, ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``DATABASE_URL``
and, for object storage, ``STORAGE_BACKEND`` with its options.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("COHORTE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    """Read a boolean environment variable (1/0, true/false, yes/no, on/off)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-local-use"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")


def default_site_url() -> str:
    """The address ``make run`` serves on (HOST and PORT), for development only."""
    host = os.environ.get("HOST", "127.0.0.1")
    if host in {"", "0.0.0.0", "::", "[::]"}:  # every interface: this machine's own name
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{os.environ.get('PORT', '8000')}"


# The one address of the site, in every absolute link: e-mails, calendar files, feeds,
# sitemap, exports. In production it must be said: the server cannot guess it.
SITE_URL = os.environ.get("SITE_URL", "").strip().rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL must be set when DEBUG is off: the public address of the site, "
            "e.g. SITE_URL=https://cohorte.example.org (used in e-mails, calendar files, "
            "feeds, the sitemap and exports)."
        )
    SITE_URL = default_site_url()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks",
    "django_tasks_db",
    "dsfr",
    "widget_tweaks",
    "js_lib_htmx",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "cohorte.accounts",
    "cohorte.accounts.proconnect",
    "cohorte.audit",
    "cohorte.programmes",
    "cohorte.organisations",
    "cohorte.challenges",
    "cohorte.people",
    "cohorte.calls",
    "cohorte.content",
    "cohorte.editorial",
    "cohorte.sitepages",
    "cohorte.reviews",
    "cohorte.selection",
    "cohorte.projects",
    "cohorte.recruitment",
    "cohorte.followup",
    "cohorte.bulletins",
    "cohorte.events",
    "cohorte.outcomes",
    "cohorte.surveys",
    "cohorte.newsletter",
    "cohorte.campaigns",
    "cohorte.alumni",
    "cohorte.backups",
    "cohorte.impact",
    "cohorte.contributions",
    "rest_framework",
    "drf_spectacular",
    "cohorte.opendata",
    "cohorte.api",
    "cohorte.notifications",
    "cohorte.public",
]

MIDDLEWARE = [
    "cohorte.security_headers.SecurityHeadersMiddleware",
    "cohorte.api.middleware.PublicApiMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cohorte.accounts.idle.StaffIdleTimeoutMiddleware",
    "cohorte.accounts.mfa_required.StaffMfaRequiredMiddleware",
    "cohorte.programmes.setup_middleware.SetupRequiredMiddleware",
]
if DEBUG:
    MIDDLEWARE.insert(1, "cohorte.public.views.errors.SitePageNotFoundMiddleware")

ROOT_URLCONF = "cohorte.urls"
WSGI_APPLICATION = "cohorte.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cohorte" / "templates"],
        "OPTIONS": {
            # Django's default loaders, through a cached loader that builds a few hot include
            # templates in Python (cohorte/built_templates.py).
            "loaders": [
                (
                    "cohorte.built_templates.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cohorte.public.context_processors.site",
            ],
        },
    }
]

# Django's widget templates built in Python (cohorte/forms_renderer.py): the same bytes, a
# fraction of the template engine's CPU on the form pages.
FORM_RENDERER = "cohorte.forms_renderer.FastWidgetRenderer"

AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts: e-mail and password, the address verified before anything else.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# First and last name too: pages and e-mails name people, never by their address.
ACCOUNT_SIGNUP_FORM_CLASS = "cohorte.accounts.forms.SignupNamesForm"
ACCOUNT_FORMS = {"login": "cohorte.accounts.forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Cohorte] "
ACCOUNT_ADAPTER = "cohorte.accounts.adapter.AccountAdapter"
ACCOUNT_SESSION_REMEMBER = None
# Django's database sessions, read by a query compiled once (cohorte/accounts/sessions.py).
SESSION_ENGINE = "cohorte.accounts.sessions"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
# The team's, director's, pre-instructors' and staff sessions end after this much inactivity.
STAFF_SESSION_IDLE_MINUTES = int(os.environ.get("STAFF_SESSION_IDLE_MINUTES", "30")) or None
# Staff accounts set up a TOTP second factor before any work page. On by default in
# production; off by default with DEBUG, where the demo's accounts have none.
# A new instance opens on its first-run setup (/installation/) until its programme exists.
COHORTE_SETUP_REQUIRED = os.environ.get("COHORTE_SETUP_REQUIRED", "1") == "1"
STAFF_MFA_REQUIRED = os.environ.get("STAFF_MFA_REQUIRED", "0" if DEBUG else "1") == "1"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Cohorte"
SOCIALACCOUNT_ONLY = False
# ProConnect (the State's identity federation for civil servants), when configured: its
# own provider (cohorte/accounts/proconnect/) with PKCE, a nonce and the ID token's
# signature checked against ProConnect's keys.
SOCIALACCOUNT_PROVIDERS = {}
PROCONNECT_SERVER_URL = os.environ.get("PROCONNECT_SERVER_URL", "")
if os.environ.get("PROCONNECT_CLIENT_ID"):
    SOCIALACCOUNT_PROVIDERS["proconnect"] = {
        "APPS": [
            {
                "name": "ProConnect",
                "client_id": os.environ["PROCONNECT_CLIENT_ID"],
                "secret": os.environ.get("PROCONNECT_SECRET", ""),
                "settings": {"server_url": PROCONNECT_SERVER_URL, "email_authentication": True},
            }
        ]
    }
# An agent who signs in with ProConnect enters the Cohorte account of the same address,
# which ProConnect's identity providers have verified ("email_authentication" above: that
# provider only, never one added later), and ProConnect is linked to it for good. An
# account whose own address was never verified loses its password when so entered
# (allauth), so that whoever registered someone else's address cannot come back with it.
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
# New agents get their account straight away, named and addressed by ProConnect.
SOCIALACCOUNT_AUTO_SIGNUP = True
# The sign-in starts with a POST from the login page's button, never from a link.
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False

# Database: SQLite in WAL mode by default, anything dj-database-url reads otherwise.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "cohorte.sqlite3",
            "OPTIONS": {
                # WAL lets the web process read while the worker writes; IMMEDIATE
                # transactions take the write lock up front instead of failing mid-way.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared cache for every web process and worker, so that invalidation reaches all.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "cohorte_cache"),
        "TIMEOUT": int(os.environ.get("CACHE_TIMEOUT", "3600")),
        # The real site has several hundred public pages: keep them all.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("CACHE_MAX_ENTRIES", "5000"))},
    }
}
if "redis" in CACHES["default"]["BACKEND"].lower():
    # Redis evicts by its own policy; its client takes no MAX_ENTRIES.
    CACHES["default"]["OPTIONS"] = {}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Only the languages Cohorte has its own catalogue for: a browser asking for English must not
# get the account pages and Django's form errors in English among French pages. Adding a
# language here (with its catalogue in LOCALE_PATHS) turns on its FAQ entries and <html lang>.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "cohorte" / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# WhiteNoise reads STATIC_ROOT at start-up; an empty folder is fine before collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Behind nginx (deploy/nginx.conf): downloads are handed over with X-Accel-Redirect to this
# internal location once Cohorte has checked who asks. Empty: Cohorte sends the bytes itself.
MEDIA_ACCEL_REDIRECT = os.environ.get("MEDIA_ACCEL_REDIRECT", "")
# The open data package published at /donnees/, rewritten every night (cohorte/opendata);
# empty: MEDIA_ROOT/donnees-ouvertes.
OPENDATA_ROOT = os.environ.get("OPENDATA_ROOT", "")

# The public read-only API (/api/v1/): JSON only, anyone may read, per-client rate limit.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_THROTTLE_RATE", "120/minute")},
    # Clients are told apart by REMOTE_ADDR, never by a header they could write themselves;
    # behind N trusted proxies, set API_NUM_PROXIES=N to read X-Forwarded-For.
    "NUM_PROXIES": int(os.environ.get("API_NUM_PROXIES", "0")),
    "UNAUTHENTICATED_USER": None,
    "URL_FORMAT_OVERRIDE": None,
    "EXCEPTION_HANDLER": "cohorte.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    # The programme's name replaces it in every document (cohorte.api.schema.programme_info).
    "TITLE": "API publique du programme",
    "DESCRIPTION": (
        "Les données publiques du programme, en lecture seule, sous Licence Ouverte 2.0 : "
        "les mêmes que le paquet de données ouvertes publié sur /donnees/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "OAS_VERSION": "3.0.3",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cohorte.api.schema.programme_info",
    ],
    "LICENSE": {
        "name": "Licence Ouverte / Open Licence version 2.0",
        "url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    },
}
# Cached API responses may be kept this many seconds by browsers and proxies.
API_MAX_AGE = int(os.environ.get("API_MAX_AGE", "300"))

# Files on disk by default; any Django storage (e.g. S3 through django-storages) otherwise.
STORAGES = {
    "default": {
        "BACKEND": os.environ.get("STORAGE_BACKEND", "django.core.files.storage.FileSystemStorage"),
        "OPTIONS": {},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
if os.environ.get("STORAGE_BUCKET"):
    # S3-compatible object storage through django-storages (credentials from boto3's usual
    # AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY); uploads keep their random names.
    STORAGES["default"]["BACKEND"] = os.environ.get(
        "STORAGE_BACKEND", "storages.backends.s3.S3Storage"
    )
    STORAGES["default"]["OPTIONS"] = {
        "bucket_name": os.environ["STORAGE_BUCKET"],
        "endpoint_url": os.environ.get("STORAGE_ENDPOINT_URL"),
        "region_name": os.environ.get("STORAGE_REGION"),
        "file_overwrite": False,
    }

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Seconds an SMTP exchange may take: a hung server must not hold a worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Cohorte <ne-pas-repondre@cohorte.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Published in /.well-known/security.txt: where to report a vulnerability.
SECURITY_CONTACT = os.environ.get("SECURITY_CONTACT", "mailto:securite@cohorte.local")
SECURITY_POLICY_URL = os.environ.get("SECURITY_POLICY_URL", "")
# Delivered e-mails hold names and addresses: they are deleted after this many days.
OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "90"))
# A message taken by a worker and not marked sent after this many seconds is delivered again
# (its worker died); well above EMAIL_TIMEOUT, so that a slow delivery is never doubled.
OUTBOX_CLAIM_SECONDS = int(os.environ.get("OUTBOX_CLAIM_SECONDS", "300"))
# How long a worker that has sent an e-mail keeps trying to record it while the database is
# unreachable (a restart): giving up means sending it again later.
OUTBOX_RECORD_SECONDS = int(os.environ.get("OUTBOX_RECORD_SECONDS", "120"))
# Where candidates' answers to interview invitations go; empty: every team member.
COHORTE_TEAM_EMAIL = os.environ.get("COHORTE_TEAM_EMAIL", "")

# Production hardening, on whenever DEBUG is off.
if not DEBUG:
    # No SECURE_PROXY_SSL_HEADER: Django would believe any client's X-Forwarded-Proto.
    # gunicorn sets the scheme from it only for the front server's addresses
    # (forwarded_allow_ips in gunicorn.conf.py), and Django reads the scheme gunicorn set.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "cohorte.public.views.errors.csrf_failure"
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# The DSFR's integrity hashes are those of its files as published; collectstatic rewrites
# the stylesheets' url()s in production, so the browser would refuse them. The files come
# from this site itself: integrity checks would protect nothing a changed page could not.
DSFR_USE_INTEGRITY_CHECKSUMS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"refusals": {"()": "cohorte.log_filters.OneLineRefusals"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["refusals"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers would write every line a second time: the root's only.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Invitations to an organisation: the same address at most once every N minutes, and at
# most N invitations per sender in 24 hours.
ORGANISATION_INVITATION_INTERVAL_MINUTES = int(
    os.environ.get("ORGANISATION_INVITATION_INTERVAL_MINUTES", "10")
)
ORGANISATION_INVITATIONS_PER_DAY = int(os.environ.get("ORGANISATION_INVITATIONS_PER_DAY", "20"))
# Hosts whose images Markdown content may show (comma-separated, e.g. "upload.wikimedia.org");
# the site's own media and static files are always shown, any other image becomes a link.
MARKDOWN_IMAGE_HOSTS = [
    host.strip().lower()
    for host in os.environ.get("MARKDOWN_IMAGE_HOSTS", "").split(",")
    if host.strip()
]
# The programme's own mail domains besides its team's (comma-separated): a candidate and a
# reviewer both writing from one of them are not suspected of a conflict of interest.
PROGRAMME_EMAIL_DOMAINS = env_list("PROGRAMME_EMAIL_DOMAINS")

# The newsletter is sent in batches through the outbox: this many messages queued every so
# many seconds (the rate the mail server is fed at).
NEWSLETTER_BATCH_SIZE = int(os.environ.get("NEWSLETTER_BATCH_SIZE", "500"))
NEWSLETTER_BATCH_SECONDS = int(os.environ.get("NEWSLETTER_BATCH_SECONDS", "60"))
# A sending whose next batch is this late lost its worker: the periodic job queues it again.
NEWSLETTER_STALLED_SECONDS = int(os.environ.get("NEWSLETTER_STALLED_SECONDS", "300"))
