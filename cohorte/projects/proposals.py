"""An administration's proposal: start, draft (autosave), submit, withdraw, files.

Each action is one function, called alike by views and tests: it checks the transition,
writes the activity log and queues its e-mail in the same transaction. A refused action
raises :class:`ProposalError` (a clear French message) or a ``ValidationError`` keyed by
the form's field names, and changes nothing; saving a draft is the exception: it stores
every valid field and raises :class:`PartiallySaved` for the others.

The form is read from the request by :func:`proposal_form.read_form` (every field as
typed, the shape of ``Proposal.data`` with texts) and checked by
:func:`proposal_form.clean_draft`, which returns the data to store, exactly as
``cohorte.projects.form`` documents it, plus ``title``. A draft accepts empty fields but
nothing malformed or over its length limit; what a submission requires besides is listed
by :func:`proposal_form.completeness_errors`. Windows, the optimistic revision and PDF
checks are the call for applications' own (``windows``, ``drafts``, ``files``).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls import drafts, windows
from cohorte.calls.drafts import DraftError as ProposalError
from cohorte.calls.drafts import NotAllowed, StaleRevision, WindowClosed
from cohorte.calls.files import store_pdf
from cohorte.public.formats import format_moment, format_paris_moment

from . import notify
from .accounts import ensure_professional_account, is_member
from .models import Proposal, ProposalFile, ProposalVersion
from .proposal_form import (
    clean_draft,
    clean_files,
    completeness_errors,
    current_files,
    keep_stored,
)

DECIDED_STATES = {Proposal.Status.SELECTED, Proposal.Status.NOT_SELECTED}


def stale_message() -> str:
    """What the administration reads when their page is older than the last save."""
    return _(
        "Cette proposition a été modifiée ailleurs (par un·e collègue, dans un autre onglet ou "
        "une autre fenêtre) depuis l'ouverture de cette page : pour ne rien écraser, ces "
        "modifications n'ont pas été enregistrées. Copiez les textes à garder, puis rechargez "
        "la page."
    )


# --- Windows and state ---------------------------------------------------------------


def access(proposal: Proposal, now, action: str = "edit") -> windows.Access:
    """Whether this proposal may be edited or submitted now, and why not."""
    return windows.access(proposal.call, proposal, now, action)


def deadline(proposal: Proposal, now):
    """The moment after which this proposal can no longer be changed."""
    return windows.deadline(proposal, now)


def paris(moment) -> str:
    """ "7 juin 2026 à 23 h 00, heure de Paris" """
    return format_paris_moment(moment)


def _locked(proposal: Proposal) -> Proposal:
    # The proposal's row alone is locked (see calls.applications._locked for why no join).
    return (
        Proposal.objects.select_for_update(of=("self",))
        .prefetch_related("call__rounds")
        .get(pk=proposal.pk)
    )


def _ensure_member(proposal: Proposal, actor) -> None:
    if actor is None or not is_member(actor, proposal.organisation_id):
        raise NotAllowed(_("Cette proposition n'est pas celle de votre administration."))


def _ensure_open(proposal: Proposal, now, action: str) -> None:
    state = access(proposal, now, action)
    if not state.open:
        raise WindowClosed(state.message)


# --- Actions -------------------------------------------------------------------------


def start(call, organisation, actor, now=None) -> Proposal:
    """A member of ``organisation`` starts an empty draft while the call is open."""
    from cohorte.calls.models import Call

    now = now or timezone.now()
    if call.kind != Call.Kind.PROJECTS:
        raise ProposalError(_("Cet appel ne reçoit pas de propositions de défis."))
    try:
        ensure_professional_account(actor)
    except ValueError as refused:
        raise NotAllowed(str(refused)) from None
    if not is_member(actor, organisation):
        raise NotAllowed(_("Vous n'agissez pas pour cette administration."))
    state = windows.access(call, None, now, "start")
    if not state.open:
        raise WindowClosed(state.message)
    with transaction.atomic():
        proposal = Proposal.objects.create(call=call, organisation=organisation, created_by=actor)
        record("proposal.created", proposal, actor, organisation=organisation.pk)
    return proposal


class PartiallySaved(ValidationError):
    """Saved, but for the fields named in the errors: ``proposal`` is the saved proposal."""

    def __init__(self, errors: dict, proposal: Proposal):
        super().__init__(errors)
        self.proposal = proposal


def save_draft(proposal: Proposal, post, files, revision, actor, now=None) -> Proposal:
    """Save the form (and new files) if ``revision`` is still the latest; returns the proposal.

    Nothing typed is lost for one mistake: a field malformed or over its limit, or a bad
    file, keeps its stored value while every other field and good file is saved; then
    :class:`PartiallySaved` names the faulty fields (the page shows them as typed).
    """
    now = now or timezone.now()
    _ensure_open(proposal, now, "edit")  # said first; checked again under the lock
    data, errors = clean_draft(proposal.call, post)
    checked, file_errors = clean_files(proposal.call, files)
    errors.update(file_errors)
    stored = []
    try:
        with transaction.atomic():
            locked = _locked(proposal)
            _ensure_member(locked, actor)
            drafts.ensure_latest(locked, revision, StaleRevision(stale_message()))
            _ensure_open(locked, now, "edit")
            if errors:
                data = keep_stored(data, locked.data, locked.title, errors)
            title = data.pop("title")
            changed = locked.title != title or locked.data != data
            locked.title, locked.data = title, data
            for kind, pdf in checked.items():
                row, new = store_pdf(locked, kind, pdf)
                if not new:
                    continue
                stored.append(row)
                changed = True
                ProposalFile.objects.filter(pk=row.pk).update(uploaded_by=actor)
                record(
                    "proposal.file_added",
                    locked,
                    actor,
                    file=row.pk,
                    kind=kind,
                    size=row.size,
                    pages=pdf.pages,
                    sha256=row.sha256,
                )
            if changed:
                locked.revision += 1
                locked.save()
    except BaseException:
        for row in stored:
            row.file.delete(save=False)
        raise
    if errors:
        raise PartiallySaved(errors, locked)
    return locked


def snapshot(proposal: Proposal) -> dict:
    """What the proposal holds now (data and current files), for a submitted version."""
    files = sorted(current_files(proposal).values(), key=lambda f: (f.kind, f.pk))
    return {
        "revision": proposal.revision,
        "title": proposal.title,
        "organisation": {"id": proposal.organisation_id, "name": proposal.organisation.name},
        "round": (
            {"id": proposal.round_id, "name": proposal.round.name} if proposal.round_id else None
        ),
        "data": proposal.data,
        "files": drafts.file_entries(files, pages="pages"),
    }


def submit(proposal: Proposal, actor, now=None, revision=None) -> ProposalVersion:
    """Submit (or submit again) a complete proposal before its deadline; returns the version.

    ``revision``, when given, is the one the submitted form was saved at: any other is stale.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        _ensure_member(locked, actor)
        if revision is not None:
            drafts.ensure_latest(locked, revision, StaleRevision(stale_message()))
        _ensure_open(locked, now, "submit")
        errors = completeness_errors(locked)
        if errors:
            raise ValidationError(errors)
        if locked.round_id is None:
            locked.round = windows.round_open_at(locked.call, now)
        locked.version += 1
        locked.revision += 1
        if locked.status != Proposal.Status.SHORTLISTED:  # a resubmission keeps the shortlist
            locked.status = Proposal.Status.SUBMITTED
        locked.submitted_at = now
        if locked.first_submitted_at is None:
            locked.first_submitted_at = now
        locked.save()
        version = ProposalVersion.objects.create(
            proposal=locked,
            number=locked.version,
            submitted_at=now,
            submitted_by=actor,
            data=snapshot(locked),
        )
        record(
            "proposal.submitted",
            locked,
            actor,
            version=version.number,
            round=locked.round_id,
            submitted_at=now.isoformat(),
        )
        notify.to_administration(
            "proposal_submitted",
            locked,
            submitted_at=format_moment(now),
            deadline=paris(windows.deadline(locked, now)),
        )
    proposal.refresh_from_db()
    return version


