"""Decisions on applications: staged by the team, validated by the director, then sent.

A decision is "selected for défi X as profile Y", "waiting list for défi X" or "not
selected". The team stages it (``stage_decision``); the programme director validates it
(``validate_decisions``); the team sends it (``send_decisions``): the e-mail is rendered
from the editable templates "decision_<outcome>" and queued in the outbox, and only then
does the application take the outcome as its status, so the candidate learns nothing
before the e-mail leaves. ``decided_at`` starts the retention period of the application.

A waiting-list decision already sent may be staged again (a seat freed up): it goes
through validation and sending once more; cancelling that new staging restores the
waiting list as it was sent.

A decision on a proposal of the call for projects (staged by
``cohorte.projects.decisions``) goes through the same validation, preview and sending:
its e-mail comes from the templates "proposal_decision_<outcome>" and goes to every
member of the proposing administration; the proposal takes the outcome as its status
and, when selected, becomes a défi of the cohort (``cohorte.projects.conversion``).

No decision is staged, validated or sent before the interviews of its round end (the défi
jury's auditions, for a proposal), and none is "selected" for an application or proposal
not screened eligible and complete (``cohorte.calls.guards``); the director may make an
exception to the first rule with a reason, recorded in the call's journal.

Nobody stages, cancels, validates or sends a decision on an application or a proposal
they are kept away from (a conflict of interest, their own: ``reviews.exclusions``):
actions on one decision are refused; those on a whole call leave such decisions to the
rest of the team (or of the direction) and say how many.
"""

import hashlib
from collections import defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.accounts.roles import is_director
from cohorte.audit.domain import record
from cohorte.audit.models import ActivityLog
from cohorte.calls import guards
from cohorte.calls.models import Application, ApplicationChoice, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.notifications import emails
from cohorte.notifications.domain import queue_email, retry
from cohorte.notifications.models import OutboxMessage
from cohorte.params import int_params
from cohorte.projects import notify as proposal_notify
from cohorte.projects.models import Proposal
from cohorte.public.formats import format_date
from cohorte.reviews.exclusions import (
    excluded_among,
    is_excluded,
    only_conflicts,
    without_conflicts,
)

from . import proposals
from .models import Decision, RankingEntry

Outcome = Decision.Outcome
Status = Application.Status

# Applications a decision may be staged for: submitted ones, and a waiting list being revisited.
DECIDABLE = (Status.SUBMITTED, Status.SHORTLISTED, Status.WAITING_LIST)
# Applications the staging page lists: everything submitted, decided or not.
LISTED = (*DECIDABLE, Status.SELECTED, Status.NOT_SELECTED)
TEMPLATE_KEYS = {outcome: f"decision_{outcome}" for outcome in Outcome.values}
# Proposals a decision may be validated or sent for; a défi has no waiting list.
PROPOSAL_DECIDABLE = (Proposal.Status.SUBMITTED, Proposal.Status.SHORTLISTED)
PROPOSAL_TEMPLATE_KEYS = {
    Outcome.SELECTED: "proposal_decision_selected",
    Outcome.NOT_SELECTED: "proposal_decision_not_selected",
}


class DecisionError(ValueError):
    """A decision refused; the message says why, in French, for the user."""


def subject_of(decision: Decision) -> Application | Proposal:
    """What the decision is about: an application or a proposal."""
    return decision.application if decision.application_id else decision.proposal


def _name(decision: Decision) -> str:
    if decision.proposal_id:
        return _("la proposition « %(title)s »") % {"title": decision.proposal.display_name}
    return decision.application.display_name


def _decidable(decision: Decision) -> bool:
    if decision.proposal_id:
        return decision.proposal.status in PROPOSAL_DECIDABLE
    return decision.application.status in DECIDABLE


def _gone(decision: Decision) -> str:
    if decision.proposal_id:
        return _("La proposition « %(name)s » a été retirée ou déjà décidée") % {
            "name": decision.proposal.display_name
        }
    return _("La candidature de %(name)s a été retirée") % {
        "name": decision.application.display_name
    }


