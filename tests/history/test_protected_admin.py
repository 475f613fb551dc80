import io
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


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_password(editor):
    for _ in range(10):
        assert "Please enter the correct username" in text_of(sign_in("wrong password"))
    response = sign_in(PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-ins" in text_of(response)
    assert "ask an administrator to unlock it" in text_of(response)
    # From another address too: the lock is on the account.
    assert "Too many failed sign-ins" in text_of(sign_in(PASSWORD, address="198.51.100.7"))


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


def test_behind_the_load_balancer_the_forwarded_client_address_counts(editor):
    balancer = "10.0.0.1"
    for n in range(30):
        client = Client(
            headers={**HTTPS, "Host": "testserver", "X-Forwarded-For": "203.0.113.9"},
            REMOTE_ADDR=balancer,
        )
        client.post("/admin/login/", {"username": f"guess{n}", "password": "wrong"})
    # The attacker's address is locked; editors behind the same balancer are not.
    other = Client(
        headers={**HTTPS, "Host": "testserver", "X-Forwarded-For": "198.51.100.20"},
        REMOTE_ADDR=balancer,
    )
    assert (
        other.post("/admin/login/", {"username": "edith", "password": PASSWORD}).status_code == 302
    )


def test_a_successful_sign_in_clears_earlier_failures(editor):
    for _ in range(9):
        sign_in("wrong password")
    assert sign_in(PASSWORD).status_code == 302
    for _ in range(9):
        sign_in("wrong password")
    assert sign_in(PASSWORD).status_code == 302


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


def test_admin_changes_are_logged(editor_client, starter):
    from django.contrib.admin.models import LogEntry

    from therapies.models import Therapy

    dit = Therapy.objects.get(slug="dit")
    editor_client.post(
        "/admin/therapies/therapy/", {"action": "mark_reviewed", "_selected_action": [dit.pk]}
    )
    assert LogEntry.objects.filter(
        object_id=str(dit.pk), change_message="Marked as reviewed."
    ).exists()
