from common.http import absolute_url


def canonical_url(request):
    """The page's own address without its query string, for rel=canonical and og:url."""
    return {"canonical_url": absolute_url(request, request.path)}
