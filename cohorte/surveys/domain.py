"""Building, sending and answering the exit surveys; every change audited.

A survey is built (its settings and questions) until it is sent; sending creates one
invitation per recipient with a personal link sent through the outbox, once whatever the
number of clicks (the survey's row is locked). Reminders issue a new secret to those who
have not answered: only a hash is stored, so the old link cannot be sent again.

An answer is stored with the invitation's row locked, in the transaction that marks it
answered: the same link answered twice (two tabs, a double click) gives one response. For an
anonymous survey the response keeps neither the invitation nor the time, and no log entry
says when someone answered: nothing ties the answers to a person.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications import emails
from cohorte.notifications.domain import queue_email
from cohorte.public.formats import format_date, format_time
from cohorte.site_address import absolute_url

from . import tokens
from .models import Answer, Invitation, Question, Response, Survey
from .recipients import recipients

SURVEY_FIELDS = ("title", "intro", "audience", "anonymous", "closes_at")
QUESTION_FIELDS = ("kind", "label", "choices", "required")


def sent_refusal() -> str:
    return _("Ce questionnaire est envoyé : il ne peut plus être modifié.")


def questions_refusal() -> str:
    return _("Ce questionnaire est envoyé : ses questions ne peuvent plus changer.")


def _locked(survey) -> Survey:
    return Survey.objects.select_for_update().get(pk=survey.pk)


def _locked_with_cohort(survey) -> Survey:
    return Survey.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=survey.pk)


def paris_moment(value) -> str:
    """ "30 juin 2027 à 18 h 00" (Paris time)."""
    local = timezone.localtime(value)
    return _("%(date)s à %(time)s") % {
        "date": format_date(local),
        "time": format_time(local.time().replace(second=0)),
    }


def closed(survey, now) -> bool:
    return survey.closes_at <= now


@transaction.atomic
def save_survey(survey, values: dict, actor) -> Survey:
    """Create a survey or change its settings, while it is not sent."""
    if survey.pk:
        survey = _locked(survey)
        if survey.sent_at:
            raise ValidationError(sent_refusal())
    for name in SURVEY_FIELDS:
        setattr(survey, name, values[name])
    created = survey.pk is None
    if created:
        survey.created_by = actor
    survey.save()
    record(
        "survey.created" if created else "survey.changed",
        survey,
        actor,
        title=survey.title,
        audience=survey.audience,
        anonymous=survey.anonymous,
        closes_at=survey.closes_at.isoformat(),
    )
    return survey


@transaction.atomic
def save_question(survey, question, values: dict, actor) -> Question:
    """Add a question (last) or change one, while the survey is not sent."""
    survey = _locked(survey)
    if survey.sent_at:
        raise ValidationError(questions_refusal())
    created = question is None
    if created:
        last = survey.questions.aggregate(last=Max("order"))["last"]
        question = Question(survey=survey, order=0 if last is None else last + 1)
    for name in QUESTION_FIELDS:
        setattr(question, name, values[name])
    question.save()
    record(
        "survey.question_added" if created else "survey.question_changed",
        survey,
        actor,
        question=question.pk,
        kind=question.kind,
        label=question.label,
    )
    return question


@transaction.atomic
def move_question(survey, question, up: bool, actor) -> None:
    """Swap the question with the one before (or after) it."""
    survey = _locked(survey)
    if survey.sent_at:
        raise ValidationError(questions_refusal())
    ordered = list(survey.questions.order_by("order", "pk"))
    index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index], ordered[other] = ordered[other], ordered[index]
    for position, item in enumerate(ordered):
        if item.order != position:
            item.order = position
            item.save(update_fields=["order"])
    record(
        "survey.question_moved", survey, actor, question=question.pk, order=[q.pk for q in ordered]
    )


@transaction.atomic
def remove_question(survey, question, actor) -> None:
    survey = _locked(survey)
    if survey.sent_at:
        raise ValidationError(questions_refusal())
    record("survey.question_removed", survey, actor, question=question.pk, label=question.label)
    question.delete()


def _email(key: str, survey, secret: str, to: str) -> None:
    url = tokens.link(secret)
    subject, body = emails.render(
        key,
        {
            "survey_title": survey.title,
            "cohort_name": survey.cohort.name,
            "closes_at": paris_moment(survey.closes_at),
            "survey_url": url,
            "site_url": absolute_url("/"),
        },
    )
    # The link is the respondent's credential: the outbox keeps it sealed, shown to nobody.
    queue_email([to], subject, body, secrets=[url])


@transaction.atomic
def send(survey, actor, now) -> int:
    """Invite every recipient with a personal link; once, however many clicks. Returns the
    number of invitations."""
    survey = (
        Survey.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=survey.pk)
    )
    if survey.sent_at:
        raise ValidationError(_("Ce questionnaire est déjà envoyé."))
    if not survey.questions.exists():
        raise ValidationError(_("Ajoutez au moins une question avant d’envoyer le questionnaire."))
    if closed(survey, now):
        raise ValidationError(
            _("La date de clôture est passée : reportez-la avant d’envoyer le questionnaire.")
        )
    people = recipients(survey)
    if not people:
        raise ValidationError(_("Personne n’a d’adresse e-mail parmi les destinataires."))
    for person in people:
        secret, token_hash = tokens.new_secret()
        Invitation.objects.create(
            survey=survey, person=person.person, email=person.email, token_hash=token_hash,
            sent_at=now,
        )  # fmt: skip
        _email("survey_invitation", survey, secret, person.email)
    survey.sent_at = now
    survey.save(update_fields=["sent_at"])
    record("survey.sent", survey, actor, invitations=len(people))
    return len(people)


@transaction.atomic
def remind(survey, actor, now) -> int:
    """A new personal link to each person who has not answered (the old one stops working)."""
    survey = (
        Survey.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=survey.pk)
    )
    if not survey.sent_at:
        raise ValidationError(_("Ce questionnaire n’est pas encore envoyé."))
    if closed(survey, now):
        raise ValidationError(_("Ce questionnaire est clos : plus personne ne peut y répondre."))
    waiting = list(survey.invitations.select_for_update().filter(answered=False).order_by("pk"))
    if not waiting:
        raise ValidationError(_("Tout le monde a déjà répondu."))
    for invitation in waiting:
        secret, invitation.token_hash = tokens.new_secret()
        invitation.sent_at = now
        invitation.save(update_fields=["token_hash", "sent_at"])
        _email("survey_reminder", survey, secret, invitation.email)
    record("survey.reminded", survey, actor, invitations=len(waiting))
    return len(waiting)


def invitation_for(secret: str):
    """The invitation a link opens, or None (forged, replaced or too long)."""
    if not secret or len(secret) > tokens.MAX_LENGTH:
        return None
    return (
        Invitation.objects.select_related("survey__cohort")
        .filter(token_hash=tokens.digest(secret))
        .first()
    )


def refusal(invitation, now) -> str:
    """Why this link may not answer any more, or ""."""
    if invitation.answered:
        return _("Vous avez déjà répondu à ce questionnaire.")
    survey = invitation.survey
    if closed(survey, now):
        return _("Ce questionnaire est clos depuis le %(date)s.") % {
            "date": paris_moment(survey.closes_at)
        }
    return ""


def _answer(question, value) -> Answer | None:
    """The Answer row for a cleaned value, None when the question is left blank."""
    Kind = Question.Kind
    if value in (None, "", []):
        return None
    answer = Answer(question=question)
    if question.kind in (Kind.SCALE, Kind.NUMBER):
        answer.number = value
    elif question.kind == Kind.YES_NO:
        answer.number = 1 if value == "oui" else 0
    elif question.kind == Kind.SINGLE:
        answer.choices = [value]
        answer.text = value
    elif question.kind == Kind.MULTIPLE:
        chosen = [c for c in question.choices if c in value]  # in the proposed order
        answer.choices = chosen
        # One per line: the results count each choice in SQL (choices hold no line break).
        answer.text = "\n".join(chosen)
    else:
        answer.text = value.strip()
    return answer


def answer(secret: str, values: dict, now) -> Response:
    """Store the answers given through a personal link; ``values`` maps question ids to
    cleaned values. Raises ValidationError (nothing stored) if the link already answered or
    the survey is closed; Invitation.DoesNotExist for a forged link."""
    return _store(Invitation.objects.filter(token_hash=tokens.digest(secret)), values, now)


def answer_as(invitation, values: dict, now) -> Response:
    """The same, for an invitation at hand (the demo's respondents)."""
    return _store(Invitation.objects.filter(pk=invitation.pk), values, now)


@transaction.atomic
def _store(invitations, values: dict, now) -> Response:
    invitation = invitations.select_for_update(of=("self",)).select_related("survey__cohort").get()
    reason = refusal(invitation, now)
    if reason:
        raise ValidationError(reason)
    survey = invitation.survey
    anonymous = survey.anonymous
    response = Response.objects.create(
        survey=survey,
        invitation=None if anonymous else invitation,
        submitted_at=None if anonymous else now,
    )
    rows = []
    for question in survey.questions.all():
        row = _answer(question, values.get(question.pk))
        if row is not None:
            row.response = response
            rows.append(row)
    Answer.objects.bulk_create(rows)
    invitation.answered = True
    invitation.save(update_fields=["answered"])
    if not anonymous:
        record("survey.answered", invitation, None, survey=survey.pk)
    return response
