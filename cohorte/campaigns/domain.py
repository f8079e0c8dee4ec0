"""The diffusion of a call: relays, channels, share kit, heard-from question, arrivals, figures.

Every change writes an audit entry. A visitor's tracked link is remembered in their session
only when it names a channel of the call; it is kept with an application or a proposal only
with the consent of the person who submits it.
"""

from django.db import transaction
from django.db.models import Count, Q

from cohorte.audit.domain import record

from .models import (
    UTM_PARAMETERS,
    Arrival,
    Channel,
    HeardFromAnswer,
    HeardFromQuestion,
    ShareKit,
)

SESSION_KEY = "campaigns_channels"


# Relays


def save_relay(relay, actor, *, created: bool) -> None:
    """Save a relay of a call, new or changed."""
    relay.save()
    action = "campaigns.relay_created" if created else "campaigns.relay_changed"
    record(action, relay, actor=actor, call=relay.call_id, name=relay.name)


def mark_relay_sent(relay, sent_on, actor) -> None:
    """Note the day the call was sent to a relay."""
    relay.sent_on = sent_on
    relay.save(update_fields=["sent_on"])
    record("campaigns.relay_sent", relay, actor=actor, call=relay.call_id, sent_on=str(sent_on))


def delete_relay(relay, actor) -> None:
    """Delete a relay; its channels stay, without it. The entry is written on the call."""
    with transaction.atomic():
        record("campaigns.relay_deleted", relay.call, actor=actor, relay=relay.pk, name=relay.name)
        relay.delete()


# Channels


def create_channel(channel, actor) -> None:
    """Save a new tracked link of a call."""
    channel.save()
    record(
        "campaigns.channel_created",
        channel,
        actor=actor,
        call=channel.call_id,
        label=channel.label,
        **channel.parameters(),
    )


def channel_for(call, params) -> Channel | None:
    """The channel of ``call`` named by these query parameters, or None: every UTM parameter
    must be present and together name one channel exactly; anything else is ignored."""
    values = {}
    for name in UTM_PARAMETERS:
        value = params.get(name, "")
        if not value or len(value) > 120:
            return None
        values[name] = value
    return Channel.objects.filter(call=call, **values).first()


def remember_channel(session, call, channel) -> None:
    """Remember in the visitor's session the channel by which they reached the call."""
    remembered = dict(session.get(SESSION_KEY, {}))
    remembered[str(call.pk)] = channel.pk
    session[SESSION_KEY] = remembered


def remembered_channel(session, call) -> Channel | None:
    """The channel remembered for this call, if it still exists."""
    channel_id = session.get(SESSION_KEY, {}).get(str(call.pk))
    if channel_id is None:
        return None
    return Channel.objects.filter(pk=channel_id, call=call).first()


# Share kit


def kit_of(call) -> ShareKit:
    """The call's share kit, an unsaved empty one when the team has not written it."""
    try:
        return call.share_kit
    except ShareKit.DoesNotExist:
        return ShareKit(call=call)


def save_kit(kit, actor) -> None:
    """Save the texts of a call's share kit."""
    created = kit.pk is None
    kit.save()
    record("campaigns.kit_saved", kit, actor=actor, call=kit.call_id, created=created)


def add_visual(visual, actor) -> None:
    """Add an image to a share kit."""
    visual.save()
    record("campaigns.visual_added", visual.kit, actor=actor, visual=visual.pk,
           alt_text=visual.alt_text)  # fmt: skip


def delete_visual(visual, actor) -> None:
    """Remove an image of a share kit, and its file."""
    kit = visual.kit
    with transaction.atomic():
        record("campaigns.visual_deleted", kit, actor=actor, visual=visual.pk,
               alt_text=visual.alt_text)  # fmt: skip
        visual.delete()
    visual.image.delete(save=False)


# The heard-from question


def question_of(call) -> HeardFromQuestion | None:
    """The call's heard-from question, or None when the team has not configured it."""
    try:
        return call.heard_from_question
    except HeardFromQuestion.DoesNotExist:
        return None


