"""Generated data: the demo Werkplein Zutphen, and a large Werkplein for the benchmark.

Both are reproducible from a fixed random seed. Rows are written in bulk: clients with
bulk_create (which returns their ids), the rest through `insert_rows` (COPY on PostgreSQL,
bulk_create in batches elsewhere). The scale generator makes its rows lazily, one chunk of
clients at a time, so memory stays bounded however many clients are asked for; on PostgreSQL
writer threads write chunks while the next one is made. bench/README.md has the numbers.

The rows are written directly, not through the services: a generator creates a whole history at
once (months of logbook, assignments, appointments) that no user action could create, and keeps
the derived fields (last_contact_at, next_contact_due) consistent with it itself.
"""

import bisect
import datetime
import itertools
import math
import random
import time
import unicodedata
import zoneinfo
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import holidays
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import F, Model, OuterRef, Subquery
from django.db.models.fields import AutoFieldMixin
from django.utils import timezone
from faker import Faker

from werkplein.accounts.models import Organisation, OrganisationKind, Role, TargetGroup, Team, User
from werkplein.appointments import demo as appointment_demo
from werkplein.appointments.models import Appointment, AppointmentKind
from werkplein.audit.models import QualitySample
from werkplein.clients.models import (
    Benefit,
    BenefitKind,
    Client,
    CoachAssignment,
    ContactFrequency,
    Education,
    EducationLevel,
    FinancialSituation,
    Household,
    Job,
    Segment,
    Skills,
    Wishes,
)
from werkplein.core.models import Werkplein
from werkplein.logbook.models import CONTACT_KINDS, AuthorKind, EntryKind, LogEntry, Visibility
from werkplein.plans import demo as plan_demo

DEMO_NAME, DEMO_SLUG = "Werkplein Zutphen", "zutphen"
DEMO_PASSWORD = "werkplein-demo"  # noqa: S105 -- the published password of the demo accounts
DEMO_SEED = 20250601
DEMO_CLIENTS = 200

SCALE_NAME, SCALE_SLUG = "Werkplein Schaal", "schaal"
SCALE_SEED = 42
CASELOAD_SIZE = 120  # clients per coach on average (100-140)
COACHES_PER_TEAM = 12
BENCH_COACH = "bench_coach"  # his first client (lowest id) has BIG_LOGBOOK entries
BIG_LOGBOOK = 2000
BATCH_SIZE = 5000
CHUNK_CLIENTS = 1000  # clients generated and written per transaction
OFFICE_OPENS, OFFICE_CLOSES = 8 * 60 + 30, 17 * 60  # minutes after midnight, local time

Out = Callable[[str], None]


class SeedError(Exception):
    """The data cannot be generated as asked (e.g. a smaller scale Werkplein already exists)."""


# --------------------------------------------------------------------------------------------
# Dutch reference data
# --------------------------------------------------------------------------------------------

# Municipality -> places with their postcode ranges (four digits).
PLACES: dict[str, list[tuple[str, tuple[int, int]]]] = {
    "Gemeente Zutphen": [("Zutphen", (7201, 7208)), ("Warnsveld", (7231, 7232))],
    "Gemeente Lochem": [
        ("Lochem", (7241, 7243)),
        ("Barchem", (7244, 7244)),
        ("Laren", (7245, 7245)),
        ("Eefde", (7211, 7211)),
        ("Gorssel", (7213, 7213)),
        ("Epse", (7214, 7214)),
    ],
    "Gemeente Bronckhorst": [
        ("Vorden", (7251, 7251)),
        ("Hengelo", (7255, 7255)),
        ("Steenderen", (7221, 7221)),
        ("Zelhem", (7021, 7021)),
        ("Hummelo", (6999, 6999)),
        ("Keijenborg", (7256, 7256)),
    ],
}
MUNICIPALITY_WEIGHTS = {"Gemeente Zutphen": 5, "Gemeente Lochem": 3, "Gemeente Bronckhorst": 3}
POSTCODE_LETTERS = [
    a + b
    for a in "ABCDEFGHJKLMNPRSTVWXZ"
    for b in "ABCDEFGHJKLMNPRSTVWXZ"
    if a + b not in {"SA", "SD", "SS"}
]
STREETS = (
    "Stationsstraat",
    "Kerkstraat",
    "Dorpsstraat",
    "Molenweg",
    "Beukenlaan",
    "Eikenlaan",
    "Lindelaan",
    "Schoolstraat",
    "Julianalaan",
    "Wilhelminastraat",
    "Beatrixlaan",
    "Prins Bernhardlaan",
    "Oranjestraat",
    "Nieuwstad",
    "Zaadmarkt",
    "Houtmarkt",
    "Weg naar Laren",
    "Deventerweg",
    "Zutphenseweg",
    "Vordenseweg",
    "Ruurloseweg",
    "Kastanjelaan",
    "Berkenlaan",
    "Esdoornstraat",
    "Meidoornstraat",
    "Vlierstraat",
    "Wilgenlaan",
    "Populierenlaan",
    "Merelstraat",
    "Lijsterstraat",
    "Spechtstraat",
    "Mussenstraat",
    "Zwanenlaan",
    "Reigerstraat",
    "Havikstraat",
    "Valkstraat",
    "Kievitstraat",
    "Graaf Ottoweg",
    "Hanzestraat",
    "IJsselkade",
    "Berkelsingel",
    "Emmerikseweg",
    "Leestenseweg",
    "Vijverberg",
    "Rozengracht",
    "Marspoortstraat",
    "Korte Hofstraat",
    "Lange Hofstraat",
    "Paardenmarkt",
    "Tadamasingel",
    "Coehoornsingel",
    "Burgemeester Dijckmeesterweg",
    "Hofweg",
    "Markt",
    "Hoofdstraat",
    "Kapelweg",
)
PREFIXES = ("van der", "van den", "van de", "van", "de", "den", "der", "ter", "te", "in 't", "'t")
# First names common among people born 1958-1980; Faker's nl_NL names suit the young.
OLDER_FIRST_NAMES = (  # noqa: SIM905 -- names read best as one text
    "Peter Marco Hans Jan Ronald Erik Gerrit Henk Richard Ruud Frank Rob Johan Wim Mark René "
    "Patrick Martin Edwin Dennis Ahmed Mustafa Mehmet Hasan Willem Bert Theo André Kees Harry "
    "Wilma Ingrid Sandra Monique Marian Annemarie Petra Karin Anita Ellen Gerda Yvonne Mirjam "
    "Linda Esther Marjolein Jolanda Fatma Khadija Saskia Jacqueline Bianca Astrid Renate Hanneke"
).split()
MAIL_DOMAINS = (
    ("gmail.com", 6),
    ("hotmail.com", 4),
    ("outlook.com", 2),
    ("ziggo.nl", 3),
    ("kpnmail.nl", 2),
    ("live.nl", 2),
    ("xs4all.nl", 1),
)
EMPLOYERS = (
    "Albert Heijn Zutphen",
    "Jumbo Lochem",
    "PostNL Sorteercentrum",
    "Bakkerij De Korenbloem",
    "Gelre ziekenhuizen",
    "Sensire Thuiszorg",
    "Aviko Steenderen",
    "Bouwbedrijf Ten Brinke",
    "Schoonmaakbedrijf Hago",
    "Gemeente Zutphen",
    "Hotel 't Hoge Veld",
    "Transportbedrijf Brummelman",
    "Action Distributiecentrum",
    "Randstad (uitzendwerk)",
    "Tempo-Team (uitzendwerk)",
    "Boerderij De Hietmaat",
    "Kinderopvang Humankind",
    "Hema Zutphen",
    "Technisch Installatiebedrijf Wolters",
    "Restaurant De Gravin",
)
OCCUPATIONS = (
    "vakkenvuller",
    "magazijnmedewerker",
    "orderpicker",
    "schoonmaker",
    "chauffeur",
    "administratief medewerker",
    "verzorgende IG",
    "helpende zorg en welzijn",
    "kok",
    "afwasser",
    "productiemedewerker",
    "klantenservicemedewerker",
    "beveiliger",
    "kassamedewerker",
    "timmerman",
    "installatiemonteur",
    "hovenier",
    "pedagogisch medewerker",
    "receptionist",
    "bezorger",
    "lasser",
    "schilder",
    "medewerker bediening",
    "postsorteerder",
)
REASONS_ENDED = (
    "Tijdelijk contract niet verlengd",
    "Reorganisatie",
    "Faillissement werkgever",
    "Eigen ontslag",
    "Langdurig ziek",
    "Einde uitzendovereenkomst",
    "Verhuisd",
)
LANGUAGES = (
    ("Nederlands", 12),
    ("Nederlands, Engels", 10),
    ("Nederlands, Engels, Duits", 3),
    ("Nederlands, Turks", 2),
    ("Nederlands, Arabisch", 2),
    ("Arabisch, Nederlands (A2)", 1),
    ("Tigrinya, Nederlands (A2)", 1),
    ("Pools, Engels, Nederlands (B1)", 1),
)
SKILL_PHRASES = (
    "nauwkeurig",
    "klantvriendelijk",
    "kan goed samenwerken",
    "werkt graag met de handen",
    "ervaring met heftruck (certificaat)",
    "VCA-basis",
    "goed met kinderen",
    "kan goed plannen",
    "ervaring met kassasystemen",
    "basiskennis Word en Excel",
    "stressbestendig",
    "rijbewijs C",
    "sociale hygiëne",
    "EHBO-diploma",
)
DIPLOMAS = {
    EducationLevel.VMBO: "Diploma vmbo basisberoepsgerichte leerweg",
    EducationLevel.MBO1: "Entreeopleiding",
    EducationLevel.MBO2: "Mbo 2 Logistiek medewerker",
    EducationLevel.MBO3: "Mbo 3 Verzorgende IG",
    EducationLevel.MBO4: "Mbo 4 Bedrijfsadministratief medewerker",
    EducationLevel.HAVO_VWO: "Havodiploma",
    EducationLevel.HBO: "Hbo Social Work",
    EducationLevel.WO: "Master Bedrijfskunde",
}
COURSES = ("VCA-basis", "heftruckcertificaat", "taaltraining B1", "mbo 2 Logistiek", "rijbewijs C")
REGIONS = ("Zutphen en omstreken", "Achterhoek", "Stedendriehoek", "Deventer en Zutphen")

