"""One proposal in the administration space: the form, autosave, estimate, submission,
receipt, withdrawal, files and the thread with the team.

Only members of the proposal's administration (``projects.edit_proposal``) get in.
Anybody else who may not even know of the proposal gets a 404; the team, a
pre-instructor or a juror, who may read it elsewhere, a 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.calls import drafts
from cohorte.calls.files import serve_application_file
from cohorte.calls.views import autosave as autosave_status
from cohorte.public.formats import format_clock

from .. import funding, proposal_form, proposals, thread, visible_status
from ..models import Proposal, ProposalFile
from . import administration_form

STATUS_FOR = {proposals.StaleRevision: 409, proposals.WindowClosed: 403}


def _load(pk) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related(
            "call", "call__cohort", "call__project_settings", "organisation", "round"
        ).prefetch_related("call__rounds"),
        pk=pk,
    )


def _allowed(user, proposal) -> bool:
    """Whether ``user`` edits this proposal; raises 403 / 404 for everyone else."""
    if user.has_perm("projects.edit_proposal", proposal):
        return True
    if user.has_perm("projects.view_proposal", proposal):
        raise PermissionDenied  # they know of it from their own area
    raise Http404


def _own(request, pk) -> Proposal:
    proposal = _load(pk)
    _allowed(request.user, proposal)
    return proposal


def _rules(call):
    rules = proposal_form.funding_rules(call)
    return rules, (list(rules.bands.all()) if rules else [])


def _blanks(request, prefix: str) -> int:
    value = request.GET.get(f"lignes-{prefix}", "")
    return min(int(value), 20) if value.isdigit() and int(value) > 0 else 1


def _page(request, proposal, *, values=None, errors=None, error="", reply_body="",
          reply_error="", status=200, revision=None):  # fmt: skip
    """The proposal page: status, thread, versions, and the form while it may be edited."""
    now = timezone.now()
    call = proposal.call
    state = proposals.access(proposal, now)
    rules, bands = _rules(call)
    profiles = proposal_form.profile_options(call)
    files = proposal_form.current_files(proposal)
    stored = proposal_form.form_values(proposal)
    shown = values if values is not None else stored
    fields = administration_form.build(
        call,
        shown,
        errors or {},
        bands=bands,
        profiles=profiles,
        files=files,
        blanks={"team": _blanks(request, "equipe"), "dataset": _blanks(request, "donnees")},
    )
    # The estimate of what is shown: the stored data, or the form as it was posted.
    estimate_data = (
        proposal.data if values is None else proposal_form.clean_draft(call, request.POST)[0]
    )
    messages_ = list(proposal.messages.select_related("author").order_by("created_at", "pk"))
    versions = list(proposal.versions.order_by("-number"))
    context = {
        "proposal": proposal,
        "call": call,
        "state": state,
        "editable": state.open,
        "unsaved": values is not None and not state.open,
        "status": visible_status.visible_status(proposal, now),
        "deadline": proposals.deadline(proposal, now),
        "fields": fields,
        "error": error,
        "errors": errors or {},
        "revision": proposal.revision if revision is None else revision,
        "estimate": funding.estimate(estimate_data, rules),
        "rules": rules,
        "thread": messages_,
        "open_questions": sum(1 for m in messages_ if _is_open(m)),
        "can_reply": proposal.status not in (Proposal.Status.DRAFT, Proposal.Status.WITHDRAWN),
        "reply_body": reply_body,
        "reply_error": reply_error,
        "versions": versions,
        "files": files,
        "unsubmitted_changes": drafts.has_unsubmitted_changes(proposal),
        "can_withdraw": not proposals.withdrawal_refusal(proposal),
        "breadcrumb": [
            (_("Mes propositions"), reverse("projects:dashboard")),
        ],
    }
    return render(request, "projects/administration/proposal.html", context, status=status)


def _is_open(message) -> bool:
    return message.from_team and message.is_question and message.answered_at is None


@login_required
def proposal(request, pk):
    """The proposal: the form while open (save, add or remove rows), read-only afterwards."""
    proposal = _own(request, pk)
    if request.method != "POST":
        return _page(request, proposal)
    action = request.POST.get("action", "save")
    values = proposal_form.read_form(proposal.call, request.POST)
    try:
        saved = proposals.save_draft(
            proposal, request.POST, request.FILES, request.POST.get("revision"), request.user
        )
    except proposals.ProposalError as refused:
        return _page(request, proposal, values=values, error=refused.message,
                     status=STATUS_FOR.get(type(refused), 403),
                     revision=request.POST.get("revision"))  # fmt: skip
    except proposals.PartiallySaved as partial:
        # Everything else is saved; the faulty fields are shown as typed, with their message.
        saved = partial.proposal
        count = sum(len(m) for m in partial.message_dict.values())
        return _page(request, saved, values=values, errors=partial.message_dict,
                     error=_("Brouillon enregistré à %(time)s, sauf %(n)s point(s) à corriger "
                             "ci-dessous : le texte concerné reste dans le formulaire, mais "
                             "n'est pas enregistré.")
                     % {"time": format_clock(saved.updated_at), "n": count},
                     status=400, revision=saved.revision)  # fmt: skip
    messages.success(
        request, _("Brouillon enregistré à %(time)s.") % {"time": format_clock(saved.updated_at)}
    )
    url = reverse("projects:proposal", args=[proposal.pk])
    for prefix, param, anchor in (("team", "equipe", "equipe"), ("dataset", "donnees", "donnees")):
        if action == f"add-{prefix}":
            shown = _posted_rows(request.POST, prefix)
            filled = len(values[prefix if prefix == "team" else "datasets"])
            return redirect(f"{url}?lignes-{param}={max(shown - filled, 0) + 1}#{anchor}")
    removed = request.POST.get("remove", "")
    if removed.startswith("team-"):
        return redirect(f"{url}#equipe")
    if removed.startswith("dataset-"):
        return redirect(f"{url}#donnees")
    return redirect(url)


def _posted_rows(post, prefix: str) -> int:
    numbers = {
        key.split("-")[1]
        for key in post
        if key.startswith(f"{prefix}-") and len(key.split("-")) == 3 and key.split("-")[1].isdigit()
    }
    return len(numbers)


@require_POST
def autosave(request, pk):
    """Save the draft as people type (htmx): a short status, never a redirect."""
    if not request.user.is_authenticated:
        return autosave_status.session_expired()
    proposal = _load(pk)
    try:
        _allowed(request.user, proposal)
    except (Http404, PermissionDenied) as refused:
        return autosave_status.status(
            _("Cette proposition n'est pas celle de votre administration : rien n'a été "
              "enregistré."), level="error", status=404 if isinstance(refused, Http404) else 403,
        )  # fmt: skip
    try:
        saved = proposals.save_draft(
            proposal, request.POST, None, request.POST.get("revision"), request.user
        )
    except proposals.ProposalError as refused:
        return autosave_status.status(
            refused.message, level="error", status=STATUS_FOR.get(type(refused), 403)
        )
    except proposals.PartiallySaved as partial:
        saved = partial.proposal
        return autosave_status.saved(
            saved.updated_at, saved.revision, _problems(partial.message_dict), code=400
        )
    return autosave_status.saved(saved.updated_at, saved.revision, [])


def _problems(errors: dict) -> list[dict]:
    """Each error of an autosave with the field it links to and the message group it fills."""
    anchors = {"commitments": ("commitments", "engagements-messages"),
               "datasets": ("donnees", ""), "team": ("equipe", "")}  # fmt: skip
    return [
        {"anchor": anchor, "group": group, "message": message}
        for name, field_errors in errors.items()
        for anchor, group in [anchors.get(name, (name, f"{name}-messages"))]
        for message in field_errors
    ]


@require_POST
def estimate(request, pk):
    """The co-funding estimate of the form as it stands (htmx; nothing is saved)."""
    if not request.user.is_authenticated:
        response = render(
            request, "projects/administration/includes/estimate.html", {"expired": True}, status=401
        )
        response["X-Autosave"] = "1"  # shown by the page's script, like an autosave refusal
        return response
    proposal = _own(request, pk)
    rules, _bands = _rules(proposal.call)
    data, errors = proposal_form.clean_draft(proposal.call, request.POST)
    return render(
        request,
        "projects/administration/includes/estimate.html",
        {"estimate": funding.estimate(data, rules), "rules": rules},
    )


@login_required
def submit(request, pk):
    """GET: what is still missing, or a button to submit. POST: save the form and submit."""
    proposal = _own(request, pk)
    now = timezone.now()
    if request.method != "POST":
        state = proposals.access(proposal, now, "submit")
        missing = proposal_form.completeness_errors(proposal) if state.open else {}
        return render(
            request,
            "projects/administration/submit.html",
            {
                "proposal": proposal,
                "call": proposal.call,
                "state": state,
                "missing": administration_form.build(
                    proposal.call,
                    proposal_form.form_values(proposal),
                    missing,
                    bands=_rules(proposal.call)[1],
                    profiles=proposal_form.profile_options(proposal.call),
                )["summary"],
                "deadline": proposals.deadline(proposal, now),
                "breadcrumb": [
                    (_("Mes propositions"), reverse("projects:dashboard")),
                    (proposal.display_name, reverse("projects:proposal", args=[proposal.pk])),
                ],
            },
        )
    revision = request.POST.get("revision")
    confirm_only = "confirm" in request.POST  # the check page's button: no form fields
    values = None if confirm_only else proposal_form.read_form(proposal.call, request.POST)
    try:
        if confirm_only:
            proposals.submit(proposal, request.user, revision=revision)
        else:
            proposals.save_and_submit(proposal, request.POST, request.FILES, revision, request.user)
    except proposals.ProposalError as refused:
        return _page(request, proposal, values=values, error=refused.message,
                     status=STATUS_FOR.get(type(refused), 403), revision=revision)  # fmt: skip
    except ValidationError as invalid:
        # An incomplete form was saved first: the page carries its new revision.
        proposal.refresh_from_db()
        count = sum(len(m) for m in invalid.message_dict.values())
        return _page(request, proposal, values=values, errors=invalid.message_dict,
                     error=_("Votre proposition n'a pas été déposée : %(n)s point(s) à "
                             "compléter ou corriger.") % {"n": count},
                     status=400)  # fmt: skip
    return redirect("projects:receipt", pk=proposal.pk)


@login_required
def receipt(request, pk):
    """The receipt of the last submission, with the server's timestamp in Paris time."""
    proposal = _own(request, pk)
    version = proposal.versions.order_by("-number").first()
    if version is None:
        raise Http404
    return render(
        request,
        "projects/administration/receipt.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "version": version,
            "data": version.data,
            "deadline": proposals.deadline(proposal, timezone.now()),
            "recipients": proposal.organisation.members.count(),
            "file_kinds": dict(ProposalFile.Kind.choices),
            "breadcrumb": [
                (_("Mes propositions"), reverse("projects:dashboard")),
                (proposal.display_name, reverse("projects:proposal", args=[proposal.pk])),
            ],
        },
    )


