"""Regression tests for bugs found in review, each named for the behaviour it guards."""

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
