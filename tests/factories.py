"""Factories for tests: realistic Dutch data, valid BSNs."""

import datetime
import pathlib
import random
import re

import factory
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from faker.providers.lorem.nl_NL import Provider as DutchWords
from faker.providers.person.nl_NL import Provider as DutchNames

from werkplein.accounts.models import Organisation, OrganisationKind, Role, Team, User
from werkplein.clients.models import Benefit, BenefitKind, Client
from werkplein.clients.sections import ONE_TO_ONE_MODELS
from werkplein.core.models import Werkplein
from werkplein.logbook.models import AuthorKind, EntryKind, LogEntry, Visibility

fake = Faker("nl_NL")
PASSWORD = "test-wachtwoord-42"


def valid_bsn(rng: random.Random | None = None) -> str:
    """A random nine-digit number that passes the elfproef."""
    rng = rng or random
    while True:
        digits = [rng.randint(0, 9) for _ in range(8)]
        if digits[0] == 0:
            continue
        total = sum(d * w for d, w in zip(digits, range(9, 1, -1), strict=True))
        last = total % 11
        if last < 10:
            return "".join(map(str, digits)) + str(last)


class WerkpleinFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Werkplein
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Werkplein {n}")
    slug = factory.Sequence(lambda n: f"werkplein-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    werkplein = factory.SubFactory(WerkpleinFactory)
    name = factory.Sequence(lambda n: f"Gemeente {n}")
    kind = OrganisationKind.MUNICIPALITY


# Staff names that no generated client name is part of, nor the reverse: tests assert that a
# client's name is absent from a page or message that shows staff names (checked against
# Faker's nl_NL names in tests/test_factories.py).
STAFF_FIRST_NAMES = (
    "Quirijna", "Ysolde", "Zanthe", "Wiebrecht", "Xandrijn", "Tjalling", "Ubbo", "Ytsjelien",
    "Qirsten", "Zwaantje", "Oedske", "Fokeltje",
)  # fmt: skip
STAFF_LAST_NAMES = (
    "Quintijnhof", "Zwiersloot", "Yperveld", "Xanderburg", "Ulvenkamp", "Tjiepkema", "Qualstra",
    "Wyckerveld", "Zuidquartier", "Ypmastede", "Okkerwiel", "Feltquist",
)  # fmt: skip


# A surname that no generated client name starts with: a search for it finds only the clients a
# test gave it (checked against Faker's nl_NL names in tests/test_factories.py).
UNGENERATED_SURNAME = "Brouwersma"


def _project_text() -> str:
    """Every text a test may search for a client's name: the UI, its catalogue, the tests."""
    root = pathlib.Path(__file__).resolve().parent.parent
    suffixes = {".py", ".html", ".txt", ".po", ".js", ".css", ".md"}
    files = [p for d in ("src", "tests") for p in (root / d).rglob("*") if p.suffix in suffixes]
    texts = [p.read_text(encoding="utf-8", errors="ignore") for p in files]
    # Names are single words, so the distinct words suffice and are quicker to search.
    words = set(re.findall(r"\w+", "\n".join([*texts, *DutchWords.word_list]).lower()))
    return "\n".join(words)


def _distinct_client_names() -> tuple[list[str], list[str]]:
    """Faker's Dutch first and last names, less every name found in another or in the project.

    Tests assert that a client's name is absent from a page or message. That holds only if the
    name is not also part of a label ("Post" in "Postcode"), of a word the test typed, or of
    another generated name ("Bart" in "Bartels"), so such names are never generated.
    """
    project = _project_text()
    first = {*DutchNames.first_names_male, *DutchNames.first_names_female}
    last = set(DutchNames.last_names)
    # Single words only: not "van 't Erve", whose apostrophe pages rightly escape.
    plain = {n for n in first | last if n.isalpha()}
    everyone = "\n".join(n.lower() for n in plain)
    usable = {n for n in plain if n.lower() not in project and everyone.count(n.lower()) == 1}
    usable -= first & last  # "Thomas" could be one client's first name and another's last
    return sorted(usable & first), sorted(usable & last)


STREETS = (
    "Stationsstraat", "Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Beukenlaan",
    "Nieuwstad", "Zaadmarkt", "Spittaalstraat", "Rijkenhage", "Laarstraat", "Houtmarkt",
)  # fmt: skip
CLIENT_FIRST_NAMES, CLIENT_LAST_NAMES = _distinct_client_names()
# Shuffled once per run and then taken in turn: the clients of one test have different names,
# and names differ between runs.
random.shuffle(CLIENT_FIRST_NAMES)
random.shuffle(CLIENT_LAST_NAMES)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: STAFF_FIRST_NAMES[n % len(STAFF_FIRST_NAMES)])
    last_name = factory.Sequence(
        lambda n: STAFF_LAST_NAMES[(n // len(STAFF_FIRST_NAMES)) % len(STAFF_LAST_NAMES)]
    )
    email = factory.LazyAttribute(lambda u: f"{u.username}@werkplein.example")
    organisation = factory.SubFactory(OrganisationFactory)
    werkplein = factory.LazyAttribute(lambda u: u.organisation.werkplein)
    role = Role.COACH
    password = factory.django.Password(PASSWORD)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        skip_postgeneration_save = True

    werkplein = factory.SubFactory(WerkpleinFactory)
    name = factory.Sequence(lambda n: f"Team {n}")
    lead = factory.SubFactory(
        UserFactory,
        role=Role.TEAM_LEAD,
        organisation=factory.SubFactory(
            OrganisationFactory, werkplein=factory.SelfAttribute("...werkplein")
        ),
    )
    shares_caseloads = False


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client
        skip_postgeneration_save = True

    werkplein = factory.SubFactory(WerkpleinFactory)
    bsn = factory.LazyFunction(valid_bsn)
    first_name = factory.Sequence(lambda n: CLIENT_FIRST_NAMES[n % len(CLIENT_FIRST_NAMES)])
    last_name = factory.Sequence(lambda n: CLIENT_LAST_NAMES[n % len(CLIENT_LAST_NAMES)])
    # 27 and over: past the rules for the young (search period, routing), which a random age
    # would apply to some tests and not others. A test of those rules gives the date of birth.
    date_of_birth = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=27, maximum_age=64))
    # Not Faker's street names: they are made of first names ("Alyssastraat").
    street = factory.Sequence(lambda n: STREETS[n % len(STREETS)])
    house_number = factory.LazyFunction(lambda: str(random.randint(1, 200)))
    postcode = "7201 AB"
    city = "Zutphen"
    municipality = factory.SubFactory(
        OrganisationFactory, werkplein=factory.SelfAttribute("..werkplein")
    )
    # Plain ASCII: a first name like Noëlle makes an address Django's validator refuses.
    email = factory.LazyAttribute(lambda c: f"{slugify(c.first_name) or 'klant'}@voorbeeld.nl")

    @factory.post_generation
    def sections(obj, create, extracted, **kwargs):
        if create:
            _complete_new_clients([obj])


