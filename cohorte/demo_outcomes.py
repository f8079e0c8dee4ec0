"""The demo's finished cohorts after their programme: Promotion 7 (ended two years ago) and
Promotion 8 (ended last year) with their closing, deliverables and results; what became of
each défi (its sustainment history and the 6, 12 and 24-month follow-ups answered when their
date has passed); where their fellows went, some sharing their path or joining the directory.

Deterministic: everything is drawn from the ``rng`` given (its own ``Random(seed + 12)``) and
dated from the cohorts' end dates and ``now``. Past sendings are written as such: their links
were never handed out (only a hash of an unused secret is stored) and no e-mail is queued.
"""

import datetime
import random

from django.utils import timezone

from .alumni.models import AlumniProfile, CareerStep, Situation
from .challenges.models import Challenge, ChallengeLink, Expertise, Theme
from .outcomes import domain
from .outcomes.models import Closing, Deliverables, FollowUp, Result, Sustainment
from .people.models import Person, Role
from .programmes.models import Cohort
from .text import make_slug

SECTIONS = ["Contexte et objectifs", "Réalisations", "Impact et usages", "Suites du défi"]
# (title, tagline, theme, host administration, the situation the défi starts from)
PROMOTION_7 = [
    ("Cadastre solaire", "Estimer le potentiel solaire de chaque toiture", "Environnement",
     "Métropole de Lyon",
     "Les habitants qui veulent poser des panneaux solaires ne savent pas si leur toit s'y prête."),
    ("Pénuries de médicaments", "Anticiper les ruptures d'approvisionnement", "Santé", "MS",
     "Les ruptures de stock de médicaments sont signalées tard, une fois les pharmacies vides."),
    ("Alim'Contrôle", "Cibler les inspections sanitaires des restaurants", "Agriculture",
     "DRAAF Occitanie",
     "Les inspecteurs visitent les établissements sans savoir lesquels présentent le plus de "
     "risques."),
    ("Déchets malins", "Optimiser les tournées de collecte des déchets", "Environnement",
     "Ville de Marseille",
     "Les camions de collecte passent à heure fixe devant des bacs à moitié vides."),
    ("Forêts en santé", "Suivre l'état des forêts par satellite", "Environnement", "OFB",
     "Sécheresses et scolytes abîment les forêts plus vite que les relevés de terrain."),
    ("Budget lisible", "Rendre le budget de l'État compréhensible par tous", "Finances publiques",
     "DGFiP",
     "Les documents budgétaires comptent des milliers de pages que peu de citoyens ouvrent."),
]  # fmt: skip
REPORT_TEXTS = {
    "Contexte et objectifs": "{host} voulait {tagline}. L'équipe s'est fixé trois objectifs "
    "mesurables avec les agents dès le premier mois.",
    "Réalisations": "Un service en ligne, ouvert aux agents au quatrième mois puis au public ; "
    "un jeu de données publié sur data.gouv.fr ; une documentation technique complète.",
    "Impact et usages": "Le service est utilisé chaque semaine par les agents de {host}, qui "
    "y gagnent plusieurs heures de recherche.",
    "Suites du défi": "L'administration prévoit de maintenir le service et d'en ouvrir le code.",
}
PITCHES = [
    "En trois minutes : le problème, ce que nous avons construit, ce qui change pour les agents.",
    "Notre démonstration en direct, suivie des chiffres d'usage des six derniers mois.",
]
VERDICTS = (
    [Result.Verdict.ACHIEVED] * 3 + [Result.Verdict.PARTLY] * 2 + [Result.Verdict.NOT_ACHIEVED]
)
STATES = [
    (Sustainment.State.SUSTAINED, Sustainment.By.INTERNAL_TEAM),
    (Sustainment.State.SUSTAINED, Sustainment.By.NEW_CONTRACT),
    (Sustainment.State.SUSTAINED, Sustainment.By.STARTUP),
    (Sustainment.State.INTERNALISED, ""),
    (Sustainment.State.INTERNALISED, ""),
    (Sustainment.State.PAUSED, ""),
    (Sustainment.State.STOPPED, ""),
]
SITUATIONS = [
    Situation.HOST_ADMINISTRATION, Situation.HOST_ADMINISTRATION, Situation.OTHER_ADMINISTRATION,
    Situation.PUBLIC_SECTOR, Situation.PRIVATE_SECTOR, Situation.OWN_COMPANY, Situation.STUDIES,
]  # fmt: skip
JOBS = ["Développeur·se", "Data scientist", "Designer", "Cheffe ou chef de produit", "Consultant·e"]
ELSEWHERE = {
    Situation.OTHER_ADMINISTRATION: "Direction interministérielle du numérique",
    Situation.PUBLIC_SECTOR: "Banque publique d'investissement",
    Situation.PRIVATE_SECTOR: "Une entreprise du numérique",
    Situation.OWN_COMPANY: "Sa propre entreprise",
    Situation.STUDIES: "Une école d'ingénieurs",
}


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


