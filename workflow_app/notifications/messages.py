"""The five descriptor e-mails of ORIGINS C8 (subjects and texts as specified) and the idea
decision's, each plain text + HTML.

Every user-supplied string (names, criterion names, comments) is HTML-escaped in the HTML part
and kept out of headers' line structure in the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape

from workflow_app.notifications.email import MailSettings, mail_settings

SA_QUEUE_PATH = "/descriptors/review"
SCM_DESCRIPTORS_PATH = "/descriptors/mine"
SCM_FALLBACK = "Your SCM"
SA_FALLBACK = "Your Skill Advisor"
MODIFIED_NOTE = "The wording was modified during approval. Please review the final version."
FOOTER = (
    "Sent via Workflow",
    "This is an automated notification. Please do not reply directly to this email.",
)


def _name(value: str | None, fallback: str) -> str:
    return (value or "").strip() or fallback


def _one_line(value: str) -> str:
    return re.sub(r"\s+", " ", value or "").strip()


def _descriptors(count: int, adjective: str = "") -> str:
    noun = "descriptor" if count == 1 else "descriptors"
    return " ".join(part for part in (str(count), adjective, noun) if part)


@dataclass(frozen=True)
class Letter:
    """One notification, before it is addressed: the same words feed the e-mail and the inbox."""

    kind: str
    subject: str
    # The opening sentence as (text, is_user_supplied) pieces, so HTML can escape and embolden.
    intro: tuple[tuple[str, bool], ...]
    button: str
    path: str
    note: str = ""
    feedback: str = ""
    items: tuple[str, ...] = ()  # a digest's list, one line each (user-supplied: escaped in HTML)

    @property
    def intro_text(self) -> str:
        return "".join(piece for piece, _ in self.intro)

    @property
    def summary(self) -> str:
        """The in-app notification's body."""
        lines = [self.intro_text] + ([self.note] if self.note else [])
        if self.feedback:
            lines.append(f"Feedback: {self.feedback}")
        return "\n".join(lines)

    def text(self, settings: MailSettings) -> str:
        lines = [self.intro_text, ""]
        if self.items:
            lines += [f"- {item}" for item in self.items] + [""]
        if self.note:
            lines += [self.note, ""]
        if self.feedback:
            lines += ["Feedback:", self.feedback, ""]
        lines += [f"{self.button}: {settings.link(self.path)}", "", "--", *FOOTER]
        return "\n".join(lines) + "\n"

    def html(self, settings: MailSettings) -> str:
        intro = "".join(f"<strong>{escape(p)}</strong>" if user else escape(p) for p, user in self.intro)
        parts = [f'<p style="font-size:15px;line-height:1.5">{intro}</p>']
        if self.items:
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in self.items) + "</ul>")
        if self.note:
            parts.append(f'<p style="color:#92400e;background:#fffbeb;padding:12px">{escape(self.note)}</p>')
        if self.feedback:
            feedback = escape(self.feedback).replace("\n", "<br>")
            parts.append(
                '<div style="border-left:4px solid #dc2626;background:#fef2f2;padding:12px">'
                f'<p style="margin:0 0 6px;font-weight:600">Feedback</p><p style="margin:0">{feedback}</p></div>'
            )
        url = escape(settings.link(self.path), quote=True)
        parts.append(
            f'<p><a href="{url}" style="display:inline-block;background:#1d4ed8;color:#fff;'
            f'padding:10px 18px;border-radius:6px;text-decoration:none">{escape(self.button)}</a></p>'
        )
        footer = "<br>".join(escape(line) for line in FOOTER)
        parts.append(f'<hr><p style="color:#6b7280;font-size:12px">{footer}</p>')
        body = "\n".join(parts)
        return f'<!doctype html><html><body style="font-family:sans-serif;color:#111827">{body}</body></html>'

    def message(self, *, to: str, settings: MailSettings | None = None) -> EmailMessage:
        settings = settings or mail_settings()
        message = EmailMessage()
        message["Subject"] = self.subject
        message["From"] = settings.sender
        message["To"] = to
        message.set_content(self.text(settings))
        message.add_alternative(self.html(settings), subtype="html")
        return message


