"""Regression tests for bugs found in review, each named for the behaviour it guards."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from .test_two_factor import _code


def test_second_step_does_not_redirect_to_another_site(world, login, require_2fa):
    coach = world.users["coach"]
    device = TOTPDevice.objects.create(user=coach, name="authenticator", confirmed=True)

    response = login(coach).post(
        "/accounts/2fa/?next=https://kwaadwillend.example/", {"token": _code(device)}
    )

    assert response.status_code == 302
    assert not response["Location"].startswith(("http://", "https://", "//"))
