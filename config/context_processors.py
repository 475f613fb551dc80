from django.core.exceptions import DisallowedHost


def canonical_url(request):
    """The page's own address without its query string, for rel=canonical and og:url.

    Empty for requests with a host we do not serve: the 400 page for such a
    request must still render.
    """
    try:
        return {"canonical_url": request.build_absolute_uri(request.path)}
    except DisallowedHost:
        return {"canonical_url": ""}