def review_request(*, scm_name: str | None, count: int) -> Letter:
    """NOTIF-01: an SCM submitted a new batch."""
    return Letter(
        kind="descriptor.batch_submitted",
        subject=f"Descriptor Review Request: {_descriptors(count)} pending",
        intro=(
            (_name(scm_name, SCM_FALLBACK), True),
            (f" has submitted {_descriptors(count)} for your review.", False),
        ),
        button="Review Descriptors",
        path=SA_QUEUE_PATH,
    )


def resubmitted(*, scm_name: str | None, count: int) -> Letter:
    """NOTIF-05: the batch holds descriptors that were returned and revised."""
    return Letter(
        kind="descriptor.batch_resubmitted",
        subject=f"Revised Descriptors Resubmitted: {_descriptors(count)}",
        intro=(
            (_name(scm_name, SCM_FALLBACK), True),
            (f" has resubmitted {_descriptors(count, 'revised')} for your review.", False),
        ),
        button="Review Descriptors",
        path=SA_QUEUE_PATH,
    )


def approved(*, criterion_name: str, sa_name: str | None, was_modified: bool = False) -> Letter:
    """NOTIF-02, or NOTIF-03 when the SA changed the wording while approving."""
    prefix = "Descriptor Approved with Changes" if was_modified else "Descriptor Approved"
    return Letter(
        kind="descriptor.approved_with_changes" if was_modified else "descriptor.approved",
        subject=f"{prefix}: {_one_line(criterion_name)}",
        intro=(
            ("Your descriptor ", False),
            (criterion_name, True),
            (" has been approved by ", False),
            (_name(sa_name, SA_FALLBACK), True),
            (".", False),
        ),
        note=MODIFIED_NOTE if was_modified else "",
        button="View My Descriptors",
        path=SCM_DESCRIPTORS_PATH,
    )


def approved_with_changes(*, criterion_name: str, sa_name: str | None) -> Letter:
    """NOTIF-03."""
    return approved(criterion_name=criterion_name, sa_name=sa_name, was_modified=True)


def returned(*, criterion_name: str, sa_name: str | None, comment: str) -> Letter:
    """NOTIF-04: the SA sent the descriptor back with feedback."""
    return Letter(
        kind="descriptor.returned",
        subject=f"Descriptor Returned: {_one_line(criterion_name)}",
        intro=(
            (_name(sa_name, SA_FALLBACK), True),
            (" has returned your descriptor ", False),
            (criterion_name, True),
            (" with feedback.", False),
        ),
        feedback=(comment or "").strip(),
        button="Review Feedback",
        path=SCM_DESCRIPTORS_PATH,
    )


def idea_decided(*, idea_id: str, title: str, accepted: bool, comment: str) -> Letter:
    """To the author once an admin decided their idea (the in-app text as before, now mailed too)."""
    verb = "accepted" if accepted else "rejected"
    return Letter(
        kind=f"idea.{verb}",
        subject=_one_line(f'Your idea "{title}" was {verb}')[:200],
        intro=(("Reviewer's comment: ", False), (comment, True)),
        button="View Your Idea",
        path=f"/ideas/{idea_id}",
    )


def new_idea(*, idea_id: str, title: str) -> Letter:
    """To each admin when an idea is submitted (NEW_IDEA_MAIL=each)."""
    return Letter(
        kind="idea.submitted",
        subject=_one_line(f'New idea to review: "{title}"')[:200],
        intro=(("A new idea waits for a reviewer: ", False), (title, True), (".", False)),
        button="Review Idea",
        path=f"/admin/review/{idea_id}",
    )


def review_digest(
    *, overdue: int, overdue_items: tuple[str, ...], new_ideas: int, new_items: tuple[str, ...], path: str, what: str
) -> Letter:
    """The daily digest to one reviewer: what is past its review due time, and (admins) the
    ideas submitted since the last digest. ``what`` names the work ("idea", "descriptor")."""
    parts = []
    if overdue:
        parts.append(f"{overdue} {what}{'' if overdue == 1 else 's'} past the review due time")
    if new_ideas:
        parts.append(f"{new_ideas} new idea{'' if new_ideas == 1 else 's'}")
    return Letter(
        kind="review.digest",
        subject=("Reviews waiting: " + ", ".join(parts))[:200],
        intro=(("Waiting for you today: " + " and ".join(parts) + ".", False),),
        items=tuple(_one_line(i)[:200] for i in (*overdue_items, *new_items)),
        button="Open the review queue",
        path=path,
    )
