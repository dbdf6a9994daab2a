"""The verification and reset e-mails reach a real SMTP server on loopback, with a working link."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.core.helpers import STRONG_PASSWORD
from tests.factories import make_user
from tests.notifications.test_email import parts
from tests.support.smtp import Collector, local_smtp
from workflow_app.accounts.domain import accounts, password_reset, verification
from workflow_app.notifications import account_mail

BASE_URL = "https://workflow.example"


@pytest.fixture
def smtp(monkeypatch) -> Collector:
    with local_smtp(monkeypatch, base_url=BASE_URL) as collector:
        yield collector


def link_in(text: str, path: str) -> str:
    found = re.search(rf"{re.escape(BASE_URL + path)}\?token=[0-9a-f]{{64}}", text)
    assert found, text
    return found.group(0)


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def test_registering_mails_the_verification_link_which_verifies(session, clock, smtp):
    result = account_mail.register_for_verification(
        session,
        email="ada@example.org",
        password=STRONG_PASSWORD,
        confirm_password=STRONG_PASSWORD,
        display_name="Ada <b>",
        clock=clock,
    )

    assert result.ok and result.value == "ada@example.org"
    [(to, message)] = smtp.delivered()
    text, html = parts(message)
    assert to == ["ada@example.org"]
    assert message["Subject"] == "Verify your InnovatEPAM account"
    url = link_in(text, "/verify-email")
    assert f'href="{url}"' in html and "Ada &lt;b&gt;" in html
    assert verification.verify_email(session, token=token_of(url), clock=clock).ok
    assert accounts.sign_in(
        session, email="ada@example.org", password=STRONG_PASSWORD, require_verified=True, clock=clock
    ).ok


def test_resending_mails_a_new_link_and_an_unknown_address_gets_nothing(session, clock, smtp):
    account_mail.register_for_verification(
        session, email="ada@example.org", password=STRONG_PASSWORD, confirm_password=STRONG_PASSWORD, clock=clock
    )

    assert account_mail.resend_verification(session, email="ada@example.org", clock=clock).ok
    assert account_mail.resend_verification(session, email="nobody@example.org", clock=clock).ok

    delivered = smtp.delivered()
    assert [to for to, _ in delivered] == [["ada@example.org"], ["ada@example.org"]]
    first, second = (link_in(parts(m)[0], "/verify-email") for _, m in delivered)
    assert first != second


def test_asking_for_a_reset_mails_a_link_that_sets_the_new_password(session, clock, smtp):
    user = make_user(session, email="grace@example.org")

    assert account_mail.request_password_reset(session, email="grace@example.org", clock=clock).ok

    [(to, message)] = smtp.delivered()
    assert to == ["grace@example.org"] and message["Subject"] == "Reset your InnovatEPAM password"
    url = link_in(parts(message)[0], "/reset-password")
    assert password_reset.reset_password(
        session, token=token_of(url), new_password="N3wPassword", confirm_password="N3wPassword", clock=clock
    ).ok
    assert accounts.sign_in(session, email=user.email, password="N3wPassword", clock=clock).ok


def test_a_reset_for_an_unknown_address_sends_nothing(session, clock, smtp):
    assert account_mail.request_password_reset(session, email="nobody@example.org", clock=clock).ok

    assert smtp.delivered() == []