def allowed_challenge_ids(application: Application, call_challenges=None) -> set[int]:
    """Défis this application may be decided on: its choices and the offers it accepted.

    A candidate who chose no défi (a call where one chooses profiles, or chooses défis in
    a later vote) may be placed on any défi of the call.
    """
    chosen = {c.challenge_id for c in application.choices.all() if c.challenge_id}
    offered = {
        e.challenge_id
        for e in application.ranking_entries.all()
        if e.offered and e.accepted and e.challenge_id
    }
    if not chosen:
        if call_challenges is None:
            call_challenges = application.call.challenges.all()
        chosen = {c.pk for c in call_challenges}
    return chosen | offered


def allowed_profile_ids(call: Call, challenge: Challenge | None) -> set[int]:
    """Profiles a fellow may be recruited as: the call's profiles and the défi's expertises."""
    ids = {p.pk for p in call.profiles.all()}
    if challenge is not None:
        ids |= {e.pk for e in challenge.expertises.all()}
    return ids


def conflict_refusal(subjects, role: str = "team") -> str:
    """Why an action on these decisions is refused to someone kept away from them."""
    names = ", ".join(
        _("la proposition « %(title)s »") % {"title": s.display_name}
        if s._meta.model_name == "proposal"
        else s.display_name
        for s in subjects
    )
    if role == "director":
        return _(
            "Vous avez déclaré un conflit d'intérêts sur %(names)s : une autre personne de la "
            "direction du programme valide cette décision. Rien n'a été validé."
        ) % {"names": names}
    return _(
        "Vous avez déclaré un conflit d'intérêts sur %(names)s : un·e autre membre de l'équipe "
        "s'occupe de cette décision. Rien n'a changé."
    ) % {"names": names}


def _refuse_conflicts(actor, subjects, role: str = "team") -> None:
    refused = excluded_among(actor, subjects)
    if refused:
        raise DecisionError(conflict_refusal(refused, role))


def _round_of(subject):
    return subject.round if subject._meta.model_name == "application" else None


def guard(subjects, outcomes, actor, exception=None, now=None, timing=True) -> None:
    """Refuse a decision step on these subjects (with these outcomes) before its time: the
    interviews of their rounds not over, or "selected" without an eligible and complete
    file; the director's ``exception`` lets the first through, once, in the journal."""
    subjects = list(subjects)
    if not subjects:
        return
    now = now or timezone.now()
    call = subjects[0].call
    missing, seen = [], set()
    for round_ in dict.fromkeys(_round_of(s) for s in subjects) if timing else ():
        for item in guards.decision_missing(call, round_, now):
            if item.text not in seen:
                seen.add(item.text)
                missing.append(item)
    one = subjects[0] if len(subjects) == 1 else None
    name = _subject_name(one) if one is not None else ""
    refused = []
    for subject, outcome in zip(subjects, outcomes, strict=True):
        if outcome == Outcome.SELECTED and guards.selected_missing(subject):
            refused.append(
                guards.refusal(
                    guards.SELECTED, guards.selected_missing(subject), _subject_name(subject)
                )
            )
    try:
        if refused:
            raise guards.StepRefused(" ".join(refused))
        if timing:
            guards.ensure(guards.DECISIONS, call, missing, actor, exception, one, name)
    except guards.StepRefused as error:
        raise DecisionError(str(error)) from error


def _subject_name(subject) -> str:
    if subject._meta.model_name == "proposal":
        return _("la proposition « %(title)s »") % {"title": subject.display_name}
    return subject.display_name


def _check_stage(application, outcome, challenge, profile) -> None:
    if application.status not in DECIDABLE:
        if application.status == Status.WITHDRAWN:
            raise DecisionError(_("Cette candidature a été retirée : aucune décision possible."))
        if application.status == Status.DRAFT:
            raise DecisionError(_("Cette candidature n'a pas été déposée : c'est un brouillon."))
        raise DecisionError(_("La décision sur cette candidature a déjà été envoyée."))
    if outcome not in Outcome.values:
        raise DecisionError(_("Choisissez une décision."))
    if outcome == Outcome.NOT_SELECTED:
        return
    if challenge is None:
        raise DecisionError(_("Choisissez le défi de cette décision."))
    if challenge.pk not in allowed_challenge_ids(application):
        raise DecisionError(
            _(
                "Le défi « %(challenge)s » n'est ni un choix du candidat ni un défi que le jury "
                "lui a proposé et qu'il a accepté."
            )
            % {"challenge": challenge.title}
        )
    profiles = allowed_profile_ids(application.call, challenge)
    if profile is not None and profile.pk not in profiles:
        raise DecisionError(
            _("Le profil « %(profile)s » n'est recherché ni par l'appel ni par ce défi.")
            % {"profile": profile.name}
        )
    if outcome != Outcome.SELECTED:
        return
    if profile is None and profiles:
        raise DecisionError(_("Choisissez le profil sous lequel le candidat est retenu."))
    # Serialise concurrent staging on the same défi, so two people cannot take its last seat.
    seats = (
        Challenge.objects.select_for_update().values_list("seats", flat=True).get(pk=challenge.pk)
    )
    taken = (
        Decision.objects.filter(challenge=challenge, outcome=Outcome.SELECTED)
        .exclude(application=application)
        .count()
    )
    if taken >= seats:
        raise DecisionError(
            _(
                "Le défi « %(challenge)s » n'a plus de place : %(taken)d retenu·e(s) pour "
                "%(seats)d place(s)."
            )
            % {"challenge": challenge.title, "taken": taken, "seats": seats}
        )