def _promotion_7(programme, year: int, organisations, rng: random.Random):
    """The cohort two years back, its défis, fellows and mentors."""
    from .demo import MENTOR_TITLES, _body, _candidate_names, _form, _person

    cohort = Cohort.objects.create(
        programme=programme, number=7, name="Promotion 7", slug="promotion-7", year=year - 2,
        status=Cohort.Status.FINISHED, start_date=datetime.date(year - 2, 1, 15),
        end_date=datetime.date(year - 2, 12, 15), aliases=["EIG 7", str(year - 2)],
    )  # fmt: skip
    expertises = list(Expertise.objects.order_by("name"))
    taken = set(Person.objects.values_list("full_name", flat=True))
    names = iter(_candidate_names(rng, len(PROMOTION_7) * 4, taken))
    for title, tagline, theme, host_key, situation in PROMOTION_7:
        host = organisations[host_key]
        challenge = Challenge.objects.create(
            cohort=cohort, title=title, slug=make_slug(title), tagline=tagline,
            body=_body(rng, title, situation, host.name), host_organisation=host,
            funding_organisation=host.parent or host, town=host.town, seats=2,
            duration_months=12, status=Challenge.Status.FINISHED,
        )  # fmt: skip
        challenge.themes.add(Theme.objects.get(name=theme))
        sought = rng.sample(expertises, 2)
        challenge.expertises.add(*sought)
        for profile in sought:
            person = _person(next(names), profile, rng)
            Role.objects.create(
                person=person, kind=Role.Kind.FELLOW, cohort=cohort, challenge=challenge,
                profile=profile,
            )  # fmt: skip
        for kind in (Role.Kind.OPERATIONAL_MENTOR, Role.Kind.SENIOR_MENTOR):
            name = next(names)
            where = host if kind == Role.Kind.OPERATIONAL_MENTOR else host.parent or host
            job = f"{rng.choice(MENTOR_TITLES[_form(name)])}, {where.acronym or where.name}"
            person = _person(name, None, rng, job=job)
            Role.objects.create(person=person, kind=kind, cohort=cohort, challenge=challenge)
    return cohort


def _closing(cohort, challenges, team, rng: random.Random, late_links: bool) -> None:
    end = cohort.end_date
    Closing.objects.create(
        cohort=cohort,
        report_sections=SECTIONS,
        report_due=end - datetime.timedelta(days=20),
        pitch_due=end - datetime.timedelta(days=10),
        links_due=end,
    )
    for index, challenge in enumerate(challenges):
        host = challenge.host_organisation.name if challenge.host_organisation else ""
        values = {"host": host, "tagline": challenge.tagline[0].lower() + challenge.tagline[1:]}
        handed = _at(end - datetime.timedelta(days=rng.randrange(21, 30)))
        # The last défi of Promotion 8 never handed its links in: the table shows it late.
        links_missing = late_links and index == len(challenges) - 1
        Deliverables.objects.create(
            challenge=challenge,
            report={title: text.format(**values) for title, text in REPORT_TEXTS.items()},
            report_submitted_at=handed,
            pitch_url=f"https://video.example.gouv.fr/demo-day/{challenge.slug}",
            pitch_text=rng.choice(PITCHES),
            pitch_submitted_at=handed + datetime.timedelta(days=8),
            links_submitted_at=None if links_missing else handed + datetime.timedelta(days=12),
            updated_by=None,
        )
        if not links_missing:
            ChallengeLink.objects.get_or_create(
                challenge=challenge,
                url=f"https://git.example.gouv.fr/eig/{challenge.slug}",
                defaults={"kind": ChallengeLink.Kind.CODE, "label": "Code source"},
            )
            ChallengeLink.objects.create(
                challenge=challenge,
                kind=ChallengeLink.Kind.DATA,
                url=f"https://www.data.gouv.fr/fr/datasets/{challenge.slug}/",
                label="Jeu de données",
            )
        Result.objects.create(
            challenge=challenge, verdict=rng.choice(VERDICTS), note="", decided_by=team
        )


