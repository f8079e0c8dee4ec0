"""Another programme on Cohorte: « Talents du numérique » is set up on an empty instance
through its pages, runs a call for applications, and nothing of EIG shows anywhere (issue #15,
§4).

The instance is set up through ``/installation/``; the team then names its network and its
operator in ``/gestion/parametres/`` and writes its legal notice in ``/gestion/pages/``. What
exists before its first call comes from factories, and only that, as in the EIG campaign
journeys: the défi chosen by its call for projects (the profile it seeks is added in
``/gestion/configuration/profils/``). Then the team
configures the call in ``/gestion/``, a candidate signs up (the verification link read from the
outbox), applies and submits, and the team exports the applications with every column in every
format. Every page reachable by following links, as a visitor, as the candidate and as the
team, every entry of the sitemap, every feed and calendar linked, the exports and every message
of the outbox are read: none says « EIG », « Entrepreneurs d'intérêt général » or « Etalab ».
"""

import datetime
import io
import re
import zipfile
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.programmes import identity, setup
from cohorte.programmes.models import Cohort
from cohorte.public.formats import PARIS
from tests.calls.conftest import upload
from tests.factories import ChallengeFactory, OrganisationFactory
from tests.programmes.test_setup import ACCOUNT, _code, programme_data

pytestmark = pytest.mark.django_db

# EIG's names: the acronym as it is written, the full name whatever its apostrophe, case or
# accents. The Licence Ouverte is the licence of the French State's open content, whoever
# publishes: its official address and its SPDX identifier bear its author's name, not the
# programme's. (The open data column « nombre_eig » keeps its name for the data's reusers.)
EIG_WORDS = re.compile(
    r"(?<![A-Za-z0-9])EIG(?![A-Za-z0-9])"
    r"|(?i:entrepreneurs? d.{1,7}int[ée]r[êe]t g[ée]n[ée]ral)"
    r"|(?i:etalab(?!\.gouv\.fr/licence-ouverte-open-licence|-2\.0))"
)
# Pages a crawl must not follow: signing out ends the session it reads with; Django's admin
# is the developers' tool, not a page of the programme.
NOT_FOLLOWED = re.compile(r"^/(admin/|compte/logout/|static/|media/)")
MAX_PAGES = 400
# The same list sorted or filtered otherwise says the same words: two variants of a page suffice.
VARIANTS_PER_PAGE = 2
CANDIDATE = "nora.belkacem@example.net"
PASSWORD = "un-mot-de-passe-solide-2026"


@pytest.fixture(autouse=True)
def new_instance(settings):
    settings.COHORTE_SETUP_REQUIRED = True
    setup.forget()
    identity.forget(no_programme=True)
    yield
    setup.forget()
    identity.forget()


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, 0), tzinfo=PARIS)