@transaction.atomic
def stage_decision(
    application: Application,
    outcome: str,
    challenge: Challenge | None = None,
    profile: Expertise | None = None,
    actor=None,
    exception: str | None = None,
    guarded: bool = True,
    **audit,
) -> Decision:
    """Prepare (or change) the decision on an application, before the director's validation.

    ``guarded=False``: the caller (a bulk action) already checked the step's time."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _refuse_conflicts(actor, [application])
    _check_stage(application, outcome, challenge, profile)
    guard([application], [outcome], actor, exception, timing=guarded)
    if outcome == Outcome.NOT_SELECTED:
        challenge = profile = None
    decision = Decision.objects.filter(application=application).first()
    previous = None
    if decision is not None:
        if decision.status == Decision.Status.SENT and application.status != Status.WAITING_LIST:
            raise DecisionError(_("La décision sur cette candidature a déjà été envoyée."))
        previous = {"outcome": decision.outcome, "status": decision.status}
    else:
        decision = Decision(application=application)
    decision.outcome = outcome
    decision.challenge = challenge
    decision.profile = profile
    decision.status = Decision.Status.STAGED
    decision.staged_by = actor if getattr(actor, "is_authenticated", False) else None
    decision.validated_by = None
    decision.validated_at = None
    decision.returned_comment, decision.returned_by = "", None
    decision.save()
    record(
        "decision.staged",
        application,
        actor=actor,
        decision=decision.pk,
        outcome=outcome,
        challenge=challenge.pk if challenge else None,
        profile=profile.pk if profile else None,
        previous=previous,
        **audit,
    )
    return decision


def _last_entry(subject, action):
    return (
        ActivityLog.objects.filter(
            content_type=ContentType.objects.get_for_model(subject),
            object_id=str(subject.pk),
            action=action,
        )
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def unstage(decision: Decision, actor=None) -> Decision | None:
    """Cancel a decision not sent yet (a revisited waiting list goes back to what was sent)."""
    Decision.objects.select_for_update().filter(pk=decision.pk).values("pk").first()
    decision = Decision.objects.select_related("application", "proposal").get(pk=decision.pk)
    subject = subject_of(decision)
    _refuse_conflicts(actor, [subject])
    if decision.status == Decision.Status.SENT:
        raise DecisionError(_("Une décision envoyée ne peut plus être annulée."))
    data = {"decision": decision.pk, "outcome": decision.outcome, "status": decision.status}
    if decision.sent_at is None:
        decision.delete()
        record("decision.unstaged", subject, actor=actor, **data)
        return None
    sent_entry = _last_entry(subject, "decision.sent")
    if sent_entry is None:  # pragma: no cover - every sent decision writes this entry
        raise DecisionError(_("Historique de la décision introuvable : rien n'a changé."))
    sent = sent_entry.data
    validated = _last_entry(subject, "decision.validated")
    decision.outcome = sent["outcome"]
    decision.challenge_id = sent["challenge"]
    decision.profile_id = sent["profile"]
    decision.status = Decision.Status.SENT
    decision.validated_by = validated.actor if validated else None
    decision.validated_at = validated.created_at if validated else None
    decision.save()
    record("decision.unstaged", subject, actor=actor, restored=sent["outcome"], **data)
    return decision


def _locked(decisions) -> list[Decision]:
    ids = [d.pk for d in decisions]
    if not ids:
        raise DecisionError(_("Aucune décision choisie."))
    # Lock the decision rows alone, then read them with their relations: a row re-read after
    # waiting for a lock would keep the joined columns it had before the wait.
    list(Decision.objects.select_for_update().filter(pk__in=ids).order_by("pk").values("pk"))
    locked = list(
        Decision.objects.filter(pk__in=ids)
        .select_related("application", "application__candidate", "application__call")
        .select_related("proposal", "proposal__call", "proposal__organisation")
        .select_related("challenge", "profile")
        .order_by("pk")
    )
    if len(locked) != len(set(ids)):
        raise DecisionError(_("Une de ces décisions n'existe plus : rechargez la page."))
    return locked


def _check_seats(decisions: list[Decision]) -> None:
    # Seats may have been lowered after staging: validation re-checks every défi involved.
    challenge_ids = {d.challenge_id for d in decisions if d.outcome == Outcome.SELECTED}
    counts = (
        Challenge.objects.filter(pk__in=challenge_ids)
        .annotate(taken=Count("decisions", filter=Q(decisions__outcome=Outcome.SELECTED)))
        .filter(taken__gt=F("seats"))
    )
    for challenge in counts:
        raise DecisionError(
            _(
                "Le défi « %(challenge)s » a %(taken)d retenu·e(s) pour %(seats)d place(s) : "
                "corrigez les décisions avant de les valider."
            )
            % {"challenge": challenge.title, "taken": challenge.taken, "seats": challenge.seats}
        )


@transaction.atomic
def validate_decisions(decisions, director, now=None, exception=None) -> list[Decision]:
    """The programme director validates staged decisions (all or nothing)."""
    if not is_director(director):
        raise DecisionError(_("Seule la direction du programme valide les décisions."))
    now = now or timezone.now()
    decisions = _locked(decisions)
    _refuse_conflicts(director, [subject_of(d) for d in decisions], "director")
    for decision in decisions:
        if decision.status != Decision.Status.STAGED:
            raise DecisionError(
                _("La décision sur %(name)s n'est pas à valider (%(status)s).")
                % {"name": _name(decision), "status": decision.get_status_display()}
            )
        if not _decidable(decision):
            raise DecisionError(_("%(gone)s : annulez cette décision.") % {"gone": _gone(decision)})
    guard([subject_of(d) for d in decisions], [d.outcome for d in decisions], director, exception)
    _check_seats(decisions)
    for decision in decisions:
        decision.status = Decision.Status.VALIDATED
        decision.validated_by = director
        decision.validated_at = now
        decision.save(update_fields=["status", "validated_by", "validated_at"])
        record(
            "decision.validated",
            subject_of(decision),
            actor=director,
            decision=decision.pk,
            outcome=decision.outcome,
        )
    return decisions


MAX_COMMENT = 2000
RETURNABLE = (Decision.Status.STAGED, Decision.Status.VALIDATED)


def staging_url(decision: Decision) -> str:
    """Where the team takes a decision up again."""
    subject = subject_of(decision)
    if decision.proposal_id:
        path = reverse("project_decisions:selection", args=[subject.call_id])
        return f"{settings.SITE_URL}{path}#proposition-{subject.pk}"
    path = reverse("selection:decisions")
    return f"{settings.SITE_URL}{path}?appel={subject.call.slug}#candidature-{subject.pk}"


@transaction.atomic
def return_decision(decision: Decision, director, comment: str) -> Decision:
    """The director sends a staged or validated decision back to the team with a comment;
    the team member who staged it is told by e-mail."""
    if not is_director(director):
        raise DecisionError(_("Seule la direction du programme renvoie une décision à l'équipe."))
    comment = (comment or "").strip()
    if not comment:
        raise DecisionError(
            _(
                "Commentaire pour l'équipe : dites ce qui doit changer avant de renvoyer la "
                "décision. Rien n'a changé."
            )
        )
    if len(comment) > MAX_COMMENT:
        raise DecisionError(
            _("Commentaire pour l'équipe : %(limit)d caractères au plus. Rien n'a changé.")
            % {"limit": MAX_COMMENT}
        )
    decision = _locked([decision])[0]
    subject = subject_of(decision)
    _refuse_conflicts(director, [subject], "director")
    if decision.status not in RETURNABLE:
        raise DecisionError(
            _("La décision sur %(name)s n'est plus à valider (%(status)s) : rien n'a changé.")
            % {"name": _name(decision), "status": decision.get_status_display()}
        )
    previous = decision.status
    decision.status = Decision.Status.RETURNED
    decision.returned_comment = comment
    decision.returned_by = director
    decision.validated_by = None
    decision.validated_at = None
    decision.save(
        update_fields=["status", "returned_comment", "returned_by", "validated_by", "validated_at"]
    )
    record(
        "decision.returned",
        subject,
        actor=director,
        decision=decision.pk,
        outcome=decision.outcome,
        previous=previous,
        comment=comment,
    )
    staff = decision.staged_by
    if staff is not None and staff.email:
        emails.send(
            "decision_returned",
            [staff.email],
            {
                "staff_name": staff.get_full_name() or staff.email,
                "director_name": director.get_full_name() or director.email,
                "subject_name": _name(decision),
                "call_title": subject.call.title,
                "comment": comment,
                "decisions_url": staging_url(decision),
                "site_url": settings.SITE_URL,
            },
            call=subject.call,
        )
    return decision


def email_values(decision: Decision) -> dict[str, str]:
    """The placeholders of a decision e-mail, filled for this decision."""
    if decision.proposal_id:
        proposal = decision.proposal
        return proposal_notify.values(
            proposal,
            announcement_date=format_date(proposal.call.announcement_at) or _("(date à venir)"),
        )
    application = decision.application
    call = application.call
    return {
        "candidate_name": application.display_name,
        "call_title": call.title,
        "challenge_title": decision.challenge.title if decision.challenge else "",
        # Without a profile, the candidate is chosen as one of the programme's fellows.
        "profile": decision.profile.name if decision.profile else words.fellow(),
        "announcement_date": format_date(call.announcement_at) or _("(date à venir)"),
        "site_url": settings.SITE_URL,
    }


class DecisionMailer:
    """Renders decision e-mails, reading each template once (previews list hundreds)."""

    def __init__(self):
        self._templates = {}

    def render(self, decision: Decision) -> tuple[str, str]:
        """Subject and body of this decision's e-mail, exactly as it will be sent."""
        keys = PROPOSAL_TEMPLATE_KEYS if decision.proposal_id else TEMPLATE_KEYS
        key = keys[decision.outcome]
        call = subject_of(decision).call
        if (key, call.pk) not in self._templates:
            self._templates[key, call.pk] = emails.template_for(key, call)
        subject, body = self._templates[key, call.pk]
        values = email_values(decision)
        # Same rules as cohorte.notifications.emails.render: a subject is one line.
        return emails.fill(subject, values).replace("\n", " "), emails.fill(body, values)


