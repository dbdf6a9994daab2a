"""The five descriptor e-mails reach a real SMTP server on loopback; a dead server harms nothing."""

from __future__ import annotations

import logging
from email.message import EmailMessage

import pytest
from sqlmodel import select

from tests.descriptors.library_helpers import make_descriptor
from tests.factories import make_actor
from tests.support.smtp import Collector, free_port, local_smtp
from workflow_app.core.events import DomainEvent
from workflow_app.descriptors.domain.events import BatchSentForReview
from workflow_app.ideas.domain.events import IdeaDecided
from workflow_app.models import DescriptorBatchStatus, Notification, ReviewDecision, Role
from workflow_app.notifications import email as mail
from workflow_app.notifications import events, messages
from workflow_app.notifications.deliver import deliver

BASE_URL = "https://workflow.example"


@pytest.fixture
def smtp(monkeypatch) -> Collector:
    with local_smtp(monkeypatch, base_url=BASE_URL) as collector:
        yield collector


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, HTML) with the wire's CRLF line ends turned back into LF."""
    text, html = (message.get_body((kind,)).get_content() for kind in ("plain", "html"))
    return text.replace("\r\n", "\n"), html.replace("\r\n", "\n")


@pytest.fixture
def people(session):
    scm = make_actor(session, role=Role.SCM, display_name="Sam Manager", email="sam@example.com")
    sa = make_actor(session, role=Role.SA, display_name="Alex Advisor", email="alex@example.com")
    return scm, sa


def approved_descriptor(session, scm):
    return make_descriptor(
        session, criterion_name="Weld seam quality", created_by=scm, batch_status=DescriptorBatchStatus.APPROVED
    )


def test_a_new_batch_asks_the_sa_for_a_review(session, clock, smtp, people):
    scm, sa = people

    events.batch_submitted(session, scm_id=scm.user_id, sa_ids=[sa.user_id], count=3, resubmitted=False, clock=clock)

    [(to, message)] = smtp.delivered()
    text, html = parts(message)
    assert to == ["alex@example.com"] and message["To"] == "alex@example.com"
    assert message["Subject"] == "Descriptor Review Request: 3 descriptors pending"
    assert message["From"] == "Workflow <no-reply@workflow.example>"
    assert "Sam Manager has submitted 3 descriptors for your review." in text
    assert f"Review Descriptors: {BASE_URL}/descriptors/review" in text
    assert "Sent via Workflow" in text and "Please do not reply directly to this email." in text
    assert f'href="{BASE_URL}/descriptors/review"' in html and "Review Descriptors" in html
    notice = session.exec(select(Notification).where(Notification.user_id == sa.user_id)).one()
    assert (notice.title, notice.link) == (message["Subject"], "/descriptors/review")


def test_a_resubmitted_batch_says_revised(session, clock, smtp, people):
    scm, sa = people

    events.batch_submitted(session, scm_id=scm.user_id, sa_ids=[sa.user_id], count=2, resubmitted=True, clock=clock)

    [(_, message)] = smtp.delivered()
    assert message["Subject"] == "Revised Descriptors Resubmitted: 2 descriptors"
    assert "Sam Manager has resubmitted 2 revised descriptors for your review." in parts(message)[0]


def test_an_approval_tells_the_author(session, clock, smtp, people):
    scm, sa = people
    descriptor = approved_descriptor(session, scm)

    events.descriptor_approved(session, descriptor_id=descriptor.id, sa_id=sa.user_id, was_modified=False, clock=clock)

    [(to, message)] = smtp.delivered()
    text, _ = parts(message)
    assert to == ["sam@example.com"]
    assert message["Subject"] == "Descriptor Approved: Weld seam quality"
    assert "Your descriptor Weld seam quality has been approved by Alex Advisor." in text
    assert f"View My Descriptors: {BASE_URL}/descriptors/mine" in text
    assert messages.MODIFIED_NOTE not in text
    assert (
        session.exec(select(Notification.kind).where(Notification.user_id == scm.user_id)).one()
        == "descriptor.approved"
    )


