"""Tests for qa.grades' scale (qa/data/grades.toml) and qa.grades_view's badge: each grade's
meaning as the Committees' scales word it, sub-grades shown with their letter's."""

import pytest

from qa.grades import grade_meaning, scale
from qa.grades_view import grade_badge


@pytest.mark.parametrize(
    "letter, expected",
    [
        ("A", "[A] largely implemented: Reply or action largely satisfactory"),
        ("B", "[B] partially implemented: Reply or action partially satisfactory"),
        ("C", "[C] not implemented: Reply or action not satisfactory: a reply was received"),
        ("D", "[D] no reply received: No cooperation with the Committee"),
        ("E", "[E] contrary to the recommendation: The information given or the measures"),
        ("F", "[F] information requested in the next report: Not assessed now"),
        ("B1", "[B1] partially implemented: Reply or action partially satisfactory"),
        ("X", ""),
        (None, ""),
    ],
)
def test_grade_meaning(letter, expected):
    meaning = grade_meaning(letter)
    assert meaning.startswith(expected) and bool(meaning) is bool(expected)


def test_the_scale_is_in_rank_order_with_a_distinct_shape_for_each_grade():
    grades = list(scale().values())
    assert [g.letter for g in grades] == ["A", "B", "C", "D", "E", "F"]
    assert len({g.mark for g in grades}) == len({g.colour for g in grades}) == len(grades)


def test_a_sub_grade_badge_takes_its_letters_shape_colour_and_meaning():
    badge = grade_badge("C2")
    assert 'class="qa-grade qa-grade-c"' in badge and "○ grade C2" in badge
    assert 'title="[C2] not implemented: Reply or action not satisfactory' in badge