def recipients(decision: Decision) -> list[str]:
    """Who receives the decision: the candidate, or every member of the administration."""
    if decision.proposal_id:
        return proposal_notify.member_emails(decision.proposal)
    return [decision.application.candidate.email]


@transaction.atomic
def send_decisions(decisions, actor, now=None, exception=None) -> list[OutboxMessage]:
    """Send validated decisions: queue the e-mails, decide, make selected proposals défis."""
    from cohorte.projects.conversion import challenge_from_proposal

    now = now or timezone.now()
    decisions = _locked(decisions)
    _refuse_conflicts(actor, [subject_of(d) for d in decisions])
    to = {}
    for decision in decisions:
        if decision.status != Decision.Status.VALIDATED:
            raise DecisionError(
                _(
                    "La décision sur %(name)s n'est pas validée par la direction du programme "
                    "(%(status)s) : rien n'a été envoyé."
                )
                % {"name": _name(decision), "status": decision.get_status_display()}
            )
        if not _decidable(decision):
            raise DecisionError(_("%(gone)s : rien n'a été envoyé.") % {"gone": _gone(decision)})
        to[decision.pk] = recipients(decision)
        if not to[decision.pk]:
            raise DecisionError(
                _(
                    "Personne ne représente l'administration de %(name)s : invitez un compte "
                    "de cette administration avant d'envoyer. Rien n'a été envoyé."
                )
                % {"name": _name(decision)}
            )
    guard([subject_of(d) for d in decisions], [d.outcome for d in decisions], actor, exception)
    mailer = DecisionMailer()
    messages = []
    for decision in decisions:
        subject = subject_of(decision)
        title, body = mailer.render(decision)
        message = queue_email(to[decision.pk], title, body)
        messages.append(message)
        decision.status = Decision.Status.SENT
        decision.sent_at = now
        decision.save(update_fields=["status", "sent_at"])
        subject.status = decision.outcome
        subject.decided_at = now
        subject.save(update_fields=["status", "decided_at", "updated_at"])
        record(
            "decision.sent",
            subject,
            actor=actor,
            decision=decision.pk,
            call=subject.call_id,
            outcome=decision.outcome,
            challenge=decision.challenge_id,
            profile=decision.profile_id,
            message=message.pk,
        )
        if decision.proposal_id and decision.outcome == Outcome.SELECTED:
            challenge_from_proposal(subject, actor=actor)
    return messages


