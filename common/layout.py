"""Pages assembled from HTML rendered once, with holes for what differs per request.

A profile is the same for every reader but for a few strings that depend on
the request: its absolute address (rel=canonical, og:url, JSON-LD) and the
path the "report a mistake" form sends. Rendering the whole page template for
each request costs far more than the page's facts do, so a view renders the
page once per content generation with a *hole* in place of each of those
strings, keeps the result as a Layout (in the read model, therapies/read_model.py),
and for each request fills the holes in.

Compressing a 40 KB page costs more than assembling it, so each fixed piece
of a layout with few holes is also compressed once (raw deflate, ended by a
sync flush, which aligns it to a byte so pieces can follow one another). A
request compresses only its holes' values and joins the pieces into one gzip
stream; the checksum and length are computed over the whole text, as gzip
requires. Pieces compressed apart compress less well, so a layout with many
holes (a form with a hole per answer) is compressed whole for each request,
at a fast level.

A hole is a marker no editor can type (it holds a random token made when the
process starts) made of characters HTML and JSON escaping leave alone.
"""

import gzip
import re
import secrets
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import DisallowedHost
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from common.jsonld import jsonld_script

TOKEN = secrets.token_hex(8)
HOLE = re.compile(rf"hole\.{TOKEN}\.([-\w]+)\.")
# GZipMiddleware's own threshold: shorter responses are not worth compressing.
MIN_COMPRESSED_LENGTH = 200
# Beyond this many holes, pieces are too small to compress well one by one.
MAX_HOLES_COMPRESSED_APART = 4
# For layouts compressed whole per request: about a tenth of level 6's time
# on these pages, for 5 to 10% more bytes.
FAST_LEVEL = 2
# gzip's header: deflate, no name or comment, no timestamp (so the bytes
# depend only on the text), unknown operating system.
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"


def hole(name: str) -> SafeString:
    """The marker for a hole called `name` (letters, digits, _ and -)."""
    return mark_safe(f"hole.{TOKEN}.{name}.")


def is_hole(value) -> bool:
    return isinstance(value, str) and HOLE.fullmatch(value) is not None


def deflate(data: bytes, level: int) -> bytes:
    """Raw deflate of `data`, ended by a sync flush so that more can follow."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)


def _final_block() -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.flush(zlib.Z_FINISH)


FINAL_BLOCK = _final_block()  # an empty last block: ends the deflate stream


@dataclass(frozen=True)
class Layout:
    # Kept as UTF-8 only (not also as str): hundreds of layouts per process.
    encoded: tuple[bytes, ...]  # fixed text; hole `names[i]` comes after `encoded[i]`
    names: tuple[str, ...]
    deflated: tuple[bytes, ...]  # each piece compressed (see deflate), if few holes

    @classmethod
    def of(cls, html: str) -> "Layout":
        parts = HOLE.split(html)
        encoded, names = tuple(part.encode() for part in parts[0::2]), tuple(parts[1::2])
        apart = len(names) <= MAX_HOLES_COMPRESSED_APART
        deflated = tuple(deflate(piece, 9) for piece in encoded) if apart else ()
        return cls(encoded, names, deflated)

    def text(self, values: Mapping[str, str]) -> bytes:
        """The page, as UTF-8, with each hole filled in (values must already be escaped HTML)."""
        out = [self.encoded[0]]
        for name, piece in zip(self.names, self.encoded[1:], strict=True):
            out += [values[name].encode(), piece]
        return b"".join(out)

    def gzipped(self, values: Mapping[str, str]) -> bytes:
        """The same page as one gzip stream, compressing only the holes' values
        (or, with many holes, the whole page at a fast level)."""
        if len(self.names) > MAX_HOLES_COMPRESSED_APART:
            return gzip.compress(self.text(values), compresslevel=FAST_LEVEL, mtime=0)
        crc, size = 0, 0
        out = [GZIP_HEADER]

        def add(raw: bytes, compressed: bytes) -> None:
            nonlocal crc, size
            crc = zlib.crc32(raw, crc)
            size += len(raw)
            out.append(compressed)

        add(self.encoded[0], self.deflated[0])
        for index, name in enumerate(self.names, start=1):
            value = values[name].encode()
            if value:
                add(value, deflate(value, 6))
            add(self.encoded[index], self.deflated[index])
        out += [FINAL_BLOCK, struct.pack("<II", crc, size & 0xFFFFFFFF)]
        return b"".join(out)


class ChoiceHoles:
    """Stands in for a reader's answers while a form is rendered to be kept:
    each answer's "checked" becomes a hole, and `values()` fills them in
    from one reader's answers. Nothing a reader chose is ever in the layout."""

    def __init__(self):
        self.choices: list[tuple[str, str, str]] = []  # (question, answer, attribute)

    def hole(self, key: str, value: str, attribute: str) -> SafeString:
        self.choices.append((key, value, attribute))
        return hole(f"choice{len(self.choices) - 1}")

    def values(self, chosen: Mapping[str, str]) -> dict[str, str]:
        return {
            f"choice{index}": f" {attribute}" if chosen.get(key, "") == value else ""
            for index, (key, value, attribute) in enumerate(self.choices)
        }


# What base.html reads from the request, as holes: a page rendered with these
# in its context can be kept and served to any request (see page_values).
PAGE_HOLES = {
    "canonical_url": hole("canonical-url"),
    "jsonld": hole("jsonld"),
    "request": {"path": hole("path")},
}


def page_values(request, jsonld: dict) -> dict[str, str]:
    """This request's values for PAGE_HOLES, escaped for where they stand."""
    return {
        "canonical-url": escape(canonical_url(request)),
        "jsonld": jsonld_script(jsonld),
        "path": escape(request.path),
    }


def canonical_url(request) -> str:
    """The page's own address without its query string, for rel=canonical and og:url.

    Empty for requests with a host we do not serve: the 400 page for such a
    request must still render.
    """
    try:
        return request.build_absolute_uri(request.path)
    except DisallowedHost:
        return ""


def layout_response(request, layout: Layout, values: Mapping[str, str]) -> HttpResponse:
    """The page for this request, compressed if the browser takes gzip
    (exactly GZipMiddleware's test, which then leaves it as it is)."""
    accepts_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
    if accepts_gzip and sum(map(len, layout.encoded)) >= MIN_COMPRESSED_LENGTH:
        response = HttpResponse(layout.gzipped(values))
        response.headers["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(layout.text(values))
    patch_vary_headers(response, ("Accept-Encoding",))
    return response
