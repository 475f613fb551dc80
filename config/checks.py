"""System checks for misconfiguration that would otherwise pass silently."""

from django.conf import settings
from django.core import checks
from django.urls import NoReverseMatch, resolve, reverse

SAFE_RENDERER = "articles.editorial.live_facts.preview_markdown"


@checks.register(checks.Tags.security)
def markdownx_uses_the_sanitising_renderer(app_configs, **kwargs):
    configured = getattr(settings, "MARKDOWNX_MARKDOWNIFY_FUNCTION", "markdownx.utils.markdownify")
    if configured != SAFE_RENDERER:
        return [
            checks.Error(
                f"MARKDOWNX_MARKDOWNIFY_FUNCTION is {configured!r}, which may not sanitise HTML.",
                hint=f"Set it to {SAFE_RENDERER!r}: the one renderer that sanitises with nh3.",
                id="therapies.E001",
            )
        ]
    return []


@checks.register(checks.Tags.security, checks.Tags.urls)
def markdownx_endpoints_are_staff_only(app_configs, **kwargs):
    """markdownx.urls has no login check; its views must not be reachable."""
    errors = []
    for name in ["markdownx_markdownify", "markdownx_upload"]:
        try:
            path = reverse(name)
        except NoReverseMatch:
            errors.append(
                checks.Error(
                    f"No URL named {name!r}: the markdownx editor cannot work.", id="therapies.E002"
                )
            )
            continue
        module = resolve(path).func.__module__
        if module != "articles.editorial.editor":
            errors.append(
                checks.Error(
                    f"{path} is served by {module}, not the staff-only views in articles.editorial.editor.",
                    hint="Route both paths to articles.editorial.editor; never mount markdownx's own URL module.",
                    id="therapies.E003",
                )
            )
    return errors


@checks.register(checks.Tags.security, deploy=True)
def trusted_proxies_are_named(app_configs, **kwargs):
    """Behind nginx and Varnish, REMOTE_ADDR is the proxy's: without the proxies
    named, every reader shares one address and its sign-in and report limits."""
    if settings.TRUSTED_PROXIES:
        return []
    return [
        checks.Warning(
            "DJANGO_TRUSTED_PROXIES is empty, so each request's address is REMOTE_ADDR. "
            "Behind a proxy that is the proxy's address: one person's failed sign-ins "
            "would lock an account for everyone, and all readers would share one "
            "report limit.",
            hint="Set DJANGO_TRUSTED_PROXIES to the proxies in front of the app servers, "
            "e.g. DJANGO_TRUSTED_PROXIES=127.0.0.1 when nginx and Varnish run on this machine.",
            id="therapies.W001",
        )
    ]
