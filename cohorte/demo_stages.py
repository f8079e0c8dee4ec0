"""The demo's calls past their opening: for applications in preselection, in juries and
decided; for projects at its défi jury.

Each is carried to its stage through the domain functions the pages use (submit, screening,
reviews, shortlist, panels, interviews, grids, rankings, decisions, publication), at dates
relative to the day the demo is loaded, so that the programme's rules hold as they would in a
real campaign: rounds closed before screening, interviews over before decisions, the public
announcement passed before fellows are published. Candidates have no password: they exist to
be read, screened and decided by the demo accounts.
"""

import datetime
import io
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from .calls import applications, screening
from .calls.models import Application, Call
from .reviews.domain import submit_review
from .reviews.models import Review
from .selection import decisions, interviews, panels, rankings
from .selection.models import Decision
from .selection.publication import publish_results
from .text import make_slug

PARCOURS = [
    "Huit ans de développement web, dont trois dans une startup d'État, sur des services "
    "utilisés chaque jour par des agents.",
    "Data scientist dans une mutuelle, j'ai construit des modèles de prévision puis appris à "
    "les expliquer aux métiers qui les utilisent.",
    "Designer de services depuis six ans, j'ai mené des dizaines d'entretiens avec des usagers "
    "et des agents d'accueil.",
    "Ingénieure des données dans l'industrie, j'ai conçu des chaînes de traitement qui tiennent "
    "des millions de lignes par jour.",
    "Géomaticien en bureau d'études, je cartographie les réseaux d'eau des collectivités.",
    "Juriste devenue développeuse, je fais le lien entre le droit des données et le code.",
    "Développeur mobile pendant dix ans, puis responsable technique d'une petite équipe.",
    "Doctorante en statistique appliquée à l'épidémiologie, j'ai publié mes codes en licence "
    "libre.",
]
MOTIVATIONS = [
    "Mettre mes compétences au service d'une politique publique dont je vois les effets.",
    "Travailler avec les agents qui connaissent le terrain, et livrer un outil qu'ils gardent.",
    "Le défi touche à un sujet que je connais de l'intérieur : j'ai envie d'y être utile.",
    "Apprendre comment l'administration décide, et l'aider à décider avec ses données.",
    "Après des années dans le privé, je veux que mon travail serve à tout le monde.",
    "Ouvrir des données publiques et les rendre compréhensibles pour les citoyens.",
]
COMMENTS = {
    Review.Recommendation.YES: [
        "Parcours solide et motivation claire : à auditionner.",
        "Très bonne compréhension du défi, expérience directement utile.",
    ],
    Review.Recommendation.MAYBE: [
        "Profil intéressant, mais l'expérience avec des usagers reste à vérifier.",
        "Bonne motivation ; les compétences techniques sont à confirmer en audition.",
    ],
    Review.Recommendation.NO: [
        "Le parcours correspond peu aux profils recherchés par les défis choisis.",
        "Motivation peu argumentée, aucun lien avec les défis.",
    ],
}
INELIGIBLE_REASON = "Agent public titulaire en poste : le programme ne recrute pas d'agents."
INCOMPLETE_REASON = "Le CV joint ne mentionne ni dates ni employeurs."
MOVE_MESSAGE = "Je suis en déplacement ce jour-là : le lendemain me conviendrait mieux."
INTERVIEW_MINUTES = 45


@dataclass
class Cast:
    """Who acts in the demo's campaigns: the demo accounts and the jurors."""

    team: object
    director: object
    mentor: object  # operational mentor of the first défi of Promotion 10
    candidate: object  # the demo candidate
    jurors: list  # the programme's jury experts, then two of its team


def demo_pdf() -> bytes:
    """A one-page blank PDF: the CV every demo candidate attaches."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def candidate_user(full_name: str):
    """A candidate's account without a password, on a reserved domain (example.net)."""
    first, last = full_name.split(" ", 1)
    handle = make_slug(full_name).replace("-", ".")
    user_model = get_user_model()
    username, suffix = handle, 2
    while user_model.objects.filter(username=username).exists():
        username, suffix = f"{handle}{suffix}", suffix + 1
    user = user_model(
        username=username, email=f"{username}@example.net", first_name=first, last_name=last
    )
    user.set_unusable_password()
    user.save()
    return user