def configure_question(call, label: str, required: bool, answers: list[str], actor):
    """Set the question and the answers it offers, in this order. An answer taken off the
    list is hidden, not deleted: the arrivals that gave it keep it."""
    with transaction.atomic():
        question, created = HeardFromQuestion.objects.update_or_create(
            call=call, defaults={"label": label, "required": required}
        )
        existing = {a.label: a for a in question.answers.all()}
        for order, text in enumerate(answers):
            answer = existing.pop(text, None) or HeardFromAnswer(question=question, label=text)
            answer.order, answer.active = order, True
            answer.save()
        for answer in existing.values():
            if answer.active:
                answer.active = False
                answer.save(update_fields=["active"])
        record("campaigns.question_configured", question, actor=actor, call=call.pk,
               label=label, required=required, answers=answers)  # fmt: skip
    return question


# Arrivals


def keep_arrival(call, session, answer, consent: bool, actor, *, application=None, proposal=None):
    """Record how an application or a proposal arrived: the answer to the question and, only
    with consent, the channel remembered in the session."""
    channel = remembered_channel(session, call) if consent else None
    if answer is None and channel is None and not consent:
        return None
    subject = {"application": application} if application else {"proposal": proposal}
    if Arrival.objects.filter(**subject).exists():
        return None  # a second tab started the same application: its arrival is kept
    arrival = Arrival.objects.create(
        call=call,
        application=application,
        proposal=proposal,
        channel=channel,
        answer=answer,
        consent=consent,
    )
    record(
        "campaigns.arrival_recorded",
        application or proposal,
        actor=actor,
        channel=channel.pk if channel else None,
        answer=answer.label if answer else "",
        consent=consent,
    )
    return arrival


# The dashboard

SUBMITTED = ("submitted", "shortlisted", "selected", "waiting_list", "not_selected")


def _figures(arrivals, group: str) -> dict:
    """Counts of the arrivals' applications and proposals by ``group``, in one query."""
    application_started = Count("application", distinct=True)
    application_submitted = Count(
        "application", filter=Q(application__first_submitted_at__isnull=False), distinct=True
    )
    # A shortlist is lost once the decision is sent: an interview remembers it.
    application_shortlisted = Count(
        "application",
        filter=Q(application__status="shortlisted")
        | Q(application__interviews__isnull=False, application__status__in=SUBMITTED),
        distinct=True,
    )
    application_selected = Count(
        "application", filter=Q(application__status="selected"), distinct=True
    )
    proposal_started = Count("proposal", distinct=True)
    proposal_submitted = Count("proposal", filter=Q(proposal__status__in=SUBMITTED), distinct=True)
    proposal_shortlisted = Count(
        "proposal", filter=Q(proposal__status__in=("shortlisted", "selected")), distinct=True
    )
    proposal_selected = Count("proposal", filter=Q(proposal__status="selected"), distinct=True)
    rows = arrivals.values(group).annotate(
        started=application_started + proposal_started,
        submitted=application_submitted + proposal_submitted,
        shortlisted=application_shortlisted + proposal_shortlisted,
        selected=application_selected + proposal_selected,
    )
    return {row[group]: row for row in rows}


def dashboard(call) -> dict:
    """Applications (or proposals) started, submitted, shortlisted and selected, per channel and
    per heard-from answer, computed by the database."""
    arrivals = Arrival.objects.filter(call=call).order_by()
    keys = ("started", "submitted", "shortlisted", "selected")
    empty = dict.fromkeys(keys, 0)
    by_channel = _figures(arrivals, "channel")
    by_answer = _figures(arrivals, "answer")
    channels = [
        {"label": c.label, "channel": c, **{k: by_channel.get(c.pk, empty)[k] for k in keys}}
        for c in call.channels.order_by("label", "pk")
    ]
    channels.append(
        {"label": None, "channel": None, **{k: by_channel.get(None, empty)[k] for k in keys}}
    )
    question = question_of(call)
    answers = []
    if question is not None:
        answers = [
            {"label": a.label, "answer": a, **{k: by_answer.get(a.pk, empty)[k] for k in keys}}
            for a in question.answers.all()
        ]
    answers.append(
        {"label": None, "answer": None, **{k: by_answer.get(None, empty)[k] for k in keys}}
    )
    return {"channels": channels, "answers": answers, "is_projects": call.kind == "projects"}
