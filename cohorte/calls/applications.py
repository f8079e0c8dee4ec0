"""The candidate's side of an application: draft, submit, withdraw, answer, remind, erase.

Each action is one function, called alike by views, commands and tasks. It checks the
transition, writes the audit entry and queues its e-mail in the same transaction.
A refused action raises :class:`ApplicationError` (a clear French message) or a Django
``ValidationError`` keyed by form field names, and changes nothing; saving a draft is the
exception: it stores every valid field and raises :class:`PartiallySaved` for the others.

Data of a draft (``save_draft``), every key optional (a missing key is left unchanged):

- ``first_name``, ``last_name``, ``phone``: text;
- ``answers``: ``{str(question id): value}`` where value is text (short/long text, URL,
  single choice), a list of texts (multiple choice) or a boolean / None (yes/no);
- ``choices``: ranked list of ``{"challenge": id or None, "profile": id or None}``;
- ``statements``: ids of the statements ticked;
- ``gender``: one of ``Application.Gender`` or ""; ``publication_consent``: boolean;
- ``files``: ``{"cv" | "portfolio" | "q_<question id>": uploaded file}``.

Answers are stored in ``Application.answers`` with the same shapes; file answers are
``ApplicationFile`` rows (kind "answer", with their question).

Edits made after a submission stay in the application until it is submitted again: the
version submitted last (``ApplicationVersion``) is what counts, and
:func:`has_unsubmitted_changes` tells both sides when they differ.
"""

import datetime
import json
import logging
import re
import zipfile
from contextlib import contextmanager
from io import BytesIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, prefetch_related_objects
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.notifications.emails import send
from cohorte.public.formats import format_moment, format_number, format_paris_moment
from cohorte.reviews.domain import declare_own_conflict
from cohorte.text import single_line

from . import drafts, windows
from .choices import choice_options
from .drafts import DraftError as ApplicationError
from .drafts import NotAllowed, StaleRevision, WindowClosed
from .files import MEGABYTE, check_pdf_content, store_pdf
from .models import (
    Application,
    ApplicationChoice,
    ApplicationFile,
    ApplicationVersion,
    Call,
    Message,
    Question,
    Round,
)

logger = logging.getLogger(__name__)

REMINDER_BEFORE = datetime.timedelta(hours=48)
DECIDED_STATES = {
    Application.Status.SELECTED,
    Application.Status.WAITING_LIST,
    Application.Status.NOT_SELECTED,
}
DEFAULT_MAX_LENGTH = {Question.Kind.SHORT_TEXT: 300, Question.Kind.LONG_TEXT: 20000}
URL_MAX_LENGTH = 500
ANSWER_MAX_LENGTH = 10000
_PHONE = re.compile(r"^[0-9+().\-\s]{6,40}$")


def stale_message() -> str:
    """What a candidate reads when their page is older than the last save."""
    return _(
        "Votre candidature a été modifiée ailleurs (dans un autre onglet ou une autre fenêtre) "
        "depuis l'ouverture de cette page : pour ne rien écraser, ces modifications n'ont pas été "
        "enregistrées. Copiez les textes à garder, puis rechargez la page."
    )


# --- Helpers -------------------------------------------------------------------------


def dashboard_url(call: Call) -> str:
    """Absolute address of the candidate's page for this call."""
    path = reverse("calls:application", args=[call.slug]) if call.slug else "/mon-espace/"
    return settings.SITE_URL + path


def paris(moment) -> str:
    """A moment for e-mails and messages: "7 juin 2026 à 23 h 00, heure de Paris"."""
    return format_paris_moment(moment)


def decision_sent(application: Application) -> bool:
    """Whether a decision on this application has been sent to the candidate."""
    from cohorte.selection.models import Decision

    if application.decided_at is not None:
        return True
    if Application.decision.is_cached(application):  # read already by the page: no query
        decision = Application.decision.related.get_cached_value(application)
        return decision is not None and decision.status == Decision.Status.SENT
    return Decision.objects.filter(application=application, status=Decision.Status.SENT).exists()


def current_files(application: Application) -> dict[str, ApplicationFile]:
    """The application's current files by form field name ("cv", "portfolio", "q_<id>")."""
    found = {}
    for row in application.files.filter(is_current=True).order_by("-uploaded_at", "-pk"):
        key = f"q_{row.question_id}" if row.kind == ApplicationFile.Kind.ANSWER else row.kind
        found.setdefault(key, row)
    return found