ENTRY_KIND_WEIGHTS = {
    EntryKind.CONTACT: 30,
    EntryKind.APPOINTMENT: 14,
    EntryKind.MESSAGE: 20,
    EntryKind.NOTE: 22,
    EntryKind.DECISION: 4,
    EntryKind.INSTRUMENT: 4,
    EntryKind.DOCUMENT: 6,
}
# Share of entries of a kind that the client may read.
CLIENT_VISIBLE = {
    EntryKind.CONTACT: 0.9,
    EntryKind.APPOINTMENT: 0.9,
    EntryKind.MESSAGE: 1.0,
    EntryKind.NOTE: 0.15,
    EntryKind.DECISION: 1.0,
    EntryKind.INSTRUMENT: 0.9,
    EntryKind.DOCUMENT: 0.5,
    EntryKind.SYSTEM: 1.0,
}
ENTRY_TEXTS: dict[str, tuple[str, ...]] = {
    EntryKind.CONTACT: (
        "Telefonisch contact met {first}. Sollicitaties van de afgelopen weken doorgenomen; "
        "{first} heeft gereageerd op een vacature als {occupation}.",
        "Kort belcontact: {first} is een week ziek geweest en pakt het zoeken naar werk nu "
        "weer op.",
        "Gebeld over de voortgang. {first} heeft een sollicitatiegesprek gehad bij {employer} en "
        "wacht op de uitslag.",
        "Contact via beeldbellen. Afgesproken: twee sollicitaties per week en het cv bijwerken.",
        "{first} belde zelf met vragen over de inlichtingenplicht. Uitgelegd welke wijzigingen "
        "doorgegeven moeten worden.",
        "Telefonisch contact. Het traject bij {provider} loopt goed; volgende evaluatie over "
        "zes weken.",
    ),
    EntryKind.APPOINTMENT: (
        "Gesprek op kantoor. Werkwensen besproken: {first} wil graag aan de slag als {occupation}, "
        "{hours} uur per week.",
        "Voortgangsgesprek gevoerd. Plan van aanpak doorgenomen en bijgesteld.",
        "Gesprek over de mogelijkheden van scholing; {first} denkt na over {course}.",
        "Driegesprek met {provider}: afspraken over het traject vastgelegd.",
        "Huisbezoek afgelegd. Thuissituatie besproken; {first} staat open voor een traject.",
        "Afspraak niet nagekomen zonder afmelding. Nieuwe afspraak gemaakt en gewezen op de "
        "verplichtingen.",
    ),
    EntryKind.MESSAGE: (
        "Bericht aan {first}: vacature als {occupation} bij {employer} doorgestuurd, met de vraag "
        "of {first} voor vrijdag wil reageren.",
        "Herinnering gestuurd voor de afspraak van volgende week.",
        "Bericht aan {first}: graag het bijgewerkte cv uploaden via Mijn Werkplein.",
        "Bericht beantwoord: de reiskosten naar de training worden vergoed.",
        "Bericht aan {first}: goed gedaan met het gesprek bij {employer}!",
    ),
    EntryKind.NOTE: (
        "Overleg met de backoffice over de inkomstenopgave van vorige maand.",
        "Casusoverleg in het team: {first} komt mogelijk in aanmerking voor een proefplaatsing.",
        "Signaal van schuldhulpverlening: aanmelding loopt. Niet bespreken zonder toestemming.",
        "Telefonisch niet bereikt; voicemail ingesproken en sms gestuurd.",
        "Voorbereiding gesprek: sollicitatieactiviteiten van de afgelopen maand nagekeken.",
        "{first} is gemotiveerd maar loopt vast op vervoer; OV-vergoeding uitzoeken.",
        "Afgestemd met de klantmanager van de gemeente over de inzet van een jobcoach.",
    ),
    EntryKind.DECISION: (
        "Besluit: contactfrequentie aangepast naar eens per {frequency} dagen.",
        "Besluit: tijdelijke ontheffing van de arbeidsverplichting voor drie maanden (mantelzorg).",
        "Besluit: aanvraag scholing {course} toegekend.",
        "Besluit: {first} wordt ingedeeld in het segment {segment}.",
    ),
    EntryKind.INSTRUMENT: (
        "Aangemeld voor de sollicitatietraining bij {provider}.",
        "Proefplaatsing van twee maanden gestart bij {employer}.",
        "Aangemeld voor taaltraining Nederlands (niveau B1).",
        "Werkfit-traject aangevraagd bij {provider}.",
        "Jobcoach ingezet voor de eerste maanden bij {employer}.",
    ),
    EntryKind.DOCUMENT: (
        "Cv ontvangen en in het dossier opgenomen.",
        "Kopie van het diploma ontvangen.",
        "Medische informatie ontvangen van de bedrijfsarts (inhoud niet vastgelegd).",
        "Ondertekend plan van aanpak ontvangen.",
        "Bewijs van sollicitaties over de afgelopen maand ontvangen.",
    ),
}


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def bsn_check_digit(prefix: int) -> int | None:
    """The ninth digit that makes an eight-digit prefix pass the elfproef, or None if none does."""
    total = sum(int(d) * w for d, w in zip(f"{prefix:08d}", range(9, 1, -1), strict=True))
    digit = total % 11
    return digit if digit < 10 else None


