"""markdownx's two endpoints, rewritten for staff only.

markdownx's own URLs let anyone preview and upload (upstream issues #136,
#160), and its upload trusts the file's name and content type. These views
keep the URL names its admin widget looks up and check everything.
"""

import io
import uuid
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_POST
from PIL import Image, UnidentifiedImageError

from articles.editorial.live_facts import preview_markdown
from common.caching import private

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Checked from the file's header, before decoding: a few kilobytes of PNG can
# hold a blank picture of 13,370 by 13,370 that takes ~850 MB to decode (Pillow
# only warns below its own, far higher limit). 25 million pixels is a
# 6000 by 4000 camera photo, more than an article ever shows.
MAX_IMAGE_PIXELS = 25_000_000
# Pillow's name for each format we accept → the extension we store it with.
ALLOWED_IMAGE_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
UPLOAD_FOLDER = "article-images"


def article_editors_only(view):
    """Logged-in staff who may add or change articles; everyone else gets 403."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        allowed = (
            user.is_authenticated
            and user.is_staff
            and (user.has_perm("articles.change_article") or user.has_perm("articles.add_article"))
        )
        if not allowed:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@private
@require_POST
@article_editors_only
def preview(request):
    """markdownx's live preview: the same renderer readers' pages use."""
    html = preview_markdown(request.POST.get("content", ""))
    return HttpResponse(html, content_type="text/html; charset=utf-8")


class TooManyPixels(Exception):
    def __init__(self, width: int, height: int):
        super().__init__(f"{width} × {height} pixels")
        self.width, self.height = width, height


def detect_image_format(data: bytes) -> str | None:
    """The real format of an uploaded image, decoded by Pillow, or None.

    Raises TooManyPixels, before anything is decoded, for a picture too big to decode safely.
    """
    # Only the accepted formats are tried: opening one of them reads only its
    # header, where some others decode the picture at once (an ICO holding a
    # 12,000 by 12,000 PNG took over 500 MB before any size could be checked).
    formats = list(ALLOWED_IMAGE_FORMATS)
    try:
        with Image.open(io.BytesIO(data), formats=formats) as image:
            detected = image.format
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise TooManyPixels(image.width, image.height)
            image.verify()
        # verify() checks structure only; a full decode catches truncated data.
        with Image.open(io.BytesIO(data), formats=formats) as image:
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    return detected if detected in ALLOWED_IMAGE_FORMATS else None


def upload_error(message: str) -> JsonResponse:
    return JsonResponse({"image": [message]}, status=400)


@private
@require_POST
@article_editors_only
def upload(request):
    uploaded = request.FILES.get("image")
    if uploaded is None:
        return upload_error("Choose an image to upload.")
    if uploaded.size > MAX_UPLOAD_BYTES:
        return upload_error("That image is larger than 5 MB. Make it smaller and try again.")
    data = uploaded.read()
    try:
        image_format = detect_image_format(data)
    except TooManyPixels as too_many:
        return upload_error(
            f"That image is {too_many.width} × {too_many.height} pixels; the largest we accept "
            f"is {MAX_IMAGE_PIXELS // 1_000_000} million pixels (for example 6000 × 4000). "
            "Make it smaller and try again."
        )
    if image_format is None:
        return upload_error(
            "That file is not a PNG, JPEG or WebP image. SVG and other files are not accepted."
        )
    # A random name, with the extension of what the file really is.
    name = f"{UPLOAD_FOLDER}/{uuid.uuid4().hex}.{ALLOWED_IMAGE_FORMATS[image_format]}"
    saved = default_storage.save(name, ContentFile(data))
    return JsonResponse({"image_code": f"![]({default_storage.url(saved)})"})
