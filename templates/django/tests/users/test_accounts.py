import io
import re
import secrets

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from config.settings import local
from tests.conftest import PASSWORD


def test_sign_up_sends_a_verification_email(client: Client, db: None) -> None:
    """Signing up asks the new user to confirm their address by email."""
    response = client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert mail.outbox[0].to == ["new@example.com"]


def test_confirming_the_email_lets_the_user_log_in(client: Client, db: None) -> None:
    """The link in the email verifies the address; logging in then works."""
    client.post(
        "/accounts/signup/",
        {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", str(mail.outbox[0].body))
    assert link
    client.post(link.group(1))

    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_console_prints_the_confirmation_link_whole(client: Client, db: None) -> None:
    """With development's mail settings, the link printed in the sign-up mail is whole: copied
    from the terminal, it confirms the address."""
    printed = io.StringIO()
    console = {**local.MAILERS["default"], "OPTIONS": {"stream": printed}}
    with override_settings(MAILERS={"default": console}):
        client.post(
            "/accounts/signup/",
            {"email": "new@example.com", "password1": PASSWORD, "password2": PASSWORD},
        )
    link = re.search(r"http://testserver(/accounts/confirm-email/\S+)", printed.getvalue())
    assert link
    client.post(link.group(1))

    response = client.post("/accounts/login/", {"login": "new@example.com", "password": PASSWORD})

    assert response["Location"] == "/"


def test_unverified_user_cannot_log_in(client: Client, other_user: object) -> None:
    """Until the address is confirmed, logging in only resends the email."""
    response = client.post("/accounts/login/", {"login": "bob@example.com", "password": PASSWORD})

    assert response["Location"] == "/accounts/confirm-email/"


def test_password_reset_sends_an_email(client: Client, user: object) -> None:
    """A reset link is mailed to a known address."""
    response = client.post("/accounts/password/reset/", {"email": "ada@example.com"})

    assert response.status_code == 302
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_log_out_ends_the_session(user_client: Client) -> None:
    """Log out is a POST that signs the user out."""
    user_client.post("/accounts/logout/")

    assert b'id="resources"' not in user_client.get("/").content


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "2/300s/key"})
def test_a_locked_out_login_answers_429(client: Client, db: None) -> None:
    """Past the failed attempts allowed, the log-in page answers 429 and says why."""
    # An address of its own: in Redis, the count of failures outlives a run of the tests.
    email = f"locked-{secrets.token_hex(4)}@example.com"
    get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    wrong = {"login": email, "password": "not-the-password"}
    for _ in range(2):
        assert client.post("/accounts/login/", wrong).status_code == 200

    response = client.post("/accounts/login/", {"login": email, "password": PASSWORD})

    assert response.status_code == 429
    assert "Too many failed login attempts" in response.text
