"""Who may open which intake page and send which form: every role, anonymous too."""

import pytest
from django.test import Client as HttpClient

from tests.conftest import WORLD_USERS
from werkplein.intake.models import Intake, Registration, RegistrationStatus, RoutingRule

from .helpers import intake_post, make_registration

pytestmark = pytest.mark.django_db

INTAKE_STAFF = {"coach", "teammate", "other_coach", "team_lead", "other_lead"}
ADMINS = {"functional_admin"}


@pytest.fixture
def records(world):
    registration = make_registration(world)
    rule = RoutingRule.objects.create(
        werkplein=world.zutphen.werkplein, name="Jongeren", max_age=26, team=world.team_shared
    )
    foreign = Registration.objects.create(
        werkplein=world.foreign_client.werkplein,
        channel="web",
        bsn=world.foreign_client.bsn,
        data={"first_name": "Vreemd"},
        client=world.foreign_client,
    )
    return {"registration": registration, "rule": rule, "foreign": foreign}


PAGES = {
    "queue": ("/intake/", INTAKE_STAFF),
    "counter": ("/intake/balie/", INTAKE_STAFF),
    "intake": ("/intake/{registration}/", INTAKE_STAFF),
    "withdraw": ("/intake/{registration}/intrekken/", INTAKE_STAFF),
    "rules": ("/intake/routering/", ADMINS),
    "rule_add": ("/intake/routering/nieuw/", ADMINS),
    "rule_edit": ("/intake/routering/{rule}/", ADMINS),
    "rule_delete": ("/intake/routering/{rule}/verwijderen/", ADMINS),
}


def _url(template: str, records) -> str:
    return template.format(registration=records["registration"].pk, rule=records["rule"].pk)


@pytest.mark.parametrize("user_key", WORLD_USERS)
@pytest.mark.parametrize("page", PAGES)
def test_pages_open_only_to_their_roles(world, login, records, page, user_key):
    template, allowed = PAGES[page]

    response = login(world.users[user_key]).get(_url(template, records))

    assert response.status_code == (200 if user_key in allowed else 403)


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(world, records, page):
    url = _url(PAGES[page][0], records)

    for response in (HttpClient().get(url), HttpClient().post(url, {})):
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("user_key", [*WORLD_USERS, "anonymous"])
def test_everyone_may_open_the_public_registration(world, login, user_key):
    http = HttpClient() if user_key == "anonymous" else login(world.users[user_key])

    assert http.get("/aanmelden/?werkplein=zutphen").status_code == 200


@pytest.mark.parametrize("user_key", WORLD_USERS)
def test_only_intake_staff_may_hold_an_intake(world, login, records, user_key):
    registration = records["registration"]

    response = login(world.users[user_key]).post(
        f"/intake/{registration.pk}/", intake_post(world, registration)
    )

    held = Intake.objects.filter(registration=registration).exists()
    if user_key in INTAKE_STAFF:
        assert (response.status_code, held) == (302, True)
    else:
        assert (response.status_code, held) == (403, False)


@pytest.mark.parametrize("user_key", WORLD_USERS)
def test_only_intake_staff_may_withdraw(world, login, records, user_key):
    registration = records["registration"]

    response = login(world.users[user_key]).post(f"/intake/{registration.pk}/intrekken/")

    registration.refresh_from_db()
    withdrawn = registration.status == RegistrationStatus.WITHDRAWN
    assert withdrawn == (user_key in INTAKE_STAFF)
    assert response.status_code == (302 if user_key in INTAKE_STAFF else 403)


@pytest.mark.parametrize("user_key", WORLD_USERS)
def test_only_the_admin_may_change_routing(world, login, records, user_key):
    rule = records["rule"]
    http = login(world.users[user_key])

    http.post(f"/intake/routering/{rule.pk}/", {"name": "X", "team": world.team_private.pk})
    http.post("/intake/routering/", {"rule": rule.pk, "move": "down"})
    http.post(f"/intake/routering/{rule.pk}/verwijderen/")

    assert RoutingRule.objects.filter(pk=rule.pk).exists() == (user_key not in ADMINS)


