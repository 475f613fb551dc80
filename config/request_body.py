"""Refuses a request body larger than the site ever needs, before anything reads it.

Django limits form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files: a
100 MB multipart POST to any form was read to a temporary file before the
CSRF check refused it. nginx refuses such bodies first (deploy/nginx.conf);
this is the same limit where no nginx is in front.
"""

from django.conf import settings
from django.shortcuts import render


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > settings.REQUEST_BODY_MAX_BYTES:
            return render(request, "413.html", status=413)
        return self.get_response(request)
