"""The site's settings with views that fail (tests/urls_with_errors.py), for
servers started in a separate process by tests/test_real_servers.py."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "tests.urls_with_errors"