def _locked(application: Application, *, same_call: bool = False) -> Application:
    # Lock the application's row alone, then read its call and rounds (once, for every
    # window check). No join in the locking query: PostgreSQL refuses FOR UPDATE on an outer
    # join's nullable side, locking the call's row too would serialise every submission to
    # the call, and a row re-read after waiting for the lock keeps the joined columns it
    # had before (a round_id with no round).
    if same_call and Application.call.is_cached(application):
        # The candidate's form page read the call, its rounds and questions a moment ago:
        # its configuration is not the row being locked, so it is not read again.
        locked = Application.objects.select_for_update().get(pk=application.pk)
        locked.call = application.call
        return locked
    return (
        Application.objects.select_for_update()
        .prefetch_related("call__rounds")
        .get(pk=application.pk)
    )


def _own_locked(application: Application, actor, revision, *, same_call=False) -> Application:
    """The application locked, once its candidate is ``actor`` and ``revision`` the latest."""
    locked = _locked(application, same_call=same_call)
    _ensure_owner(locked, actor)
    if actor is not None:  # the candidate, checked above: their account is read already
        locked.candidate = actor
    if revision is not None:
        drafts.ensure_latest(locked, revision, StaleRevision(stale_message()))
    return locked


@contextmanager
def _files_removed_on_failure():
    """A list to put the files stored on the way: deleted again if the transaction fails."""
    stored: list[ApplicationFile] = []
    try:
        yield stored
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise


def _copy_fields(source: Application, target: Application) -> None:
    # What refresh_from_db would read: the row as just written, without reading it again.
    for field in Application._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


def _ensure_owner(application: Application, actor) -> None:
    if actor is not None and actor.pk != application.candidate_id:
        raise NotAllowed(_("Cette candidature n'est pas la vôtre."))


def _ensure_open(application: Application, now, action: str) -> None:
    state = windows.access(application.call, application, now, action)
    if not state.open:
        raise WindowClosed(state.message)


# --- Validation ----------------------------------------------------------------------


def _text(value) -> str:
    # Browsers send line breaks as CRLF but count them as one character in maxlength.
    return str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")


def max_length(question: Question) -> int:
    if question.kind == Question.Kind.URL:
        return URL_MAX_LENGTH
    return question.max_length or DEFAULT_MAX_LENGTH.get(question.kind, 300)


def _clean_answer(question: Question, value):
    """The stored form of an answer, or ValidationError with a message naming the question."""
    label = question.label
    kind = question.kind
    if kind in (Question.Kind.SHORT_TEXT, Question.Kind.LONG_TEXT, Question.Kind.URL):
        text = _text(value)
        if kind != Question.Kind.LONG_TEXT:
            text = single_line(text)
        limit = max_length(question)
        if len(text) > limit:
            raise ValidationError(
                _("« %(label)s » : %(limit)s caractères au maximum (vous en avez écrit %(n)s).")
                % {"label": label, "limit": format_number(limit), "n": format_number(len(text))}
            )
        if kind == Question.Kind.URL and text:
            try:
                URLValidator(schemes=["http", "https"])(text)
            except ValidationError:
                raise ValidationError(
                    _(
                        "« %(label)s » : indiquez une adresse web complète, par exemple "
                        "https://exemple.fr/mon-projet."
                    )
                    % {"label": label}
                ) from None
        return text
    if kind == Question.Kind.SINGLE_CHOICE:
        text = single_line(_text(value))
        if text and text not in question.options:
            raise ValidationError(
                _("« %(label)s » : choisissez une des réponses proposées.") % {"label": label}
            )
        return text
    if kind == Question.Kind.MULTIPLE_CHOICE:
        values = [_text(v).strip() for v in (value or [])]
        if any(v not in question.options for v in values):
            raise ValidationError(
                _("« %(label)s » : choisissez parmi les réponses proposées.") % {"label": label}
            )
        return [o for o in question.options if o in values]
    if kind == Question.Kind.YES_NO:
        if value in (None, ""):
            return None
        if not isinstance(value, bool):
            raise ValidationError(_("« %(label)s » : répondez oui ou non.") % {"label": label})
        return value
    raise ValidationError(_("« %(label)s » : réponse inattendue.") % {"label": label})


def _clean_choices(call: Call, value) -> list[tuple[int | None, int | None]]:
    if call.choice_timing == Call.ChoiceTiming.VOTING:
        if value:
            raise ValidationError(
                _(
                    "Cet appel ne demande pas de choix dans la candidature : vous choisirez "
                    "après la présélection."
                )
            )
        return []
    return rank_choices(call, value)


