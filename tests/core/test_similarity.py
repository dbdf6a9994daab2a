"""Trigram similarity with pg_trgm's meaning on both databases (ORIGINS Part 2 C2, C3, E; Part 3)."""

from __future__ import annotations

import pytest
from sqlmodel import func, select

from tests.descriptors.descriptor_helpers import make_section
from tests.factories import make_actor
from workflow_app.core import similarity
from workflow_app.core.similarity import similar_names, trigram_similarity, trigrams
from workflow_app.models import Role, WsosSection

NAME_PAIRS = [
    ("Work Organisation and Management", "Work Organization Management"),
    ("Work Organisation and Management", "work organisation and management"),
    ("Health and Safety", "Safety and Health"),
    ("Health & Safety", "health, safety"),
    ("Quality of weld seam", "Weld seam quality"),
    ("Measurement", "Measurements"),
    ("Communication and interpersonal skills", "Interpersonal communication"),
    ("Design", "Designing the layout"),
    ("Installation", "Instalation"),
    ("CNC programming", "Programming of CNC machines"),
    ("A", "B"),
    ("abc", "abd"),
    ("", "anything"),
    ("!!!", "???"),
    ("snake_case_name", "snake case name"),
    ("Wiring 2024", "Wiring 2025"),
    ("work worker", "works"),
    ("management welding", "manage"),
    ("Testing and commissioning", "Commissioning"),
    ("Problem solving, innovation and creativity", "Creativity and innovation"),
]


def test_work_organisation_and_work_organization_score_about_0_722_as_in_the_origin():
    score = trigram_similarity("Work Organisation and Management", "Work Organization Management")

    assert score == pytest.approx(0.722, abs=0.0005)
    assert similarity.as_percent(score) == 72


def test_each_lower_cased_word_is_padded_with_two_spaces_before_and_one_after():
    assert trigrams("Word") == {"  w", " wo", "wor", "ord", "rd "}
    assert trigrams("a b") == {"  a", " a ", "  b", " b "}


def test_punctuation_and_underscores_separate_words_and_repeats_count_once():
    assert trigrams("snake_case") == trigrams("snake case") == trigrams("case, snake!")
    assert trigrams("go go go") == trigrams("go")


def test_identical_texts_score_one_and_texts_without_words_score_zero():
    assert trigram_similarity("Health and Safety", "health AND safety") == 1.0
    assert trigram_similarity("", "Safety") == 0.0
    assert trigram_similarity("!!!", "???") == 0.0


def test_the_score_is_shared_trigrams_over_all_distinct_trigrams():
    # "work worker" and "works": 2 shared of 5 distinct, exactly the 0.4 of the descriptor warning.
    assert trigram_similarity("work worker", "works") == pytest.approx(0.4)


def test_the_thresholds_of_the_origin_are_kept():
    assert similarity.SECTION_SIMILARITY == 0.3
    assert similarity.DESCRIPTOR_SIMILARITY == 0.4
    assert similarity.SIMILAR_LIMIT == 5


def test_python_and_postgresql_agree_on_twenty_name_pairs(session):
    if session.bind.dialect.name != "postgresql":
        pytest.skip("pg_trgm exists only on PostgreSQL")
    in_sql = [similarity.float4(session.exec(select(func.similarity(a, b))).one()) for a, b in NAME_PAIRS]

    in_python = [trigram_similarity(a, b) for a, b in NAME_PAIRS]

    assert in_python == in_sql  # both float4: not merely close, identical


@pytest.fixture
def creator(session):
    return make_actor(session, role=Role.SCM)


def test_similar_names_lists_scores_above_the_threshold_best_first_at_most_five(session, creator):
    for name in [
        "Work Organisation and Management",
        "Work organisation",
        "Organisation of work",
        "Workshop management",
        "Work Management",
        "Management of work organisation",
        "Health and Safety",
    ]:
        make_section(session, creator, name=name)

    found = similar_names(
        session, name="Work Organization Management", column=WsosSection.name, threshold=similarity.SECTION_SIMILARITY
    )

    assert len(found) == 5
    assert [f.score for f in found] == sorted((f.score for f in found), reverse=True)
    assert all(f.score > 0.3 for f in found)
    assert [(f.name, f.percent) for f in found[:2]] == [
        ("Management of work organisation", 76),
        ("Work Organisation and Management", 72),
    ]
    assert "Health and Safety" not in [f.name for f in found]


def test_a_score_of_exactly_the_threshold_counts_as_above_it_on_both_databases(session, creator):
    # pg_trgm's float4 3/10 is a hair above the float8 0.3; SQLite must agree with PostgreSQL.
    make_section(session, creator, name="management welding")

    found = similar_names(session, name="manage", column=WsosSection.name, threshold=0.3)

    assert [f.name for f in found] == ["management welding"]


def test_similar_names_skip_short_queries_the_excluded_row_and_filtered_rows(session, creator):
    kept = make_section(session, creator, name="Health and Safety")
    excluded = make_section(session, creator, name="Health and Safety rules")

    assert similar_names(session, name=" He ", column=WsosSection.name, threshold=0.3) == []
    found = similar_names(
        session,
        name="Health and Safety",
        column=WsosSection.name,
        threshold=0.3,
        exclude_id=excluded.id,
        where=[WsosSection.name != "nothing"],
    )
    assert [f.id for f in found] == [kept.id]