def _digest(ids) -> str:
    return hashlib.sha256(",".join(map(str, sorted(ids))).encode()).hexdigest()


def view_fingerprint(decisions) -> str:
    """A digest of exactly which decisions a view holds, to tell later whether it changed."""
    return _digest(decisions.values_list("pk", flat=True))


def send_view(decisions, fingerprint: str, actor, exception=None) -> list[OutboxMessage]:
    """Send every decision of a previewed view (``decisions``, as filtered then), refused
    when the view holds other decisions than when it was read."""
    ids = list(decisions.values_list("pk", flat=True))
    if not ids or _digest(ids) != fingerprint:
        raise DecisionError(_("Ces décisions ont changé depuis l'aperçu : rien n'a été envoyé."))
    # Those ids, and they must still be validated when locked: nothing read, nothing sent.
    return send_decisions(
        list(decisions.model.objects.filter(pk__in=ids)), actor, exception=exception
    )


def send_previewed(decisions, posted_ids, actor, exception=None) -> list[OutboxMessage]:
    """Send exactly the decisions the preview listed (``posted_ids`` among ``decisions``);
    refused when they changed since, so nobody sends what they did not read."""
    ids = int_params(posted_ids)
    chosen = list(decisions.filter(pk__in=ids))
    if not chosen or len(chosen) != len(set(posted_ids)):
        raise DecisionError(_("Ces décisions ont changé depuis l'aperçu : rien n'a été envoyé."))
    return send_decisions(chosen, actor, exception=exception)