def test_an_approval_with_changes_carries_the_modification_note(session, clock, smtp, people):
    scm, sa = people
    descriptor = approved_descriptor(session, scm)

    events.descriptor_approved(session, descriptor_id=descriptor.id, sa_id=sa.user_id, was_modified=True, clock=clock)

    [(_, message)] = smtp.delivered()
    text, html = parts(message)
    assert message["Subject"] == "Descriptor Approved with Changes: Weld seam quality"
    assert "The wording was modified during approval. Please review the final version." in text
    assert "The wording was modified during approval." in html


def test_a_return_carries_the_feedback(session, clock, smtp, people):
    scm, sa = people
    descriptor = make_descriptor(
        session, criterion_name="Weld seam quality", created_by=scm, batch_status=DescriptorBatchStatus.RETURNED
    )

    events.descriptor_returned(
        session,
        descriptor_id=descriptor.id,
        sa_id=sa.user_id,
        comment="Score 2 is vague; name a tolerance.",
        clock=clock,
    )

    [(to, message)] = smtp.delivered()
    text, html = parts(message)
    assert to == ["sam@example.com"]
    assert message["Subject"] == "Descriptor Returned: Weld seam quality"
    assert "Alex Advisor has returned your descriptor Weld seam quality with feedback." in text
    assert "Feedback:\nScore 2 is vague; name a tolerance." in text
    assert f"Review Feedback: {BASE_URL}/descriptors/mine" in text
    assert "Feedback</p>" in html and "Score 2 is vague; name a tolerance." in html
    notice = session.exec(select(Notification).where(Notification.user_id == scm.user_id)).one()
    assert "Score 2 is vague" in notice.body


@pytest.mark.parametrize(
    ("letter", "subject"),
    [
        (messages.review_request(scm_name="S", count=1), "Descriptor Review Request: 1 descriptor pending"),
        (messages.resubmitted(scm_name="S", count=1), "Revised Descriptors Resubmitted: 1 descriptor"),
        (
            messages.approved_with_changes(criterion_name="Line\nbreak", sa_name="A"),
            "Descriptor Approved with Changes: Line break",
        ),
    ],
)
def test_subjects_count_in_the_singular_and_stay_on_one_line(letter, subject):
    assert letter.message(to="x@example.com")["Subject"] == subject


def test_missing_names_fall_back_to_the_role():
    request = messages.review_request(scm_name="  ", count=1)
    approval = messages.approved(criterion_name="Weld", sa_name=None)

    assert request.intro_text == "Your SCM has submitted 1 descriptor for your review."
    assert approval.intro_text == "Your descriptor Weld has been approved by Your Skill Advisor."


def test_html_escapes_every_user_supplied_text(session, clock, smtp, people):
    scm, sa = people
    descriptor = make_descriptor(session, criterion_name="<script>alert(1)</script> & seams", created_by=scm)

    events.descriptor_returned(
        session, descriptor_id=descriptor.id, sa_id=sa.user_id, comment='<img src=x onerror="boom">', clock=clock
    )

    [(_, message)] = smtp.delivered()
    _, html = parts(message)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; seams" in html
    assert "&lt;img src=x onerror=&quot;boom&quot;&gt;" in html