def _complete_new_clients(clients: list[Client]) -> None:
    """What saving a new client adds: his one-per-client sections and next contact date."""
    for model in ONE_TO_ONE_MODELS:
        model.objects.bulk_create(model(client=c, werkplein=c.werkplein) for c in clients)
    for client in clients:
        client.next_contact_due = client.compute_next_contact_due()
    Client.objects.bulk_update(clients, ["next_contact_due"])


def create_in_bulk(factory_class: type[factory.django.DjangoModelFactory], *specs: dict) -> list:
    """Rows as `factory_class` makes them, one for each spec of field values, inserted with one
    query. For fixtures that every test sets up: a row at a time costs a round trip each."""
    rows = [factory_class.build(**spec) for spec in specs]
    factory_class._meta.model.objects.bulk_create(rows)
    return rows


def create_clients_in_bulk(*specs: dict) -> list[Client]:
    """Clients as ClientFactory makes them, sections included, in a fixed number of queries."""
    clients = create_in_bulk(ClientFactory, *specs)
    _complete_new_clients(clients)
    return clients


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    client = factory.SubFactory(ClientFactory)
    werkplein = factory.LazyAttribute(lambda b: b.client.werkplein)
    kind = BenefitKind.BIJSTAND
    paying_organisation = factory.LazyAttribute(lambda b: b.client.municipality)
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=90))
    expected_end_on = None
    monthly_amount_cents = 125_000


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    client = factory.SubFactory(ClientFactory)
    werkplein = factory.LazyAttribute(lambda e: e.client.werkplein)
    author = None
    author_kind = AuthorKind.STAFF
    kind = EntryKind.NOTE
    visibility = Visibility.CLIENT
    text = factory.LazyFunction(lambda: fake.sentence(nb_words=12))
    occurred_at = factory.LazyFunction(timezone.now)