# Proposals and bulk staging -----------------------------------------------------------


def decidable_applications(call: Call):
    """The call's applications still waiting for a decision (none staged yet)."""
    return call.applications.filter(
        status__in=[Status.SUBMITTED, Status.SHORTLISTED], decision__isnull=True
    )


def _ranked(call: Call):
    # A list per profile only names no défi, hence no seats: the team decides by hand.
    return RankingEntry.objects.filter(call=call, challenge__isnull=False)


def propose_decisions(call: Call, only_ranked: bool = False) -> dict[int, proposals.Proposal]:
    """Outcomes suggested from the jury rankings for applications without a decision.

    ``only_ranked``: those of the ranked applications only, as many as the jury ranked
    whatever the size of the call; every other one is proposed "not selected" (see
    ``unranked_proposal``)."""
    entries = [
        proposals.RankedEntry(*values)
        for values in _ranked(call).values_list(
            "application_id",
            "challenge_id",
            "position",
            "profile_id",
            "waiting_list",
            "offered",
            "accepted",
        )
    ]
    if not entries:
        return {}
    applications = decidable_applications(call)
    if only_ranked:
        # The ranked applications looked up by id: as many as the jury ranked, where a
        # subquery had the database walk every application of the call.
        applications = applications.filter(pk__in={e.application for e in entries})
    # Plain values, not model instances: the staging page computes this on every request.
    ids = list(applications.values_list("pk", flat=True))
    if not ids:
        return {}
    choices = defaultdict(list)
    for application_id, challenge_id, profile_id in (
        ApplicationChoice.objects.filter(
            application__in=ids if only_ranked else applications, challenge__isnull=False
        )
        .order_by("rank")
        .values_list("application_id", "challenge_id", "profile_id")
    ):
        choices[application_id].append((challenge_id, profile_id))
    taken = dict(
        Decision.objects.filter(outcome=Outcome.SELECTED, challenge__in=call.challenges.all())
        .values_list("challenge")
        .annotate(n=Count("pk"))
    )
    free = {c.pk: c.seats - taken.get(c.pk, 0) for c in call.challenges.all()}
    if not free:
        return {}
    candidates = [
        proposals.CandidateChoices(
            application=pk,
            challenges=tuple(challenge for challenge, _profile in choices[pk]),
            profiles=dict(choices[pk]),
        )
        for pk in ids
    ]
    suggested = proposals.propose(candidates, entries, free)
    # A selection needs a profile: when only one is possible, the proposal names it.
    call_profiles = {p.pk for p in call.profiles.all()}
    expertises = defaultdict(set)
    for challenge_id, expertise_id in Challenge.expertises.through.objects.filter(
        challenge__in=free
    ).values_list("challenge_id", "expertise_id"):
        expertises[challenge_id].add(expertise_id)
    for pk, proposal in suggested.items():
        if proposal.outcome == Outcome.SELECTED and proposal.profile is None:
            possible = call_profiles | expertises[proposal.challenge]
            if len(possible) == 1:
                suggested[pk] = proposals.Proposal(proposal.outcome, proposal.challenge, *possible)
    return suggested


