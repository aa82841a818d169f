"""A coach who changes a client's e-mail address keeps his login in step (decision 0005)."""

import pytest
from django.core.exceptions import ValidationError

from werkplein.accounts.models import Role, User
from werkplein.clients.sections import SECTIONS
from werkplein.clients.services import update_section
from werkplein.core.access import reachable_clients

from ..factories import UserFactory

NEW = "nieuw.adres@example.nl"


def _change_email(world, email: str):
    client = reachable_clients(world.users["coach"]).get(pk=world.client_user_client.pk)
    return update_section(
        actor=world.users["coach"],
        client=client,
        section=SECTIONS["personal"],
        instance=client,
        changes={"email": email},
        expected_version=client.version,
    )


@pytest.fixture
def account(world) -> User:
    """The client's account, named after his address as an invitation makes it."""
    account = world.users["client"]
    account.username = account.email = world.client_user_client.email = "oud@example.nl"
    account.save()
    world.client_user_client.save()
    return account


def test_login_name_follows_the_address(world, account):
    _change_email(world, NEW)

    account.refresh_from_db()
    assert (account.username, account.email) == (NEW, NEW)


def test_a_short_login_name_stays(world, account):
    account.username = "client1"
    account.save()

    _change_email(world, NEW)

    account.refresh_from_db()
    assert (account.username, account.email) == ("client1", NEW)


def test_an_address_of_another_account_is_refused_and_nothing_changes(world, account):
    UserFactory(username=NEW, role=Role.CLIENT)
    version = world.client_user_client.version

    with pytest.raises(ValidationError) as refused:
        _change_email(world, NEW)

    assert "ander account" in str(refused.value)
    account.refresh_from_db()
    world.client_user_client.refresh_from_db()
    assert account.username == "oud@example.nl"
    assert (world.client_user_client.email, world.client_user_client.version) == (
        "oud@example.nl",
        version,
    )