def rank_choices(call: Call, value) -> list[tuple[int | None, int | None]]:
    """Check ranked choices against what the call offers: known, distinct, not too many."""
    options = {option.key: option for option in choice_options(call)}
    ranked = []
    for item in value or []:
        key = (item.get("challenge") or None, item.get("profile") or None)
        if key == (None, None):
            continue
        if key not in options:
            raise ValidationError(_("Un de vos choix n'est pas proposé par cet appel."))
        if key in ranked:
            raise ValidationError(
                _("Vous avez choisi deux fois « %(choice)s » : chaque choix doit être différent.")
                % {"choice": options[key].label}
            )
        ranked.append(key)
    if len(ranked) > call.max_choices:
        raise ValidationError(
            _("Vous pouvez faire au plus %(n)s choix (vous en avez fait %(count)s).")
            % {"n": call.max_choices, "count": len(ranked)}
        )
    return ranked


def _clean_files(call: Call, files: dict, questions: dict[int, Question], errors: dict):
    checked = {}
    max_bytes = call.max_upload_mb * MEGABYTE
    for field, uploaded in (files or {}).items():
        if uploaded is None:
            continue
        if field == "portfolio" and not call.portfolio_enabled:
            errors[field] = [_("Cet appel ne demande pas de portfolio.")]
            continue
        if field.startswith("q_"):
            question = questions.get(int(field[2:]) if field[2:].isdigit() else 0)
            if question is None or question.kind != Question.Kind.FILE:
                errors[field] = [_("Cette question n'attend pas de fichier.")]
                continue
        elif field not in ("cv", "portfolio"):
            errors[field] = [_("Fichier inattendu.")]
            continue
        try:
            checked[field] = check_pdf_content(uploaded, max_bytes)
        except ValidationError as error:
            errors[field] = error.messages
    return checked


def clean_draft(call: Call, data: dict) -> tuple[dict, dict, dict]:
    """Check a draft's data: (cleaned values, checked files, errors by field); a faulty field
    is left out of the cleaned values, so that saving them keeps its stored value."""
    errors: dict[str, list[str]] = {}
    cleaned: dict = {}
    for field, limit, label in (
        ("first_name", 150, _("Prénom")),
        ("last_name", 150, _("Nom")),
        ("phone", 40, _("Téléphone")),
    ):
        if field in data:
            text = _text(data[field]).strip()
            if len(text) > limit:
                errors[field] = [
                    _("%(label)s : %(limit)s caractères au maximum.")
                    % {"label": label, "limit": limit}
                ]
            elif field == "phone" and text and not _PHONE.match(text):
                errors[field] = [
                    _(
                        "Indiquez un numéro de téléphone, par exemple 06 12 34 56 78 ou "
                        "+33 6 12 34 56 78."
                    )
                ]
            if field not in errors:
                cleaned[field] = text
    questions = {q.pk: q for q in call.questions.all()}
    if "answers" in data:
        answers = {}
        for key, value in (data["answers"] or {}).items():
            question = questions.get(int(key)) if str(key).isdigit() else None
            if question is None or question.kind == Question.Kind.FILE:
                continue  # a question removed since the page was loaded
            try:
                answers[str(question.pk)] = _clean_answer(question, value)
            except ValidationError as error:
                errors[f"q_{question.pk}"] = error.messages
        cleaned["answers"] = answers
    if "choices" in data:
        try:
            cleaned["choices"] = _clean_choices(call, data["choices"])
        except ValidationError as error:
            errors["choices"] = error.messages
    if "statements" in data:
        known = {s.pk for s in call.statements.all()}  # the prefetch cache when there is one
        cleaned["statements"] = sorted({int(s) for s in data["statements"] or []} & known)
    if "gender" in data:
        gender = data["gender"] or ""
        if gender and gender not in Application.Gender.values:
            errors["gender"] = [_("Choisissez une des réponses proposées.")]
        else:
            cleaned["gender"] = gender
    if "publication_consent" in data:
        cleaned["publication_consent"] = bool(data["publication_consent"])
    checked = _clean_files(call, data.get("files") or {}, questions, errors)
    return cleaned, checked, errors


def _apply(application: Application, cleaned: dict) -> list[str]:
    changed = []
    for field in ("first_name", "last_name", "phone", "gender", "publication_consent"):
        if field in cleaned and getattr(application, field) != cleaned[field]:
            setattr(application, field, cleaned[field])
            changed.append(field)
    if "answers" in cleaned:
        answers = dict(application.answers or {})
        for key, value in cleaned["answers"].items():
            if answers.get(key) != value:
                answers[key] = value
                changed.append(f"q_{key}")
        application.answers = answers
    if "statements" in cleaned and sorted(application.statements or []) != cleaned["statements"]:
        application.statements = cleaned["statements"]
        changed.append("statements")
    if "choices" in cleaned:
        current = [(c.challenge_id, c.profile_id) for c in application.choices.order_by("rank")]
        if current != cleaned["choices"]:
            application.choices.all().delete()
            ApplicationChoice.objects.bulk_create(
                ApplicationChoice(application=application, rank=rank, challenge_id=c, profile_id=p)
                for rank, (c, p) in enumerate(cleaned["choices"], start=1)
            )
            changed.append("choices")
    return changed