def unranked_proposal(call: Call) -> proposals.Proposal | None:
    """What the rankings propose for an application without a decision that no jury
    ranked: "not selected" once a jury ranked anyone, else nothing."""
    if call.challenges.exists() and _ranked(call).exists():
        return proposals.Proposal(Outcome.NOT_SELECTED)
    return None


def guard_call(call: Call, actor, exception=None) -> None:
    """Refuse a decision step on a whole call before its interviews end (but the
    director's exception, recorded once)."""
    try:
        guards.ensure(guards.DECISIONS, call, guards.decision_missing(call), actor, exception)
    except guards.StepRefused as error:
        raise DecisionError(str(error)) from error


@transaction.atomic
def stage_proposals(call: Call, actor, exception=None) -> list[Decision]:
    """Stage every proposal from the rankings at once (all or nothing), but those about
    applications the actor is kept away from: they wait for another member of the team.

    The proposals are computed over every application, so leaving some out changes
    nobody else's.
    """
    suggested = propose_decisions(call)
    applications = {
        a.pk: a
        for a in without_conflicts(
            call.applications.filter(pk__in=suggested), actor
        ).select_related("call")
    }
    suggested = {pk: p for pk, p in suggested.items() if pk in applications}
    if not suggested:
        raise DecisionError(_("Aucune proposition : il n'y a pas de classement à appliquer."))
    guard_call(call, actor, exception)
    # Selected first: seats are checked in that order.
    order = {Outcome.SELECTED: 0, Outcome.WAITING_LIST: 1, Outcome.NOT_SELECTED: 2}
    ordered = sorted(suggested.items(), key=lambda kv: (order[kv[1].outcome], kv[0]))
    return _stage_each([(applications[pk], p) for pk, p in ordered], actor, "rankings")


def _stage_each(pairs, actor, source: str) -> list[Decision]:
    """Stage each (application, proposal) pair inside the caller's transaction, all or
    nothing: every refusal is listed in one message and nothing is kept."""
    given = [p for _application, p in pairs if p]
    challenges = Challenge.objects.in_bulk({p.challenge for p in given} - {None})
    profiles = Expertise.objects.in_bulk({p.profile for p in given} - {None})
    staged, problems = [], []
    for application, proposal in pairs:
        if proposal is None:
            problems.append(
                _("%(name)s : aucune proposition des classements.")
                % {"name": application.display_name}
            )
            continue
        try:
            staged.append(
                stage_decision(
                    application,
                    proposal.outcome,
                    challenges.get(proposal.challenge),
                    profiles.get(proposal.profile),
                    actor,
                    guarded=False,
                    source=source,
                )
            )
        except DecisionError as error:
            problems.append(f"{application.display_name} : {error}")
    if problems:
        transaction.set_rollback(True)
        raise DecisionError(
            _("Rien n'a été préparé. %(problems)s") % {"problems": " ; ".join(problems)}
        )
    return staged


PROPOSED = "proposed"  # a bulk staging of the rankings' proposal of each application