def apply(call: Call, user, choices, at, rng: random.Random, pdf: bytes) -> Application:
    """``user`` applies to ``call`` at the moment ``at`` (inside its round) for these défis."""
    application = applications.start(call, user, now=at)
    questions = list(call.questions.order_by("order"))
    applications.save_draft(
        application,
        {
            "first_name": user.first_name, "last_name": user.last_name,
            "phone": f"06 {rng.randrange(10, 99)} {rng.randrange(10, 99)} "
                     f"{rng.randrange(10, 99)} {rng.randrange(10, 99)}",
            "answers": {str(questions[0].pk): rng.choice(PARCOURS),
                        str(questions[1].pk): rng.choice(MOTIVATIONS)},
            "choices": [{"challenge": c.pk, "profile": None} for c in choices],
            "statements": list(call.statements.values_list("pk", flat=True)),
            "publication_consent": rng.random() < 0.8,
            "files": {"cv": SimpleUploadedFile("cv.pdf", pdf, "application/pdf")},
        },
        application.revision, user, now=at,
    )  # fmt: skip
    application.refresh_from_db()
    applications.submit(application, user, now=at)
    application.refresh_from_db()
    return application


def review(
    application, reviewer, strength: int, rng, stage=Review.Stage.PRESELECTION, challenge=None
):
    """``reviewer`` fills the call's grid (at an interview, the grid of ``challenge``):
    ``strength`` 0 (weak) to 2 (strong) sets the scores."""
    criteria = list(application.call.grid.criteria.all())
    scores = {}
    for criterion in criteria:
        low, high = criterion.scale_min, criterion.scale_max
        base = low + (high - low) * strength // 2
        scores[str(criterion.pk)] = max(low, min(high, base + rng.choice((-1, 0, 0, 1))))
    recommendation = (
        Review.Recommendation.NO, Review.Recommendation.MAYBE, Review.Recommendation.YES
    )[strength]  # fmt: skip
    return submit_review(
        application, reviewer, scores, rng.choice(COMMENTS[recommendation]), recommendation,
        stage=stage, challenge=challenge,
    )  # fmt: skip


def _applicants(call, names, choices_of, opens_at, rng, pdf) -> list[Application]:
    """One application per name, submitted on successive days of the round."""
    result = []
    for index, name in enumerate(names):
        at = opens_at + datetime.timedelta(days=1 + index % 20, hours=index % 7)
        result.append(apply(call, candidate_user(name), choices_of(index), at, rng, pdf))
    return result


def _screen(application, actor, eligible=True, complete=True) -> None:
    screening.set_eligibility(
        application,
        Application.Eligibility.ELIGIBLE if eligible else Application.Eligibility.INELIGIBLE,
        actor,
        "" if eligible else INELIGIBLE_REASON,
    )
    screening.set_completeness(
        application,
        Application.Completeness.COMPLETE if complete else Application.Completeness.INCOMPLETE,
        actor,
        "" if complete else INCOMPLETE_REASON,
    )


def _rotating(challenges, index: int, count: int) -> list:
    return [challenges[(index + k) % len(challenges)] for k in range(count)]


def in_preselection(call: Call, cast: Cast, names, rng, pdf) -> None:
    """A closed round, its applications screened, reviewed by the team and the mentor, a few
    shortlisted; some still to screen or to review."""
    challenges = list(call.challenges.order_by("pk"))
    mentor_challenge = challenges[0]
    apps = _applicants(
        call, names, lambda i: _rotating(challenges, i, 1 + i % 2), call.opens_at, rng, pdf
    )
    # 0-7 eligible and complete; 8 ineligible; 9 incomplete; 10 and 11 still to screen.
    for index, application in enumerate(apps[:10]):
        _screen(application, cast.team, eligible=index != 8, complete=index != 9)
    for index, application in enumerate(apps[:8]):
        strength = 2 if index < 4 else index % 2
        review(application, cast.team, strength, rng)
        if application.choices.filter(challenge=mentor_challenge).exists() and index % 4 != 3:
            review(application, cast.mentor, strength, rng)
    for application in apps[:4]:
        screening.shortlist(application, cast.team)


def _panel_days(start, count: int):
    """``count`` interview times from ``start`` (9 h 00, Paris): four a morning, then the next
    working day."""
    day = start
    for index in range(count):
        if index and not index % 4:
            day += datetime.timedelta(days=1)
            while day.weekday() >= 5:
                day += datetime.timedelta(days=1)
        yield day + datetime.timedelta(minutes=index % 4 * (INTERVIEW_MINUTES + 15))


