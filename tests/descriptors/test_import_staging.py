"""Workbooks waiting to be imported: kept under random tokens, let go, swept after a day."""

from __future__ import annotations

import os

import pytest

from workflow_app.descriptors.domain import import_staging as staging


def test_a_staged_workbook_is_read_back_by_its_token_and_let_go(tmp_path):
    token = staging.stage(b"workbook bytes", tmp_path)
    assert len(token) == 32 and token.isalnum()
    with staging.open_staged(token, tmp_path) as stream:
        assert stream.read() == b"workbook bytes"
    staging.let_go([token], tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("token", ["../../etc/passwd", "a/b", "", "x.y"])
def test_a_token_is_never_a_path(tmp_path, token):
    with pytest.raises(ValueError):
        staging.path_of(token, tmp_path)


def test_the_sweep_removes_what_waited_over_a_day(tmp_path):
    old, fresh = staging.stage(b"old", tmp_path), staging.stage(b"fresh", tmp_path)
    now = 1_900_000_000.0
    os.utime(staging.path_of(old, tmp_path), (now - staging.MAX_AGE_S - 1,) * 2)
    os.utime(staging.path_of(fresh, tmp_path), (now - 60,) * 2)

    assert staging.sweep(now, tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == [f"{fresh}.xlsx"]


def test_the_sweep_of_a_folder_not_made_yet_removes_nothing(tmp_path):
    assert staging.sweep(folder=tmp_path / "none") == 0
