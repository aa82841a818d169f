"""Regression tests for bugs found in review, each named for the behaviour it guards."""

import pytest

from werkplein.clients.forms import SECTION_TEXT_MAX_LENGTH, EducationForm, JobForm

from .test_sections import _benefit, post_section


def test_amount_in_dutch_notation_with_thousands_separator_is_understood(world, login, benefit):
    """CentsField promises Dutch notation: 1.234,56 is one thousand two hundred and more."""
    response = post_section(
        login(world.users["coach"]),
        world.own_client,
        "benefits",
        _benefit(world, monthly_amount_cents="1.234,56"),
        version=1,
        item=benefit,
    )

    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.monthly_amount_cents == 123456


@pytest.mark.parametrize(
    ("field", "day"), [("started_on", "0001-01-01"), ("ended_on", "9999-12-31")]
)
def test_staff_work_history_refuses_a_year_outside_a_working_life(field, day):
    data = {"employer_name": "Bakkerij", "position": "Verkoper", "started_on": "2020-01-01"}
    form = JobForm(data={**data, field: day})

    assert not form.is_valid()
    assert "jaartal" in form.errors[field][0]


def test_staff_section_text_is_limited_where_it_changes_only(world):
    education = world.own_client.education
    too_long = "x" * (SECTION_TEXT_MAX_LENGTH + 1)
    education.diplomas = too_long  # stored before the limit existed
    education.save()
    data = {"highest_level": "mbo2", "diplomas": too_long, "current_study": ""}

    unchanged = EducationForm(instance=education, data=data)
    changed = EducationForm(instance=education, data={**data, "diplomas": too_long + "y"})

    assert unchanged.is_valid(), unchanged.errors
    assert "te lang" in changed.errors["diplomas"][0]
