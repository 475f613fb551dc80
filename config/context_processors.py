from common.layout import canonical_url as address_of_page


def canonical_url(request):
    """The page's own address without its query string, for rel=canonical and og:url."""
    return {"canonical_url": address_of_page(request)}