def _interviews(call, cast, shortlisted, panels_by_challenge, first_day) -> list:
    """Schedule each shortlisted application before the panel of its first choice."""
    slots, by_panel = [], {}
    for application in shortlisted:
        challenge = application.choices.order_by("rank").first().challenge
        panel = panels_by_challenge[challenge.pk]
        by_panel.setdefault(panel.pk, (panel, []))[1].append((application, challenge))
    for panel, queue in by_panel.values():
        for (application, challenge), starts_at in zip(
            queue, _panel_days(first_day, len(queue)), strict=True
        ):
            slots.append(
                interviews.schedule_interview(
                    panel,
                    application,
                    starts_at,
                    INTERVIEW_MINUTES,
                    cast.team,
                    challenge=challenge,
                )  # fmt: skip
            )
    return slots


def _two_panels(call, cast, members_a, members_b, referee_a, referee_b) -> dict:
    challenges = list(call.challenges.order_by("pk"))
    half = (len(challenges) + 1) // 2
    first = panels.save_panel(
        call, cast.team, name="Jury 1", members=members_a, referee=referee_a,
        challenges=challenges[:half], location="Salle Condorcet, 20 avenue de Ségur, Paris",
    )  # fmt: skip
    second = panels.save_panel(
        call, cast.team, name="Jury 2", members=members_b, referee=referee_b,
        challenges=challenges[half:], location="Salle Lovelace, 20 avenue de Ségur, Paris",
    )  # fmt: skip
    by_challenge = {c.pk: first for c in challenges[:half]}
    by_challenge.update({c.pk: second for c in challenges[half:]})
    return by_challenge


def in_juries(call: Call, cast: Cast, names, rng, pdf, first_day) -> None:
    """Applications screened and reviewed, seven shortlisted (the demo candidate among them),
    two panels (the demo mentor on the first) with interviews in the coming days, every
    invitation sent, some answered, and a few grids filled ahead."""
    challenges = list(call.challenges.order_by("pk"))
    apps = _applicants(
        call, names, lambda i: _rotating(challenges, i, 1 + i % 3), call.opens_at, rng, pdf
    )
    own = apply(
        call, cast.candidate, challenges[:2], call.opens_at + datetime.timedelta(days=3), rng, pdf
    )
    apps.insert(0, own)
    for index, application in enumerate(apps):
        _screen(application, cast.team, eligible=index != len(apps) - 1)
    for index, application in enumerate(apps[:-1]):
        strength = 2 if index < 7 else 1
        review(application, cast.team, strength, rng)
        if application.choices.filter(challenge=challenges[0]).exists():
            review(application, cast.mentor, strength, rng)
    shortlisted = apps[:7]
    for application in shortlisted:
        screening.shortlist(application, cast.team)
    juror_a, juror_b = cast.jurors[:2]
    by_challenge = _two_panels(
        call, cast, [cast.mentor, juror_a, cast.jurors[2]], [juror_b, cast.team, cast.jurors[3]],
        juror_a, juror_b,
    )  # fmt: skip
    slots = _interviews(call, cast, shortlisted, by_challenge, first_day)
    for slot in slots:
        interviews.send_invitation(slot, cast.team)
    others = [s for s in slots if s.application_id != own.pk]
    # The demo candidate's invitation waits for her answer; the others have answered or not.
    for slot in others[:3]:
        interviews.respond_to_invitation(slot, slot.application.candidate, interviews.CONFIRM)
    interviews.respond_to_invitation(
        others[3], others[3].application.candidate, interviews.MOVE, MOVE_MESSAGE
    )
    # The first panel's referee prepared two grids; the demo mentor has not filled hers.
    for slot in [s for s in slots if s.panel.referee_id == juror_a.pk][:2]:
        review(
            slot.application, juror_a, 2, rng, stage=Review.Stage.INTERVIEW,
            challenge=slot.challenge,
        )  # fmt: skip


