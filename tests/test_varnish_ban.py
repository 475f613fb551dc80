"""Content changes tell Varnish to drop its pages (config/varnish.py).

A real HTTP server on loopback stands in for Varnish and records each BAN it
receives; tests/test_varnish.py does the same against varnishd itself.
"""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.therapies.test_admin import therapy_form_data
from therapies.models import Therapy

pytestmark = pytest.mark.django_db


class FakeVarnish(ThreadingHTTPServer):
    """Answers BAN with the statuses it is given in turn, then 200."""

    def __init__(self, statuses=()):
        self.bans: list[str] = []
        self.statuses = list(statuses)
        super().__init__(("127.0.0.1", 0), BanHandler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}/"

    def __enter__(self):
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


class BanHandler(BaseHTTPRequestHandler):
    def do_BAN(self):
        self.server.bans.append(self.path)
        status = self.server.statuses.pop(0) if self.server.statuses else 200
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def edit_ipt(editor_client, committed):
    ipt = Therapy.objects.get(slug="ipt")
    with committed():
        response = editor_client.post(
            f"/admin/therapies/therapy/{ipt.pk}/change/",
            therapy_form_data(ipt, sessions_min=9, sessions_max=15),
        )
    return response


def test_an_edit_bans_varnish_once_it_is_committed(editor_client, starter, settings, committed):
    with FakeVarnish() as fake:
        settings.VARNISH_URLS = [fake.url]
        ipt = Therapy.objects.get(slug="ipt")
        with committed():
            editor_client.post(
                f"/admin/therapies/therapy/{ipt.pk}/change/",
                therapy_form_data(ipt, sessions_min=9, sessions_max=15),
            )
            assert fake.bans == []  # not before the commit
        # Sent before the editor's response returns, not later.
        assert fake.bans and set(fake.bans) == {"/"}


def test_no_ban_is_sent_without_varnish_url(editor_client, starter, settings, committed):
    with FakeVarnish() as fake:
        settings.VARNISH_URLS = []
        assert edit_ipt(editor_client, committed).status_code == 302
        assert fake.bans == []


def test_a_failed_ban_is_logged_and_the_edit_is_saved(
    editor_client, starter, settings, committed, caplog
):
    with FakeVarnish(statuses=[503]) as fake:
        settings.VARNISH_URLS = [fake.url]
        with caplog.at_level(logging.WARNING, logger="config.varnish"):
            assert edit_ipt(editor_client, committed).status_code == 302
        assert fake.bans == ["/"]  # tried once
    assert Therapy.objects.get(slug="ipt").sessions_min == 9
    assert "Varnish ban to" in caplog.text and "stay until they expire" in caplog.text


def test_an_unreachable_varnish_never_fails_the_editors_save(
    editor_client, starter, settings, committed, caplog
):
    # A port nobody listens on: connections are refused.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.VARNISH_URLS = [f"http://127.0.0.1:{port}/"]
    with caplog.at_level(logging.WARNING, logger="config.varnish"):
        assert edit_ipt(editor_client, committed).status_code == 302
    assert Therapy.objects.get(slug="ipt").sessions_min == 9
    assert "stay until they expire" in caplog.text
