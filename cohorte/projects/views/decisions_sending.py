"""Decisions on proposals after staging: validation (director), preview and sending
(team), the decision e-mails in the outbox with retry (team).

They use the call for applications' decision functions (``cohorte.selection.decisions``).
Access: anonymous visitors go to the login page; signed-in users outside the team get
403, and so does the rest of the team on the director's validation page.
"""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import director_required
from cohorte.calls import guards
from cohorte.params import int_param
from cohorte.projects.models import OrganisationMember, Proposal
from cohorte.reviews.exclusions import hidden_count, without_conflicts
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision
from cohorte.selection.validation import proposal_facts

from .. import decisions as domain
from .. import funding
from .decisions import back, project_call, team_required

Outcome = Decision.Outcome
OUTCOMES = (
    (Outcome.SELECTED, gettext_lazy("Défis retenus")),
    (Outcome.NOT_SELECTED, gettext_lazy("Propositions non retenues")),
)


def _groups(decisions, item) -> list[dict]:
    """The decisions by outcome (selected first), each shown as ``item(decision)``."""
    groups = []
    for outcome, label in OUTCOMES:
        items = [item(d) for d in decisions if d.outcome == outcome]
        if items:
            groups.append({"outcome": outcome, "label": label, "items": items})
    return groups


@director_required
def validation(request, call_id):
    """The director reviews the staged decisions of a call and validates all or some."""
    call = project_call(call_id)
    if request.method == "POST":
        staged = {
            d.pk: d
            for d in domain.staged_decisions(call, [Decision.Status.STAGED], request.user)
            if d.proposal.status in selection_domain.PROPOSAL_DECIDABLE
        }
        ids = request.POST.getlist("decisions")
        if "all" in request.POST:
            chosen = list(staged.values())
        elif not all(i.isdigit() and int(i) in staged for i in ids):
            messages.error(
                request, _("Une de ces décisions n'est plus à valider : rien n'a changé.")
            )
            return redirect(back(call, "project_decisions:validation"))
        else:
            chosen = [staged[int(i)] for i in ids]
        try:
            if not chosen:
                raise selection_domain.DecisionError(_("Cochez au moins une décision à valider."))
            validated = selection_domain.validate_decisions(
                chosen, request.user, exception=request.POST.get("exception")
            )
        except selection_domain.DecisionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(count)d décision(s) validée(s).") % {"count": len(validated)}
            )
        return redirect(back(call, "project_decisions:validation"))
    statuses = [Decision.Status.STAGED, Decision.Status.VALIDATED]
    pending = domain.staged_decisions(call, statuses, request.user, estimates=True)
    # The pending decisions are already those the director may see: the ranks of the others
    # are never looked up.
    facts = proposal_facts(pending, request.user, domain.consolidated_ranks(call))
    for decision in pending:
        decision.facts = facts[decision.pk]
    rules = domain.funding_rules(call.cohort_id)
    groups = _groups(
        pending,
        lambda d: {"decision": d, "estimate": funding.estimate(d.proposal.estimate_data, rules)},
    )
    selected = next((g["items"] for g in groups if g["outcome"] == Outcome.SELECTED), [])
    total = sum((item["estimate"].high for item in selected), start=Decimal(0))
    envelope = rules.envelope if rules else None
    context = {
        "call": call,
        "groups": groups,
        "staged_count": sum(
            d.status == Decision.Status.STAGED
            and d.proposal.status in selection_domain.PROPOSAL_DECIDABLE
            for d in pending
        ),
        "validated_count": sum(d.status == Decision.Status.VALIDATED for d in pending),
        "total": total,
        "over_by": total - envelope if envelope is not None and total > envelope else 0,
        "hidden": _hidden(call, statuses, request.user),
        "proposals": True,
        "envelope": envelope,
        "precondition": _precondition(call, request.user),
    }
    return render(request, "projects/decisions/validation.html", context)