@pytest.mark.parametrize("user_key", sorted(INTAKE_STAFF))
@pytest.mark.parametrize(
    "template",
    ["/intake/{pk}/", "/intake/{pk}/intrekken/"],
    ids=["intake", "withdraw"],
)
def test_a_foreign_werkpleins_registration_is_not_found(world, login, records, user_key, template):
    foreign = records["foreign"]
    http = login(world.users[user_key])
    url = template.format(pk=foreign.pk)

    assert http.get(url).status_code == 404
    assert http.post(url, intake_post(world, records["registration"])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == RegistrationStatus.PENDING
    assert not Intake.objects.filter(registration=foreign).exists()


@pytest.mark.parametrize("user_key", WORLD_USERS)
def test_the_summary_is_for_intake_staff_of_the_werkplein(world, login, records, user_key):
    registration = records["registration"]
    login(world.users["coach"]).post(
        f"/intake/{registration.pk}/", intake_post(world, registration)
    )
    held = Intake.objects.get(registration=registration)

    response = login(world.users[user_key]).get(f"/intake/verslag/{held.pk}/")

    # The adviser who held it, and the team leads who assign the unrouted client, read it;
    # intake staff who do not reach the client find nothing; other roles are refused.
    readers = {"coach", "team_lead", "other_lead"}
    expected = 200 if user_key in readers else 404 if user_key in INTAKE_STAFF else 403
    assert response.status_code == expected


def test_a_coach_reads_no_summary_of_a_client_outside_his_reach(world, login, records):
    """Intake ids are sequential: any coach of the Werkplein must not read every client's
    recommendations and route by counting through them."""
    registration = records["registration"]
    login(world.users["coach"]).post(
        f"/intake/{registration.pk}/", intake_post(world, registration)
    )
    held = Intake.objects.get(registration=registration)
    outsider = world.users["other_coach"]

    assert login(outsider).get(f"/intake/verslag/{held.pk}/").status_code == 404
    # Once he is the client's coach, he reaches it.
    held.client.coach = outsider
    held.client.save()
    assert login(outsider).get(f"/intake/verslag/{held.pk}/").status_code == 200


def test_a_second_save_by_a_colleague_goes_back_to_the_queue(world, login, records):
    registration = records["registration"]
    data = intake_post(world, registration)
    login(world.users["coach"]).post(f"/intake/{registration.pk}/", data)

    response = login(world.users["other_coach"]).post(f"/intake/{registration.pk}/", data)

    assert response.status_code == 302
    assert response["Location"] == "/intake/"
    assert Intake.objects.filter(registration=registration).count() == 1


@pytest.mark.parametrize(
    "pk", ["0", "99999999", str(2**63), str(2**70)], ids=["0", "big", "2^63", "2^70"]
)
def test_unknown_or_huge_ids_are_not_found(world, login, records, pk):
    coach = login(world.users["coach"])
    admin = login(world.users["functional_admin"])

    assert coach.get(f"/intake/{pk}/").status_code == 404
    assert coach.get(f"/intake/verslag/{pk}/").status_code == 404
    assert admin.get(f"/intake/routering/{pk}/").status_code == 404


@pytest.mark.parametrize("user_key", WORLD_USERS)
def test_only_intake_staff_may_register_at_the_counter(world, login, user_key):
    from .helpers import person_post

    data = {"step": "save", **person_post(world)}

    response = login(world.users[user_key]).post("/intake/balie/", data)

    made = Registration.objects.filter(bsn=data["bsn"]).exists()
    if user_key in INTAKE_STAFF:
        assert (response.status_code, made) == (302, True)
    else:
        assert (response.status_code, made) == (403, False)