@transaction.atomic
def stage_chosen(call: Call, ids, outcome: str, actor, exception=None) -> list[Decision]:
    """Stage one decision for each of these applications of the call (all or nothing):
    "not selected", or (``PROPOSED``) what the rankings propose for each."""
    if outcome not in (PROPOSED, Outcome.NOT_SELECTED):
        raise DecisionError(_("Choisissez la décision à préparer."))
    applications = list(
        without_conflicts(call.applications.filter(pk__in=ids), actor)
        .select_related("call")
        .order_by("last_name", "first_name", "pk")
    )
    if not applications or len(applications) != len(set(ids)):
        raise DecisionError(
            _("Cochez au moins une candidature de cet appel.")
            if not applications
            else _("Une des candidatures cochées n'est plus dans la liste : rien n'a changé.")
        )
    guard_call(call, actor, exception)
    given = None if outcome == PROPOSED else proposals.Proposal(outcome)
    chosen = {a.pk: given for a in applications}
    if outcome == PROPOSED:
        suggested = propose_decisions(call, only_ranked=True)
        default = unranked_proposal(call)
        undecided = set(
            decidable_applications(call).filter(pk__in=chosen).values_list("pk", flat=True)
        )
        for pk in chosen:
            chosen[pk] = suggested.get(pk, default if pk in undecided else None)
    return _stage_each([(a, chosen[a.pk]) for a in applications], actor, "selection")


@transaction.atomic
def stage_rest_not_selected(call: Call, actor, exception=None) -> list[Decision]:
    """Stage "not selected" for every submitted application of the call still without one
    (but those the actor is kept away from: another member of the team decides them)."""
    guard_call(call, actor, exception)
    return [
        stage_decision(application, Outcome.NOT_SELECTED, actor=actor, guarded=False, source="bulk")
        for application in without_conflicts(decidable_applications(call), actor).select_related(
            "call"
        )
    ]


# Decision e-mails in the outbox -------------------------------------------------------


def sent_entries(call: Call):
    """Audit entries of the decision e-mails sent for this call, newest first."""
    return ActivityLog.objects.filter(
        action="decision.sent",
        content_type__in=ContentType.objects.get_for_models(Application, Proposal).values(),
        data__call=call.pk,
    ).order_by("-created_at", "-id")


def decision_messages(call: Call) -> list[tuple[ActivityLog, OutboxMessage | None]]:
    """Each decision e-mail of this call with its outbox message (status, attempts, error)."""
    entries = list(sent_entries(call))
    messages = OutboxMessage.objects.in_bulk([e.data.get("message") for e in entries])
    return [(entry, messages.get(entry.data.get("message"))) for entry in entries]


def decision_outbox(call, subjects, user=None) -> tuple[list[dict], int, int]:
    """The call's decision e-mails, each with its subject (found in ``subjects``, a queryset
    of applications or proposals) and outcome, how many failed, and how many were left out
    (about what ``user`` is kept away from)."""
    pairs = decision_messages(call)
    ids = [int(entry.object_id) for entry, _message in pairs]
    hidden = set(
        only_conflicts(subjects.model.objects.filter(pk__in=ids), user).values_list("pk", flat=True)
    )
    shown = [(entry, message) for entry, message in pairs if int(entry.object_id) not in hidden]
    left_out, pairs = len(pairs) - len(shown), shown
    found = subjects.in_bulk([int(entry.object_id) for entry, _message in pairs])
    items = [
        {
            "entry": entry,
            "message": message,
            "subject": found.get(int(entry.object_id)),
            "outcome": Outcome(entry.data["outcome"]).label,
        }
        for entry, message in pairs
    ]
    failed = sum(
        1 for i in items if i["message"] and i["message"].status == OutboxMessage.Status.FAILED
    )
    return items, failed, left_out


@transaction.atomic
def retry_decision_messages(call: Call, actor, message_ids=None) -> int:
    """Queue again the failed decision e-mails of this call (or only the ones given)."""
    by_message = defaultdict(list)
    entries = sent_entries(call)
    if message_ids is not None:
        # One e-mail retried from its row: its entries, not every e-mail of the call.
        entries = entries.filter(data__message__in=list(message_ids))
    for entry in entries:
        by_message[entry.data.get("message")].append(entry)
    wanted = set(by_message) if message_ids is None else set(message_ids) & set(by_message)
    failed = OutboxMessage.objects.select_for_update().filter(
        pk__in=wanted, status=OutboxMessage.Status.FAILED
    )
    count = 0
    for message in failed:
        entry = by_message[message.pk][0]
        model = ContentType.objects.get_for_id(entry.content_type_id).model_class()
        subject = model.objects.filter(pk=entry.object_id).first()
        if subject is not None and is_excluded(actor, subject):
            continue  # another member of the team sends it again
        retry(message)
        record(
            "decision.email_retried",
            subject if subject is not None else call,
            actor=actor,
            message=message.pk,
        )
        count += 1
    return count