@require_POST
@director_required
def return_to_team(request, call_id, pk):
    """The director sends one decision on a proposal back to the team with a comment."""
    call = project_call(call_id)
    decision = get_object_or_404(
        without_conflicts(Decision.objects.filter(proposal__call=call), request.user),
        pk=pk,
    )
    try:
        selection_domain.return_decision(
            decision, request.user, request.POST.get(f"commentaire-{pk}", "")
        )
    except selection_domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Décision renvoyée à l'équipe avec votre commentaire."))
    return redirect(back(call, "project_decisions:validation"))


def _precondition(call, user) -> dict:
    return guards.precondition(guards.DECISIONS, guards.decision_missing(call), user)


def _hidden(call, statuses, user) -> int:
    """How many decisions in these statuses the user does not see (a conflict of interest)."""
    return hidden_count(Decision.objects.filter(proposal__call=call, status__in=statuses), user)


def _recipients(decisions) -> dict[int, list[str]]:
    """Every member's address per organisation, in one query."""
    emails = defaultdict(set)
    organisations = {d.proposal.organisation_id for d in decisions}
    for organisation_id, email in OrganisationMember.objects.filter(
        organisation_id__in=organisations
    ).values_list("organisation_id", "user__email"):
        if email:
            emails[organisation_id].add(email)
    return {pk: sorted(found) for pk, found in emails.items()}


@team_required
def preview(request, call_id):
    """Every validated decision of the call with the exact e-mail it will send, and to whom."""
    call = project_call(call_id)
    validated = domain.staged_decisions(call, [Decision.Status.VALIDATED], request.user)
    mailer = selection_domain.DecisionMailer()
    recipients = _recipients(validated)

    def item(decision):
        subject, body = mailer.render(decision)
        to = recipients.get(decision.proposal.organisation_id, [])
        return {"decision": decision, "subject": subject, "body": body, "to": to}

    context = {
        "call": call,
        "groups": _groups(validated, item),
        "count": len(validated),
        "hidden": _hidden(call, [Decision.Status.VALIDATED], request.user),
        "proposals": True,
        "precondition": _precondition(call, request.user),
    }
    return render(request, "projects/decisions/preview.html", context)


@require_POST
@team_required
def send(request, call_id):
    """Send the previewed decisions (exactly those: one validated since is not sent)."""
    call = project_call(call_id)
    try:
        sent = selection_domain.send_previewed(
            without_conflicts(Decision.objects.filter(proposal__call=call), request.user),
            request.POST.getlist("decisions"),
            request.user,
            request.POST.get("exception"),
        )
    except selection_domain.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect(back(call, "project_decisions:preview"))
    messages.success(
        request,
        _(
            "%(count)d e-mail(s) de décision mis en file d'envoi ; les défis retenus sont créés "
            "et restent cachés jusqu'à l'annonce."
        )
        % {"count": len(sent)},
    )
    return redirect(back(call, "project_decisions:outbox"))


@team_required
def outbox(request, call_id):
    """The decision e-mails of a call for projects and their delivery status."""
    call = project_call(call_id)
    items, failed, hidden = selection_domain.decision_outbox(
        call, Proposal.objects.select_related("organisation"), request.user
    )
    return render(
        request,
        "projects/decisions/outbox.html",
        {"call": call, "items": items, "failed": failed, "hidden": hidden, "proposals": True},
    )


@require_POST
@team_required
def retry(request, call_id):
    """Queue again the failed decision e-mails of a call (all of them, or one)."""
    call = project_call(call_id)
    one = request.POST.get("message")
    ids = [int_param(one) or 0] if one else None
    count = selection_domain.retry_decision_messages(call, request.user, ids)
    if count:
        messages.success(request, _("%(count)d e-mail(s) remis en file.") % {"count": count})
    else:
        messages.info(request, _("Aucun e-mail en échec à renvoyer."))
    return redirect(back(call, "project_decisions:outbox"))
