"""manage.py demo builds a realistic programme, once, that works for every role."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge
from cohorte.content.models import Post
from cohorte.organisations.models import Organisation
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort
from cohorte.projects.models import Proposal
from cohorte.selection.models import Decision

pytestmark = pytest.mark.django_db


def test_demo_builds_the_promised_programme(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    stages = {slug: Call.objects.get(slug=slug).pk for slug in STAGES.values()}
    jury = Call.objects.get(slug="projets-promotion-11-session-1").pk
    assert (
        "Appels aux étapes suivantes (espace de l'équipe) : "
        f"en présélection /gestion/appels/{stages['candidatures-promotion-10-session-2']}/, "
        f"en jurys /gestion/appels/{stages['candidatures-promotion-10-session-1']}/, "
        f"décidé /gestion/appels/{stages['candidatures-promotion-9']}/, "
        f"jury des défis /jurys/defis/{jury}/composition/."
    ) in out
    assert Cohort.objects.count() == 5
    assert Challenge.objects.count() == 26
    assert Person.objects.count() >= 60
    assert set(Role.objects.values_list("kind", flat=True)) == {
        "fellow", "operational_mentor", "senior_mentor", "team", "jury",
    }  # fmt: skip
    # Both calls are open now: a visitor can apply, an administration can propose a défi.
    assert sorted(Call.objects.open_at(timezone.now()).values_list("kind", "slug")) == [
        ("applications", "candidatures-promotion-10"),
        ("projects", "projets-promotion-11"),
    ]


def test_demo_refuses_a_database_with_data_and_if_empty_skips_it(capsys):
    call_command("demo", verbosity=0)
    with pytest.raises(CommandError, match="déjà des défis"):
        call_command("demo")
    call_command("demo", "--if-empty")
    assert "démo non chargée" in capsys.readouterr().out
    assert Challenge.objects.count() == 26


# The demo out of the box, for every role (issue 9, item 4).

DEMO_ACCOUNTS = ["equipe", "direction", "mentor", "candidat", "administration", "eig", "link"]


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """One demo for the module's read-mostly tests, rolled back when the module ends."""
    from tests.demo_snapshot import lay_demo

    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Each test's own transaction nests in this one as a savepoint, so what a test writes
    # is undone after it and the next test sees the demo as built.
    with (
        override_settings(PASSWORD_HASHERS=fast),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        yield lay_demo(tmp_path_factory, with_accounts=True)
        transaction.set_rollback(True)


@pytest.fixture
def demo(shared_demo, db, settings):
    settings.MEDIA_ROOT = shared_demo  # the demo's files, not the test's empty folder
    return shared_demo


def _user(username):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", DEMO_ACCOUNTS)
def test_every_demo_account_opens_its_space_and_its_menu(client, demo, username):
    client.force_login(_user(username))
    response = client.get("/mon-espace/")
    assert response.status_code == 200
    menu = [item["url"] for item in response.context["work_menu"]]
    assert menu or username == "candidat"
    for url in ["/", "/appels/", "/candidater/", "/proposer-un-defi/", *menu]:
        assert client.get(url, follow=True).status_code == 200, (username, url)


def test_the_demo_roles_see_their_work(client, demo):
    call = Call.objects.get(slug="candidatures-promotion-10")
    client.force_login(_user("candidat"))
    assert 'value="Candidate"' in client.get(f"/appels/{call.slug}/candidature/").text
    client.force_login(_user("mentor"))
    assert "Chloé Candidate" in client.get("/evaluation/").text
    client.force_login(_user("equipe"))
    listing = client.get(f"/gestion/appels/{call.pk}/candidatures/")
    assert listing.status_code == 200 and "Candidate" in listing.text


def test_the_demo_call_for_projects_leads_an_administration_to_an_open_form(client, demo):
    call = Call.objects.get(slug="projets-promotion-11")
    assert client.get("/proposer-un-defi/")["Location"] == f"/appels/{call.slug}/"
    page = client.get(f"/appels/{call.slug}/").text
    form_url = f"/projets/{call.slug}/nouvelle/"
    assert f'href="/compte/login/?next={form_url}"' in page
    client.force_login(_user("administration"))
    page = client.get(f"/appels/{call.slug}/").text
    assert f'<a class="fr-btn" href="{form_url}">Proposer un défi</a>' in page
    form = client.get(form_url)
    assert form.status_code == 200 and form.context["state"].open
    assert '<form method="post">' in form.text
    organisation = Organisation.objects.get(name="Météo-France")
    created = client.post(form_url, {"organisation": str(organisation.pk)})
    assert created.status_code == 302
    assert client.get(created["Location"]).status_code == 200
    # The draft the demo gives the administration is in the same open call.
    assert set(
        Proposal.objects.filter(created_by__username="administration").values_list(
            "call__slug", flat=True
        )
    ) == {call.slug}


def test_demo_defis_are_hosted_by_plausible_administrations_and_texts_vary(demo):
    hosts = dict(Challenge.objects.values_list("title", "host_organisation__name"))
    assert hosts["Biodiv'Obs"] == "Office français de la biodiversité"
    assert hosts["Archives vivantes"] == "Archives nationales"
    assert hosts["Urgences Flux"] == "Assistance publique – Hôpitaux de Paris"
    assert hosts["Fraude Détect"] == "Direction générale des finances publiques"
    bodies = list(Challenge.objects.values_list("body", flat=True))
    assert len(set(bodies)) == len(bodies)
    for challenge in Challenge.objects.select_related("host_organisation"):
        assert challenge.host_organisation.name in challenge.body
    assert len(set(Person.objects.values_list("bio", flat=True))) > 20
    posts = list(Post.objects.values_list("body", flat=True))
    assert len(set(posts)) == len(posts)


def test_demo_titles_agree_with_the_people(client, demo):
    page = client.get("/personnes/maud-mentor/").text
    assert "<strong>Mentore opérationnelle</strong>" in page
    forms = set(
        Person.objects.filter(roles__kind="operational_mentor").values_list("form", flat=True)
    )
    assert {"feminine", "masculine"} <= forms


def test_demo_calls_write_their_dates_the_site_way(demo):
    for calendar in Call.objects.filter(kind=Call.Kind.APPLICATIONS).values_list(
        "calendar", flat=True
    ):
        assert ", heure de Paris" in calendar
        assert not re.search(r"\d{2}/\d{2}/\d{4}", calendar)


# A campaign at every stage (issue 10, §4): every page can be tried at once.

STAGES = {
    "open": "candidatures-promotion-10",
    "preselection": "candidatures-promotion-10-session-2",
    "juries": "candidatures-promotion-10-session-1",
    "decided": "candidatures-promotion-9",
}


def _counts(queryset, *fields):
    from collections import Counter

    return dict(Counter(queryset.values_list(*fields)))


def test_the_demo_has_a_call_for_applications_at_every_stage(demo):
    from cohorte.calls import current
    from cohorte.notifications.models import OutboxMessage
    from cohorte.reviews.models import Review
    from cohorte.selection.models import InterviewSlot, RankingEntry

    now = timezone.now()
    calls = {stage: Call.objects.get(slug=slug) for stage, slug in STAGES.items()}
    assert Call.objects.filter(kind=Call.Kind.APPLICATIONS).count() == 4
    assert {stage: current.phase(call, now) for stage, call in calls.items()} == {
        "open": "open", "preselection": "closed", "juries": "closed", "decided": "closed",
    }  # fmt: skip

    def applications(stage, *fields):
        return _counts(Application.objects.filter(call=calls[stage]), *fields)

    def reviews(stage):
        return _counts(
            Review.objects.filter(application__call=calls[stage]), "stage", "reviewer__username"
        )

    def slots(stage):
        return InterviewSlot.objects.filter(panel__call=calls[stage])

    # Open: the demo candidate's application, submitted.
    assert applications("open", "status", "candidate__username") == {("submitted", "candidat"): 1}

    # Preselection: 12 applications, 10 screened, reviewed by the team and the mentor, 4
    # shortlisted; the round is closed and nothing is decided.
    assert applications("preselection", "status") == {("submitted",): 8, ("shortlisted",): 4}
    assert applications("preselection", "eligibility", "completeness") == {
        ("eligible", "complete"): 8, ("ineligible", "complete"): 1,
        ("eligible", "incomplete"): 1, ("pending", "pending"): 2,
    }  # fmt: skip
    assert reviews("preselection") == {("preselection", "equipe"): 8, ("preselection", "mentor"): 2}
    assert not calls["preselection"].panels.exists()
    assert all(r.closes_at < now for r in calls["preselection"].rounds.all())

    # Juries: 11 applications (the demo candidate's among them), 7 shortlisted before two
    # panels (the demo mentor on the first), interviews in the coming days, every invitation
    # sent, some answered, two grids filled ahead by the first panel's referee.
    assert applications("juries", "status") == {("submitted",): 4, ("shortlisted",): 7}
    assert applications("juries", "eligibility", "completeness") == {
        ("eligible", "complete"): 10, ("ineligible", "complete"): 1,
    }  # fmt: skip
    assert Application.objects.get(call=calls["juries"], candidate__username="candidat").status == (
        "shortlisted"
    )
    first, second = calls["juries"].panels.order_by("name")
    assert first.members.filter(username="mentor").exists()
    assert first.referee.username.startswith("jure-") and second.referee.username.startswith(
        "jure-"
    )
    assert _counts(slots("juries"), "status") == {
        ("invited",): 3, ("confirmed",): 3, ("move_requested",): 1,
    }  # fmt: skip
    assert all(slot.starts_at > now for slot in slots("juries"))
    assert slots("juries").get(application__candidate__username="candidat").status == "invited"
    assert OutboxMessage.objects.filter(subject__icontains="audition").count() >= 7
    assert reviews("juries") == {
        ("preselection", "equipe"): 10, ("preselection", "mentor"): 6,
        ("interview", first.referee.username): 2,
    }  # fmt: skip
    assert not Decision.objects.filter(application__call=calls["juries"]).exists()

    # Decided: 27 applications; 25 interviewed months ago, ranked, decided, validated by the
    # director and sent; 18 fellows (one per seat) published after the announcement.
    decided = calls["decided"]
    seats = sum(decided.challenges.values_list("seats", flat=True))
    assert seats == 18
    assert applications("decided", "status") == {("selected",): 18, ("not_selected",): 9}
    assert _counts(Decision.objects.filter(application__call=decided), "status", "outcome") == {
        ("sent", "selected"): 18, ("sent", "not_selected"): 9,
    }  # fmt: skip
    assert set(
        Decision.objects.filter(application__call=decided).values_list("validated_by__username")
    ) == {("direction",)}
    assert _counts(slots("decided"), "status") == {("planned",): 25}
    # Never invited by e-mail (the demo starts after them), each was graded: they read "tenue".
    assert {slot.shown_status() for slot in slots("decided")} == {"held"}
    assert all(slot.starts_at < decided.announcement_at < now for slot in slots("decided"))
    assert Review.objects.filter(application__call=decided, stage="interview").count() == 25
    assert RankingEntry.objects.filter(call=decided).count() == 25
    fellows = Role.objects.filter(kind=Role.Kind.FELLOW, cohort=decided.cohort)
    assert fellows.count() == 18
    assert set(fellows.values_list("person__user__email", flat=True)) == set(
        Application.objects.filter(call=decided, status="selected").values_list(
            "candidate__email", flat=True
        )
    )
    for challenge in decided.challenges.all():
        assert fellows.filter(challenge=challenge).count() == challenge.seats
    # Every e-mail of these steps went to the outbox like any other: for each candidate of
    # the decided call, the receipt of their application and their decision.
    emails = set(
        Application.objects.filter(call=decided).values_list("candidate__email", flat=True)
    )
    # (The fellows' recruitment, which follows, writes to them too.)
    recruitment = {"Votre contrat est enregistré", "Votre arrivée est prête"}
    sent = [
        m.subject
        for m in OutboxMessage.objects.all()
        if set(m.to) & emails and m.subject not in recruitment
    ]
    assert len(sent) == 2 * 27


def test_the_demo_cohort_is_in_recruitment(demo):
    from cohorte.projects.models import OrganisationMember
    from cohorte.recruitment import overview
    from cohorte.recruitment.models import Contract

    cohort = Call.objects.get(slug="candidatures-promotion-9").cohort
    assert len(cohort.onboarding_items.all()) == 5
    contracts = Contract.objects.filter(fellow__cohort=cohort)
    assert contracts.count() == 12  # three quarters of the 18 fellows, but the first
    assert contracts.filter(left_on__isnull=False).count() == 1
    if cohort.start_date + datetime.timedelta(days=45) <= datetime.date.today():
        assert cohort.transfer_decree.stage == "sent"
    rules = overview.conditions(cohort, 5, cohort.start_date + datetime.timedelta(days=200))
    totals = overview.counts(overview.fellows(cohort), rules)
    assert totals["all"] == 18 and totals["to_record"] == 6 and totals["left"] == 1
    assert totals["ready"] + totals["onboarding"] == 11 and totals["onboarding"] > 0
    first = (
        overview.fellows(cohort)
        .filter(has_contract=False)
        .order_by("challenge__title", "pk")
        .first()
    )
    assert OrganisationMember.objects.filter(
        user__username="administration", organisation=first.challenge.host_organisation
    ).exists()


def test_the_demo_has_a_call_for_projects_at_its_defi_jury(demo):
    from cohorte.projects.models import Audition, JuryPoolMember
    from cohorte.reviews.models import Review
    from cohorte.selection.models import Panel

    now = timezone.now()
    call = Call.objects.get(slug="projets-promotion-11-session-1")
    assert call.cohort.name == "Promotion 11" and call.closes_at < now
    assert _counts(call.proposals, "status", "eligibility", "completeness") == {
        ("shortlisted", "eligible", "complete"): 5, ("submitted", "ineligible", "complete"): 1,
    }  # fmt: skip
    assert Review.objects.filter(proposal__call=call, reviewer__username="equipe").count() == 6
    assert JuryPoolMember.objects.filter(call=call).count() == 10
    panels = Panel.objects.filter(call=call).order_by("name")
    assert [(p.name, p.members.count(), p.proposals.count()) for p in panels] == [
        ("Jury des défis 1", 5, 2), ("Jury des défis 2", 5, 3),
    ]  # fmt: skip
    assert all(p.referee.username.startswith("jure-") for p in panels)
    assert Panel.objects.filter(call=call, members__username="mentor").count() == 1
    auditions = Audition.objects.filter(panel__call=call)
    assert _counts(auditions, "status") == {("invited",): 5}
    assert all(a.starts_at > now and a.starts_at.weekday() < 5 for a in auditions)


def _stage_pages(calls, demo_ids):
    """(username, url, status) of every stage's pages, for the roles that may and may not."""
    pre, juries, decided = calls["preselection"], calls["juries"], calls["decided"]
    own_slot = demo_ids["own_slot"]
    graded_slot = demo_ids["graded_slot"]
    pages = []
    for call in (pre, juries, decided):
        for url in [
            f"/gestion/appels/{call.pk}/",
            f"/gestion/appels/{call.pk}/candidatures/",
            f"/gestion/candidatures/{call.applications.order_by('pk').first().pk}/",
            f"/evaluation/?appel={call.slug}",
            f"/jurys/?appel={call.slug}",
            f"/jurys/appels/{call.slug}/classements/",
            f"/jurys/decisions/?appel={call.slug}",
        ]:
            pages.append(("equipe", url, 200))
        pages.append(("direction", f"/jurys/decisions/validation/?appel={call.slug}", 200))
        pages.append(("mentor", f"/gestion/appels/{call.pk}/", 403))
        pages.append(("candidat", f"/gestion/appels/{call.pk}/candidatures/", 403))
    mentor_review = pre.applications.filter(reviews__reviewer__username="mentor").first()
    pages += [
        ("mentor", f"/evaluation/?appel={pre.slug}", 200),
        ("mentor", f"/evaluation/candidatures/{mentor_review.pk}/", 200),
        ("mentor", f"/jurys/?appel={juries.slug}", 200),
        ("mentor", f"/jurys/jurys/{juries.panels.order_by('name').first().pk}/", 200),
        ("mentor", f"/jurys/auditions/{graded_slot}/grille/", 200),
        ("mentor", "/jurys/decisions/", 403),
        ("direction", f"/jurys/decisions/validation/?appel={decided.slug}", 200),
        ("candidat", f"/appels/{juries.slug}/candidature/", 200),
        ("candidat", f"/jurys/auditions/{own_slot}/reponse/", 200),
        ("candidat", f"/jurys/auditions/{graded_slot}/grille/", 404),
        ("candidat", "/jurys/decisions/validation/", 403),
        ("administration", f"/gestion/appels/{decided.pk}/", 403),
        ("administration", f"/jurys/?appel={juries.slug}", 403),
    ]
    jury = demo_ids["defi_jury"]
    for url in [
        f"/instruction/{jury.pk}/",
        f"/jurys/defis/{jury.pk}/jures/",
        f"/jurys/defis/{jury.pk}/composition/",
    ]:
        pages.append(("equipe", url, 200))
        pages.append(("administration", url, 403))
    # A panel of the défi jury: its members and the team open it; to others it does not exist.
    panel = f"/jurys/defis/jurys/{demo_ids['mentor_panel']}/"
    pages += [
        ("equipe", panel, 200),
        ("mentor", panel, 200),
        ("mentor", f"/jurys/defis/{jury.pk}/composition/", 403),
        ("administration", panel, 404),
        ("candidat", panel, 404),
    ]
    return pages


def test_the_pages_of_every_stage_answer_each_demo_role(client, demo):
    from cohorte.selection.models import InterviewSlot, Panel

    calls = {stage: Call.objects.get(slug=slug) for stage, slug in STAGES.items()}
    slots = InterviewSlot.objects.filter(panel__call=calls["juries"])
    ids = {
        "own_slot": slots.get(application__candidate__username="candidat").pk,
        "graded_slot": slots.filter(application__reviews__stage="interview").first().pk,
        "defi_jury": Call.objects.get(slug="projets-promotion-11-session-1"),
        "mentor_panel": Panel.objects.get(
            call__slug="projets-promotion-11-session-1", members__username="mentor"
        ).pk,
    }
    answers = {}
    for username, url, _expected in _stage_pages(calls, ids):
        client.force_login(_user(username))
        answers[username, url] = client.get(url).status_code
    assert answers == {(u, url): expected for u, url, expected in _stage_pages(calls, ids)}
    # The published fellows are on their défi's public page.
    decided = calls["decided"]
    challenge = decided.challenges.order_by("pk").first()
    fellow = Role.objects.filter(kind=Role.Kind.FELLOW, challenge=challenge, person__is_public=True)
    page = client.get(challenge.get_absolute_url()).text
    for role in fellow.select_related("person"):
        assert role.person.full_name in page


def test_the_demo_cohort_writes_its_weekly_bulletins(demo):
    from cohorte.bulletins.models import Bulletin, Comment
    from cohorte.bulletins.weeks import current_week

    cohort = Call.objects.get(slug="candidatures-promotion-9").cohort
    bulletins = Bulletin.objects.filter(challenge__cohort=cohort)
    published = bulletins.filter(published_at__isnull=False)
    challenges = list(cohort.challenges.order_by("title"))
    this_week = current_week()
    assert published.count() > 10 * len(challenges)  # about four months, weeks missing
    assert published.order_by("week").first().week >= this_week - datetime.timedelta(weeks=18)
    assert published.filter(shared=True).exists() and published.filter(shared=False).exists()
    # One défi has been silent for three weeks or more; one has this week's draft.
    silent = this_week - datetime.timedelta(weeks=3)
    assert not published.filter(challenge=challenges[-1], week__gte=silent).exists()
    assert bulletins.get(published_at__isnull=True).challenge == challenges[0]
    assert bulletins.get(published_at__isnull=True).week == this_week
    assert Comment.objects.filter(answers_help=True, bulletin__help_needed__gt="").exists()
    assert published.filter(actions__isnull=False).count() == 1


def test_the_demo_runs_a_support_programme(client, demo):
    from cohorte.events.models import Attendance, Event, Feedback, Registration
    from cohorte.events.stats import missed_mandatory

    cohort = Cohort.objects.get(name="Promotion 9")
    events = Event.objects.filter(cohort=cohort)
    assert set(events.values_list("kind", flat=True)) == {
        "integration", "bootcamp", "monthly", "workshop", "seminar", "demo_day", "office_hours",
    }  # fmt: skip
    assert events.filter(kind="monthly", ends_at__lte=timezone.now()).count() == 4
    assert events.filter(kind="demo_day", starts_at__gt=timezone.now()).exists()
    assert Attendance.objects.filter(event__cohort=cohort).exists()
    assert Registration.objects.filter(event__cohort=cohort, state="excused").exists()
    assert Feedback.objects.filter(event__cohort=cohort).exists()
    assert missed_mandatory(cohort)
    client.force_login(_user("mentor"))
    page = client.get("/programme/")
    assert page.status_code == 200 and "Demo day" in page.text
    client.force_login(_user("equipe"))
    page = client.get(f"/gestion/promotions/{cohort.pk}/programme/")
    assert page.status_code == 200 and "Session collective — mois 4" in page.text


def test_the_demo_cohort_is_followed_month_by_month(demo):
    from cohorte.challenges.models import KeyFigure
    from cohorte.followup import dashboard
    from cohorte.followup.models import CheckIn, Milestone

    cohort = Call.objects.get(slug="candidatures-promotion-9").cohort
    rows = dashboard.rows(cohort, timezone.now())
    assert len(rows) == cohort.challenges.count() > 0
    # Four monthly check-ins in its fifth month, for every défi.
    assert {len(row.weathers) for row in rows} == {4}
    assert CheckIn.objects.filter(challenge__cohort=cohort).values("weather").distinct().count() > 1
    first = rows[0]
    assert "À risque ou bloqué à deux points d'étape de suite" in first.alerts
    assert "Une action en retard de plus d'un mois" in first.alerts
    assert Milestone.objects.filter(challenge__cohort=cohort, published=True).exists()
    assert KeyFigure.objects.filter(label="agents utilisateurs").exists()
    assert any(row.overdue_milestones == 0 for row in rows)


def test_the_demo_has_a_fellow_and_an_eig_link_account_for_the_cohorts_life(client, demo):
    from cohorte.accounts.roles import is_link, is_team

    fellow, link = _user("eig"), _user("link")
    assert fellow.emailaddress_set.filter(email="eig@demo.cohorte.local", verified=True).exists()
    assert fellow.person.roles.filter(kind="fellow", cohort__name="Promotion 9").exists()
    assert is_link(link) and not is_team(link)
    # Both sign in with their demo address and password, like the other demo accounts.
    for address in ("eig@demo.cohorte.local", "link@demo.cohorte.local"):
        response = client.post("/compte/login/", {"login": address, "password": "demo"})
        assert (response.status_code, response.url) == (302, "/mon-espace/"), address
        client.logout()
    client.force_login(fellow)
    for url in ("/programme/", "/bulletins/", "/mon-espace/"):
        assert client.get(url).status_code == 200, url
    client.force_login(link)
    assert client.get("/suivi/").status_code == 200
    assert client.get("/jurys/decisions/").status_code == 403


def test_the_finished_demo_cohort_answered_its_exit_surveys(client, demo):
    from cohorte.surveys import results
    from cohorte.surveys.models import Response, Survey

    cohort = Cohort.objects.get(name="Promotion 8")
    fellows = Survey.objects.get(cohort=cohort, audience="fellows")
    mentors = Survey.objects.get(cohort=cohort, audience="mentors")
    assert (fellows.anonymous, mentors.anonymous) == (True, False)
    assert fellows.sent_at.date() == mentors.sent_at.date() == cohort.end_date
    for survey in (fellows, mentors):
        kinds = set(survey.questions.values_list("kind", flat=True))
        assert kinds == {"scale", "yes_no", "single", "multiple", "number", "text"}
    rate = results.rate(fellows)
    assert rate["invited"] == Role.objects.filter(cohort=cohort, kind="fellow").count()
    assert rate["answered"] == round(rate["invited"] * 0.7)
    assert Response.objects.filter(survey=fellows, invitation__isnull=False).count() == 0
    assert 0 < results.rate(mentors)["answered"] < results.rate(mentors)["invited"]
    assert not Response.objects.filter(survey=mentors, invitation__isnull=True).exists()
    client.force_login(_user("equipe"))
    page = client.get(f"/gestion/promotions/{cohort.pk}/questionnaires/{fellows.pk}/resultats/")
    assert page.status_code == 200
    assert f"Taux de réponse : {rate['answered']} sur {rate['invited']}" in page.content.decode()