# --- Actions -------------------------------------------------------------------------


def start(call: Call, candidate, now=None, *, looked=False) -> Application:
    """The candidate's application to this call, created as an empty draft while it is open.

    ``looked``: the caller found none a moment ago (one that another tab creates meanwhile is
    still found, not doubled).
    """
    now = now or timezone.now()
    existing = (
        None if looked else Application.objects.filter(call=call, candidate=candidate).first()
    )
    if existing is not None:
        return existing
    state = windows.access(call, None, now, "start")
    if not state.open:
        raise WindowClosed(state.message)
    with transaction.atomic():
        application, created = Application.objects.get_or_create(
            call=call,
            candidate=candidate,
            defaults={"first_name": candidate.first_name, "last_name": candidate.last_name},
        )
        if created:
            record("application.created", application, candidate)
    return application


class PartiallySaved(ValidationError):
    """Saved, but for the fields named in the errors: ``application`` is the saved one."""

    def __init__(self, errors: dict, application: Application):
        super().__init__(errors)
        self.application = application


def save_draft(application: Application, data: dict, revision: int, actor, now=None):
    """Save a draft (or edits after a submission) if ``revision`` is still the latest.

    Nothing typed is lost for one mistake: a field over its limit or malformed, or a bad
    file, keeps its stored value while every other field and good file is saved; then
    :class:`PartiallySaved` names the faulty fields.
    """
    now = now or timezone.now()
    _ensure_open(application, now, "edit")  # said first; checked again under the lock
    cleaned, checked, errors = clean_draft(application.call, data)
    with _files_removed_on_failure() as stored, transaction.atomic():
        locked = _own_locked(application, actor, revision, same_call=True)
        _ensure_open(locked, now, "edit")
        _save(locked, cleaned, checked, actor, stored)
    if errors:
        raise PartiallySaved(errors, locked)
    return locked


def _save(locked: Application, cleaned: dict, checked: dict, actor, stored, write=True) -> bool:
    """Write the checked fields and files onto the locked application (a new revision when
    anything changed; its row written unless ``write`` is false); each new file is audited
    and put in ``stored``. Whether anything changed."""
    changed = _apply(locked, cleaned)
    for field, pdf in checked.items():
        question = None
        kind = field
        if field.startswith("q_"):
            question = locked.call.questions.get(pk=int(field[2:]))
            kind = ApplicationFile.Kind.ANSWER
        row, new = store_pdf(locked, kind, pdf, question)
        if new:
            stored.append(row)
            changed.append(field)
            record(
                "application.file_added",
                locked,
                actor,
                file=row.pk,
                kind=kind,
                question=question.pk if question else None,
                size=row.size,
                pages=pdf.pages,
                sha256=row.sha256,
            )
    if changed:
        locked.revision += 1
        if write:
            locked.save()
    return bool(changed)


def completeness_errors(application: Application) -> dict[str, list[str]]:
    """What is missing or no longer valid for this application to be submitted."""
    call = application.call
    errors: dict[str, list[str]] = {}
    if not application.first_name.strip():
        errors["first_name"] = [_("Indiquez votre prénom.")]
    if not application.last_name.strip():
        errors["last_name"] = [_("Indiquez votre nom.")]
    files = current_files(application)
    answers = application.answers or {}
    for question in call.questions.all():
        key = f"q_{question.pk}"
        if question.kind == Question.Kind.FILE:
            if question.required and key not in files:
                errors[key] = [
                    _("« %(label)s » : joignez le fichier demandé (PDF).")
                    % {"label": question.label}
                ]
            continue
        value = answers.get(str(question.pk))
        try:
            value = _clean_answer(question, value) if value is not None else None
        except ValidationError as error:
            errors[key] = error.messages
            continue
        if question.required and value in (None, "", []):
            errors[key] = [
                _("« %(label)s » : cette question est obligatoire.") % {"label": question.label}
            ]
    if call.cv_required and "cv" not in files:
        errors["cv"] = [_("Joignez votre CV au format PDF.")]
    chosen = [
        {"challenge": c.challenge_id, "profile": c.profile_id} for c in application.choices.all()
    ]
    try:
        ranked = _clean_choices(call, chosen)
    except ValidationError as error:
        errors["choices"] = error.messages
    else:
        if call.choice_timing == Call.ChoiceTiming.APPLICATION and not ranked:
            errors["choices"] = [
                {
                    Call.ChoiceKind.CHALLENGES: _("Choisissez au moins un défi."),
                    Call.ChoiceKind.PROFILES: _("Choisissez au moins un profil."),
                    Call.ChoiceKind.BOTH: _("Choisissez au moins un défi et un profil."),
                }[call.choice_kind]
            ]
    required = {s.pk for s in call.statements.all()}
    if not required <= set(application.statements or []):
        errors["statements"] = [
            _("Cochez toutes les déclarations sur l'honneur pour déposer votre candidature.")
        ]
    return errors


