"""Settings for Werkplein. Every deploy-time value comes from the environment (.env.example)."""

import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()
env_file = PROJECT_DIR / ".env"
if env_file.exists():
    environ.Env.read_env(env_file)

DEBUG = env.bool("DEBUG", default=False)
# Commands that only read or write source files (migrations, message catalogues) never sign or
# encrypt anything, so a developer or CI runs them without a secret.
SOURCE_ONLY_COMMANDS = frozenset({"makemigrations", "makemessages", "compilemessages"})
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    source_only = bool(SOURCE_ONLY_COMMANDS.intersection(sys.argv[1:2]))
    if not (DEBUG or source_only or env.bool("WERKPLEIN_ALLOW_DEV_SECRET", default=False)):
        raise environ.ImproperlyConfigured("Set SECRET_KEY (see .env.example).")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "ninja",
    "template_partials",
    "rules.apps.AutodiscoverRulesConfig",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "werkplein.core",
    "werkplein.accounts",
    "werkplein.clients",
    "werkplein.logbook",
    "werkplein.appointments",
    "werkplein.audit",
    "werkplein.plans",
    "werkplein.portal",
    "werkplein.messaging",
    "werkplein.notifications",
    "werkplein.intake",
    "werkplein.benefits",
    "werkplein.allocation",
    "werkplein.conferences",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "werkplein.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "werkplein.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "werkplein.urls"
ASGI_APPLICATION = "werkplein.asgi.application"
WSGI_APPLICATION = "werkplein.wsgi.application"

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
                "werkplein.core.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{PROJECT_DIR / 'werkplein.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor authentication for staff (TOTP). Off only for the local demo.
WERKPLEIN_REQUIRE_2FA = env.bool("WERKPLEIN_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Werkplein"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("WERKPLEIN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("WERKPLEIN_LOCKOUT_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

# The session ends after this many minutes without a request.
SESSION_IDLE_MINUTES = env.int("WERKPLEIN_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie

SECURE = env.bool("WERKPLEIN_SECURE", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env.bool("WERKPLEIN_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env.int("WERKPLEIN_HSTS_SECONDS", default=31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "NL"
PHONENUMBER_DEFAULT_FORMAT = "NATIONAL"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

TASKS = {
    "default": {
        "BACKEND": env("WERKPLEIN_TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Werkplein <noreply@werkplein.example>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Pages of lists.
WERKPLEIN_PAGE_SIZE = 50
WERKPLEIN_BASE_URL = env("WERKPLEIN_BASE_URL", default="http://127.0.0.1:8000").rstrip("/")

# Mijn Werkplein (the client's portal).
WERKPLEIN_INVITATION_DAYS = env.int("WERKPLEIN_INVITATION_DAYS", default=7)
PASSWORD_RESET_TIMEOUT = env.int("WERKPLEIN_PASSWORD_RESET_MINUTES", default=60) * 60
# Until how many hours before an appointment a client may cancel or move it himself.
WERKPLEIN_APPOINTMENT_CUTOFF_HOURS = env.int("WERKPLEIN_APPOINTMENT_CUTOFF_HOURS", default=24)
# How far ahead a client may book (days).
WERKPLEIN_BOOKING_HORIZON_DAYS = env.int("WERKPLEIN_BOOKING_HORIZON_DAYS", default=56)
# Whether "who looked at my file" names the staff member, or only organisation and role.
WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS = env.bool(
    "WERKPLEIN_SHOW_STAFF_NAMES_TO_CLIENTS", default=False
)

# Intake: how many web registrations one address may send (django-ratelimit rate); the search
# period of a young bijstand applicant (days); how many weeks before a WW benefit ends its coach
# and the municipality's back office are signalled.
WERKPLEIN_REGISTRATION_RATE = env("WERKPLEIN_REGISTRATION_RATE", default="10/h")
WERKPLEIN_SEARCH_PERIOD_DAYS = env.int("WERKPLEIN_SEARCH_PERIOD_DAYS", default=28)
WERKPLEIN_WW_END_SIGNAL_WEEKS = env.int("WERKPLEIN_WW_END_SIGNAL_WEEKS", default=8)

# Communication: conversations, the chat box and attachments.
ASGI_APPLICATION = "werkplein.asgi.application"
REDIS_URL = env("REDIS_URL", default="")
# With Redis every server process shares one channel layer (and one rate-limit cache); without
# it, the in-memory layer serves a single process, as in the demo.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # redis-py reads with a 5 s timeout, as long as channels-redis's blocking wait for
            # the next event: without a longer one an idle chat socket would drop. The capacity
            # is per server process, shared by all its sockets.
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "capacity": 1500,
            },
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
# Uploaded files: outside the web root, served only through the access checks.
WERKPLEIN_ATTACHMENT_ROOT = env.path(
    "WERKPLEIN_ATTACHMENT_ROOT", default=str(PROJECT_DIR / "var" / "attachments")
)
WERKPLEIN_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
WERKPLEIN_MESSAGE_MAX_LENGTH = env.int("WERKPLEIN_MESSAGE_MAX_LENGTH", default=5000)
# Messages one person may send per minute before the flood limit stops him.
WERKPLEIN_MESSAGE_RATE = env("WERKPLEIN_MESSAGE_RATE", default="30/m")

# The outbox of e-mail and SMS (docs/notifications.md).
# SMS backend: ...ConsoleSmsBackend (prints; default), ...HttpSmsBackend (an HTTP gateway).
WERKPLEIN_SMS_BACKEND = env(
    "WERKPLEIN_SMS_BACKEND", default="werkplein.notifications.sms.ConsoleSmsBackend"
)
WERKPLEIN_SMS_GATEWAY_URL = env("WERKPLEIN_SMS_GATEWAY_URL", default="")
WERKPLEIN_SMS_GATEWAY_KEY = env("WERKPLEIN_SMS_GATEWAY_KEY", default="")
# Shared with the gateway: it signs its delivery-status callbacks with this (HMAC-SHA256).
WERKPLEIN_SMS_CALLBACK_SECRET = env("WERKPLEIN_SMS_CALLBACK_SECRET", default="")
# Retries: base * 2**(attempts-1) seconds, at most the maximum; a message the gateway refuses
# is given up after the maximum number of attempts (a gateway that is down never gives up).
WERKPLEIN_OUTBOX_BACKOFF_SECONDS = env.int("WERKPLEIN_OUTBOX_BACKOFF_SECONDS", default=30)
WERKPLEIN_OUTBOX_BACKOFF_MAX_SECONDS = env.int("WERKPLEIN_OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
WERKPLEIN_OUTBOX_MAX_ATTEMPTS = env.int("WERKPLEIN_OUTBOX_MAX_ATTEMPTS", default=10)
# How long a worker holds the rows it claimed; after that another worker may send them.
WERKPLEIN_OUTBOX_LEASE_SECONDS = env.int("WERKPLEIN_OUTBOX_LEASE_SECONDS", default=60)
WERKPLEIN_OUTBOX_BATCH_SIZE = env.int("WERKPLEIN_OUTBOX_BATCH_SIZE", default=100)
# Sender threads per worker, each with its own SMTP connection per batch (1: strictly in order).
WERKPLEIN_OUTBOX_SENDERS = env.int("WERKPLEIN_OUTBOX_SENDERS", default=4)
