"""The generated test data keep apart what tests tell apart."""

from faker.providers.person.nl_NL import Provider as DutchNames

from .factories import (
    CLIENT_LAST_NAMES,
    STAFF_FIRST_NAMES,
    STAFF_LAST_NAMES,
    UNGENERATED_SURNAME,
    ClientFactory,
    _project_text,
)

CLIENT_NAMES = (
    set(DutchNames.last_names)
    | set(DutchNames.first_names_male)
    | set(DutchNames.first_names_female)
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


def test_clients_of_one_test_have_names_found_nowhere_else():
    clients = ClientFactory.build_batch(300)
    names = [n for c in clients for n in (c.first_name, c.last_name)]
    project = _project_text()

    assert len(set(names)) == len(names)
    assert [n for n in names if n.lower() in project] == []
    assert [(n, o) for n in names for o in names if n != o and n in o] == []


def test_a_label_is_never_taken_for_a_client_name():
    # A client called "Post" seemed shown on every form with a "Postcode" field.
    assert "Post" in DutchNames.last_names
    assert "Post" not in CLIENT_LAST_NAMES