def save_and_submit(proposal: Proposal, post, files, revision, actor, now=None):
    """Save the form then submit it: a late or stale form changes nothing.

    An incomplete proposal keeps its saved draft and says what is missing.
    """
    now = now or timezone.now()
    _ensure_open(proposal, now, "submit")
    proposal = save_draft(proposal, post, files, revision, actor, now=now)
    # Two transactions (an incomplete form keeps its saved draft): only this revision keeps
    # an unchanged form sent twice at once (a double click) from making two versions.
    return submit(proposal, actor, now=now, revision=proposal.revision)


def withdrawal_refusal(proposal: Proposal) -> str:
    """Why this proposal cannot be withdrawn, or "" when it can."""
    if proposal.status == Proposal.Status.WITHDRAWN:
        return _("Cette proposition est déjà retirée.")
    if proposal.status in DECIDED_STATES or proposal.decided_at is not None:
        return _(
            "Une décision vous a déjà été communiquée : la proposition ne peut plus être retirée."
        )
    return ""


def withdraw(proposal: Proposal, actor, now=None) -> Proposal:
    """Withdraw a proposal before any decision is sent; every member is told."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(proposal)
        _ensure_member(locked, actor)
        refusal = withdrawal_refusal(locked)
        if refusal:
            raise ProposalError(refusal)
        previous = locked.status
        locked.status = Proposal.Status.WITHDRAWN
        locked.withdrawn_at = now
        locked.revision += 1
        locked.save()
        record("proposal.withdrawn", locked, actor, previous_status=previous)
        notify.to_administration("proposal_withdrawn", locked, withdrawn_at=paris(now))
    proposal.refresh_from_db()
    return locked