def snapshot(application: Application) -> dict:
    """What the application holds now, readable on its own (labels included), for a version."""
    call = application.call
    answers = application.answers or {}
    files = list(application.files.filter(is_current=True).order_by("kind", "question_id", "pk"))
    statements = {s.pk: s.text for s in call.statements.all()}
    return {
        "revision": application.revision,
        "round": (
            {"id": application.round_id, "name": application.round.name}
            if application.round_id
            else None
        ),
        "first_name": application.first_name,
        "last_name": application.last_name,
        "phone": application.phone,
        "answers": [
            {
                "question": q.pk,
                "label": q.label,
                "kind": q.kind,
                "value": answers.get(str(q.pk)),
            }
            for q in call.questions.all()
            if q.kind != Question.Kind.FILE
        ],
        "choices": [
            {
                "rank": c.rank,
                "challenge": {"id": c.challenge_id, "title": c.challenge.title}
                if c.challenge_id
                else None,
                "profile": {"id": c.profile_id, "name": c.profile.name} if c.profile_id else None,
            }
            for c in application.choices.select_related("challenge", "profile")
        ],
        "statements": [
            {"id": pk, "text": statements[pk]}
            for pk in sorted(application.statements or [])
            if pk in statements
        ],
        "gender": application.gender,
        "publication_consent": application.publication_consent,
        "files": drafts.file_entries(files, question="question_id"),
    }