def _after(cohort, challenges, team, rng: random.Random, today: datetime.date) -> None:
    """The first state noted by the team, then the follow-ups answered when their date passed."""
    domain.schedule(cohort)
    end = cohort.end_date
    for challenge in challenges:
        state, by = rng.choice(STATES)
        host = challenge.host_organisation
        Sustainment.objects.create(
            challenge=challenge, state=state, by=by,
            carried_by=host.name if by else "", since=end + datetime.timedelta(days=17),
            product_url=f"https://{challenge.slug}.beta.gouv.fr" if state in Sustainment.LIVING
            else "",
            recorded_by=team,
        )  # fmt: skip
        for follow_up in FollowUp.objects.filter(challenge=challenge).order_by("months"):
            if follow_up.due_on > today:
                continue
            answered = follow_up.due_on + datetime.timedelta(days=rng.randrange(2, 20))
            follow_up.sent_at = _at(follow_up.due_on, 8)
            if answered <= today:
                follow_up.answered_at = _at(answered, 14)
                # Mostly the same; sometimes a paused défi restarts or a living one stops.
                if rng.random() < 0.3:
                    state, by = rng.choice(STATES)
                Sustainment.objects.create(
                    challenge=challenge, state=state, by=by,
                    carried_by=host.name if by else "", since=answered,
                    product_url=f"https://{challenge.slug}.beta.gouv.fr"
                    if state in Sustainment.LIVING else "",
                    note=f"Réponse au suivi à {follow_up.months} mois.", follow_up=follow_up,
                )  # fmt: skip
            follow_up.save(update_fields=["sent_at", "answered_at"])


def _alumni(cohort, rng: random.Random, today: datetime.date) -> None:
    """Where each fellow went after the programme; a few share it."""
    fellows = Role.objects.filter(cohort=cohort, kind=Role.Kind.FELLOW).select_related(
        "person", "challenge__host_organisation"
    )
    for role in fellows.order_by("challenge__title", "person__slug"):
        person, host = role.person, role.challenge.host_organisation
        since = cohort.end_date + datetime.timedelta(days=rng.randrange(15, 60))
        situation = rng.choice(SITUATIONS)
        CareerStep.objects.create(
            person=person, situation=situation, since=since, job_title=rng.choice(JOBS),
            organisation=host.name if situation == Situation.HOST_ADMINISTRATION
            else ELSEWHERE[situation],
        )  # fmt: skip
        later = since + datetime.timedelta(days=rng.randrange(200, 400))
        if later <= today and rng.random() < 0.4:
            moved = rng.choice(SITUATIONS)
            CareerStep.objects.create(
                person=person, situation=moved, since=later, job_title=rng.choice(JOBS),
                organisation=host.name if moved == Situation.HOST_ADMINISTRATION
                else ELSEWHERE[moved],
            )  # fmt: skip
        public, directory = rng.random() < 0.5, rng.random() < 0.35
        if public or directory:
            AlumniProfile.objects.create(
                person=person,
                path_public=public,
                in_directory=directory,
                contact=f"{person.slug}@example.org" if directory else "",
            )


def build(programme, promotion_8, organisations, team, rng: random.Random, now) -> dict:
    """Promotion 7 and 8 after their programme; returns what was added, by kind."""
    today = timezone.localdate(now)
    promotion_7 = _promotion_7(programme, now.year, organisations, rng)
    for cohort in (promotion_7, promotion_8):
        challenges = list(domain.cohort_challenges(cohort))
        _closing(cohort, challenges, team, rng, late_links=cohort is promotion_8)
        _after(cohort, challenges, team, rng, today)
        _alumni(cohort, rng, today)
    return {
        "cohorts": 1,
        "challenges": promotion_7.challenges.count(),
        "sustainments": Sustainment.objects.count(),
        "follow_ups_answered": FollowUp.objects.filter(answered_at__isnull=False).count(),
    }
