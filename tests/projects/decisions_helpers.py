"""Builders for the tests of the défi selection and its decisions (test_decisions_*)."""

import html

from cohorte.projects import decisions as domain
from cohorte.projects.models import FundingRules, PanelVerdict, Proposal
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision
from tests.factories import ExpertiseFactory

TEAM = {"team", "director"}
ROLES = ["anonymous", "admin_user", "other_admin_user", "team", "director",
         "preinstructor", "juror", "other_juror"]  # fmt: skip


def login(client, world, role):
    """Sign in as ``role`` of the project world (nothing for anonymous)."""
    user = world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    return user


def expected(role, allowed, success=200):
    """The status code a role gets: login redirect, success, or 403."""
    if role == "anonymous":
        return 302
    return success if role in allowed else 403


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def profile():
    """The profile the proposals' fellows are sought as (full_proposal_data's slug)."""
    return ExpertiseFactory(name="Développement", slug="developpement")


def verdicts(world):
    """Panel A favourable on `proposal`, panel B unfavourable on `other_proposal`."""
    PanelVerdict.objects.create(
        panel=world.panel, proposal=world.proposal, favourable=True, position=1,
        justification="Très bon défi.",
    )  # fmt: skip
    PanelVerdict.objects.create(
        panel=world.other_panel, proposal=world.other_proposal, favourable=False, position=1,
        justification="Trop tôt.",
    )  # fmt: skip


def set_envelope(world, amount):
    """Give the cohort a smaller (or larger) co-funding envelope."""
    FundingRules.objects.filter(cohort=world.call.cohort).update(envelope=amount)


def stage(world, *selected, override=False):
    """Stage the selection with these proposals ticked (the others not selected)."""
    return domain.stage_selection(
        world.call, [p.pk for p in selected], world.team, override=override
    )


def decisions(world) -> list[Decision]:
    return list(Decision.objects.filter(proposal__call=world.call).order_by("pk"))


def validate(world, *selected):
    stage(world, *selected)
    return selection_domain.validate_decisions(decisions(world), world.director)


def send(world, *selected):
    validate(world, *selected)
    messages = selection_domain.send_decisions(decisions(world), world.team)
    for proposal in (world.proposal, world.other_proposal):
        proposal.refresh_from_db()
    return messages


def snapshot(world):
    """What a refused change must leave as it was."""
    from cohorte.audit.models import ActivityLog
    from cohorte.challenges.models import Challenge
    from cohorte.notifications.models import OutboxMessage

    return (
        list(Decision.objects.values_list("pk", "proposal", "outcome", "status")),
        list(Proposal.objects.values_list("pk", "status", "decided_at", "challenge")),
        list(Challenge.objects.values_list("pk", "status")),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )
