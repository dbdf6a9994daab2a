"""The Download CSV links of /ideas and /descriptors carry the filters the page shows, so the
file holds what the page lists (every row, not one page)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest

from tests.ui.helpers import run, state_of
from workflow_app.api import idea_export, library_export
from workflow_app.core.errors import ErrorCode
from workflow_app.core.result import err
from workflow_app.descriptors.pages.library_state import LibraryState
from workflow_app.ideas.pages.ideas_list import IdeasListState

ORIGIN = "http://localhost:8000"


def _loaded(cls, url: str, work):
    work.value = err(ErrorCode.VALIDATION_ERROR)  # whatever the list holds, the link follows the URL
    state = state_of(cls, url)
    run(state.load())
    state.api_origin = ORIGIN
    return state


@pytest.mark.parametrize(
    ("query", "link"),
    [
        ("", f"{ORIGIN}{idea_export.ROUTE}"),
        ("category=cost-reduction&page=3", f"{ORIGIN}{idea_export.ROUTE}?category=cost-reduction"),
    ],
)
def test_the_ideas_link_carries_the_lists_category(work, query, link):
    state = _loaded(IdeasListState, f"http://localhost:3000/ideas?{query}", work)

    assert state.csv_href == link


def test_the_library_link_carries_every_filter_of_the_search_and_not_the_page(work):
    url = "http://localhost:3000/descriptors?q=weld+seam&section=s1&quality=good&category=Finish&skill=Welding&page=4"

    state = _loaded(LibraryState, url, work)

    address = urlsplit(state.csv_href)
    assert f"{address.scheme}://{address.netloc}{address.path}" == f"{ORIGIN}{library_export.ROUTE}"
    assert dict(parse_qsl(address.query)) == {
        "q": "weld seam",
        "section": "s1",
        "quality": "GOOD",
        "category": "Finish",
        "skill": "Welding",
    }


def test_the_library_link_without_filters_downloads_the_whole_library(work):
    state = _loaded(LibraryState, "http://localhost:3000/descriptors", work)

    assert state.csv_href == f"{ORIGIN}{library_export.ROUTE}"
