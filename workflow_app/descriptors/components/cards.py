"""Descriptor building blocks: quality badge, score levels, library card, copy (ORIGINS C6, D)."""

from __future__ import annotations

import reflex as rx
from reflex.event import EventSpec
from reflex.vars import Var

from workflow_app.descriptors.domain.library import QUALITY_LABELS
from workflow_app.ui.components.clipboard import copy_text

# quality → (Radix variant, colour), as ORIGINS D shows them: Excellent filled, Good outline,
# Reference green, Needs Review amber. The labels are the domain's ("Excellent", ...).
QUALITY_BADGES = {
    "EXCELLENT": ("solid", "indigo"),
    "GOOD": ("outline", "gray"),
    "REFERENCE": ("soft", "green"),
    "NEEDS_REVIEW": ("soft", "amber"),
}
# batch status → (label, colour) on My Descriptors' rows (ORIGINS D "Batch status badges").
BATCH_BADGES = {
    "DRAFT": ("Draft", "gray"),
    "PENDING_REVIEW": ("Pending Review", "amber"),
    "APPROVED": ("Approved", "green"),
    "RETURNED": ("Returned", "red"),
}
LEVELS = (
    ("score3", "Score 3 (Excellent)"),
    ("score2", "Score 2 (Good)"),
    ("score1", "Score 1 (Pass)"),
    ("score0", "Score 0 (Below Pass)"),
)


def quality_badge(quality: Var) -> rx.Component:
    return rx.match(
        quality,
        *[
            (q.value, _badge(label, *QUALITY_BADGES[q.value], kind="quality", value=q.value))
            for q, label in QUALITY_LABELS.items()
        ],
        rx.badge(quality, variant="soft"),
    )


def _badge(label: str, variant: str, color: str, *, kind: str, value: str) -> rx.Component:
    return rx.badge(
        label,
        variant=variant,
        color_scheme=color,
        high_contrast=variant != "solid",
        custom_attrs={f"data-{kind}": value},
    )


def batch_badge(status: str) -> rx.Component:
    label, color = BATCH_BADGES[status]
    return _badge(label, "soft", color, kind="batch-status", value=status)


def code_badge(code: Var) -> rx.Component:
    return rx.badge(code, variant="outline", size="2")


def tag_list(tags: Var, *, label: str = "Tags") -> rx.Component:
    return rx.cond(
        tags.length() > 0,
        rx.el.ul(
            rx.foreach(tags, lambda tag: rx.el.li(rx.badge(tag, variant="surface", color_scheme="gray"))),
            aria_label=label,
            class_name="descriptor-tags",
            style={
                "display": "flex",
                "flex_wrap": "wrap",
                "gap": "6px",
                "list_style": "none",
                "margin": "0",
                "padding": "0",
            },
        ),
    )


def score_levels(row: Var, *, copyable: bool = False, code: Var | None = None) -> rx.Component:
    """The four levels, Score 3 first; empty levels show a dash; each can be copied."""

    def level(name: str, label: str) -> rx.Component:
        text = row[name].to(str)
        heading = rx.hstack(
            rx.text(label, size="2", weight="bold"),
            rx.spacer(),
            rx.cond(
                text != "",
                rx.button(
                    rx.icon("copy", size=14),
                    "Copy",
                    size="1",
                    variant="ghost",
                    on_click=copy_text(text),
                    aria_label="Copy " + label + " of " + code,
                ),
            )
            if copyable and code is not None
            else rx.fragment(),
            align="center",
            width="100%",
        )
        return rx.box(
            heading,
            rx.text(rx.cond(text != "", text, "—"), size="2", white_space="pre-wrap"),
            role="group",
            aria_label=label,
            padding="0.6em 0.75em",
            border=f"1px solid {rx.color('gray', 5)}",
            border_radius="var(--radius-2)",
            width="100%",
        )

    return rx.vstack(*[level(name, label) for name, label in LEVELS], spacing="2", width="100%")


def favorite_button(is_favorite: Var, *, on_click: EventSpec) -> rx.Component:
    return rx.icon_button(
        rx.cond(is_favorite, rx.icon("heart", fill="currentColor", size=18), rx.icon("heart", size=18)),
        on_click=on_click,
        variant="ghost",
        color_scheme=rx.cond(is_favorite, "red", "gray"),
        aria_label=rx.cond(is_favorite, "Remove from favorites", "Add to favorites"),
        aria_pressed=rx.cond(is_favorite, "true", "false"),
    )


def compare_checkbox(code: Var, *, checked: Var, on_change) -> rx.Component:
    return rx.el.label(
        rx.hstack(
            rx.checkbox(checked=checked, on_change=on_change, aria_label="Compare " + code),
            rx.text("Select to compare", size="1", color_scheme="gray"),
            spacing="2",
            align="center",
        ),
        cursor="pointer",
    )


def descriptor_card(row: Var, *, favorite: rx.Component, compare: rx.Component, on_preview: EventSpec) -> rx.Component:
    """One library result: code, criterion, quality, section, tags, favorite, compare, preview."""
    code = row.code
    return rx.card(
        rx.vstack(
            rx.hstack(
                code_badge(code),
                quality_badge(row.quality),
                rx.cond(
                    row.section_name != "",
                    rx.text(row.section_name, size="1", color_scheme="gray"),
                ),
                rx.spacer(),
                favorite,
                align="center",
                spacing="2",
                wrap="wrap",
                width="100%",
            ),
            rx.heading(row.criterion_name, size="3", as_="h2"),
            tag_list(row.tags),
            rx.hstack(
                compare,
                rx.spacer(),
                rx.button(
                    rx.icon("eye", size=16),
                    "Preview",
                    variant="soft",
                    size="2",
                    on_click=on_preview,
                    aria_label="Preview " + code,
                ),
                align="center",
                width="100%",
            ),
            spacing="2",
            align="start",
            width="100%",
        ),
        width="100%",
        class_name="descriptor-card",
    )


def compare_column(row: Var) -> rx.Component:
    """One descriptor in the compare dialog: criterion, then the four levels."""
    return rx.vstack(
        rx.hstack(code_badge(row.code), quality_badge(row.quality), spacing="2"),
        rx.heading(row.criterion_name, size="3", as_="h3"),
        score_levels(row),
        spacing="2",
        align="start",
        width="100%",
        min_width="0",
    )


def search_box(input_id: str, *, value: Var, on_change, on_clear: EventSpec) -> rx.Component:
    """Controlled search input, debounced 300 ms, with a clear button while it holds a query."""
    return rx.input(
        rx.input.slot(rx.icon("search", size=16)),
        rx.cond(
            value != "",
            rx.input.slot(
                rx.icon_button(
                    rx.icon("x", size=14), variant="ghost", size="1", on_click=on_clear, aria_label="Clear search"
                )
            ),
        ),
        id=input_id,
        type="search",
        value=value,
        on_change=on_change,
        debounce_timeout=300,
        max_length=200,
        placeholder="Search descriptors…",
        aria_label="Search descriptors",
        size="3",
        width="100%",
    )


def facet_select(
    label: str, select_id: str, *, all_label: str, all_value: str, facets: Var, value: Var, on_change
) -> rx.Component:
    """ "All WSOS Sections" / "All Quality" then the facets, each "Name (count)"."""
    return rx.vstack(
        rx.el.label(label, html_for=select_id, class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id=select_id, aria_label=label, width="100%"),
            rx.select.content(
                rx.select.item(all_label, value=all_value),
                rx.foreach(facets, lambda f: rx.select.item(f["label"].to(str), value=f["key"].to(str))),
            ),
            value=value,
            on_change=on_change,
        ),
        spacing="1",
        width="100%",
    )


def category_chips(facets: Var, *, selected: Var, on_choose) -> rx.Component:
    """Category facets as toggle chips, "Safety (23)"; `on_choose(key)` gives the event."""

    def chip(facet: Var) -> rx.Component:
        chosen = selected == facet["key"].to(str)
        return rx.button(
            facet["label"].to(str),
            size="1",
            radius="full",
            on_click=on_choose(facet["key"]),
            variant=rx.cond(chosen, "solid", "outline"),
            aria_pressed=rx.cond(chosen, "true", "false"),
        )

    return rx.vstack(
        rx.text("Categories", class_name="field-label", id="library-categories"),
        rx.cond(
            facets.length() > 0,
            rx.flex(rx.foreach(facets, chip), wrap="wrap", gap="2", role="group", aria_labelledby="library-categories"),
            rx.text("No categories", size="1", color_scheme="gray"),
        ),
        spacing="1",
        width="100%",
    )


