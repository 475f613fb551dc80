"""How a view may be cached, declared on the view itself.

    @public(reads=("condition",))
    def therapy_list(request): ...

    @private
    def which_therapy_result(request): ...

`public`: the page is the same for every reader who asks for the same
address, so it may be kept whole (the page cache, Varnish, a CDN) until
content changes. `reads` names the query parameters the page depends on: the
view sees only those (request.GET holds nothing else), and each value makes a
page of its own. `private`: the page holds a reader's input or depends on who
asks; nothing keeps it.

A view with no declaration is private: config/page_cache.py, which reads the
declarations, treats everything it is not told is public as "private,
no-store". tests/test_caching_declared.py fails on a view without one.
"""

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class CachePolicy:
    public: bool
    reads: frozenset[str] = frozenset()


PRIVATE = CachePolicy(public=False)


def _declare(view: Callable, policy: CachePolicy) -> Callable:
    # A wrapper of our own, so declaring a view we did not write (Django's
    # sitemap view, a feed) never changes that view for anyone else.
    @functools.wraps(view)
    def declared(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    declared.cache_policy = policy  # type: ignore[attr-defined]
    return declared


def public(*, reads: Iterable[str] = ()) -> Callable[[Callable], Callable]:
    policy = CachePolicy(public=True, reads=frozenset(reads))
    return lambda view: _declare(view, policy)


def private(view: Callable) -> Callable:
    return _declare(view, PRIVATE)


def policy_of(view: Callable) -> CachePolicy | None:
    """The view's declaration, or None when it has none."""
    return getattr(view, "cache_policy", None)
