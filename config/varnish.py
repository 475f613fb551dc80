"""Tell Varnish to drop its pages after every content change (VARNISH_URL).

Called right after the content generation is replaced, once the change is
committed (config/page_cache.py), so Varnish refetches pages that are
already new. One BAN to each Varnish, at most BAN_TIMEOUT seconds each; a
failure never fails the editor's save. It is logged, and Varnish serves its
old pages until they expire (DJANGO_CDN_MAX_AGE, plus
DJANGO_CDN_STALE_SECONDS while it refetches).
"""

import logging
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

BAN_TIMEOUT = 2


def ban_everything() -> None:
    for url in settings.VARNISH_URLS:
        try:
            # deploy/varnish.vcl drops every page on any BAN from an app server.
            request = urllib.request.Request(url, method="BAN")
            with urllib.request.urlopen(request, timeout=BAN_TIMEOUT):
                pass
        except Exception as error:
            logger.error(
                "Varnish ban to %s failed (%s): its pages stay until they expire, "
                "at most DJANGO_CDN_MAX_AGE + DJANGO_CDN_STALE_SECONDS seconds",
                url,
                error,
            )