def decided(call: Call, cast: Cast, names, rng, pdf, interviews_at, decided_at, now) -> None:
    """Every step done: screened, reviewed, interviewed, ranked, decided by the team, validated
    by the director, sent, and the fellows published after the announcement."""
    challenges = list(call.challenges.order_by("pk").prefetch_related("expertises"))
    # For each défi, one candidate more than its seats puts it first; two more apply without
    # being shortlisted, one of them ineligible.
    firsts = [c for c in challenges for _ in range(c.seats + 1)]
    apps = _applicants(
        call,
        names[: len(firsts) + 2],
        lambda i: (
            [firsts[i % len(firsts)]]
            + ([c for c in challenges if c != firsts[i % len(firsts)]][: i % 2])
        ),
        call.opens_at,
        rng,
        pdf,
    )
    shortlisted, rest = apps[: len(firsts)], apps[len(firsts) :]
    for application in shortlisted:
        _screen(application, cast.team)
        review(application, cast.team, 2, rng)
        screening.shortlist(application, cast.team)
    _screen(rest[0], cast.team, eligible=False)
    _screen(rest[1], cast.team)
    review(rest[1], cast.team, 0, rng)
    juror_a, juror_b = cast.jurors[:2]
    by_challenge = _two_panels(
        call, cast, [juror_a, *cast.jurors[2:4]], [juror_b, *cast.jurors[4:6]], juror_a, juror_b
    )
    slots = _interviews(call, cast, shortlisted, by_challenge, interviews_at)
    for index, slot in enumerate(slots):
        review(
            slot.application, slot.panel.referee, 2 if index % 3 else 1, rng,
            stage=Review.Stage.INTERVIEW, challenge=slot.challenge,
        )  # fmt: skip
    for ranking in rankings.default_lists(call):
        rankings.prefill(call, ranking, cast.team)
    staged = []
    for challenge in challenges:
        ranked = (
            call.rankings.filter(challenge=challenge, application__choices__rank=1,
                                 application__choices__challenge=challenge)
            .order_by("position", "pk").select_related("application")
        )  # fmt: skip
        profiles = list(challenge.expertises.order_by("pk"))
        seen = set()
        for entry in ranked:
            if entry.application_id in seen:
                continue
            seen.add(entry.application_id)
            if len([d for d in staged if d.challenge_id == challenge.pk]) < challenge.seats:
                profile = profiles[len(seen) - 1] if len(seen) <= len(profiles) else profiles[0]
                staged.append(
                    decisions.stage_decision(
                        entry.application,
                        Decision.Outcome.SELECTED,
                        challenge,
                        profile,
                        actor=cast.team,
                    )  # fmt: skip
                )
            else:
                staged.append(
                    decisions.stage_decision(
                        entry.application, Decision.Outcome.NOT_SELECTED, actor=cast.team
                    )
                )
    for application in rest:
        staged.append(
            decisions.stage_decision(application, Decision.Outcome.NOT_SELECTED, actor=cast.team)
        )
    decisions.validate_decisions(staged, cast.director, now=decided_at)
    decisions.send_decisions(staged, cast.team, now=decided_at + datetime.timedelta(days=2))
    publish_results(call, now=now, actor=cast.team)


# The call for projects at its défi jury -------------------------------------------------

# (title, organisation key in the demo, the problem, the summary)
PROPOSAL_IDEAS = [
    ("Anticiper les feux de forêt", "OFB",
     "Les départs de feux se multiplient et les moyens se décident encore à l'échelle du "
     "département, faute d'indicateurs locaux.",
     "Croiser météo, végétation et historique des feux pour prévoir les zones à risque."),
    ("Délais de paiement des fournisseurs", "DGFiP",
     "Les petites entreprises attendent parfois des mois le paiement de leurs factures "
     "publiques.",
     "Repérer les factures en retard et les étapes qui les bloquent."),
    ("Qualité de l'eau potable", "ARS Occitanie",
     "Les résultats des contrôles sanitaires sont publiés mais restent illisibles pour les "
     "habitants.",
     "Donner à chaque commune un bulletin clair de la qualité de son eau."),
    ("Accueil des victimes", "DACG",
     "Les victimes racontent plusieurs fois leur histoire à des services qui ne se parlent pas.",
     "Un dossier partagé, avec leur accord, entre les services qui les accompagnent."),
    ("Fréquentation des musées", "MC",
     "Les musées nationaux comptent leurs visiteurs chacun à sa façon.",
     "Une mesure commune de la fréquentation, publiée chaque mois."),
    ("Contrôles sanitaires en restauration", "DGCCRF",
     "Les inspecteurs choisissent les établissements à contrôler sans vue d'ensemble.",
     "Prioriser les contrôles à partir des signalements et des résultats passés."),
]  # fmt: skip
# The pool's profiles, in the order the demo gives its jurors: six jury experts, two of the
# programme's team, the demo mentor (an administration's), the demo team member.
POOL_CATEGORIES = [
    "tech", "expert", "alumni", "tech", "expert", "alumni", "team", "team", "administration",
    "team",
]  # fmt: skip


def _agent(organisation, index: int):
    """A member of the administration, without a password, on a reserved domain."""
    from .projects.models import OrganisationMember

    user_model = get_user_model()
    handle = f"agent{index}.{organisation.slug}"[:140]
    user = user_model(
        username=handle, email=f"agent{index}@{organisation.slug}.example.org",
        first_name=["Agnès", "Bruno", "Céline", "Damien", "Estelle", "Fabrice"][index % 6],
        last_name=["Perrin", "Masson", "Caron", "Renaud", "Colin", "Barbier"][index % 6],
    )  # fmt: skip
    user.set_unusable_password()
    user.save()
    OrganisationMember.objects.create(organisation=organisation, user=user)
    return user


