"""A coach invites a client to Mijn Werkplein: a one-time link to choose a password."""

import datetime
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.test import Client as HttpClient
from django.utils import timezone

from werkplein.accounts import services
from werkplein.accounts.models import Invitation, Role, User
from werkplein.clients.models import Client
from werkplein.logbook.models import LogEntry

from ..factories import ClientFactory

NEW_PASSWORD = "Zonnebloem-Akker-93"
LINK = re.compile(r"https?://\S+/accounts/uitnodiging/(?P<token>[^/\s]+)/")


def _invite_url(client) -> str:
    return f"/accounts/klanten/{client.pk}/uitnodigen/"


@pytest.fixture
def invite(world, login, django_capture_on_commit_callbacks):
    """Invites world.own_client as his coach; returns the token from the e-mail."""

    def _invite(client=None, user=None):
        client = client or world.own_client
        with django_capture_on_commit_callbacks(execute=True):
            response = login(user or world.users["coach"]).post(_invite_url(client))
        assert response.status_code == 302
        match = LINK.search(mail.outbox[-1].body)
        assert match, mail.outbox[-1].body
        return match["token"]

    return _invite


def _accept(token: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return HttpClient().post(
        f"/accounts/uitnodiging/{token}/",
        {"new_password1": password, "new_password2": confirm or password},
    )


class TestInviting:
    def test_dossier_page_offers_the_invitation(self, world, login):
        html = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

        assert "Uitnodigen voor Mijn Werkplein" in html
        assert "nog geen account" in html

    def test_invitation_makes_one_client_account_and_sends_only_a_link(self, world, invite):
        client = world.own_client

        token = invite()

        client.refresh_from_db()
        user = client.user
        assert user.role == Role.CLIENT
        assert user.username == client.email.lower()
        assert user.werkplein_id == client.werkplein_id
        assert user.organisation_id == client.municipality_id
        assert not user.has_usable_password()
        message = mail.outbox[-1]
        assert message.to == [client.email]
        for personal in (client.first_name, client.last_name, client.bsn, client.city):
            assert personal not in message.body
            assert personal not in message.subject
        assert f"/accounts/uitnodiging/{token}/" in message.body

    def test_only_a_hash_of_the_link_is_stored(self, world, invite):
        token = invite()

        invitation = Invitation.objects.get(user=Client.objects.get(pk=world.own_client.pk).user)
        assert invitation.token_hash == services.hash_token(token)
        assert token not in invitation.token_hash

    def test_the_link_is_valid_for_the_configured_days(self, world, invite, settings):
        settings.WERKPLEIN_INVITATION_DAYS = 3
        invite()

        invitation = Invitation.objects.get(user=Client.objects.get(pk=world.own_client.pk).user)
        assert invitation.expires_at - invitation.created_at == pytest.approx(
            datetime.timedelta(days=3), abs=datetime.timedelta(seconds=5)
        )

    def test_a_new_invitation_revokes_the_open_one_and_keeps_the_account(self, world, invite):
        first = invite()
        user_id = Client.objects.get(pk=world.own_client.pk).user_id

        second = invite()

        assert Client.objects.get(pk=world.own_client.pk).user_id == user_id
        assert User.objects.filter(role=Role.CLIENT, pk=user_id).count() == 1
        old, new = (
            Invitation.objects.get(token_hash=services.hash_token(t)) for t in (first, second)
        )
        assert old.revoked_at is not None
        assert new.revoked_at is None

    def test_card_shows_the_open_invitation(self, world, login, invite):
        invite()

        html = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

        assert "Uitgenodigd op" in html
        assert "Opnieuw uitnodigen" in html

    def test_without_an_e_mail_address_nothing_is_sent_and_the_coach_is_told(
        self, world, login, django_capture_on_commit_callbacks
    ):
        Client.objects.filter(pk=world.own_client.pk).update(email="")
        http = login(world.users["coach"])

        card = http.get(f"/klanten/{world.own_client.pk}/").content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = http.post(_invite_url(world.own_client), follow=True)

        assert "Er staat geen e-mailadres in het dossier" in card
        assert "Er staat geen e-mailadres in het dossier" in response.content.decode()
        assert not mail.outbox
        assert not Invitation.objects.exists()
        assert Client.objects.get(pk=world.own_client.pk).user_id is None

    def test_an_address_used_by_another_account_is_refused(
        self, world, login, django_capture_on_commit_callbacks
    ):
        Client.objects.filter(pk=world.own_client.pk).update(
            email=world.users["teammate"].username.upper() + "@X.NL"
        )
        User.objects.filter(pk=world.users["teammate"].pk).update(
            username=world.users["teammate"].username + "@x.nl"
        )

        with django_capture_on_commit_callbacks(execute=True):
            response = login(world.users["coach"]).post(_invite_url(world.own_client), follow=True)

        assert "al gebruikt als inlognaam" in response.content.decode()
        assert not mail.outbox
        assert Client.objects.get(pk=world.own_client.pk).user_id is None

    @pytest.mark.parametrize("role", ["back_office", "quality_officer", "security_officer"])
    def test_who_may_not_change_the_dossier_cannot_invite(
        self, world, login, role, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = login(world.users[role]).post(_invite_url(world.own_client))

        assert response.status_code in (403, 404)
        assert not mail.outbox
        assert not Invitation.objects.exists()

    def test_a_coach_cannot_invite_a_client_outside_his_reach(self, world, login):
        response = login(world.users["coach"]).post(_invite_url(world.private_team_client))

        assert response.status_code == 404
        assert not Invitation.objects.exists()

    def test_back_office_sees_no_invite_button(self, world, login):
        html = (
            login(world.users["back_office"])
            .get(f"/klanten/{world.own_client.pk}/")
            .content.decode()
        )

        assert "Uitnodigen voor Mijn Werkplein" not in html

    def test_inviting_needs_a_post(self, world, login):
        response = login(world.users["coach"]).get(_invite_url(world.own_client))

        assert response.status_code == 405


class TestAccepting:
    def test_accept_page_asks_a_password_twice(self, world, invite):
        token = invite()

        response = HttpClient().get(f"/accounts/uitnodiging/{token}/")

        html = response.content.decode()
        assert response.status_code == 200
        assert 'name="new_password1"' in html
        assert 'name="new_password2"' in html

    def test_accepting_sets_the_password_logs_and_login_works(self, world, invite):
        token = invite()

        response = _accept(token)

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/"
        user = Client.objects.get(pk=world.own_client.pk).user
        assert user.check_password(NEW_PASSWORD)
        assert Invitation.objects.get(user=user).used_at is not None
        entry = LogEntry.objects.get(client=world.own_client, text__contains="geactiveerd")
        assert entry.visibility == "client"
        assert entry.generated
        browser = HttpClient()
        login = browser.post(
            "/accounts/login/", {"username": user.username.upper(), "password": NEW_PASSWORD}
        )
        assert login.status_code == 302
        assert browser.get("/").headers["Location"] == "/mijn/"

    def test_a_weak_password_is_refused_in_dutch(self, world, invite):
        token = invite()

        response = _accept(token, password="12345678")

        assert response.status_code == 200
        assert "wachtwoord" in response.content.decode().lower()
        assert not Client.objects.get(pk=world.own_client.pk).user.has_usable_password()
        assert Invitation.objects.get().used_at is None

    def test_passwords_that_differ_are_refused(self, world, invite):
        token = invite()

        response = _accept(token, confirm=NEW_PASSWORD + "x")

        assert response.status_code == 200
        assert "komen niet overeen" in response.content.decode()
        assert Invitation.objects.get().used_at is None

    def test_a_reused_link_is_refused(self, world, invite):
        token = invite()
        _accept(token)

        response = _accept(token, password="Ander-Wachtwoord-77")

        assert response.status_code == 410
        assert "al gebruikt" in response.content.decode()
        assert Client.objects.get(pk=world.own_client.pk).user.check_password(NEW_PASSWORD)

    def test_an_expired_link_is_refused_and_changes_nothing(self, world, invite):
        token = invite()
        Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))

        page = HttpClient().get(f"/accounts/uitnodiging/{token}/")
        response = _accept(token)

        for r in (page, response):
            assert r.status_code == 410
            html = r.content.decode()
            assert "verlopen" in html
            assert "Vraag uw werkcoach om een nieuwe uitnodiging" in html
        assert not Client.objects.get(pk=world.own_client.pk).user.has_usable_password()
        assert Invitation.objects.get().used_at is None

    def test_a_revoked_link_is_refused(self, world, invite):
        first = invite()
        invite()

        response = _accept(first)

        assert response.status_code == 410
        assert "vervangen door een nieuwere" in response.content.decode()
        assert not Client.objects.get(pk=world.own_client.pk).user.has_usable_password()

    @pytest.mark.parametrize("token", ["onbekend", "x" * 300, "%E2%82%AC"])
    def test_an_unknown_link_is_refused_without_an_error(self, world, token):
        response = _accept(token)

        assert response.status_code == 404
        assert "Deze link kennen wij niet" in response.content.decode()

    def test_the_link_of_a_new_invitation_works(self, world, invite):
        invite()
        second = invite()

        assert _accept(second).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_two_accepts_at_the_same_moment_only_one_wins(django_capture_on_commit_callbacks):
    """Two requests with the same link at the same moment: exactly one sets the password."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL for truly concurrent transactions")
    client = ClientFactory()
    coach = client.municipality.users.create(
        username="coach-race", role=Role.COACH, werkplein=client.werkplein
    )
    Client.objects.filter(pk=client.pk).update(coach=coach)
    client.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.invite_client(actor=coach, client=client)
    token = LINK.search(mail.outbox[-1].body)["token"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def accept(password: str) -> None:
        try:
            barrier.wait()
            services.accept_invitation(token=token, password=password)
            outcomes.append(password)
        except services.InvitationRefused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=accept, args=(p,))
        for p in ("Eerste-Wachtwoord-81", "Tweede-Wachtwoord-82")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sorted(outcomes).count("refused") == 1
    winner = next(o for o in outcomes if o != "refused")
    user = Client.objects.get(pk=client.pk).user
    assert user.check_password(winner)
    assert LogEntry.objects.filter(client=client, text__contains="geactiveerd").count() == 1


def test_card_shows_an_activated_account(world, login, invite):
    _accept(invite())

    html = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

    assert "De klant heeft een account voor Mijn Werkplein." in html
    assert "Opnieuw uitnodigen" in html


def test_card_shows_an_expired_invitation(world, login, invite):
    invite()
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))

    html = login(world.users["coach"]).get(f"/klanten/{world.own_client.pk}/").content.decode()

    assert "De uitnodiging is verlopen" in html
