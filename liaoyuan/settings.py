"""Liaoyuan settings: every value comes from the environment, with a default that works on a fresh clone.

Production differs only by environment values (see ``.env.example`` and ``docs/deploy.md``).
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of the embedded mode: SQLite files, broker, uploads
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEVELOPMENT_SECRET_KEY = "django-insecure-liaoyuan-development-only"  # noqa: S105 - refused when DEBUG=0


def _setting(name, cast, default):
    """Read one variable; a value that cannot be parsed stops start-up with one line naming it."""
    try:
        return cast(name, default=default)
    except (ValueError, ImproperlyConfigured, environ.compat.ImproperlyConfigured) as exc:
        raise ImproperlyConfigured(f"{name}: invalid value ({exc})") from None


DEBUG = _setting("DEBUG", env.bool, True)
SECRET_KEY = _setting("SECRET_KEY", env.str, DEVELOPMENT_SECRET_KEY if DEBUG else "")
if not DEBUG and (not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("SECRET_KEY: set a random value of at least 50 characters when DEBUG=0")
ALLOWED_HOSTS = _setting("ALLOWED_HOSTS", env.list, ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = _setting("CSRF_TRUSTED_ORIGINS", env.list, [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # third party
    "rest_framework",
    "knox",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django_htmx",
    "treebeard",
    "django_celery_beat",
    # Liaoyuan, in dependency order (docs/architecture.md)
    "liaoyuan.core",
    "grids",
    "units",
    "people",
    "organisations",
    "accounts",
    "notifications",
    "exports",
    "alliances",
    "ledgers",
    "volunteers",
    "wishes",
    "compounds",
    "sharing",
    "reviews",
    "dashboards",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "liaoyuan.core.db_router.PrimaryAfterWriteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "liaoyuan.core.middleware.ChosenLanguageMiddleware",
    # before anything reads the session, the user or a form: 413 for huge bodies, 400 for NUL characters
    "liaoyuan.core.middleware.RequestGuardMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AccountPolicyMiddleware",
    "liaoyuan.core.middleware.NoStoreForSignedInMiddleware",
    "liaoyuan.core.middleware.SecurityEventsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "liaoyuan.urls"
WSGI_APPLICATION = "liaoyuan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "notifications.context_processors.unread",
            ],
        },
    },
]

# Database: SQLite file under var/ unless DATABASE_URL names another.
DATABASES = {"default": _setting("DATABASE_URL", env.db_url, f"sqlite:///{VAR_DIR / 'liaoyuan.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # a file, not memory, so that a real Celery worker started by a test can open the test database
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
SUPPORTED_DATABASE_ENGINES = {"django.db.backends.postgresql", "django.db.backends.sqlite3"}
if DATABASES["default"].get("ENGINE") not in SUPPORTED_DATABASE_ENGINES:
    raise ImproperlyConfigured("DATABASE_URL: use a postgres:// or sqlite:/// URL")
# A web portal's queries are short; the server's settings for analytics cost them more than they save:
# - JIT compiles any query whose estimated cost passes jit_above_cost: 30–50 ms of compiling for a page query
#   that runs in 5 ms (the scope's hashed subqueries are estimated high);
# - a parallel plan starts worker processes before its first row: 10–20 ms for a page of 50 rows, which the
#   planner expects a city-wide list to need (measured at scale 10: the alliances API 43 → 23 ms).
# The server's settings stay as they are for other clients.
POSTGRES_OPTIONS = {"options": "-c jit=off -c max_parallel_workers_per_gather=0"}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = _setting("CONN_MAX_AGE", env.int, 60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
# Read replicas (PostgreSQL streaming replication): reads spread over them, writes go to the primary.
DATABASE_REPLICAS: list[str] = []
for _number, _url in enumerate(_setting("DATABASE_REPLICA_URLS", env.list, []), start=1):
    DATABASES[f"replica{_number}"] = {**environ.Env.db_url_config(_url), "CONN_MAX_AGE": 60}
    DATABASES[f"replica{_number}"].setdefault("OPTIONS", {}).update(POSTGRES_OPTIONS)
    DATABASE_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["liaoyuan.core.db_router.ReplicaRouter"] if DATABASE_REPLICAS else []
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked account or address before any check
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_MIN_LENGTH = _setting("PASSWORD_MIN_LENGTH", env.int, 12)  # OWASP ASVS 2.1.1
# A one-time password given by staff works for this many hours; then the person asks for a new one.
ONE_TIME_PASSWORD_HOURS = _setting("ONE_TIME_PASSWORD_HOURS", env.int, 72)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: simplified Chinese first, English available; times in Asia/Shanghai.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Request bodies: at most REQUEST_MAX_BYTES in all (413 beyond, before reading; files included), of which
# at most DATA_UPLOAD_MAX_MEMORY_SIZE outside files (a JSON body or a form's fields).
REQUEST_MAX_BYTES = _setting("REQUEST_MAX_BYTES", env.int, 64 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = _setting("DATA_UPLOAD_MAX_MEMORY_SIZE", env.int, 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads are spooled to a temporary file

# Lists (liaoyuan.core.paging): a list counts at most LIST_COUNT_CAP rows ("10,000+" beyond) and pages through
# them; filters reach the others. The city's lists never count the whole city on each page.
LIST_COUNT_CAP = _setting("LIST_COUNT_CAP", env.int, 10000)

# Exports (liaoyuan.core.exports): over EXPORT_ASYNC_ROWS rows an export runs in Celery with a progress bar;
# its file is kept for its owner EXPORT_KEEP_HOURS, then removed by the hourly cleanup.
EXPORT_ASYNC_ROWS = _setting("EXPORT_ASYNC_ROWS", env.int, 3000)
EXPORT_KEEP_HOURS = _setting("EXPORT_KEEP_HOURS", env.int, 24)
# Imports (liaoyuan.core.imports): a workbook of at most IMPORT_MAX_BYTES and IMPORT_MAX_ROWS rows; over
# IMPORT_SYNC_ROWS checked rows it is written by a Celery task with a progress bar.
IMPORT_MAX_BYTES = _setting("IMPORT_MAX_BYTES", env.int, 10 * 1024 * 1024)
IMPORT_MAX_ROWS = _setting("IMPORT_MAX_ROWS", env.int, 20_000)
IMPORT_SYNC_ROWS = _setting("IMPORT_SYNC_ROWS", env.int, 1_000)

# A choice among more than this many rows is a search-as-you-type picker, not a list (liaoyuan.core.pickers).
PICKER_THRESHOLD = 30

# Uploads live under MEDIA_ROOT and are never served at a public URL: views check the scope, then Django
# streams the file, or the web server does with MEDIA_ACCEL = "x-accel-redirect" (nginx, from its internal
# location MEDIA_ACCEL_PREFIX) or "x-sendfile" (Apache, lighttpd). See docs/deploy.md.
MEDIA_URL = "media/"  # not routed
MEDIA_ROOT = _setting("MEDIA_ROOT", env.path, VAR_DIR / "media")
MEDIA_ACCEL = _setting("MEDIA_ACCEL", env.str, "")
if MEDIA_ACCEL not in ("", "x-accel-redirect", "x-sendfile"):
    raise ImproperlyConfigured("MEDIA_ACCEL: use x-accel-redirect, x-sendfile or nothing")
MEDIA_ACCEL_PREFIX = _setting("MEDIA_ACCEL_PREFIX", env.str, "/protected-media/")

EMAIL_CONFIG = _setting("EMAIL_URL", env.email_url, "consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = _setting("DEFAULT_FROM_EMAIL", env.str, "noreply@liaoyuan.localhost")
# SMS goes through a pluggable sender, like EMAIL_BACKEND: the console by default, the HTTP gateway when
# SMS_GATEWAY_URL is set (notifications.sms).
SMS_GATEWAY_URL = _setting("SMS_GATEWAY_URL", env.str, "")
SMS_GATEWAY_TOKEN = _setting("SMS_GATEWAY_TOKEN", env.str, "")
SMS_BACKEND = _setting(
    "SMS_BACKEND",
    env.str,
    "notifications.sms.HttpGatewaySMSBackend" if SMS_GATEWAY_URL else "notifications.sms.ConsoleSMSBackend",
)
# The address reminders link to (e-mail and SMS carry absolute links).
SITE_URL = _setting("SITE_URL", env.str, "http://127.0.0.1:8000").rstrip("/")


# Security: strict when DEBUG=0, so that `check --deploy` is clean.
# (the cookies' Secure flag may be turned off only for the demo over plain HTTP on one machine: `make run`)
SESSION_COOKIE_SECURE = _setting("SESSION_COOKIE_SECURE", env.bool, not DEBUG)
CSRF_COOKIE_SECURE = _setting("CSRF_COOKIE_SECURE", env.bool, not DEBUG)
SECURE_SSL_REDIRECT = _setting("SECURE_SSL_REDIRECT", env.bool, not DEBUG)
SECURE_HSTS_SECONDS = _setting("SECURE_HSTS_SECONDS", env.int, 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Requests reach us through this many proxies (nginx: 1); their X-Forwarded-For names the client address
# used by the lockout, the rate limits and the security log (liaoyuan.core.net.client_address).
TRUSTED_PROXY_COUNT = _setting("TRUSTED_PROXY_COUNT", env.int, 0)

# Content-Security-Policy: only our own files; no inline script or style (static/js/liaoyuan.js).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],  # Bootstrap draws its icons as data: SVG
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = {
    feature: []
    for feature in [
        "accelerometer", "camera", "display-capture", "geolocation", "gyroscope", "magnetometer",
        "microphone", "midi", "payment", "usb", "serial", "bluetooth", "browsing-topics",
    ]
}  # fmt: skip

# Sign-in: lockout after repeated failures (django-axes), sessions that end when idle, two-factor login.
AXES_FAILURE_LIMIT = _setting("LOGIN_FAILURE_LIMIT", env.int, 10)  # failures in a row before the lockout
AXES_COOLOFF_TIME = _setting("LOGIN_LOCKOUT_MINUTES", env.int, 30) / 60  # hours, as django-axes counts them
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the account, and separately the address, are locked
AXES_RESET_ON_SUCCESS = True  # "in a row": a successful sign-in forgets earlier failures
AXES_CLIENT_IP_CALLABLE = "liaoyuan.core.net.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False  # the liaoyuan.security log records failures and lockouts, without credentials
AXES_SENSITIVE_PARAMETERS = ["password", "otp_token", "token"]
SESSION_IDLE_MINUTES = _setting("SESSION_IDLE_MINUTES", env.int, 30)
SESSION_IDLE_MINUTES_OFFICE = _setting("SESSION_IDLE_MINUTES_OFFICE", env.int, 15)  # city and district offices
SESSION_MAX_HOURS = _setting("SESSION_MAX_HOURS", env.int, 12)  # sign in again after this, however active
SESSION_COOKIE_AGE = SESSION_MAX_HOURS * 3600
TWO_FACTOR_REQUIRED_FOR_OFFICES = _setting("TWO_FACTOR_REQUIRED_FOR_OFFICES", env.bool, False)  # superusers: always
OTP_TOTP_ISSUER = _setting("OTP_TOTP_ISSUER", env.str, "Liaoyuan")
API_TOKEN_DAYS = _setting("API_TOKEN_DAYS", env.int, 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",  # clients keep sending "Authorization: Token …"
    "TOKEN_LIMIT_PER_USER": 20,
}
API_DOCS_PUBLIC = _setting("API_DOCS_PUBLIC", env.bool, False)  # /api/docs/ and /api/schema/ without signing in

# Open311 GeoReport v2 (wishes/open311.py): the jurisdiction_id clients may send, and the discovery document's
# contact and where channels ask for an API key.
OPEN311_JURISDICTION = _setting("OPEN311_JURISDICTION", env.str, "liaoyuan")
OPEN311_CONTACT = _setting("OPEN311_CONTACT", env.str, "辽源市城市基层党建办")
OPEN311_KEY_SERVICE = _setting("OPEN311_KEY_SERVICE", env.str, "API keys are issued by the city office.")
# How long the whole city's Open311 service list is served from the shared cache (0: built on each request).
OPEN311_SERVICES_SECONDS = _setting("OPEN311_SERVICES_SECONDS", env.int, 300)
# How long the figures of resource sharing of an area are kept once counted (0: counted on each view).
SHARING_FIGURES_SECONDS = _setting("SHARING_FIGURES_SECONDS", env.int, 600)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # token first, so that an anonymous call is told 401 with a WWW-Authenticate header
        "accounts.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["liaoyuan.core.throttling.UserThrottle", "liaoyuan.core.throttling.AddressThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "user": _setting("API_RATE_USER", env.str, "3000/hour"),  # per signed-in user
        "anon": _setting("API_RATE_ANONYMOUS", env.str, "300/hour"),  # per address, when not signed in
        "address": _setting("API_RATE_ADDRESS", env.str, "20000/hour"),  # per address, everyone behind it
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [  # DRF's, bounded in depth and size, refusing NUL characters
        "liaoyuan.core.parsers.JSONParser",
        "liaoyuan.core.parsers.FormParser",
        "liaoyuan.core.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",  # with ?q=, the one search (accounts.filters)
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "liaoyuan.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "liaoyuan.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaoyuan API",
    "DESCRIPTION": "District party-building alliances: organisation and grid trees, alliances, ledgers, volunteers.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "liaoyuan.core.schema.add_error_responses",  # the one error shape, on every operation
    ],
    # choice sets that share a field name get a name of their own in the schema
    "ENUM_NAME_OVERRIDES": {  # several models have a "kind" or "status": name each choice set
        "NodeKindEnum": "grids.models.NodeKind",
        "UnitKindEnum": "units.models.UnitKind",
        "DutyKindEnum": "people.models.DutyKind",
        "ActivityKindEnum": "alliances.models.ActivityKind",
        "CommitteeKindEnum": "alliances.models.CommitteeKind",
        "MeetingStatusEnum": "alliances.models.MeetingStatus",
        "AttendanceStatusEnum": "alliances.models.AttendanceStatus",
        "ProblemStatusEnum": "alliances.models.ProblemStatus",
        "ReviewKindEnum": "reviews.models.ReviewKind",
        "EvaluationStatusEnum": "reviews.models.EvaluationStatus",
        "RoleEnum": "accounts.models.Role",
        "RectificationStatusEnum": "reviews.models.RectificationStatus",
        "NotificationStageEnum": "notifications.models.Stage",
        "ProblemCategoryEnum": "alliances.models.ProblemCategory",
        "LedgerCategoryEnum": "ledgers.models.Category",
        "NeedStatusEnum": "ledgers.models.NeedStatus",
        "ProjectStatusEnum": "ledgers.models.ProjectStatus",
        "SecretaryProjectStatusEnum": "ledgers.models.SecretaryProjectStatus",
        "QuestionKindEnum": "wishes.models.QuestionKind",
        "WishKindEnum": "wishes.models.WishKind",
        "WishStatusEnum": "wishes.models.WishStatus",
        "OrganisationKindEnum": "organisations.models.OrganisationKind",
        "MembershipRoleEnum": "organisations.models.MembershipRole",
        "VenueKindEnum": "sharing.models.VenueKind",
        "BookingStatusEnum": "sharing.models.BookingStatus",
        "PackageKindEnum": "compounds.models.PackageKind",
        "RenovationStatusEnum": "compounds.models.RenovationStatus",
        "ReferralOutcomeEnum": "sharing.models.ReferralOutcome",
        "DualReportKindEnum": "volunteers.models.ReportKind",
        "DualReportStatusEnum": "volunteers.models.ReportStatus",
        "PostCategoryEnum": "volunteers.models.PostCategory",
        "ClaimStatusEnum": "volunteers.models.ClaimStatus",
        "ServiceRecordKindEnum": "volunteers.models.RecordKind",
        "ServiceRecordStatusEnum": "volunteers.models.RecordStatus",
    },
}

# Celery: Redis when REDIS_URL (or CELERY_BROKER_URL) is set, else a SQLite-backed broker needing no server.
REDIS_URL = _setting("REDIS_URL", env.str, "")
CELERY_BROKER_URL = _setting(
    "CELERY_BROKER_URL", env.str, REDIS_URL or f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = _setting("CELERY_RESULT_BACKEND", env.str, "") or None
CELERY_TASK_IGNORE_RESULT = CELERY_RESULT_BACKEND is None
CELERY_TIMEZONE = TIME_ZONE
# Reliability: a task is acknowledged once done, so a worker that dies mid-task leaves it to another; each
# worker reserves one task at a time; a task past its time limit is stopped (soft first, so it can clean up).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = _setting("CELERY_TASK_SOFT_TIME_LIMIT", env.int, 240)
CELERY_TASK_TIME_LIMIT = _setting("CELERY_TASK_TIME_LIMIT", env.int, 300)
# Redis gives an unacknowledged task to another worker after this many seconds: above the longest task
# (CELERY_TASK_TIME_LIMIT) and the longest retry countdown, or a slow task would run twice at once.
CELERY_VISIBILITY_TIMEOUT = _setting("CELERY_VISIBILITY_TIMEOUT", env.int, 3600)
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT} if CELERY_BROKER_URL.startswith(("redis", "rediss")) else {}
)
# A task redelivered more often than this (a worker lost each time it ran it) is dropped and logged, not
# run again for ever; the daily sweeps redo its work.
CELERY_MAX_REDELIVERIES = _setting("CELERY_MAX_REDELIVERIES", env.int, 3)
CELERY_WORKER_SEND_TASK_EVENTS = False
# Beat reads its schedules from the database (django-celery-beat): editable in the admin, no deploy.
CELERY_BEAT_SCHEDULER = "liaoyuan.core.beat:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = _setting("CELERY_TASK_ALWAYS_EAGER", env.bool, False)
CELERY_TASK_DEFAULT_QUEUE = _setting("CELERY_TASK_DEFAULT_QUEUE", env.str, "celery")
CELERY_BEAT_SCHEDULE: dict = {}  # entries are added in liaoyuan/celery.py, one place with a comment each

# The cache holds rate-limit counters, so it is shared by every web process: Redis when configured, else
# a database table (created by `migrate`), never per-process memory.
CACHE_URL = _setting("CACHE_URL", env.str, "")
if CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
elif REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "liaoyuan_cache"}}

# Residents' personal data (PIPL): whole values are shown only to those who act on them.
PERSONAL_DATA_ACCESS_LOG = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # request paths and query strings may hold a calendar secret or a token: every line is printed redacted
    "filters": {
        "redact_secrets": {"()": "liaoyuan.core.logs.RedactSecrets"},
        # a 4xx is one line without a traceback; a refusal in the security log is not said twice
        "client_errors_in_one_line": {"()": "liaoyuan.core.logs.ClientErrorsInOneLine"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_secrets", "client_errors_in_one_line"],
        }
    },
    "root": {"handlers": ["console"], "level": _setting("LOG_LEVEL", env.str, "INFO")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "INFO"},
        # failed sign-ins, lockouts, refusals (403, 404 on a record out of scope, 429): who, from where, what
        "liaoyuan.security": {"level": "INFO"},
    },
}