def submit(application: Application, actor, now=None, revision=None) -> ApplicationVersion:
    """Submit (or submit again) a complete application before its deadline; returns the version.

    ``revision``, when given, is the one the submitted form was saved at: any other is stale.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _own_locked(application, actor, revision)
        refusal = _submission_refusal(locked, now)
        if refusal is not None:
            raise refusal
        version = _record_submission(locked, actor, now)
    _copy_fields(locked, application)
    return version


def _submission_refusal(locked: Application, now) -> Exception | None:
    """Why the locked application cannot be submitted now (closed, incomplete), or None."""
    state = windows.access(locked.call, locked, now, "submit")
    if not state.open:
        return WindowClosed(state.message)
    # Read once for both the completeness check and the version's snapshot.
    prefetch_related_objects([locked.call], "questions", "statements")
    errors = completeness_errors(locked)
    return ValidationError(errors) if errors else None


def _record_submission(locked: Application, actor, now) -> ApplicationVersion:
    """Submit the locked application: its new version, audit entry and receipt e-mail."""
    if locked.round_id is None:
        locked.round = windows.round_open_at(locked.call, now)
    first = locked.first_submitted_at is None
    locked.version += 1
    locked.revision += 1
    if locked.status != Application.Status.SHORTLISTED:  # a resubmission keeps the shortlist
        locked.status = Application.Status.SUBMITTED
    locked.submitted_at = now
    if first:
        locked.first_submitted_at = now
    locked.save()
    version = ApplicationVersion.objects.create(
        application=locked, number=locked.version, submitted_at=now, data=snapshot(locked)
    )
    record(
        "application.submitted",
        locked,
        actor,
        version=version.number,
        round=locked.round_id,
        submitted_at=now.isoformat(),
    )
    # A candidate who reviews in this call never sees their application there.
    declare_own_conflict(locked)
    send(
        "application_submitted",
        [locked.candidate.email],
        {
            "candidate_name": locked.display_name,
            "call_title": locked.call.title,
            "site_url": settings.SITE_URL,
            "submitted_at": format_moment(now),
            "deadline": paris(windows.deadline(locked, now)),
            "dashboard_url": dashboard_url(locked.call),
        },
        call=locked.call,
    )
    return version


def save_and_submit(application: Application, data: dict, revision: int, actor, now=None):
    """Save the form then submit it, under one lock: a late or stale form changes nothing.

    An incomplete application keeps its saved draft and says what is missing.
    """
    now = now or timezone.now()
    _ensure_open(application, now, "submit")
    cleaned, checked, errors = clean_draft(application.call, data)
    refusal = version = None
    with _files_removed_on_failure() as stored, transaction.atomic():
        # One lock for both: a second request of a double click waits for it, then finds
        # the revision the first one's submission made, and is refused as stale.
        locked = _own_locked(application, actor, revision, same_call=True)
        _ensure_open(locked, now, "edit")
        # The row is written once: by the submission, or as a draft when it is refused.
        changed = _save(locked, cleaned, checked, actor, stored, write=False)
        if not errors:
            # Refused (closed, incomplete) before anything of the submission is written:
            # the saved draft is kept.
            refusal = _submission_refusal(locked, now)
            if refusal is None:
                version = _record_submission(locked, actor, now)
        if version is None and changed:
            locked.save()
    if errors:
        raise PartiallySaved(errors, locked)
    if refusal is not None:
        raise refusal
    _copy_fields(locked, application)
    return version


def withdrawal_refusal(application: Application) -> str:
    """Why this application cannot be withdrawn, or "" when it can."""
    if application.status == Application.Status.WITHDRAWN:
        return _("Cette candidature est déjà retirée.")
    if application.status in DECIDED_STATES or decision_sent(application):
        return _(
            "Une décision vous a déjà été communiquée : la candidature ne peut plus être retirée."
        )
    return ""


def is_discardable(application: Application) -> bool:
    """A draft never submitted: its candidate deletes it and may start again."""
    return application.status == Application.Status.DRAFT and application.submitted_at is None


def discard_draft(application: Application, actor) -> None:
    """Delete a never-submitted draft with its files (an anonymous trace stays on the call):
    withdrawing it would shut its candidate out of the call for nothing."""
    from cohorte.selection.retention import purge_application

    with transaction.atomic():
        locked = _locked(application)
        _ensure_owner(locked, actor)
        if not is_discardable(locked):
            raise ApplicationError(
                _("Cette candidature a été déposée : elle ne peut qu’être retirée.")
            )
    purge_application(locked, reason="draft_discarded")


def withdraw(application: Application, actor, now=None, notify: bool = True) -> Application:
    """Withdraw an application before any decision is sent to its candidate; its interviews
    are cancelled, in the candidate's calendar too."""
    from cohorte.selection.interviews import cancel_for_withdrawal, record_cancellations_sent

    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(application)
        _ensure_owner(locked, actor)
        refusal = withdrawal_refusal(locked)
        if refusal:
            raise ApplicationError(refusal)
        previous = locked.status
        locked.status = Application.Status.WITHDRAWN
        locked.withdrawn_at = now
        locked.revision += 1
        locked.save()
        record("application.withdrawn", locked, actor, previous_status=previous)
        cancelled = cancel_for_withdrawal(locked, actor)
        if notify:
            message = send(
                "application_withdrawn",
                [locked.candidate.email],
                {
                    "candidate_name": locked.display_name,
                    "call_title": locked.call.title,
                    "site_url": settings.SITE_URL,
                    "withdrawn_at": paris(now),
                },
                call=locked.call,
                attachments=[item for _slot, item in cancelled] or None,
            )
            record_cancellations_sent(cancelled, message, actor)
    return locked


def _team_link(application: Application) -> str:
    # The back office's page of the application, when that area is installed.
    for name in ("team:application", "team:application_detail"):
        try:
            return settings.SITE_URL + reverse(name, args=[application.pk])
        except NoReverseMatch:
            continue
    return settings.SITE_URL


def answer_info_request(message: Message, body: str, actor, now=None) -> Message:
    """The candidate answers the team's request for more information; returns the answer."""
    now = now or timezone.now()
    body = _text(body).strip()
    if not body:
        raise ValidationError({"body": [_("Écrivez votre réponse avant de l'envoyer.")]})
    if len(body) > ANSWER_MAX_LENGTH:
        raise ValidationError(
            {"body": [_("Votre réponse dépasse 10\u202f000 caractères : raccourcissez-la.")]}
        )
    with transaction.atomic():
        request = (
            Message.objects.select_for_update(of=("self",))  # author: nullable, outer join
            .select_related("application__call", "application__candidate", "author")
            .get(pk=message.pk)
        )
        application = request.application
        _ensure_owner(application, actor)
        if not request.from_team or request.kind != Message.Kind.INFO_REQUEST:
            raise NotAllowed(_("Ce message n'appelle pas de réponse."))
        if request.answered_at is not None:
            raise ApplicationError(_("Vous avez déjà répondu à cette demande."))
        if application.status == Application.Status.WITHDRAWN:
            raise ApplicationError(_("Cette candidature est retirée."))
        answer = Message.objects.create(
            application=application,
            author=actor,
            from_team=False,
            kind=Message.Kind.MESSAGE,
            body=body,
        )
        request.answered_at = now
        request.save(update_fields=["answered_at"])
        record(
            "application.info_answered", application, actor, request=request.pk, answer=answer.pk
        )
        if request.author is not None and request.author.email:
            queue_email(
                [request.author.email],
                _("Réponse à votre demande de complément — %(call)s")
                % {"call": application.call.title},
                _(
                    "Bonjour,\n\nLa candidature n° %(id)s à « %(call)s » a reçu une réponse à "
                    "votre demande de complément.\n\nLire la réponse : %(link)s\n\nCohorte"
                )
                % {
                    "id": application.pk,
                    "call": application.call.title,
                    "link": _team_link(application),
                },
            )
    message.refresh_from_db()
    return answer


