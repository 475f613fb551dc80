"""A misconfiguration the system check must catch: markdownx's own, unprotected URLs.

Test-only: the site's URLs never include these (see config.checks).
"""

import markdownx.urls
from django.urls import include, path

urlpatterns = [path("markdownx/", include(markdownx.urls))]
