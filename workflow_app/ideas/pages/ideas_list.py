"""/ideas — every idea the person may see, newest first, 20 a page, filtered by category."""

from __future__ import annotations

from urllib.parse import urlencode

import reflex as rx

from workflow_app.api import idea_export
from workflow_app.ideas.components import idea_row
from workflow_app.ideas.domain import idea_queries
from workflow_app.ideas.domain.idea_rules import CATEGORIES
from workflow_app.ideas.pages.idea_rows import IdeaLine, idea_line
from workflow_app.ui import inputs, wording
from workflow_app.ui.components.forms import link_button
from workflow_app.ui.components.layout import page
from workflow_app.ui.components.listing import empty_state, pager
from workflow_app.ui.session import SessionState

ALL = "all"
CATEGORY_CHOICES = frozenset({ALL, *CATEGORIES})
CATEGORY_INPUT_MAX = 64
PAGE_MAX = 10_000


class IdeasListState(SessionState):
    ideas: list[IdeaLine] = []
    page_number: int = 1
    total_pages: str = "1"  # "500+" when the count stopped there
    total: int = 0
    total_text: str = "0"  # "10,000+" when the count stopped there
    has_next: bool = False
    category: str = ALL
    error: str = ""

    def _href(self, page_number: int) -> str:
        params = {"page": page_number} | ({"category": self.category} if self.category != ALL else {})
        return "/ideas?" + urlencode(params)

    @rx.var
    def previous_href(self) -> str:
        return self._href(self.page_number - 1)

    @rx.var
    def next_href(self) -> str:
        return self._href(self.page_number + 1)

    @rx.var
    def csv_href(self) -> str:
        """Every idea of the list (admins: all of them) in the chosen category, as a CSV file."""
        return self.api_origin + idea_export.download_path("" if self.category == ALL else self.category)

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        # Any other text reaches the domain, which says it is an unknown category.
        category = inputs.short_text(params.get("category"), limit=CATEGORY_INPUT_MAX) or ALL
        page_number = inputs.whole_number(params.get("page"), low=1, high=PAGE_MAX, default=1)
        call = await self._call(idea_queries.list_ideas, page=page_number, category="" if category == ALL else category)
        if call.signed_out:
            return
        self.category = category
        result = call.value
        if not result.ok:
            self.error, self.ideas, self.total, self.total_text, self.has_next = result.message, [], 0, "0", False
            return
        listing = result.value
        self.error = ""
        self.ideas = [idea_line(item) for item in listing.items]
        self.page_number, self.total_pages, self.has_next = listing.page, listing.total_pages_label, listing.has_next
        self.total, self.total_text = listing.total, listing.total_label

    @rx.event
    def choose_category(self, category: str):
        category = inputs.choice(category, CATEGORY_CHOICES, default=ALL)
        query = "" if category == ALL else "?" + urlencode({"category": category})
        return rx.redirect(f"/ideas{query}")


def _filter() -> rx.Component:
    return rx.hstack(
        rx.el.label("Category", html_for="category-filter", class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id="category-filter", aria_label="Category", min_width="220px"),
            rx.select.content(
                rx.select.item("All categories", value=ALL),
                *[rx.select.item(label, value=slug) for slug, label in CATEGORIES.items()],
            ),
            value=IdeasListState.category,
            on_change=IdeasListState.choose_category,
        ),
        align="center",
        spacing="3",
    )


@rx.page(route="/ideas", title="Ideas · Workflow", on_load=[SessionState.require_signed_in, IdeasListState.load])
def ideas_list_page() -> rx.Component:
    return page(
        rx.vstack(
            rx.hstack(
                rx.vstack(
                    rx.heading("Ideas", size="8"),
                    rx.text(IdeasListState.total_text, " ideas you can see", color_scheme="gray"),
                    spacing="1",
                ),
                rx.spacer(),
                rx.cond(
                    IdeasListState.is_admin & (IdeasListState.error == ""),  # no file of a refused filter
                    rx.link(
                        rx.hstack(rx.icon("download", size=16), "Download CSV", align="center", spacing="2"),
                        href=IdeasListState.csv_href,
                        download=True,
                        reload_document=True,
                    ),
                ),
                link_button(rx.icon("plus"), wording.SUBMIT_IDEA, size="3", href="/ideas/new"),
                align="end",
                width="100%",
                wrap="wrap",
                spacing="3",
            ),
            _filter(),
            rx.cond(
                IdeasListState.error != "",
                rx.callout(IdeasListState.error, color_scheme="red", icon="triangle_alert", role="alert"),
            ),
            rx.cond(
                IdeasListState.ideas.length() > 0,
                rx.vstack(
                    rx.foreach(IdeasListState.ideas, lambda idea: idea_row(idea, href="/ideas/" + idea.id)),
                    spacing="2",
                    width="100%",
                ),
                empty_state(
                    "No ideas found. Be the first to submit one!",
                    action=link_button(wording.SUBMIT_IDEA, href="/ideas/new"),
                ),
            ),
            pager(
                page=IdeasListState.page_number,
                total_pages=IdeasListState.total_pages,
                previous_href=IdeasListState.previous_href,
                next_href=IdeasListState.next_href,
                has_previous=IdeasListState.page_number > 1,
                has_next=IdeasListState.has_next,
            ),
            spacing="4",
            width="100%",
        )
    )
