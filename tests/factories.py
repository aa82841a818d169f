"""Factories for tests: realistic Dutch data, valid BSNs."""

import datetime
import random

import factory
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker

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


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.LazyFunction(fake.first_name)
    last_name = factory.LazyFunction(fake.last_name)
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
    # Without apostrophes ("van 't Erve"), which pages rightly escape: tests look for names as text.
    first_name = factory.LazyFunction(lambda: fake.first_name().replace("'", ""))
    last_name = factory.LazyFunction(lambda: fake.last_name().replace("'", ""))
    date_of_birth = factory.LazyFunction(lambda: fake.date_of_birth(minimum_age=18, maximum_age=64))
    street = factory.LazyFunction(fake.street_name)
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
            for model in ONE_TO_ONE_MODELS:
                model.objects.create(client=obj, werkplein=obj.werkplein)
            obj.next_contact_due = obj.compute_next_contact_due()
            Client.objects.filter(pk=obj.pk).update(next_contact_due=obj.next_contact_due)


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