def send_reminders(now=None) -> int:
    """E-mail candidates with a draft 48 h before their round (or call) closes, once per round."""
    now = now or timezone.now()
    horizon = now + REMINDER_BEFORE
    sent = 0
    rounds = Round.objects.filter(
        call__kind=Call.Kind.APPLICATIONS,
        reminder_sent_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=horizon,
    ).select_related("call")
    for round_ in rounds:
        with transaction.atomic():
            # Claimed by one runner only, even when several run at once.
            if not Round.objects.filter(pk=round_.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            drafts = Application.objects.filter(call=round_.call, status=Application.Status.DRAFT)
            drafts = drafts.filter(Q(round__isnull=True) | Q(round=round_))
            count = _remind(drafts, round_.call, round_.closes_at, round_.pk)
            record("round.reminders_sent", round_, None, count=count)
            sent += count
    calls = Call.objects.filter(
        kind=Call.Kind.APPLICATIONS,
        reminder_sent_at__isnull=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=horizon,
    ).exclude(Exists(Round.objects.filter(call=OuterRef("pk"))))
    for call in calls:
        with transaction.atomic():
            if not Call.objects.filter(pk=call.pk, reminder_sent_at__isnull=True).update(
                reminder_sent_at=now
            ):
                continue
            drafts = Application.objects.filter(call=call, status=Application.Status.DRAFT)
            count = _remind(drafts, call, call.closes_at, None)
            record("call.reminders_sent", call, None, count=count)
            sent += count
    return sent


def _remind(drafts, call: Call, closes_at, round_id) -> int:
    count = 0
    for application in drafts.select_related("candidate"):
        if not application.candidate.email:
            continue
        send(
            "application_reminder",
            [application.candidate.email],
            {
                "candidate_name": application.display_name,
                "call_title": call.title,
                "site_url": settings.SITE_URL,
                "deadline": paris(closes_at),
                "dashboard_url": dashboard_url(call),
            },
            call=call,
        )
        record("application.reminder_sent", application, None, round=round_id)
        count += 1
    return count


# --- The candidate's data ------------------------------------------------------------


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export_candidate_data(user) -> bytes:
    """A ZIP of what the platform holds about this candidate and shows them, with their files.

    Never included: the team's private notes, reviews, scores, rankings, eligibility
    assessments or the names of team members and reviewers.
    """
    from allauth.account.models import EmailAddress

    from .candidate import candidate_status, sent_decision, visible_interviews

    applications = list(
        user.applications.select_related("call", "round").prefetch_related(
            "versions", "messages", "files", "choices__challenge", "choices__profile"
        )
    )
    document = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": e.email, "verified": e.verified, "primary": e.primary}
                for e in EmailAddress.objects.filter(user=user)
            ],
        },
        "applications": [],
    }
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for application in applications:
            files = []
            for f in application.files.all():
                path = f"fichiers/candidature-{application.pk}/{f.pk}-{f.original_name}"
                try:
                    with f.file.open("rb") as handle:
                        archive.writestr(path, handle.read())
                except OSError:
                    logger.warning(
                        "file %s of application %s missing in storage", f.pk, application.pk
                    )
                    path = None
                files.append(
                    {
                        "kind": f.kind,
                        "question": f.question_id,
                        "original_name": f.original_name,
                        "size": f.size,
                        "sha256": f.sha256,
                        "current": f.is_current,
                        "uploaded_at": _iso(f.uploaded_at),
                        "path_in_archive": path,
                    }
                )
            decision = sent_decision(application)
            status = candidate_status(application)
            document["applications"].append(
                {
                    "call": application.call.title,
                    "round": application.round.name if application.round_id else None,
                    "status": status.label,
                    "first_name": application.first_name,
                    "last_name": application.last_name,
                    "phone": application.phone,
                    "answers": application.answers,
                    "questions": {str(q.pk): q.label for q in application.call.questions.all()},
                    "choices": [
                        {
                            "rank": c.rank,
                            "challenge": c.challenge.title if c.challenge_id else None,
                            "profile": c.profile.name if c.profile_id else None,
                        }
                        for c in application.choices.all()
                    ],
                    "statements": [
                        s.text
                        for s in application.call.statements.all()
                        if s.pk in set(application.statements or [])
                    ],
                    "gender": application.gender,
                    "publication_consent": application.publication_consent,
                    "created_at": _iso(application.created_at),
                    "first_submitted_at": _iso(application.first_submitted_at),
                    "submitted_at": _iso(application.submitted_at),
                    "withdrawn_at": _iso(application.withdrawn_at),
                    "versions": [
                        {"number": v.number, "submitted_at": _iso(v.submitted_at), "data": v.data}
                        for v in application.versions.all()
                    ],
                    "messages": [
                        {
                            "from": _("l'équipe du programme") if m.from_team else _("vous"),
                            "kind": m.kind,
                            "body": m.body,
                            "sent_at": _iso(m.created_at),
                            "answered_at": _iso(m.answered_at),
                        }
                        for m in application.messages.all()
                    ],
                    "interviews": [
                        {
                            "starts_at": _iso(slot.starts_at),
                            "duration_minutes": slot.duration_minutes,
                            "location": slot.location,
                            "video_link": slot.video_link,
                            "status": slot.get_shown_status_display(),
                        }
                        for slot in visible_interviews(application)
                    ],
                    "decision": (
                        {
                            "outcome": decision.get_outcome_display(),
                            "sent_at": _iso(decision.sent_at),
                        }
                        if decision
                        else None
                    ),
                    "files": files,
                }
            )
        archive.writestr(
            "donnees.json", json.dumps(document, ensure_ascii=False, indent=2, default=str)
        )
    return buffer.getvalue()


