"""Helpers of the administration space's tests: drafts, a complete posted form, PDFs."""

import datetime

from cohorte.challenges.models import Expertise
from cohorte.projects import form
from cohorte.projects.models import Proposal
from tests.calls.conftest import EXECUTABLE, make_pdf, upload  # noqa: F401  (re-exported)
from tests.factories import ProposalFactory


def expertise():
    """The profile the complete form asks for."""
    return Expertise.objects.get_or_create(
        slug="developpement", defaults={"name": "Développement"}
    )[0]


def draft(world, **kwargs) -> Proposal:
    """An empty draft of the world's administration, created by its member."""
    values = {
        "call": world.call,
        "organisation": world.organisation,
        "created_by": world.admin_user,
        "title": "",
        "data": {},
        "status": Proposal.Status.DRAFT,
        "round": None,
        "submitted_at": None,
        "first_submitted_at": None,
        "version": 0,
    }
    values.update(kwargs)
    return ProposalFactory(**values)


def full_post(**overrides) -> dict:
    """A complete form as the browser posts it (without files)."""
    expertise()
    post = {
        "title": "Détecter les fraudes aux prestations",
        "operational_carrier": "Direction du numérique",
        "administrative_carrier": "Secrétariat général",
        "partners": "",
        "host_address": "20 avenue de Ségur, 75007 Paris",
        "fellows_count": "2",
        "cost-junior": "62000",
        "cost-senior": "71 000",
        "cofunding_requested": "yes",
        "budget_programme": "216",
        "fellow-1-mission": "Construire le service.",
        "fellow-1-profile": "developpement",
        "fellow-2-mission": "Analyser les données.",
        "fellow-2-profile": "developpement",
        "fellow-3-mission": "",
        "fellow-3-profile": "",
        "dataset-1-name": "Base des dossiers",
        "dataset-1-accessible": "yes",
        "dataset-1-steps": "",
        "team-1-name": "Camille Martin",
        "team-1-role": "Cheffe de projet",
        "team-1-status": "titulaire",
        "team-1-percent": "50",
        "team-1-contribution": "Pilotage",
        "commitments": list(form.COMMITMENT_KEYS),
    }
    for key in ("operational_1", "senior_mentor", "hr", "finance"):
        post.update(
            {
                f"contact-{key}-name": "Camille Martin",
                f"contact-{key}-role": "Cheffe de bureau",
                f"contact-{key}-email": f"{key}@interieur.gouv.fr",
                f"contact-{key}-phone": "01 40 00 00 00",
            }
        )
    for section in form.SECTIONS:
        post[f"section-{section.key}"] = f"{section.label} : texte de la rubrique."
    post.update(overrides)
    return post


def pdf_files(pitch_pages: int = 3) -> dict:
    """Both attachments, valid."""
    return {
        "pitch": upload("pitch.pdf", pages=pitch_pages),
        "salary_simulation": upload("simulation.pdf", pages=1),
    }


def close_call(call, moment) -> None:
    """Move the call's (and its session's) closing to ``moment``."""
    opens = min(call.opens_at, moment - datetime.timedelta(days=30))
    call.opens_at = opens
    call.closes_at = moment
    call.save(update_fields=["opens_at", "closes_at"])
    call.rounds.update(opens_at=opens, closes_at=moment)


def attach(proposal, actor=None):
    """Give the proposal both attachments (as current files)."""
    from cohorte.calls.files import check_pdf_content, store_pdf

    rows = {}
    for kind, uploaded in pdf_files().items():
        rows[kind], _new = store_pdf(proposal, kind, check_pdf_content(uploaded, 10 * 1024 * 1024))
    return rows
