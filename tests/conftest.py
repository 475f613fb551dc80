"""The fixed cast of the test suite.

- client: an anonymous reader, arriving over HTTPS through the proxy as in
  production (X-Forwarded-Proto: https).
- editor / editor_client: a staff member in the Editors group, nothing more.
- starter: the starter content (IPT, DIT, their sources and conditions).
"""

import io
import os
import socket

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test import Client, override_settings
from django.test.testcases import LiveServerThread
from hypothesis import settings as hypothesis_settings

from therapies import starter as therapy_starter
from therapies.permissions import EDITORS_GROUP

HTTPS = {"X-Forwarded-Proto": "https"}


class OneRequestAtATimeServer(WSGIServer):
    """The live server for in-memory SQLite: every request thread of Django's
    threaded server shares the test's one SQLite connection, and two at once
    (a page and the browser's favicon request) can fail with "bad parameter
    or other API misuse". Handling one request at a time, in the live-server
    thread that owns the connection, cannot. (It also closes each browser
    connection after its response, so nothing waits on a kept-alive one.)"""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session", autouse=True)
def live_server_safe_for_sqlite():
    if connection.vendor != "sqlite":
        yield
        return
    threaded = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = threaded


# In CI, property tests try the same examples on every run, so a red build
# always means a change broke something, never an unlucky draw. Locally they
# explore new examples each run (and remember failures in .hypothesis/).
hypothesis_settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")

# The published starter therapies' web-address names, in site order, as the
# data files (therapies/starter_data/therapies/) give them.
STARTER_THERAPIES = [
    therapy["slug"] for therapy in therapy_starter.THERAPIES if therapy["status"] == "published"
]

# The conditions NICE's recommendations give options for, as the data files
# (therapies/starter_data/guidelines/) give them: each has a page listing them.
CONDITIONS_WITH_OPTIONS = sorted(
    {
        group["condition"]
        for guideline in therapy_starter.GUIDELINES
        for group in guideline["recommendations"]
    }
)

# One page of every public type, as readers reach them.
PUBLIC_PAGE_TYPES = [
    "/",
    "/therapies/",
    "/therapies/ipt/",
    "/conditions/depression/",
    "/compare/",
    "/compare/ipt-vs-dit/",
    "/which-therapy/",
    "/which-therapy/result/?childhood=yes",
    "/which-therapy/summary/?help-with=depression&childhood=yes",
    "/articles/",
    "/articles/ipt-and-dit-are-they-the-same/",
    "/search/?q=therapy",
    "/about/",
    "/sitemap.xml",
    "/robots.txt",
    "/feeds/articles/",
    "/api/therapies/",
    "/api/therapies/ipt/",
    "/no-such-page/",
]


def https_client() -> Client:
    # As behind the TLS-terminating proxy: the request is marked https and
    # names the public host (the proxy passes the Host header on).
    return Client(headers={**HTTPS, "Host": "testserver"})


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """Collect static files once, as `make serve` does, so pages render with
    the real hashed, compressed files rather than a test-only storage."""
    static_root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=static_root):
        call_command("collectstatic", interactive=False, verbosity=0)
    return static_root


@pytest.fixture(autouse=True)
def static_files_for_pages(request):
    """Collect the static files (about 10 s, once) only for tests that can render a page.

    Pages need the database; a pure unit test (no database, no live server)
    renders none, so it runs without waiting for collectstatic. A test that
    renders a template without the database can ask for `collected_static`.
    """
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames
        for name in ["db", "transactional_db", "live_server", "client", "admin_client"]
    )
    if uses_database:
        # Through the test's own `settings`, not a session-long override_settings:
        # overrides are undone in the order they were made, and a session one
        # entered after a test's own would be undone with it.
        settings = request.getfixturevalue("settings")
        settings.STATIC_ROOT = request.getfixturevalue("collected_static")


@pytest.fixture(autouse=True)
def empty_caches():
    # Cached pages and the content generation live in process memory (or
    # Redis): without this, one test could be served another's pages.
    from django.core.cache import caches

    for name in ["default", "pages"]:
        caches[name].clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher takes ~0.4 s per login; these tests are not about it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def shared_cache_down(settings):
    """The cache pointed at a port where nothing listens, as when Redis is stopped."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        },
    }


@pytest.fixture
def shared_cache_keys(monkeypatch):
    """Every key the site writes to the shared cache, as the cache is given it."""
    from django.core.cache import caches

    default = caches["default"]
    written: list[str] = []
    for method in ["add", "set", "incr"]:
        original = getattr(default, method)

        def spy(key, *args, _original=original, **kwargs):
            written.append(key)
            return _original(key, *args, **kwargs)

        monkeypatch.setattr(default, method, spy)
    return written


@pytest.fixture
def client():
    return https_client()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The starter content, loaded once into the test database: every test's
    transaction is rolled back to it. (Tests on a transactional database run
    last and empty every table when they end; those that need the starter
    content load it again themselves.)"""
    with django_db_blocker.unblock():
        call_command("load_starter_content", stdout=io.StringIO())


@pytest.fixture
def starter(db):
    """The starter content (IPT, DIT... with their sources and conditions),
    already in the test database: asking for it says a test relies on it."""


@pytest.fixture
def no_content(db):
    """A database with no content at all, for tests of loading and importing."""
    from history import registry
    from history.models import Version

    # Children before parents, so protected links never block a deletion.
    for model in [*reversed(registry.content_models()), Version]:
        model._base_manager.all().delete()


@pytest.fixture
def editor(db):
    user = User.objects.create_user("edith", "edith@example.org", "correct horse battery")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


@pytest.fixture
def editor_client(editor):
    client = https_client()
    client.force_login(editor)
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run on-commit work (history, cache invalidation) as a real commit would.

    Tests run inside a transaction that never commits, so without this the
    work Django defers to the commit would never happen.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def read_models_loaded(db):
    """Load the shared read models now: a page requested next runs only its own queries.

    Call it after the test's content is in place (any content change drops
    them). Loading costs a fixed number of queries (tests/therapies/test_read_model.py).
    """
    from therapies.read_model import published_knowledge

    return published_knowledge