def deletion_blockers(user) -> list[Application]:
    """Applications on which a decision was sent: they prevent deleting the account online."""
    return [
        a
        for a in user.applications.select_related("call")
        if a.status in DECIDED_STATES or decision_sent(a)
    ]


def deletion_refusal(user) -> str:
    """Why this account cannot be deleted online, or "" when it can."""
    from cohorte.accounts.roles import is_team, mentored_challenge_ids, panel_ids
    from cohorte.programmes import identity

    contact = identity.current().contact_email
    if is_team(user) or user.is_staff or user.is_superuser:
        return _(
            "Les comptes de l'équipe du programme ne se suppriment pas en ligne : "
            "demandez-le à un administrateur."
        )
    # Deleting a reviewer would delete their reviews and leave a jury short: ask the team.
    if mentored_challenge_ids(user) or panel_ids(user) or user.reviews.exists():
        return _(
            "Vous participez à l'évaluation des candidatures : écrivez à %(contact)s pour "
            "supprimer votre compte."
        ) % {"contact": contact}
    blocked = deletion_blockers(user)
    if blocked:
        return _(
            "Une décision vous a déjà été envoyée pour « %(call)s » : votre compte ne peut "
            "plus être supprimé en ligne. Écrivez à %(contact)s pour exercer vos droits sur "
            "vos données."
        ) % {"call": blocked[0].call.title, "contact": contact}
    return ""


def delete_account(user, now=None) -> None:
    """Delete a candidate's account: withdraw their applications, erase their files and data."""
    now = now or timezone.now()
    refusal = deletion_refusal(user)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():
        withdrawn = []
        for application in user.applications.all():
            if application.status != Application.Status.WITHDRAWN:
                withdraw(application, user, now=now, notify=False)
                withdrawn.append(application.pk)
        names = list(
            ApplicationFile.objects.filter(application__candidate=user).values_list(
                "file", flat=True
            )
        )
        record("account.deleted", user, None, applications_withdrawn=withdrawn, files=len(names))
        if user.email:
            queue_email(
                [user.email],
                _("Votre compte a été supprimé"),
                _(
                    "Bonjour,\n\nVotre compte et vos candidatures ont été supprimés le "
                    "%(moment)s, avec les fichiers que vous aviez déposés.\n\nL'équipe du "
                    "programme"
                )
                % {"moment": paris(now)},
            )
        user.delete()
        transaction.on_commit(lambda: _erase(names))


def _erase(names: list[str]) -> None:
    for name in names:
        try:
            default_storage.delete(name)
        except Exception:  # a file already gone must not stop the others
            logger.warning("could not delete a stored application file", exc_info=True)
