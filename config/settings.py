"""Settings for the therapy comparison site, driven by environment variables.

Fail closed: DEBUG is off unless asked for, there is no secret-key fallback
outside debug, and hosts must be named. Every variable is documented in
README.md and .env.example.
"""

import ipaddress
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number") from None


def env_seconds(name: str, default: int) -> int:
    seconds = env_int(name, default)
    if seconds < 0:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, 0 or more")
    return seconds


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def env_networks(name: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    networks = []
    for item in env_list(name):
        try:
            network = ipaddress.ip_network(item)
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an address or a network, e.g. 127.0.0.1 or 10.0.0.0/8 "
                "(a network's address must have its host bits zero)"
            ) from None
        if network.prefixlen == 0:
            raise ImproperlyConfigured(
                f"{name}: {item!r} would trust every address; name your proxies"
            )
        networks.append(network)
    return networks


def database_from_url(url: str) -> dict:
    """Turn sqlite:///path or postgres://user:pass@host:port/name into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:///relative.db is relative to the project; sqlite:////abs.db is absolute.
        name = Path(unquote(parts.path)[1:])
        if not name.is_absolute():
            name = BASE_DIR / name
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            # Writing transactions take the write lock when they begin, so two
            # editors' saves run one after the other and the edit-conflict
            # check (history/admin.py) sees the first before the second.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": {
                # A database host that does not answer (down, cut off) fails a
                # connection attempt in seconds rather than the system's minutes.
                # ?connect_timeout=N in DATABASE_URL overrides it.
                "connect_timeout": 3,
                **options,
                # One small pool per worker process. Each app server process
                # holds at most DATABASE_POOL_MAX connections, so size it so
                # that workers x servers x max stays under max_connections.
                "pool": {
                    "min_size": 1,
                    "max_size": env_int("DATABASE_POOL_MAX", 4),
                    "timeout": env_int("DATABASE_POOL_TIMEOUT", 10),
                    # Test each connection before lending it, so a restarted
                    # database is noticed and the pool reconnects by itself.
                    "check": _psycopg_check_connection(),
                },
            },
        }
    raise ImproperlyConfigured("DATABASE_URL must start with sqlite:// or postgres://")


def _psycopg_check_connection():
    from psycopg_pool import ConnectionPool

    return ConnectionPool.check_connection


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DJANGO_DEBUG-is-on"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS and DEBUG:
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS is required when DJANGO_DEBUG is off, "
        "for example DJANGO_ALLOWED_HOSTS=therapies.example.org"
    )
if "*" in ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name hosts; '*' is refused")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# The public address (https://therapies.example.org), for canonical links and
# schema.org data; without it they name the host the request came to.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").strip().rstrip("/")
if SITE_URL and (
    urlsplit(SITE_URL).scheme not in {"http", "https"}
    or not urlsplit(SITE_URL).hostname
    or urlsplit(SITE_URL).path
    or urlsplit(SITE_URL).query
):
    raise ImproperlyConfigured(
        "DJANGO_SITE_URL must be the site's address with no path, "
        "e.g. DJANGO_SITE_URL=https://therapies.example.org"
    )

# Request bodies: the largest the site takes is an article image (5 MB,
# MARKDOWNX_UPLOAD_MAX_SIZE) with its form. Up to 8 MB reaches the upload view,
# so an image a little too large gets the editor's own message; anything
# larger is refused with 413 before it is read (config/middleware.py), as
# nginx does in front (client_max_body_size in deploy/nginx.conf).
REQUEST_BODY_MAX_BYTES = 8 * 1024 * 1024
# Form fields other than files, read into memory: an article body is at most
# 50,000 characters (600 KB percent-encoded at worst).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# An image upload stays in memory rather than a temporary file on the app server.
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_BYTES

# The proxies in front (nginx, Varnish, a load balancer): only a request from
# one of them has its X-Forwarded-For read, and the client is the right-most
# entry that is not one of them (common/http.py). Empty: REMOTE_ADDR is the
# client, as when nothing is in front.
TRUSTED_PROXIES = env_networks("DJANGO_TRUSTED_PROXIES")

INSTALLED_APPS = [
    "config.admin_site.EditorsAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.syndication",
    "markdownx",
    "common",
    # Content apps register their models with the editing core (history) in
    # ready(); history and then config connect to them, so they come after.
    "therapies",
    "articles",
    "history",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    # First, so that responses made by the middleware below carry them too.
    "config.middleware.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache: a request it refuses is never looked up.
    "config.middleware.CleanRequestMiddleware",
    # Who may keep a page (each view declares it, common/caching.py); kept
    # pages are answered here, before sessions, auth, views and templates.
    "config.page_cache.PageCacheMiddleware",
    # Inside the page cache, so kept pages are stored already compressed.
    "django.middleware.gzip.GZipMiddleware",
    # Inside GZip, so the ETag comes from the page's own bytes, not from a
    # compressed copy (which differs with every compression).
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "history.recording.HistoryUserMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
]

# The whole-page cache can be switched off (DJANGO_PAGE_CACHE=0), for example
# to measure uncached pages with `make bench`; pages still say who may keep them.
PAGE_CACHE = env_bool("DJANGO_PAGE_CACHE", True)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "django.template.context_processors.csp",
                "common.context_processors.canonical_url",
            ],
        },
    },
]

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
# "default" is shared by every app server when REDIS_URL is set: it holds the
# content generation (see config/page_cache.py) and login rate limits. Give
# the site a Redis database of its own: nothing here calls FLUSHDB, but keys
# from other programs could collide. "pages" is each process's own memory.
if REDIS_URL:
    DEFAULT_CACHE = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "therapies",
    }
else:
    DEFAULT_CACHE = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
CACHES = {
    "default": DEFAULT_CACHE,
    # Bounded in bytes per process (one article page can be a megabyte).
    "pages": {
        "BACKEND": "config.page_cache.BoundedMemoryCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_BYTES": env_int("DJANGO_PAGE_CACHE_MB", 64) * 1024 * 1024},
    },
}
# HTTP caching for a CDN or Varnish (config/page_cache.py): shared caches keep
# a public page for DJANGO_CDN_MAX_AGE seconds and may serve it for
# DJANGO_CDN_STALE_SECONDS more while they fetch a fresh one.
CDN_MAX_AGE = env_seconds("DJANGO_CDN_MAX_AGE", 60)
CDN_STALE_SECONDS = env_seconds("DJANGO_CDN_STALE_SECONDS", 30)
# Where content changes send BAN (config/varnish.py): comma-separated
# http:// addresses of Varnish servers; empty means no Varnish.
VARNISH_URLS = env_list("VARNISH_URL")
for _url in VARNISH_URLS:
    if urlsplit(_url).scheme not in {"http", "https"} or not urlsplit(_url).hostname:
        raise ImproperlyConfigured(
            "VARNISH_URL must be http:// addresses, e.g. VARNISH_URL=http://127.0.0.1:6081/"
        )

# X-Page-Cache: hit/miss tells whoever asks what is cached; only for
# development and the test suite (DJANGO_PAGE_CACHE_HEADER=1).
PAGE_CACHE_HEADER = env_bool("DJANGO_PAGE_CACHE_HEADER", DEBUG)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# English only; turning translation machinery off saves time on every page.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# An empty value means the default, like an unset one.
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names, gzip and brotli copies; WhiteNoise serves hashed files
        # with a far-future immutable Cache-Control header.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security. The site runs behind a TLS-terminating proxy that sets
# X-Forwarded-Proto; outside debug every other request is redirected to HTTPS,
# except the health checks that load balancers call over plain HTTP.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# DJANGO_SSL_REDIRECT=0 is only for local tools that cannot speak HTTPS
# (`make audit`); `check --deploy` warns if it is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 0 if DEBUG else 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# Gone when the browser closes, not kept for a year (Django's default): a
# reader who opened the report form is otherwise kept out of the shared
# caches (their requests carry the cookie) for a year, and the site keeps no
# cookie on a reader's device longer than it needs.
CSRF_COOKIE_AGE = None
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
X_FRAME_OPTIONS = "DENY"

# Public pages have no inline script or style at all (they are cached whole,
# and a cached page cannot carry a fresh nonce). Nonces are allowed only for
# the admin, which is never cached.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()"
)

LOGIN_URL = "admin:login"

# markdownx: one sanitising renderer for preview and pages (checked by
# config.checks), staff-only endpoints at these paths (articles/editorial/editor.py).
MARKDOWNX_MARKDOWNIFY_FUNCTION = "articles.editorial.live_facts.preview_markdown"
MARKDOWNX_URLS_PATH = "/markdownx/markdownify/"
MARKDOWNX_UPLOAD_URLS_PATH = "/markdownx/upload/"
MARKDOWNX_UPLOAD_MAX_SIZE = 5 * 1024 * 1024
MARKDOWNX_UPLOAD_CONTENT_TYPES = ["image/png", "image/jpeg", "image/webp"]

# Editors: a record whose next review falls within this many days is "due
# soon", on the admin home page and in the lists' review filter alike.
REVIEW_DUE_SOON_DAYS = 60

# Nothing a reader types (chooser answers, searches) may reach a log. Django
# logs 4xx responses with their path at WARNING and runserver logs every
# request line with its query string at INFO; both are kept out. Errors (5xx)
# are logged with the path only, never the query string.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "django.server": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
    },
}