def bsn_sequence(offset: int = 0) -> Iterator[str]:
    """Distinct valid BSNs, deterministically: a fixed walk through all eight-digit prefixes."""
    span, stride = 90_000_000, 7_368_787  # stride coprime with span: every prefix once
    assert math.gcd(span, stride) == 1
    for i in itertools.count(offset):
        prefix = 10_000_000 + (i * stride) % span
        digit = bsn_check_digit(prefix)
        if digit is not None:
            yield f"{prefix:08d}{digit}"


def _ascii(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain.lower() if c.isalnum() or c == ".")


def _weighted(rng: random.Random, weights: dict | tuple) -> object:
    pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
    return rng.choices([p[0] for p in pairs], [p[1] for p in pairs])[0]


def _batched(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _local_tz() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(settings.TIME_ZONE)


class Names:
    """Pools of Dutch names drawn once from a seeded Faker, then picked from cheaply."""

    def __init__(self, rng: random.Random, size: int = 600) -> None:
        fake = Faker("nl_NL")
        fake.seed_instance(rng.randrange(2**32))
        self.young_first = sorted({fake.first_name() for _ in range(size)})
        self.last = sorted({n for _ in range(size * 2) if "," not in (n := fake.last_name())})

    def person(self, rng: random.Random, older: bool) -> tuple[str, str, str]:
        first = rng.choice(OLDER_FIRST_NAMES if older and rng.random() < 0.7 else self.young_first)
        last = rng.choice(self.last)
        for prefix in PREFIXES:
            if last.startswith(prefix + " "):
                return first, prefix, last[len(prefix) + 1 :]
        return first, "", last


# --------------------------------------------------------------------------------------------
# One client with his history
# --------------------------------------------------------------------------------------------


@dataclass
class ClientPlan:
    """A client row and everything that belongs to him, before he has an id."""

    client: Client
    coach_id: int
    registered_at: datetime.datetime
    timeline: list[tuple[datetime.datetime, str, str, str]]  # occurred_at, kind, visibility, text
    sections: dict[type, dict] = field(default_factory=dict)
    benefit: dict | None = None
    jobs: list[dict] = field(default_factory=list)
    appointment: dict | None = None  # a planned appointment in the coming weeks
    handed_over: bool = False  # had an earlier coach
    earlier_coach_id: int | None = None


class ClientMaker:
    """Makes realistic clients and their histories from one random generator."""

    def __init__(
        self,
        rng: random.Random,
        werkplein: Werkplein,
        municipalities: dict[str, Organisation],
        uwv: Organisation,
        now: datetime.datetime,
    ) -> None:
        self.rng = rng
        self.werkplein = werkplein
        self.municipalities = municipalities
        self.uwv = uwv
        self.names = Names(rng)
        self.tz = _local_tz()
        self.now = now
        self.taken_slots: set[tuple[int, datetime.datetime]] = set()
        self.today = now.astimezone(self.tz).date()
        public_holidays = holidays.country_holidays(
            "NL", years=range(self.today.year - 4, self.today.year + 2)
        )
        first = self.today - datetime.timedelta(days=3 * 366)
        days = (first + datetime.timedelta(days=n) for n in range(3 * 366 + 60))
        self.working_days = [d for d in days if d.weekday() < 5 and d not in public_holidays]
        self.texts = {kind: list(texts) for kind, texts in ENTRY_TEXTS.items()}

    # -- the person ---------------------------------------------------------------------------

    def client(
        self, *, bsn: str, coach_id: int, team: Team | None, entries: int | None = None
    ) -> ClientPlan:
        rng = self.rng
        if team is not None and team.target_group == TargetGroup.UNDER_27:
            age = rng.randint(18, 26)
        elif team is not None and team.target_group == TargetGroup.FROM_45:
            age = rng.randint(45, 66)
        else:
            age = rng.choice((rng.randint(18, 26), rng.randint(27, 44), rng.randint(45, 66)))
        born = self.today - datetime.timedelta(days=age * 365 + rng.randint(1, 360) + age // 4)
        first, prefix, last = self.names.person(rng, older=age >= 45)
        municipality = _weighted(rng, MUNICIPALITY_WEIGHTS)
        city, (low, high) = rng.choice(PLACES[municipality])
        postcode = f"{rng.randint(low, high)} {rng.choice(POSTCODE_LETTERS)}"
        segment = _weighted(
            rng,
            {
                Segment.WORK_READY: 3,
                Segment.SUPPORT: 5,
                Segment.INTENSIVE: 3,
                Segment.CARE_FIRST: 1,
            },
        )
        frequency = _weighted(
            rng,
            {
                ContactFrequency.WEEKLY: 1,
                ContactFrequency.FORTNIGHTLY: 4,
                ContactFrequency.MONTHLY: 6,
                ContactFrequency.TWO_MONTHLY: 3,
                ContactFrequency.QUARTERLY: 1,
            },
        )
        local = f"{_ascii(first)}.{_ascii(prefix)}{_ascii(last)}"
        if rng.random() < 0.5:
            local = f"{_ascii(first)}{rng.randint(1, 99)}"
        email = f"{local}@{_weighted(rng, MAIL_DOMAINS)}" if rng.random() < 0.9 else ""
        if rng.random() < 0.85:  # mobile: 06-1 to 06-5
            phone = f"+316{rng.randint(1, 5)}{rng.randint(0, 9_999_999):07d}"
        else:  # fixed line in the Zutphen (0575) region
            phone = f"+31575{rng.randint(500_000, 599_999):06d}"
        client = Client(
            werkplein=self.werkplein,
            bsn=bsn,
            first_name=first,
            name_prefix=prefix,
            last_name=last,
            date_of_birth=born,
            street=rng.choice(STREETS),
            house_number=str(rng.randint(1, 180))
            + (rng.choice("abc") if rng.random() < 0.08 else ""),
            postcode=postcode,
            city=city,
            municipality=self.municipalities[municipality],
            phone=phone,
            email=email,
            coach_id=coach_id,
            team=team,
            segment=segment,
            contact_frequency_days=frequency,
        )
        plan = self._history(client, coach_id, age, entries)
        self._sections(plan, age)
        return plan

    # -- the history --------------------------------------------------------------------------

    def _at(self, day: datetime.date, minutes: int) -> datetime.datetime:
        return datetime.datetime.combine(
            day, datetime.time(minutes // 60, minutes % 60), tzinfo=self.tz
        )

    def _working_moment(self, day: datetime.date, later: bool = False) -> datetime.datetime:
        """A moment in office hours on the working day nearest to `day` (earlier or later)."""
        if later:
            i = bisect.bisect_left(self.working_days, day)
        else:
            i = bisect.bisect_right(self.working_days, day) - 1
        return self._at(self.working_days[i], self.rng.randint(OFFICE_OPENS, OFFICE_CLOSES))

    def _history(self, client: Client, coach_id: int, age: int, entries: int | None) -> ClientPlan:
        rng = self.rng
        frequency = client.contact_frequency_days
        # Last contact: inside the frequency for most, overdue for about one in seven.
        if rng.random() < 0.14:
            days_since = frequency + rng.randint(1, 30)
        else:
            days_since = rng.randint(0, max(frequency - 2, 0))
        last_contact = self._working_moment(self.today - datetime.timedelta(days=days_since))
        if last_contact >= self.now:
            last_contact = self._working_moment(self.today - datetime.timedelta(days=1))
        if entries is None:  # the demo: as many entries as months of guidance bring
            span_days = rng.randint(60, 540)
            entries = max(4, min(80, int(span_days / (frequency * 0.6)) + rng.randint(0, 6)))
        else:  # the scale: a fixed number over up to two years, about 3 a day at most
            span_days = max(rng.randint(120, 720), entries // 3)
        registered = self._working_moment(last_contact.date() - datetime.timedelta(days=span_days))
        if registered >= last_contact:
            registered = last_contact - datetime.timedelta(hours=1)
        kinds = list(ENTRY_KIND_WEIGHTS)
        weights = list(ENTRY_KIND_WEIGHTS.values())
        timeline: list[tuple[datetime.datetime, str]] = [(registered, EntryKind.SYSTEM)]
        # The entries in between fall in office hours on working days between the two.
        low = bisect.bisect_right(self.working_days, registered.date())
        high = bisect.bisect_left(self.working_days, last_contact.date())
        count = max(entries - 2, 0)
        if high > low:
            draw, days, minutes = rng.random, high - low, OFFICE_CLOSES - OFFICE_OPENS
            moments = sorted(
                (low + int(draw() * days), OFFICE_OPENS + int(draw() * minutes))
                for _ in range(count)
            )
            times = [self._at(self.working_days[i], minutes) for i, minutes in moments]
        else:  # registered shortly before the last contact
            gap = last_contact - registered
            times = sorted(registered + gap * rng.random() for _ in range(count))
        timeline.extend(zip(times, rng.choices(kinds, weights, k=count), strict=True))
        if entries > 1:
            timeline.append((last_contact, rng.choice((EntryKind.CONTACT, EntryKind.APPOINTMENT))))
        client.last_contact_at = max(
            (at for at, kind in timeline if kind in CONTACT_KINDS), default=None
        )
        since = client.last_contact_at or registered
        client.next_contact_due = since.astimezone(self.tz).date() + datetime.timedelta(
            days=frequency
        )
        draw, visible, text = rng.random, CLIENT_VISIBLE, self.texts_for(client)
        timeline = [
            (
                at,
                kind,
                Visibility.CLIENT if draw() < visible[kind] else Visibility.INTERNAL,
                text(kind),
            )
            for at, kind in timeline
        ]
        plan = ClientPlan(
            client=client, coach_id=coach_id, registered_at=registered, timeline=timeline
        )
        if rng.random() < 0.1 and span_days > 120:
            plan.handed_over = True  # the caller picks the earlier coach
        plan_appointment = rng.random() < 0.4
        if plan_appointment:
            day = self._working_moment(
                self.today + datetime.timedelta(days=rng.randint(1, 25)), later=True
            ).date()
            hour = rng.randint(9, 15)  # hourly slots of 45 minutes from 9:00 to 16:00
            starts = datetime.datetime.combine(day, datetime.time(hour), tzinfo=self.tz)
            kind = _weighted(rng, {"office": 6, "phone": 3, "video": 1})
        if plan_appointment and (coach_id, starts) not in self.taken_slots:
            # A coach never has two planned appointments at once.
            self.taken_slots.add((coach_id, starts))
            plan.appointment = {
                "starts_at": starts,
                "ends_at": starts + datetime.timedelta(minutes=45),
                "kind": kind,
                "location": {
                    AppointmentKind.OFFICE: f"Werkplein, spreekkamer {rng.randint(1, 8)}",
                    AppointmentKind.PHONE: "De coach belt",
                    AppointmentKind.VIDEO: "Videogesprek via Mijn Werkplein",
                }[kind],
            }
        return plan

    def texts_for(self, client: Client) -> Callable[[str], str]:
        """Makes logbook texts for one client: his name, and the jobs and courses he talks of."""
        rng = self.rng
        values = {
            "first": client.first_name,
            "occupation": rng.choice(OCCUPATIONS),
            "employer": rng.choice(EMPLOYERS),
            "provider": "Aan de Slag Re-integratie",
            "hours": rng.choice((16, 20, 24, 32, 36, 38)),
            "course": rng.choice(COURSES),
            "frequency": client.contact_frequency_days,
            "segment": Segment(client.segment).label,
        }
        others = {"occupation": OCCUPATIONS, "employer": EMPLOYERS}

        def text(kind: str) -> str:
            if kind == EntryKind.SYSTEM:
                return "Klant ingeschreven bij het Werkplein."
            template = rng.choice(self.texts[kind])
            if "{" not in template:
                return template
            if rng.random() < 0.3:  # now and then another job or employer comes up
                key = rng.choice(("occupation", "employer"))
                values[key] = rng.choice(others[key])
            return template.format_map(values)

        return text

    # -- the sections -------------------------------------------------------------------------

    def _sections(self, plan: ClientPlan, age: int) -> None:
        rng = self.rng
        young = age < 27
        level = _weighted(
            rng,
            {
                EducationLevel.NONE: 1,
                EducationLevel.PRIMARY: 1,
                EducationLevel.VMBO: 4,
                EducationLevel.MBO1: 3,
                EducationLevel.MBO2: 4,
                EducationLevel.MBO3: 3,
                EducationLevel.MBO4: 2,
                EducationLevel.HAVO_VWO: 1,
                EducationLevel.HBO: 1,
                EducationLevel.WO: 0.3,
            },
        )
        qualified = level in {"mbo2", "mbo3", "mbo4", "havo_vwo", "hbo", "wo"}
        plan.sections[Education] = {
            "highest_level": level,
            "has_start_qualification": qualified,
            "diplomas": DIPLOMAS.get(level, ""),
            "current_study": "Mbo 2 Logistiek (bbl)" if young and rng.random() < 0.15 else "",
        }
        household = _weighted(
            rng,
            {
                Household.SINGLE: 6 if young else 4,
                Household.SINGLE_PARENT: 2,
                Household.COUPLE: 1 if young else 3,
                Household.COUPLE_CHILDREN: 0.5 if young else 3,
                Household.OTHER: 2 if young else 0.5,
            },
        )
        debts = rng.random() < 0.25
        plan.sections[FinancialSituation] = {
            "household": household,
            "housing_costs_cents": rng.randrange(45_000, 110_000, 500),
            "has_debts": debts,
            "in_debt_counselling": debts and rng.random() < 0.5,
            "notes": "Betalingsregeling met de zorgverzekeraar."
            if debts and rng.random() < 0.4
            else "",
        }
        plan.sections[Skills] = {
            "languages": _weighted(rng, LANGUAGES),
            "driving_licence": rng.random() < (0.35 if young else 0.7),
            "digital_skills": _weighted(rng, {"low": 2, "medium": 5, "high": 3 if young else 1}),
            "skills": ", ".join(rng.sample(SKILL_PHRASES, rng.randint(1, 4))).capitalize() + ".",
        }
        wanted = rng.sample(OCCUPATIONS, rng.randint(1, 3))
        plan.sections[Wishes] = {
            "occupations": ", ".join(wanted),
            "hours_per_week": rng.choice((16, 20, 24, 28, 32, 36, 38, 40)),
            "region": rng.choice(REGIONS),
            "max_travel_minutes": rng.choice((15, 20, 30, 45, 60)),
            "notes": "Liefst geen avonddiensten." if rng.random() < 0.2 else "",
        }
        # Work history: the young have had few jobs, older people more.
        end = plan.registered_at.date() - datetime.timedelta(days=rng.randint(0, 90))
        for _ in range(rng.randint(0, 2) if young else rng.randint(1, 4)):
            months = rng.randint(3, 24 if young else 120)
            start = end - datetime.timedelta(days=months * 30)
            if start <= plan.client.date_of_birth + datetime.timedelta(days=16 * 365):
                break
            plan.jobs.append(
                {
                    "employer_name": rng.choice(EMPLOYERS),
                    "position": rng.choice(OCCUPATIONS),
                    "started_on": start,
                    "ended_on": end,
                    "hours_per_week": rng.choice((12, 16, 24, 32, 36, 40)),
                    "reason_ended": rng.choice(REASONS_ENDED),
                }
            )
            end = start - datetime.timedelta(days=rng.randint(14, 400))
        plan.benefit = self._benefit(plan, age, household)

    def _benefit(self, plan: ClientPlan, age: int, household: str) -> dict | None:
        rng = self.rng
        kinds = {BenefitKind.BIJSTAND: 6, BenefitKind.NONE: 2, BenefitKind.WW: 1 if age < 27 else 4}
        if age >= 27:
            kinds[BenefitKind.WIA] = 1.5
        kind = _weighted(rng, kinds)
        started = plan.registered_at.date() - datetime.timedelta(days=rng.randint(0, 30))
        if kind == BenefitKind.NONE:
            return {"kind": kind, "paying_organisation_id": None, "started_on": started}
        if kind == BenefitKind.BIJSTAND:
            couple = household in {Household.COUPLE, Household.COUPLE_CHILDREN}
            amount = (
                rng.randint(30_000, 60_000)
                if age < 21
                else (rng.randint(195_000, 205_000) if couple else rng.randint(132_000, 142_000))
            )
            return {
                "kind": kind,
                "paying_organisation_id": plan.client.municipality.pk,
                "started_on": started,
                "monthly_amount_cents": amount,
            }
        months = rng.randint(3, 24) if kind == BenefitKind.WW else None
        return {
            "kind": kind,
            "paying_organisation_id": self.uwv.pk,
            "started_on": started,
            "expected_end_on": started + datetime.timedelta(days=months * 30) if months else None,
            "monthly_amount_cents": rng.randint(110_000, 290_000),
        }


# --------------------------------------------------------------------------------------------
# Writing plans
# --------------------------------------------------------------------------------------------


def insert_rows(model: type[Model], rows: Iterable[dict], batch_size: int = BATCH_SIZE) -> int:
    """Inserts rows given as {attname: value}; fields left out take their model default.

    PostgreSQL gets them through COPY, which is several times faster than INSERT for millions of
    rows; other databases through bulk_create in batches. Rows are consumed lazily either way.
    Returns the number of rows written.
    """
    fields = [f for f in model._meta.concrete_fields if not isinstance(f, AutoFieldMixin)]
    defaults = {f.attname: f.get_default() for f in fields}
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    if unknown := first.keys() - defaults.keys():  # e.g. "client" where "client_id" is meant
        raise TypeError(f"{model.__name__} has no columns {sorted(unknown)}")
    rows = itertools.chain([first], rows)
    written = 0
    if connection.vendor == "postgresql":
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        names = [f.attname for f in fields]
        with connection.cursor() as cursor:
            copy_sql = f"COPY {table} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row([row[n] if n in row else defaults[n] for n in names])
                    written += 1
        return written
    for batch in _batched(rows, batch_size):
        model.objects.bulk_create([model(**{**defaults, **row}) for row in batch])
        written += len(batch)
    return written


def _write_plans(plans: list[ClientPlan], werkplein: Werkplein, batch_size: int) -> int:
    """Writes clients and everything that belongs to them; returns the number of log entries."""
    Client.objects.bulk_create([p.client for p in plans], batch_size=batch_size)
    wp_id = werkplein.pk

    def row(p: ClientPlan, values: dict, at: datetime.datetime | None = None) -> dict:
        at = at or p.registered_at
        return {
            "werkplein_id": wp_id,
            "client_id": p.client.pk,
            "created_at": at,
            "updated_at": at,
            **values,
        }

    for model in (Education, FinancialSituation, Skills, Wishes):
        insert_rows(model, (row(p, p.sections[model]) for p in plans), batch_size)
    insert_rows(Benefit, (row(p, p.benefit) for p in plans if p.benefit), batch_size)
    insert_rows(Job, (row(p, job) for p in plans for job in p.jobs), batch_size)
    insert_rows(
        CoachAssignment,
        (row(p, a, a["started_at"]) for p in plans for a in _assignments(p)),
        batch_size,
    )
    insert_rows(
        Appointment,
        (
            row(p, {"coach_id": p.coach_id, **p.appointment}, p.client.last_contact_at)
            for p in plans
            if p.appointment
        ),
        batch_size,
    )
    return insert_rows(LogEntry, _entries(plans, wp_id), batch_size)


def _assignments(p: ClientPlan) -> Iterator[dict]:
    started = p.registered_at
    team_id = p.client.team_id
    if p.earlier_coach_id:
        handover = p.registered_at + (p.client.last_contact_at - p.registered_at) / 3
        yield {
            "coach_id": p.earlier_coach_id,
            "team_id": team_id,
            "reason": "Ingeschreven",
            "started_at": started,
            "ended_at": handover,
        }
        started = handover
    yield {
        "coach_id": p.coach_id,
        "team_id": team_id,
        "assigned_by_id": p.client.team.lead_id if p.client.team else None,
        "reason": "Overgedragen wegens verdeling caseload"
        if p.earlier_coach_id
        else "Ingeschreven",
        "started_at": started,
    }


def _entries(plans: list[ClientPlan], wp_id: int) -> Iterator[dict]:
    for p in plans:
        client_id, coach_id = p.client.pk, p.coach_id
        for at, kind, visibility, text in p.timeline:
            system = kind == EntryKind.SYSTEM
            yield {
                "werkplein_id": wp_id,
                "created_at": at,
                "updated_at": at,
                "client_id": client_id,
                "author_id": None if system else coach_id,
                "author_kind": AuthorKind.SYSTEM if system else AuthorKind.STAFF,
                "kind": kind,
                "visibility": visibility,
                "text": text,
                "occurred_at": at,
            }


def _users(
    werkplein: Werkplein, password_hash: str, specs: Iterable[dict], batch_size: int = BATCH_SIZE
) -> list[User]:
    users = [User(werkplein=werkplein, password=password_hash, **spec) for spec in specs]
    return User.objects.bulk_create(users, batch_size=batch_size)


# --------------------------------------------------------------------------------------------
# The demo
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    first_name: str
    last_name: str
    organisation: str
    description: str


_ZUTPHEN, _LOCHEM, _BRONCKHORST = "Gemeente Zutphen", "Gemeente Lochem", "Gemeente Bronckhorst"
_PROVIDER, _EMPLOYER = "Aan de Slag Re-integratie", "Bakkerij De Korenbloem"
DEMO_ACCOUNTS = (
    DemoAccount("admin", Role.FUNCTIONAL_ADMIN, "Ruud", "Hendriks", "UWV", "beheer (/beheer/)"),
    DemoAccount("teamlead1", Role.TEAM_LEAD, "Marieke", "Jansen", "UWV", "leidt beide teams"),
    DemoAccount("coach1", Role.COACH, "Sanne", "de Vries", _ZUTPHEN, "team Jongeren (gedeeld)"),
    DemoAccount("coach2", Role.COACH, "Peter", "Bosman", "UWV", "team 45-plus"),
    DemoAccount("coach3", Role.COACH, "Yusuf", "Demir", "UWV", "team Jongeren (gedeeld)"),
    DemoAccount("coach4", Role.COACH, "Lotte", "Kamphuis", _LOCHEM, "team Jongeren (gedeeld)"),
    DemoAccount("coach5", Role.COACH, "Henk", "Wolters", _BRONCKHORST, "team 45-plus"),
    DemoAccount("coach6", Role.COACH, "Anouk", "Meijer", "UWV", "team 45-plus"),
    DemoAccount("backoffice1", Role.BACK_OFFICE, "Ingrid", "Smit", _ZUTPHEN, "bijstand Zutphen"),
    DemoAccount("backoffice2", Role.BACK_OFFICE, "Bas", "Visser", "UWV", "WW en WIA van UWV"),
    DemoAccount("quality1", Role.QUALITY_OFFICER, "Jeroen", "van Dam", "UWV", "steekproef van 5"),
    DemoAccount("security1", Role.SECURITY_OFFICER, "Nadia", "Bakker", "UWV", "toegangslog"),
    DemoAccount("provider1", Role.PROVIDER_STAFF, "Kees", "Brouwer", _PROVIDER, _PROVIDER),
    DemoAccount("employer1", Role.EMPLOYER, "Gerda", "Lubbers", _EMPLOYER, _EMPLOYER),
    DemoAccount("client1", Role.CLIENT, "", "", "", "klant van coach1 (Mijn Werkplein)"),
    DemoAccount("client2", Role.CLIENT, "", "", "", "klant van coach2 (Mijn Werkplein)"),
)
DEMO_ORGANISATIONS = (
    ("UWV", OrganisationKind.UWV),
    ("Gemeente Zutphen", OrganisationKind.MUNICIPALITY),
    ("Gemeente Lochem", OrganisationKind.MUNICIPALITY),
    ("Gemeente Bronckhorst", OrganisationKind.MUNICIPALITY),
    ("Aan de Slag Re-integratie", OrganisationKind.PROVIDER),
    ("Bakkerij De Korenbloem", OrganisationKind.EMPLOYER),
)
DEMO_TEAMS = {  # team -> (target group, shares caseloads, coaches)
    "Jongeren": (TargetGroup.UNDER_27, True, ("coach1", "coach3", "coach4")),
    "45-plus": (TargetGroup.FROM_45, False, ("coach2", "coach5", "coach6")),
}


def demo_exists() -> bool:
    return Werkplein.objects.filter(name=DEMO_NAME).exists()


@transaction.atomic
def seed_demo(out: Out = print, clients: int = DEMO_CLIENTS, seed: int = DEMO_SEED) -> Werkplein:
    """Creates the demo Werkplein Zutphen with its accounts and about 200 clients."""
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    werkplein = Werkplein.objects.create(name=DEMO_NAME, slug=DEMO_SLUG)
    orgs = {
        name: Organisation.objects.create(werkplein=werkplein, name=name, kind=kind)
        for name, kind in DEMO_ORGANISATIONS
    }
    password_hash = make_password(DEMO_PASSWORD)
    staff = [a for a in DEMO_ACCOUNTS if a.role != Role.CLIENT]
    users = {
        u.username: u
        for u in _users(
            werkplein,
            password_hash,
            (
                {
                    "username": a.username,
                    "role": a.role,
                    "first_name": a.first_name,
                    "last_name": a.last_name,
                    "email": f"{a.username}@werkplein-zutphen.example",
                    "organisation": orgs[a.organisation],
                    "is_staff": a.role == Role.FUNCTIONAL_ADMIN,
                    "target_caseload": 35 if a.role == Role.COACH else 0,
                }
                for a in staff
            ),
        )
    }
    teams = {}
    for name, (target_group, shares, coaches) in DEMO_TEAMS.items():
        team = Team.objects.create(
            werkplein=werkplein,
            name=name,
            lead=users["teamlead1"],
            target_group=target_group,
            shares_caseloads=shares,
        )
        team.members.set([users[c] for c in coaches])
        teams[name] = team

    municipalities = {n: o for n, o in orgs.items() if o.kind == OrganisationKind.MUNICIPALITY}
    maker = ClientMaker(rng, werkplein, municipalities, orgs["UWV"], now)
    bsns: set[str] = set()
    plans: list[ClientPlan] = []
    for i in range(clients):
        team = teams["Jongeren" if i % 2 == 0 else "45-plus"]
        coaches = DEMO_TEAMS[team.name][2]
        coach = users[coaches[(i // 2) % len(coaches)]]
        while (bsn := _random_bsn(rng)) in bsns:
            pass
        bsns.add(bsn)
        plan = maker.client(bsn=bsn, coach_id=coach.pk, team=team)
        if plan.handed_over:
            plan.earlier_coach_id = users[
                rng.choice([c for c in coaches if c != coach.username])
            ].pk
        plans.append(plan)
    entries = _write_plans(plans, werkplein, BATCH_SIZE)

    # The demo's timestamps follow its history: a row was made when it happened.
    LogEntry.objects.filter(werkplein=werkplein).update(
        created_at=F("occurred_at"), updated_at=F("occurred_at")
    )
    first_entry = LogEntry.objects.filter(client=OuterRef("pk")).order_by("occurred_at")
    Client.objects.filter(werkplein=werkplein).update(
        created_at=Subquery(first_entry.values("occurred_at")[:1])
    )
    _link_client_accounts(plans, users, orgs, password_hash, werkplein)
    _seed_portal(werkplein, users, now)
    _seed_intake_work(werkplein, users, teams, now)
    _draw_sample(rng, werkplein, plans, users, now)
    out(
        f"{DEMO_NAME}: {len(DEMO_ACCOUNTS)} accounts, {clients} clients, {entries} log entries "
        f"in {time.perf_counter() - started:.1f} s."
    )
    return werkplein


def _random_bsn(rng: random.Random) -> str:
    while (digit := bsn_check_digit(prefix := rng.randint(10_000_000, 99_999_999))) is None:
        pass
    return f"{prefix:08d}{digit}"


def _link_client_accounts(plans, users, orgs, password_hash, werkplein) -> None:
    for username, coach in (("client1", "coach1"), ("client2", "coach2")):
        # An adult client who is not overdue, so the portal shows an ordinary case.
        plan = next(
            p for p in plans if p.coach_id == users[coach].pk and p.client.email and p.appointment
        )
        client = plan.client
        account = User.objects.create(
            username=username,
            password=password_hash,
            werkplein=werkplein,
            organisation=client.municipality,
            role=Role.CLIENT,
            first_name=client.first_name,
            last_name=" ".join(p for p in (client.name_prefix, client.last_name) if p),
            email=client.email,
        )
        Client.objects.filter(pk=client.pk).update(user=account)
        users[username] = account


def _seed_portal(werkplein: Werkplein, users: dict[str, User], now: datetime.datetime) -> None:
    """Availability for every demo coach, and a plan for the two clients with an account."""
    today = now.astimezone(_local_tz()).date()
    coaches = [u for u in users.values() if u.role == Role.COACH]
    appointment_demo.seed_demo_availability(werkplein=werkplein, coaches=coaches, today=today)
    for username, coach in (("client1", "coach1"), ("client2", "coach2")):
        client = Client.objects.get(werkplein=werkplein, user=users[username])
        plan_demo.seed_demo_plan(client=client, coach=users[coach], today=today)


def _seed_intake_work(
    werkplein: Werkplein, users: dict[str, User], teams: dict[str, Team], now: datetime.datetime
) -> None:
    """Routing rules, an open coach proposal, benefit applications and signals, and the case
    conference series, so that each intake page has something to show."""
    # Imported here: these demo modules use this module's generators.
    from werkplein.allocation import demo as allocation_demo
    from werkplein.benefits import demo as benefits_demo
    from werkplein.conferences import demo as conferences_demo
    from werkplein.intake import demo as intake_demo

    today = now.astimezone(_local_tz()).date()
    intake_demo.seed_routing_rules(werkplein)
    intake_demo.seed_demo_registrations(werkplein, today)
    allocation_demo.seed_open_proposal(
        team=teams["Jongeren"], actor=users["teamlead1"], today=today
    )
    benefits_demo.seed_demo_benefits(werkplein=werkplein, users=users, today=today)
    conferences_demo.seed_demo_conferences(werkplein=werkplein, users=users, today=today)


def _draw_sample(rng, werkplein, plans, users, now) -> None:
    local = now.astimezone(_local_tz())
    quarter = (local.month - 1) // 3 + 1
    sample = QualitySample.objects.create(
        werkplein=werkplein,
        reviewer=users["quality1"],
        drawn_by=users["teamlead1"],
        description=f"Steekproef dossiervorming kwartaal {quarter} {local.year}",
    )
    sample.clients.set([p.client for p in rng.sample(plans, 5)])


# --------------------------------------------------------------------------------------------
# The scale
# --------------------------------------------------------------------------------------------


def caseload_sizes(clients: int, rng: random.Random) -> list[int]:
    """Caseloads of about CASELOAD_SIZE that add up to `clients`, varied between coaches."""
    coaches = max(1, round(clients / CASELOAD_SIZE))
    base, extra = divmod(clients, coaches)
    sizes = [base + (1 if i < extra else 0) for i in range(coaches)]
    for i in range(0, coaches - 1, 2):  # vary pairwise, keeping the total
        shift = rng.randint(-15, 15)
        if min(sizes[i] + shift, sizes[i + 1] - shift) >= 1:
            sizes[i] += shift
            sizes[i + 1] -= shift
    return sizes


def scale_werkplein() -> Werkplein | None:
    return Werkplein.objects.filter(slug=SCALE_SLUG).first()


def seed_scale(
    clients: int,
    entries_per_client: int = 50,
    seed: int = SCALE_SEED,
    out: Out = print,
    batch_size: int = BATCH_SIZE,
    threads: int = 0,
) -> Werkplein:
    """Creates the scale Werkplein with `clients` clients (see the module docstring).

    With `threads`, that many connections write at once (PostgreSQL; not inside a test's
    transaction, which the other connections would not see).
    """
    existing = scale_werkplein()
    if existing is not None:
        count = Client.objects.filter(werkplein=existing).count()
        if count >= clients:
            out(f"{SCALE_NAME} already has {count:,} clients; nothing to do.")
            return existing
        raise SeedError(
            f"{SCALE_NAME} already exists with {count:,} clients, fewer than {clients:,}. "
            "Use a fresh database to generate a larger one."
        )
    started = time.perf_counter()
    rng = random.Random(seed)
    now = timezone.now()
    sizes = caseload_sizes(clients, rng)
    with transaction.atomic():
        werkplein, orgs, coaches, teams_of = _scale_organisation(rng, sizes)
    municipalities = {n: o for n, o in orgs.items() if o.kind == OrganisationKind.MUNICIPALITY}
    maker = ClientMaker(rng, werkplein, municipalities, orgs["UWV"], now)
    out(
        f"{SCALE_NAME}: {clients:,} clients for {len(coaches)} coaches in "
        f"{len(set(teams_of.values()))} teams, ~{entries_per_client} log entries each."
    )

    def plans() -> Iterator[ClientPlan]:
        bsns = bsn_sequence()
        for coach, size in zip(coaches, sizes, strict=True):
            team = teams_of[coach.pk]
            for j in range(size):
                big = coach.username == BENCH_COACH and j == 0
                low, high = int(entries_per_client * 0.8), math.ceil(entries_per_client * 1.2)
                entries = BIG_LOGBOOK if big else rng.randint(low, max(low, high))
                plan = maker.client(bsn=next(bsns), coach_id=coach.pk, team=team, entries=entries)
                if plan.handed_over:
                    plan.earlier_coach_id = rng.choice(coaches).pk
                yield plan

    done = entries = 0
    report_every = max(CHUNK_CLIENTS, (clients // 20) // CHUNK_CLIENTS * CHUNK_CLIENTS)

    def progress(written: tuple[int, int]) -> None:
        nonlocal done, entries
        done, entries = done + written[0], entries + written[1]
        if done % report_every == 0 or done == clients:
            elapsed = time.perf_counter() - started
            out(
                f"  {done:>9,} clients  {entries:>11,} log entries  {elapsed:7.1f} s  "
                f"({done / elapsed:,.0f} clients/s)"
            )

    chunks = _batched(plans(), CHUNK_CLIENTS)
    if threads < 1:
        for chunk in chunks:
            progress(_write_chunk(chunk, werkplein, batch_size, own_connection=False))
    else:
        # Plans are made here, in order (so the data is the same whatever the threads); each
        # writer thread writes a whole chunk in a transaction on its own connection. At most
        # `threads` chunks wait, which bounds the memory.
        with ThreadPoolExecutor(max_workers=threads) as pool:
            pending: deque[Future] = deque()
            for chunk in chunks:
                pending.append(pool.submit(_write_chunk, chunk, werkplein, batch_size, True))
                while len(pending) > threads:
                    progress(pending.popleft().result())
            while pending:
                progress(pending.popleft().result())
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics, so that the first queries after a bulk load are planned well.
        tables = [
            m._meta.db_table for m in (Client, LogEntry, Benefit, CoachAssignment, Appointment)
        ]
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(map(connection.ops.quote_name, tables)))
    out(f"Done in {time.perf_counter() - started:.1f} s.")
    return werkplein


def _write_chunk(
    plans: list[ClientPlan], werkplein: Werkplein, batch_size: int, own_connection: bool
) -> tuple[int, int]:
    try:
        with transaction.atomic():
            return len(plans), _write_plans(plans, werkplein, batch_size)
    finally:
        if own_connection:
            connection.close()


def _scale_organisation(rng: random.Random, sizes: list[int]):
    werkplein = Werkplein.objects.create(name=SCALE_NAME, slug=SCALE_SLUG)
    orgs = {
        name: Organisation.objects.create(werkplein=werkplein, name=name, kind=kind)
        for name, kind in DEMO_ORGANISATIONS
    }
    staff_orgs = [
        orgs[n] for n in ("UWV", "Gemeente Zutphen", "Gemeente Lochem", "Gemeente Bronckhorst")
    ]
    password_hash = make_password(DEMO_PASSWORD)
    names = Names(rng, size=200)
    n_teams = math.ceil(len(sizes) / COACHES_PER_TEAM)

    def person(username: str, role: str, target: int = 0) -> dict:
        first, prefix, last = names.person(rng, older=rng.random() < 0.5)
        return {
            "username": username,
            "role": role,
            "first_name": first,
            "last_name": f"{prefix} {last}".strip(),
            "email": f"{username}@werkplein-schaal.example",
            "organisation": rng.choice(staff_orgs),
            "target_caseload": target,
        }

    leads = _users(
        werkplein,
        password_hash,
        (person(f"schaal_lead_{t + 1:03d}", Role.TEAM_LEAD) for t in range(n_teams)),
    )
    coaches = _users(
        werkplein,
        password_hash,
        (
            person(BENCH_COACH if i == 0 else f"schaal_coach_{i + 1:04d}", Role.COACH, size)
            for i, size in enumerate(sizes)
        ),
    )
    groups = (TargetGroup.NONE, TargetGroup.UNDER_27, TargetGroup.FROM_45)
    teams = Team.objects.bulk_create(
        Team(
            werkplein=werkplein,
            name=f"Team {t + 1:03d}",
            lead=leads[t],
            target_group=groups[t % 3],
            shares_caseloads=t % 2 == 0,  # the bench coach's team shares: the harder case
        )
        for t in range(n_teams)
    )
    teams_of = {c.pk: teams[i // COACHES_PER_TEAM] for i, c in enumerate(coaches)}
    Team.members.through.objects.bulk_create(
        Team.members.through(team_id=teams_of[c.pk].pk, user_id=c.pk) for c in coaches
    )
    return werkplein, orgs, coaches, teams_of


def big_logbook_client(werkplein: Werkplein | None = None) -> Client | None:
    """The bench's client with BIG_LOGBOOK entries: the first client of the bench coach."""
    werkplein = werkplein or scale_werkplein()
    return (
        Client.objects.filter(werkplein=werkplein, coach__username=BENCH_COACH)
        .order_by("id")
        .first()
    )