def texts_of(body: bytes, content_type: str) -> list[str]:
    """What a response says: its text, or the text of every member of an office file."""
    if body[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return [
                archive.read(name).decode("utf-8", "replace")
                for name in archive.namelist()
                if name.endswith((".xml", ".rels", ".csv", ".txt", ".json"))
            ]
    if content_type.startswith(("image/", "application/pdf", "font/")):
        return []
    return [body.decode("utf-8", "replace")]


def eig_mentions(text: str) -> list[str]:
    """Each mention of EIG in ``text`` with a little of what surrounds it."""
    return [
        text[max(0, m.start() - 60) : m.end() + 60].replace("\n", " ")
        for m in EIG_WORDS.finditer(text)
    ]


def links_of(url: str, text: str) -> list[str]:
    """The site's own addresses a page links to, without their fragment."""
    found = []
    for href in re.findall(r'(?:href|src)="([^"#]+)', text):
        target = urlsplit(urljoin(url, href.replace("&amp;", "&")))
        if target.netloc in ("", "testserver") and target.path.startswith("/"):
            found.append(target.path + (f"?{target.query}" if target.query else ""))
    return found


def crawl(client: Client, starts: list[str]) -> dict[str, list[str]]:
    """Follow every link of the site from ``starts`` with GET; the EIG mentions per address."""
    seen, variants, queue, mentions = set(), {}, deque(), {}

    def follow(url):
        path = url.split("?", 1)[0]
        if url in seen or NOT_FOLLOWED.match(url) or variants.get(path, 0) >= VARIANTS_PER_PAGE:
            return
        seen.add(url)
        variants[path] = variants.get(path, 0) + 1
        queue.append(url)

    for url in starts:
        follow(url)
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code in (301, 302):
            follow(response["Location"])
            continue
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for text in texts_of(body, response.get("Content-Type", "")):
            if found := eig_mentions(text):
                mentions[url] = found
            for link in links_of(url, text):
                follow(link)
    assert len(seen) > 20, seen  # the crawl did reach the site
    return mentions


def _set_up_talents(client, caplog) -> Cohort:
    """The three steps of /installation/, as the new team member does them."""
    assert client.post("/installation/", programme_data(_code(caplog, client))).status_code == 302
    assert client.post("/installation/", ACCOUNT).status_code == 302
    cohort_step = client.post(
        "/installation/",
        {"programme": identity.current().pk, "name": "Talents 1", "year": "2027"},
    )
    assert cohort_step.status_code == 302
    return Cohort.objects.get(name="Talents 1")


def _team_writes_its_words(client) -> None:
    """The team names its network and its operator, and writes its legal notice, in /gestion/."""
    from cohorte.programmes.settings_forms import FIELDS

    form = client.get("/gestion/parametres/").context["form"]
    data = {name: form[name].value() or "" for name in FIELDS}
    data |= {
        "network_name": "Réseau Talents",
        "operator_legal_name": "Ministère de la Culture",
        "operator_address": "182 rue Saint-Honoré\n75001 Paris",
    }
    assert client.post("/gestion/parametres/", data).status_code == 302
    notice = {
        "title": "Mentions légales",
        "description": "Qui publie ce site.",
        "body": "## Éditeur\n\nLe ministère de la Culture, 182 rue Saint-Honoré, 75001 Paris.",
    }
    legal = reverse("sitepages:legal_edit", args=["mentions-legales"])
    assert client.post(legal, notice).status_code == 302


def _configure_the_call(client, cohort, challenge, profile, day0) -> Call:
    """The call, its questions, its grid, its défi, profile and announcement, in /gestion/."""
    opens = _at(day0 + datetime.timedelta(days=1), 9)
    closes = _at(day0 + datetime.timedelta(days=20), 23)
    response = client.post(
        reverse("team:config_create"),
        {
            "kind": "applications",
            "cohort": cohort.pk,
            "title": "Appel à talents 2027",
            "round_name": "Session unique",
            "opens_at": _local(opens),
            "closes_at": _local(closes),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    call = Call.objects.get(title="Appel à talents 2027")
    question = {
        "formulaire": "question",
        "nouvelle-label": "Votre motivation pour ce défi",
        "nouvelle-help_text": "",
        "nouvelle-kind": "long_text",
        "nouvelle-max_length": "1500",
        "nouvelle-options": "",
        "nouvelle-required": "on",
    }
    assert (
        client.post(reverse("team:config_questions", args=[call.pk]), question).status_code == 302
    )
    assert client.post(reverse("team:config_grid_create", args=[call.pk])).status_code == 302
    choices = {
        "choice_kind": "challenges",
        "max_choices": "1",
        "choice_timing": "application",
        "voting_closes_at": "",
        "announcement_at": _local(_at(day0 + datetime.timedelta(days=60), 10)),
        "challenges": [challenge.pk],
        f"seats_{challenge.pk}": "1",
        "profiles": [profile.pk],
    }
    response = client.post(reverse("team:config_choices", args=[call.pk]), choices)
    assert response.status_code == 302, response.content.decode()[:2000]
    call.refresh_from_db()
    return call


def _candidate_applies(call) -> Client:
    """A newcomer signs up, confirms the address from the outbox, applies and submits."""
    candidate = Client()
    signup = candidate.post(
        reverse("account_signup"),
        {
            "first_name": "Nora",
            "last_name": "Belkacem",
            "email": CANDIDATE,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert signup.status_code == 302
    body = content_for_recipient(OutboxMessage.objects.get(to=[CANDIDATE]))[1]
    link = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+/", body).group(0)
    assert candidate.post(urlsplit(link).path).status_code == 302
    url = reverse("calls:application", args=[call.slug])
    assert candidate.post(url, {"action": "start"}).status_code == 302
    application = Application.objects.get(candidate__email=CANDIDATE)
    question = call.questions.get()
    response = candidate.post(
        url,
        {
            "application": application.pk,
            "revision": application.revision,
            "first_name": "Nora",
            "last_name": "Belkacem",
            "phone": "06 12 34 56 78",
            "statements": [str(pk) for pk in call.statements.values_list("pk", flat=True)],
            "gender": "woman",
            "publication_consent": "on",
            "choices": [f"c{call.challenges.get().pk}", "", ""],
            f"q_{question.pk}": "Mettre les collections au service de tous.",
            "cv": upload("cv-nora.pdf"),
            "action": "submit",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    return candidate


def _team_exports(client, call) -> dict[str, bytes]:
    """The applications exported with every column, in every format the team may choose."""
    from cohorte.calls.team_views.forms import FORMATS, ExportForm

    columns = [key for key, _label in ExportForm(call).fields["columns"].choices]
    exports = {}
    for fmt in FORMATS:
        response = client.post(
            reverse("team:export", args=[call.pk]), {"columns": columns, "fmt": fmt}
        )
        assert response.status_code == 200, fmt
        exports[fmt] = b"".join(response.streaming_content)
    return exports


def test_talents_du_numerique_runs_a_call_and_nothing_says_eig(client, caplog):
    cohort = _set_up_talents(client, caplog)
    _team_writes_its_words(client)
    # The profile its calls seek, added in its pages; the défi its call for projects chose.
    assert (
        client.post("/gestion/configuration/profils/", {"name": "Développement"}).status_code == 302
    )
    profile = Expertise.objects.get(name="Développement")
    challenge = ChallengeFactory(
        cohort=cohort,
        title="Collections ouvertes",
        slug="collections-ouvertes",
        tagline="Ouvrir les collections des musées",
        host_organisation=OrganisationFactory(name="Musée des Arts"),
        seats=1,
        status=Challenge.Status.PUBLISHED,
    )
    challenge.expertises.add(profile)
    day0 = timezone.localdate(timezone=PARIS)
    call = _configure_the_call(client, cohort, challenge, profile, day0)

    with time_machine.travel(call.opens_at + datetime.timedelta(hours=1), tick=True):
        candidate = _candidate_applies(call)
        exports = _team_exports(client, call)

        mentions = {
            "visitor": crawl(Client(), ["/", "/sitemap.xml", "/robots.txt"]),
            "candidate": crawl(candidate, ["/mon-espace/", f"/appels/{call.slug}/candidature/"]),
            "team": crawl(client, ["/gestion/", "/mon-espace/", f"/gestion/appels/{call.pk}/"]),
        }
    mentions["exports"] = {
        fmt: found
        for fmt, body in exports.items()
        for text in texts_of(body, "")
        if (found := eig_mentions(text))
    }
    outbox = {
        f"{message.pk} {message.subject}": found
        for message in OutboxMessage.objects.all()
        if (found := eig_mentions(message.subject + "\n" + content_for_recipient(message)[1]))
    }
    assert OutboxMessage.objects.count() >= 2  # the verification and the receipt
    leaks = [
        f"{role} {url}: {found}" for role, pages in mentions.items() for url, found in pages.items()
    ]
    leaks += [f"outbox {message}: {found}" for message, found in outbox.items()]
    assert leaks == [], "\n".join(leaks)
    assert "182 rue Saint-Honoré" in Client().get("/mentions-legales/").content.decode()
    assert "Réseau Talents" in client.get("/gestion/reseau/").content.decode()