def related_list(related: Var, *, loading: Var) -> rx.Component:
    """Related descriptors by criterion name, each "NN% similar", linking to a search for it."""
    item = lambda r: rx.el.li(
        rx.hstack(  # noqa: E731
            code_badge(r.code),
            rx.link(r.criterion_name, href=r.href),
            rx.text(r.percent, "% similar", size="1", color_scheme="gray"),
            spacing="2",
            align="center",
            wrap="wrap",
        )
    )
    return rx.vstack(
        rx.heading("Related descriptors", size="3", as_="h3"),
        rx.cond(
            loading,
            rx.spinner(size="2", aria_label="Loading related descriptors"),
            rx.cond(
                related.length() > 0,
                rx.el.ul(
                    rx.foreach(related, item),
                    aria_label="Related descriptors",
                    style={"list_style": "none", "padding": "0", "margin": "0"},
                ),
                rx.text("No related descriptors.", size="2", color_scheme="gray"),
            ),
        ),
        spacing="2",
        width="100%",
    )


def preview_dialog(
    p: Var, *, favorite: rx.Component, related: rx.Component, copy_all_text: Var, open: Var, on_open_change
) -> rx.Component:
    """The whole descriptor: badges (source and skills for attribution), levels with copy, tags."""
    return rx.dialog.root(
        rx.dialog.content(
            rx.vstack(
                rx.hstack(
                    code_badge(p.code),
                    quality_badge(p.quality),
                    rx.badge(p.source, color_scheme="violet", variant="soft"),
                    rx.foreach(p.skill_names, lambda s: rx.badge(s, variant="soft")),
                    rx.spacer(),
                    favorite,
                    spacing="2",
                    align="center",
                    wrap="wrap",
                    width="100%",
                ),
                rx.dialog.title(p.criterion_name, margin="0"),
                rx.dialog.description(
                    rx.cond(p.section_name != "", p.section_name, "No WSOS section"),
                    size="2",
                    color_scheme="gray",
                ),
                score_levels(p, copyable=True, code=p.code),
                tag_list(p.tags),
                related,
                rx.hstack(
                    rx.button(rx.icon("copy", size=16), "Copy all", variant="soft", on_click=copy_text(copy_all_text)),
                    rx.dialog.close(rx.button("Close", variant="outline")),
                    justify="end",
                    spacing="3",
                    width="100%",
                ),
                spacing="3",
                width="100%",
            ),
            max_width="720px",
        ),
        open=open,
        on_open_change=on_open_change,
    )


def compare_dialog(compared: Var, *, open: Var, on_open_change) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Compare Descriptors"),
            rx.dialog.description("The selected descriptors side by side.", size="2", color_scheme="gray"),
            rx.grid(
                rx.foreach(compared, compare_column),
                gap="4",
                width="100%",
                margin_y="1em",
                grid_template_columns="repeat(auto-fit, minmax(220px, 1fr))",
            ),
            rx.hstack(rx.dialog.close(rx.button("Close", variant="outline")), justify="end", width="100%"),
            max_width="1100px",
        ),
        open=open,
        on_open_change=on_open_change,
    )


def compare_bar(count: Var, *, label: Var, on_compare: EventSpec, on_clear: EventSpec) -> rx.Component:
    """Sticky at the bottom while anything is selected; the compare button needs two."""
    return rx.cond(
        count > 0,
        rx.box(
            rx.hstack(
                rx.cond(
                    count >= 2,
                    rx.button(rx.icon("columns_3", size=16), label, on_click=on_compare),
                    rx.text("Select one more descriptor to compare", size="2"),
                ),
                rx.spacer(),
                rx.button("Clear selection", variant="soft", color_scheme="gray", on_click=on_clear),
                align="center",
                width="100%",
            ),
            role="region",
            aria_label="Compare selection",
            position="sticky",
            bottom="0",
            z_index="5",
            width="100%",
            padding="0.75em 1em",
            background=rx.color("gray", 2),
            border=f"1px solid {rx.color('gray', 6)}",
            border_radius="var(--radius-3)",
            box_shadow="0 -4px 12px rgba(0,0,0,0.08)",
        ),
    )
