"""The generated test data keep apart what tests tell apart."""

from faker.providers.person.nl_NL import Provider

from .factories import STAFF_FIRST_NAMES, STAFF_LAST_NAMES, UNGENERATED_SURNAME

CLIENT_NAMES = (
    set(Provider.last_names) | set(Provider.first_names_male) | set(Provider.first_names_female)
)


def test_no_client_name_is_part_of_a_staff_name_nor_the_reverse():
    overlaps = [
        (client, staff)
        for staff in (*STAFF_FIRST_NAMES, *STAFF_LAST_NAMES)
        for client in CLIENT_NAMES
        if client in staff or staff in client
    ]
    assert overlaps == []


def test_staff_names_come_in_enough_combinations():
    assert len(set(STAFF_FIRST_NAMES)) * len(set(STAFF_LAST_NAMES)) >= 100


def test_no_client_name_starts_with_the_ungenerated_surname():
    prefix = UNGENERATED_SURNAME.lower()
    assert [name for name in CLIENT_NAMES if name.lower().startswith(prefix)] == []
