"""Report a mistake: the reader's form, its checks and its flood limit.

A report is the one thing a reader can choose to send, so it is the one thing
stored. Limits keep a bot or a flood from filling the editors' list: a hidden
field people never see (bots fill it), a length cap on every field, and a
number of reports per address per hour.
"""

import logging
from urllib.parse import urlsplit

from django import forms
from django.core.cache import cache
from django.urls import Resolver404, resolve
from django.utils.http import url_has_allowed_host_and_scheme
from redis.exceptions import RedisError

from common.http import client_address, keyed_digest

logger = logging.getLogger(__name__)
REPORTS_PER_HOUR = 5
MESSAGE_MAX = 2000
PAGE_MAX = 300


class MistakeReportForm(forms.Form):
    page = forms.CharField(
        label="Which page is it about?",
        max_length=PAGE_MAX,
        help_text="We filled this in for you. Change it if the mistake is on another page.",
    )
    message = forms.CharField(
        label="What is wrong?",
        max_length=MESSAGE_MAX,
        min_length=5,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Tell us what you think is wrong, and where you read otherwise if you can. "
        "Please do not include details about your health.",
        error_messages={
            "required": "Tell us what is wrong, in a few words.",
            "min_length": "Tell us a little more: at least %(limit_value)d characters.",
            "max_length": "Please keep it to %(limit_value)d characters or fewer "
            "(you wrote %(show_value)d).",
        },
    )
    email = forms.EmailField(
        label="Your email address (optional)",
        required=False,
        max_length=254,
        help_text="Only if you would like a reply. We use it for nothing else.",
        error_messages={
            "invalid": "This does not look like an email address. Leave it "
            "empty if you do not want a reply."
        },
    )
    # Hidden from people by CSS and from screen readers; bots fill every field.
    website = forms.CharField(required=False, label="Leave this empty")

    def clean_page(self) -> str:
        page = self.cleaned_data["page"].strip()
        if not is_site_page(page):
            raise forms.ValidationError(
                "Give the address of a page on this site, starting with /, for example "
                "/therapies/ipt/."
            )
        return page

    @property
    def is_from_a_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


def is_site_page(address: str) -> bool:
    """Whether an address is a page of this site that no browser reads as another site's.

    Editors see the page as a link in the admin. Browsers treat "/\\evil.example/"
    as "//evil.example/" and drop tabs and newlines, so "/<TAB>/evil.example/" is
    another site too: Django's check knows these. The path must also be one of
    the site's addresses.
    """
    if not address.startswith("/") or "\x00" in address:
        return False
    if not url_has_allowed_host_and_scheme(address, allowed_hosts=set()):
        return False
    try:
        resolve(urlsplit(address).path)
    except Resolver404:
        return False
    return True


def safe_page_address(value: str) -> str:
    """A page address from the query string, only if it is one of ours."""
    value = (value or "")[:PAGE_MAX]
    return value if is_site_page(value) else ""


def why_not_now(request) -> tuple[str, int] | None:
    """Why a report cannot be taken now, with the status to answer, or None."""
    try:
        flooded = too_many_reports(request)
    except RedisError as error:
        # Without the shared cache the limit cannot be checked: refuse, and
        # say so, rather than fail with a server error.
        logger.error("Report refused: the shared cache cannot be reached: %s", error)
        return (
            "We cannot take reports just now: part of the site is not answering. Your "
            "report is still here; please try sending it again in a few minutes.",
            503,
        )
    if flooded:
        return (
            "We have had several reports from your connection in the last hour, so "
            "we cannot take another just now. Please try again in an hour.",
            429,
        )
    return None


def too_many_reports(request) -> bool:
    """Counts this report against the sender's address; True once over the limit."""
    key = f"mistake-reports:{keyed_digest(client_address(request))}"
    if cache.add(key, 1, timeout=60 * 60):
        return False
    try:
        return cache.incr(key) > REPORTS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        return False