def _proposal_post(title, summary, problem, rng) -> dict:
    from .projects import form

    post = {
        "title": title,
        "operational_carrier": "Direction du numérique",
        "administrative_carrier": "Secrétariat général",
        "partners": "",
        "host_address": "20 avenue de Ségur, 75007 Paris",
        "fellows_count": "2",
        "cost-junior": str(rng.choice([60000, 62000, 64000])),
        "cost-senior": str(rng.choice([70000, 71000, 73000])),
        "cofunding_requested": "yes",
        "budget_programme": "216",
        "fellow-1-mission": "Construire le service avec les agents.",
        "fellow-1-profile": "developpement",
        "fellow-2-mission": "Analyser et ouvrir les données.",
        "fellow-2-profile": "data-science",
        "fellow-3-mission": "",
        "fellow-3-profile": "",
        "dataset-1-name": "Base métier de l'administration",
        "dataset-1-accessible": "yes",
        "dataset-1-steps": "",
        "team-1-name": "Claire Vasseur",
        "team-1-role": "Cheffe de projet",
        "team-1-status": "titulaire",
        "team-1-percent": "50",
        "team-1-contribution": "Pilotage du défi et lien avec les métiers.",
        "commitments": list(form.COMMITMENT_KEYS),
    }
    for key in ("operational_1", "senior_mentor", "hr", "finance"):
        post.update({
            f"contact-{key}-name": "Claire Vasseur", f"contact-{key}-role": "Cheffe de bureau",
            f"contact-{key}-email": f"{key}@administration.example.org",
            f"contact-{key}-phone": "01 40 00 00 00",
        })  # fmt: skip
    for section in form.SECTIONS:
        post[f"section-{section.key}"] = f"{section.label} : {problem}"
    post["section-summary"] = summary
    post["section-problem"] = problem
    return post


def _pdf_pages(pages: int) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def at_defi_jury(call: Call, cast: Cast, organisations, rng) -> None:
    """Six proposals submitted in a closed session, pre-instructed (five shortlisted), a jury
    pool, panels composed by the solver with their auditions in the coming days, convened."""
    from .projects import instruction, jury_pool, jury_runs, proposals
    from .projects.auditions import invite_planned, set_referee

    pitch, simulation = _pdf_pages(3), _pdf_pages(1)
    submitted = []
    for index, (title, key, problem, summary) in enumerate(PROPOSAL_IDEAS):
        organisation = organisations[key]
        agent = _agent(organisation, index)
        at = call.opens_at + datetime.timedelta(days=2 + 3 * index)
        proposal = proposals.start(call, organisation, agent, now=at)
        proposal = proposals.save_draft(
            proposal, _proposal_post(title, summary, problem, rng),
            {"pitch": SimpleUploadedFile("pitch.pdf", pitch, "application/pdf"),
             "salary_simulation": SimpleUploadedFile("simulation.pdf", simulation,
                                                     "application/pdf")},
            proposal.revision, agent, now=at,
        )  # fmt: skip
        proposals.submit(proposal, agent, now=at)
        proposal.refresh_from_db()
        submitted.append(proposal)
    for index, proposal in enumerate(submitted):
        eligible = index != len(submitted) - 1
        value = "eligible" if eligible else "ineligible"
        reason = "" if eligible else "Le défi relève d'une prestation de conseil, pas d'un défi."
        instruction.set_screening(proposal, "eligibility", value, cast.team, reason)
        instruction.set_screening(proposal, "completeness", "complete", cast.team)
        review(proposal, cast.team, 2 if eligible else 0, rng)
        if eligible:
            instruction.shortlist(proposal, cast.team)
    pool = [*cast.jurors, cast.mentor, cast.team]
    for user, category in zip(pool, POOL_CATEGORIES, strict=True):
        jury_pool.add_to_pool(call, user, category, None, cast.team)
    parameters = jury_runs.default_jury_parameters(call)
    run = jury_runs.run_jury(call, cast.team, parameters)
    jury_runs.apply_run(run, cast.team)
    for panel in call.panels.order_by("name"):
        # The referee writes the collective grid and gives the verdicts: a jury expert.
        referee = panel.members.filter(username__startswith="jure-").order_by("pk").first()
        set_referee(panel, referee, cast.team)
    invite_planned(call, cast.team)
