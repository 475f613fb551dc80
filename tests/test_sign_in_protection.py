import hashlib
import io
import ipaddress
import logging

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from tests.conftest import HTTPS
from tests.pages import text_of

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"  # the editor fixture's password


def sign_in(password: str, address: str = "192.0.2.10", username: str = "edith"):
    client = Client(headers={**HTTPS, "Host": "testserver"}, REMOTE_ADDR=address)
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password})


def test_ten_wrong_passwords_lock_the_account_from_that_address_even_for_the_right_password(
    editor,
):
    for _ in range(10):
        assert "Please enter the correct username" in text_of(sign_in("wrong password"))
    response = sign_in(PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-ins" in text_of(response)
    assert "ask an administrator to unlock it" in text_of(response)
    # The lock is on this account from this address: an attacker elsewhere
    # cannot lock the editor out of their own.
    assert sign_in(PASSWORD, address="198.51.100.7").status_code == 302


def test_an_administrator_unlocks_the_account_with_a_command(editor):
    for _ in range(10):
        sign_in("wrong password")
    call_command("unlock_login", "edith", stdout=io.StringIO())
    assert sign_in(PASSWORD).status_code == 302


def test_an_administrator_unlocks_the_account_from_the_users_list(editor):
    for _ in range(10):
        sign_in("wrong password")
    admin_user = User.objects.create_superuser("root", "root@example.org", "another long password")
    client = Client(headers={**HTTPS, "Host": "testserver"})
    client.force_login(admin_user)
    response = client.post(
        "/admin/auth/user/", {"action": "unlock_sign_in", "_selected_action": [editor.pk]}
    )
    assert response.status_code == 302
    assert sign_in(PASSWORD).status_code == 302


def test_one_address_trying_many_accounts_is_locked_out(editor):
    for n in range(30):
        sign_in("wrong", address="203.0.113.5", username=f"guess{n}")
    assert "Too many failed sign-ins" in text_of(sign_in(PASSWORD, address="203.0.113.5"))
    assert sign_in(PASSWORD, address="203.0.113.6").status_code == 302


def sign_in_through(password: str, remote: str, forwarded: str | None = None):
    headers = {**HTTPS, "Host": "testserver"}
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded
    client = Client(headers=headers, REMOTE_ADDR=remote)
    return client.post("/admin/login/?next=/admin/", {"username": "edith", "password": password})


def locked(response) -> bool:
    return "Too many failed sign-ins" in text_of(response)


def test_with_no_proxy_in_front_a_forged_forwarded_header_gives_no_fresh_address(editor, settings):
    settings.TRUSTED_PROXIES = []
    for n in range(10):
        # A new made-up X-Forwarded-For each time: ignored, REMOTE_ADDR counts.
        sign_in_through("wrong password", "203.0.113.9", forwarded=f"198.51.100.{n}")
    assert locked(sign_in_through(PASSWORD, "203.0.113.9", forwarded="198.51.100.99"))
    assert sign_in_through(PASSWORD, "203.0.113.10").status_code == 302


def test_behind_one_proxy_each_client_has_its_own_limits(editor, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/8")]
    proxy = "10.0.0.1"
    for n in range(10):
        # The proxy appends the client's address after whatever it sent.
        sign_in_through("wrong password", proxy, forwarded=f"198.51.100.{n}, 203.0.113.9")
    assert locked(sign_in_through(PASSWORD, proxy, forwarded="203.0.113.9"))
    assert locked(sign_in_through(PASSWORD, proxy, forwarded="10.9.9.9, 203.0.113.9"))
    # Another reader behind the same proxy is not locked out.
    assert sign_in_through(PASSWORD, proxy, forwarded="203.0.113.10").status_code == 302
    # A request that did not come from the proxy is its own address, header or not.
    assert sign_in_through(PASSWORD, "203.0.113.20", forwarded="203.0.113.9").status_code == 302


def test_behind_nginx_and_varnish_the_client_is_the_rightmost_address_that_is_not_a_proxy(
    editor, settings
):
    # nginx and Varnish on one machine: Varnish appends nginx's address.
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    varnish, nginx = "127.0.0.1", "127.0.0.1"
    for n in range(10):
        forwarded = f"192.0.2.{n}, 203.0.113.9, {nginx}"
        sign_in_through("wrong password", varnish, forwarded=forwarded)
    assert locked(sign_in_through(PASSWORD, varnish, forwarded=f"203.0.113.9, {nginx}"))
    assert sign_in_through(PASSWORD, varnish, forwarded=f"203.0.113.10, {nginx}").status_code == 302
    # Sending "X-Forwarded-For: 127.0.0.1" to pass for a proxy changes nothing:
    # nginx writes the sender's address to the right of it.
    forged = f"127.0.0.1, 203.0.113.9, {nginx}"
    assert locked(sign_in_through(PASSWORD, varnish, forwarded=forged))


def test_thirty_failures_on_made_up_names_lock_only_the_guessers_address(editor, settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    for n in range(30):
        client = Client(
            headers={**HTTPS, "Host": "testserver", "X-Forwarded-For": "203.0.113.9, 127.0.0.1"},
            REMOTE_ADDR="127.0.0.1",
        )
        client.post("/admin/login/", {"username": f"guess{n}", "password": "wrong"})
    assert locked(sign_in_through(PASSWORD, "127.0.0.1", forwarded="203.0.113.9, 127.0.0.1"))
    other = sign_in_through(PASSWORD, "127.0.0.1", forwarded="198.51.100.20, 127.0.0.1")
    assert other.status_code == 302


def test_a_successful_sign_in_clears_earlier_failures(editor):
    for _ in range(9):
        sign_in("wrong password")
    assert sign_in(PASSWORD).status_code == 302
    for _ in range(9):
        sign_in("wrong password")
    assert sign_in(PASSWORD).status_code == 302


def test_an_empty_password_is_not_a_sign_in_and_clears_no_failures(editor, caplog):
    for _ in range(9):
        sign_in("wrong password")
    with caplog.at_level(logging.INFO, logger="therapies.security"):
        empty = sign_in("")
    assert empty.status_code == 200
    assert "Signed in" not in caplog.text
    for _ in range(9):
        sign_in("wrong password")
    # 18 failures from this address: locked, the right password included.
    assert locked(sign_in(PASSWORD))


def test_the_limits_keep_no_address_or_login_name_in_the_shared_cache(editor, shared_cache_keys):
    sign_in("wrong password", address="203.0.113.9")
    sign_in(PASSWORD, address="203.0.113.9")
    assert shared_cache_keys, "the limits wrote nothing"
    plain_hashes = [hashlib.sha256(text).hexdigest()[:32] for text in [b"203.0.113.9", b"edith"]]
    for key in shared_cache_keys:
        assert "203.0.113.9" not in key and "edith" not in key
        assert not any(plain in key for plain in plain_hashes), key


def test_sign_ins_are_logged_without_passwords(editor, caplog):
    with caplog.at_level(logging.INFO, logger="therapies.security"):
        sign_in("wrong password")
        sign_in(PASSWORD)
    assert "Failed sign-in: account='edith'" in caplog.text
    assert "Signed in: account='edith'" in caplog.text
    assert PASSWORD not in caplog.text and "wrong password" not in caplog.text


def test_weak_passwords_are_refused():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    for weak in ["short1", "password123456", "123456789012"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("a long and unusual pass phrase")


def test_admin_changes_are_logged(editor, editor_client, starter):
    from django.contrib.admin.models import LogEntry

    from therapies.models import Therapy

    editor.first_name, editor.last_name = "Edith", "Jones"
    editor.save()

    dit = Therapy.objects.get(slug="dit")
    editor_client.post(
        "/admin/therapies/therapy/", {"action": "mark_reviewed", "_selected_action": [dit.pk]}
    )
    assert LogEntry.objects.filter(
        object_id=str(dit.pk), change_message="Marked as reviewed."
    ).exists()


# Sign-in protection (issue 16) -------------------------------------------------

LOOK_ALIKES = ["edith", "ｅｄｉｔｈ", "EDITH", " Edith ", "ｅdith"]


def test_look_alike_spellings_of_a_username_share_its_failure_count(editor):
    # Each signs in to the same account: the full-width letters are "edith" once normalised.
    assert sign_in(PASSWORD, username="ｅｄｉｔｈ").status_code == 302
    for n in range(10):
        sign_in("wrong password", username=LOOK_ALIKES[n % len(LOOK_ALIKES)])
    for spelling in ["edith", "ｅｄｉｔｈ"]:
        assert "Too many failed sign-ins" in text_of(sign_in(PASSWORD, username=spelling))


def test_failures_from_other_addresses_do_not_lock_the_editor_out_of_their_own(editor):
    for n in range(60):
        sign_in("wrong password", address=f"203.0.113.{n % 6}")
    assert sign_in(PASSWORD, address="192.0.2.10").status_code == 302


def test_slow_guessing_from_many_addresses_meets_a_ceiling_for_the_account(editor):
    assert sign_in(PASSWORD, address="192.0.2.10").status_code == 302  # the editor's own
    for n in range(100):
        sign_in("wrong password", address=f"198.51.{n // 250}.{n % 250}")
    # From any new address the account is locked, even with the right password...
    assert "Too many failed sign-ins" in text_of(sign_in(PASSWORD, address="203.0.113.99"))
    # ...but not from where the editor has signed in before.
    assert sign_in(PASSWORD, address="192.0.2.10").status_code == 302


@pytest.mark.skipif(
    bool(__import__("os").environ.get("REDIS_URL")), reason="moves the clock of the local cache"
)
def test_the_lock_lasts_fifteen_minutes_from_the_last_failure(editor, monkeypatch):
    import time

    now = [time.time()]
    monkeypatch.setattr(time, "time", lambda: now[0])
    for _ in range(9):
        sign_in("wrong password")
    now[0] += 14 * 60
    sign_in("wrong password")  # the tenth, 14 minutes after the first
    now[0] += 2 * 60  # 16 minutes after the first failure, 2 after the last
    assert "Too many failed sign-ins" in text_of(sign_in(PASSWORD))
    now[0] += 14 * 60
    assert sign_in(PASSWORD).status_code == 302


def test_a_reviewer_is_shown_by_the_name_they_set_never_by_their_login_name(
    editor, editor_client, client, starter, committed
):
    from therapies.models import Therapy

    dit = Therapy.objects.get(slug="dit")
    response = editor_client.post(
        "/admin/therapies/therapy/",
        {"action": "mark_reviewed", "_selected_action": [dit.pk]},
        follow=True,
    )
    assert "Add your name to your account" in text_of(response)
    for page in [client.get("/therapies/dit/"), client.get("/api/therapies/dit/")]:
        assert "edith" not in page.content.decode()

    editor.first_name, editor.last_name = "Edith", "Jones"
    editor.save()
    with committed():
        editor_client.post(
            "/admin/therapies/therapy/", {"action": "mark_reviewed", "_selected_action": [dit.pk]}
        )
    assert "by Edith Jones" in text_of(client.get("/therapies/dit/"))
    assert "edith" not in client.get("/api/therapies/dit/").content.decode()


def test_with_the_shared_cache_down_sign_in_says_so_calmly(editor, shared_cache_down, caplog):
    with caplog.at_level(logging.ERROR, logger="therapies.security"):
        response = sign_in(PASSWORD)
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    page = text_of(response)
    assert "Signing in is not possible just now" in page
    assert "Please try again in a few minutes" in page
    assert 'value="edith"' in response.content.decode()
    assert "Sign-in unavailable: the shared cache cannot be reached" in caplog.text
    # Readers' pages keep working.
    assert Client(headers={**HTTPS, "Host": "testserver"}).get("/urgent-help/").status_code == 200