@login_required
def withdraw(request, pk):
    """Confirm, then withdraw the proposal."""
    proposal = _own(request, pk)
    error = proposals.withdrawal_refusal(proposal)
    if request.method == "POST" and not error:
        try:
            proposals.withdraw(proposal, request.user)
        except proposals.ProposalError as refused:
            error = refused.message
        else:
            messages.success(request, _("La proposition est retirée."))
            return redirect("projects:proposal", pk=proposal.pk)
    return render(
        request,
        "projects/administration/withdraw.html",
        {
            "proposal": proposal,
            "call": proposal.call,
            "error": error,
            "breadcrumb": [
                (_("Mes propositions"), reverse("projects:dashboard")),
                (proposal.display_name, reverse("projects:proposal", args=[proposal.pk])),
            ],
        },
        status=409 if error and request.method == "POST" else 200,
    )


@login_required
@require_POST
def reply(request, pk):
    """The administration writes in the thread; it answers the team's open questions."""
    proposal = _own(request, pk)
    body = request.POST.get("body", "")
    try:
        thread.reply(proposal, body, request.user)
    except ValidationError as invalid:
        message = " ".join(invalid.message_dict.get("body", invalid.messages))
        return _page(request, proposal, reply_body=body, reply_error=message, status=400)
    except thread.ThreadError as refused:
        return _page(request, proposal, reply_body=body, reply_error=str(refused), status=409)
    messages.success(request, _("Votre message est envoyé à l'équipe du programme."))
    return redirect(reverse("projects:proposal", args=[proposal.pk]) + "#messages")


@login_required
def proposal_file(request, pk, file_id):
    """Download one of the proposal's files (current or replaced), for its members only."""
    proposal = _own(request, pk)
    file = get_object_or_404(ProposalFile, pk=file_id, proposal=proposal)
    return serve_application_file(request, file)