def test_a_dead_smtp_server_is_logged_and_never_raised(session, clock, people, monkeypatch, caplog):
    scm, sa = people
    descriptor = approved_descriptor(session, scm)
    monkeypatch.setenv("SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))
    monkeypatch.setenv("SMTP_ENABLED", "true")
    caplog.set_level(logging.INFO, logger="workflow_app.mail")

    events.descriptor_approved(session, descriptor_id=descriptor.id, sa_id=sa.user_id, was_modified=False, clock=clock)

    assert mail.wait_for_outbox(10)
    failures = [r for r in caplog.records if r.name == "workflow_app.mail" and r.levelno == logging.ERROR]
    assert len(failures) == 1 and "Descriptor Approved: Weld seam quality" in failures[0].getMessage()
    assert session.exec(select(Notification).where(Notification.user_id == scm.user_id)).one()


def test_mail_can_be_switched_off(session, clock, smtp, people, monkeypatch):
    scm, sa = people
    monkeypatch.setenv("SMTP_ENABLED", "false")

    events.batch_submitted(session, scm_id=scm.user_id, sa_ids=[sa.user_id], count=1, resubmitted=False, clock=clock)

    assert smtp.delivered() == []
    assert session.exec(select(Notification).where(Notification.user_id == sa.user_id)).one()


def test_events_about_unknown_rows_do_nothing_and_raise_nothing(session, clock, smtp, people):
    scm, sa = people

    events.descriptor_approved(session, descriptor_id="missing", sa_id=sa.user_id, was_modified=False, clock=clock)
    events.descriptor_returned(session, descriptor_id="missing", sa_id="missing", comment="Fix it", clock=clock)
    events.batch_submitted(session, scm_id="missing", sa_ids=["missing"], count=1, resubmitted=False, clock=clock)

    assert smtp.delivered() == []
    assert session.exec(select(Notification)).all() == []


def test_the_mail_settings_have_working_defaults(monkeypatch):
    for name in (
        "SMTP_HOST",
        "SMTP_PORT",
        "SMTP_USER",
        "SMTP_PASSWORD",
        "SMTP_STARTTLS",
        "MAIL_FROM",
        "APP_BASE_URL",
        "SMTP_ENABLED",
        "SMTP_TIMEOUT",
    ):
        monkeypatch.delenv(name, raising=False)

    assert mail.mail_settings() == mail.MailSettings(
        host="localhost",
        port=1025,
        user="",
        password="",
        starttls=False,
        sender="Workflow <no-reply@localhost>",
        base_url="http://localhost:3000",
        enabled=True,
        timeout=5.0,
    )


def test_an_idea_decision_reaches_its_author_by_mail_and_in_the_app(session, clock, smtp):
    author = make_actor(session, display_name="Ada Author", email="ada@example.com")
    decided = IdeaDecided(
        "idea-1", author_id=author.user_id, title="Bike <racks>", decision=ReviewDecision.REJECTED, comment="Not now."
    )

    deliver(session, [decided], clock=clock)

    [(to, message)] = smtp.delivered()
    text, html = parts(message)
    assert to == ["ada@example.com"] and message["Subject"] == 'Your idea "Bike <racks>" was rejected'
    assert "Reviewer's comment: Not now." in text and f"View Your Idea: {BASE_URL}/ideas/idea-1" in text
    assert "Reviewer&#x27;s comment: " in html or "Reviewer's comment: " in html
    assert f'href="{BASE_URL}/ideas/idea-1"' in html
    notice = session.exec(select(Notification).where(Notification.user_id == author.user_id)).one()
    assert (notice.kind, notice.title, notice.body, notice.link) == (
        "idea.rejected",
        'Your idea "Bike <racks>" was rejected',
        "Reviewer's comment: Not now.",
        "/ideas/idea-1",
    )


def test_a_failing_delivery_is_logged_and_the_next_event_is_still_delivered(session, clock, smtp, people, caplog):
    scm, sa = people

    class Unknown(DomainEvent):
        pass

    with caplog.at_level(logging.WARNING, logger="workflow_app.mail"):
        deliver(
            session,
            [Unknown(), BatchSentForReview(scm.user_id, sa_ids=(sa.user_id,), count=1, resubmitted=False)],
            clock=clock,
        )

    assert "No delivery for Unknown" in caplog.text
    assert [to for to, _ in smtp.delivered()] == [["alex@example.com"]]
