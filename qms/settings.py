"""Settings, read from the environment (see .env.example). Every value has a default that runs:
SQLite, Celery eager, local file storage. Production differs only by environment variables."""

from pathlib import Path

import environ
from celery.schedules import crontab

from qms.core.dbtimeouts import postgres_timeout_options

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="dev-insecure-key-change-me-in-production-0123456789abcdef")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "django_tables2",
    "django_filters",
    "qms.org",
    "qms.core",
    "standards",
    "standards.catalog",
    "audits",
    "audits.evaluation",
    "audits.cases",
    "qms.leadership",
    "qms.assessment",
    "qms.dossier",
    "qms.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "qms.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "qms.core.middleware.FiguresMemoMiddleware",
]

ROOT_URLCONF = "qms.urls"
WSGI_APPLICATION = "qms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "qms.org.context_processors.roles",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Simultaneous writers queue instead of failing with "database is locked": every transaction
    # takes the write lock when it begins (a deferred one cannot wait for it later), readers never
    # block the writer (WAL), and a waiting writer retries for up to `timeout` seconds.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("timeout", env.int("SQLITE_BUSY_TIMEOUT", default=20))
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("init_command", "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL")
    # A file, not memory, so a Celery worker or live server thread in the tests shares it.
    _name = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_name.with_name(f"test_{_name.stem}.sqlite3"))}
# PostgreSQL: a web request gives up (an error page) rather than wait behind a lock for long;
# Celery workers get longer (qms/core/dbtimeouts.py, applied when `celery worker` starts).
DB_WEB_TIMEOUTS_MS = (env.int("DB_LOCK_TIMEOUT_MS", default=5_000), env.int("DB_STATEMENT_TIMEOUT_MS", default=30_000))
DB_WORKER_TIMEOUTS_MS = (env.int("DB_WORKER_LOCK_TIMEOUT_MS", default=60_000),
                         env.int("DB_WORKER_STATEMENT_TIMEOUT_MS", default=20 * 60_000))
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = postgres_timeout_options(_options.get("options", ""), lock_ms=DB_WEB_TIMEOUTS_MS[0],
                                                   statement_ms=DB_WEB_TIMEOUTS_MS[1])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "org.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (qms/core/throttling.py): a username is locked from one address after
# AXES_FAILURE_LIMIT failures, and an address after LOGIN_ADDRESS_FAILURE_LIMIT failures across
# usernames. Behind a proxy the client address comes from X-Forwarded-For, trusting the last
# TRUSTED_PROXY_COUNT proxies (1 with BEHIND_TLS_PROXY); without one the header is ignored.
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if BEHIND_TLS_PROXY else 0)
AXES_CLIENT_IP_CALLABLE = "qms.core.throttling.client_ip"
AXES_HANDLER = "qms.core.throttling.LoginThrottleHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=20)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "var" / "staticfiles")))
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media-not-served/"  # files are served by permission-checked views only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND", default="django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
FILE_UPLOAD_PERMISSIONS = 0o640
# Uploaded documents (standards' texts, evidence) are limited to this size.
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Celery: no broker configured means eager mode (everything runs in-process).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=30 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 60
# The dossier's bound PDF (汇编成册) with LibreOffice headless in the worker; 0 leaves it out.
DOSSIER_BOUND_PDF = env.bool("DOSSIER_BOUND_PDF", default=True)
CELERY_TIMEZONE = TIME_ZONE
# A job's message is acknowledged after the job, and handed back if its worker dies; Redis
# redelivers an unacknowledged message after the visibility timeout (longer than any job).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_TASK_TIME_LIMIT + 600}
# A running job beats every JOB_HEARTBEAT_SECONDS; silent for JOB_STALE_SECONDS, it is failed.
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=15)
JOB_STALE_SECONDS = env.int("JOB_STALE_SECONDS", default=120)
CELERY_BEAT_SCHEDULE: dict = {
    "jobs-fail-stale": {"task": "core.jobs_fail_stale", "schedule": 60},
    # Daily at 00:30: approved editions whose effective date has come go in force; review reminders.
    "standards-lifecycle-daily": {"task": "standards.lifecycle_daily", "schedule": crontab(hour=0, minute=30)},
    "audits-escalate-overdue": {"task": "audits.corrective_actions_escalate", "schedule": crontab(hour=7, minute=0)},
    # Overdue complaints are escalated every morning (Asia/Shanghai).
    "complaints-escalate": {"task": "evaluation.complaints_escalate", "schedule": crontab(hour=7, minute=0)},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="qms@localhost")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# Security: strict by default in production (DEBUG off); .env.example documents each value.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=False)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# The demo centre's logins share this password (README).
DEMO_PASSWORD = "demo12345"  # noqa: S105  (documented demo logins, not a secret)
# Organisation code used in in-house standard numbers (Q/<code> 301.02-2024).
ORG_STANDARD_PREFIX = env.str("ORG_STANDARD_PREFIX", default="Q/XZFW")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

FILTERS_EMPTY_CHOICE_LABEL = "全部"
