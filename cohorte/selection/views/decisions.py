"""Decisions of a call: staging (team), validation (director), preview and sending (team),
the decision e-mails in the outbox, and the publication of the results.

Access: anonymous visitors go to the login page; signed-in users who are not in the
programme team get 403 (the director's validation page: 403 for the rest of the team
too). The call is chosen with ``?appel=<slug>`` (the most recent call by default).
Applications a user is kept away from (a conflict of interest, their own) leave every
list of these pages, counted in a notice; a URL naming one answers 404; the seats and
counts of the whole call still count them.
"""

from functools import cached_property

from django import forms
from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte import programme_words as words
from cohorte import row_urls
from cohorte.accounts.decorators import director_required, team_required
from cohorte.calls import guards
from cohorte.calls.models import Application, ApplicationChoice, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.htmx_events import trigger
from cohorte.pagination import paginate
from cohorte.params import int_param, int_params
from cohorte.reviews.exclusions import (
    excluded_ids,
    hidden_count,
    is_excluded,
    without_conflicts,
)

from .. import decisions as domain
from .. import outbox_list, staging_list, validation_list
from ..models import Decision, RankingEntry
from ..publication import publish_results
from ..validation import application_facts
from .access import application_calls, chosen_call

Outcome = Decision.Outcome
PAGE_SIZE = 50
# What the rankings propose is only for applications without a decision.
UNDECIDED_STATES = (Application.Status.SUBMITTED, Application.Status.SHORTLISTED)
BULK_OUTCOMES = [
    (domain.PROPOSED, gettext_lazy("la proposition des classements")),
    (Outcome.NOT_SELECTED, gettext_lazy("non retenu·e")),
]


def _back(call, name="selection:decisions", anchor="") -> str:
    return f"{reverse(name)}?appel={call.slug}{anchor}"


def _exception(request) -> str | None:
    """The director's reason for an exception (None: none asked for)."""
    return request.POST.get("exception")


def _preconditions(call, user) -> dict:
    return {
        "precondition": guards.precondition(guards.DECISIONS, guards.decision_missing(call), user),
        "publication": guards.precondition(
            guards.PUBLICATION, guards.publication_missing(call), user
        ),
    }


# Staging ------------------------------------------------------------------------------


class StageForm(forms.Form):
    """One application's decision: outcome, défi and profile (options from its choices)."""

    outcome = forms.ChoiceField(label=gettext_lazy("Décision"), choices=Outcome.choices)
    challenge = forms.TypedChoiceField(
        label=gettext_lazy("Défi"), required=False, coerce=int, empty_value=None
    )
    profile = forms.TypedChoiceField(
        label=gettext_lazy("Profil"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, challenges=(), profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].choices = [("", _("— choisir —")), *Outcome.choices]
        self.fields["challenge"].choices = [("", "—")] + [(c.pk, c.title) for c in challenges]
        self.fields["profile"].choices = [("", "—")] + [(p.pk, p.name) for p in profiles]


STAGE_FIELDS = ("outcome", "challenge", "profile")


def _current(outcome, challenge, profile) -> dict[str, str]:
    """The values a row's selects start on, as the strings of their options."""
    values = (outcome, challenge, profile)
    return {name: "" if v is None else str(v) for name, v in zip(STAGE_FIELDS, values, strict=True)}


def _options_html(choices, current: str):
    """The <option>s of a select, ``current`` selected."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((value, SELECTED if value == current else "", label) for value, label in choices),
    )


SELECTED = mark_safe(" selected")  # noqa: S308 - a constant attribute


# A withdrawal after staging leaves a decision to cancel: it stays in the table.
LISTED = Q(status__in=domain.LISTED) | Q(decision__isnull=False)


def _listed(call):
    return call.applications.filter(LISTED)


def _staging_queryset(call, user, hidden=None):
    """The staging table's applications; ``hidden``, the ids of those ``user`` is kept
    away from when already read (a literal list spares a scan of the call per query)."""
    if hidden is None:
        applications = without_conflicts(call.applications.all(), user)
    else:
        applications = call.applications.exclude(pk__in=hidden)
    return (
        applications.select_related("candidate", "decision__challenge", "decision__profile")
        .prefetch_related(
            Prefetch(
                "choices",
                queryset=ApplicationChoice.objects.select_related("challenge", "profile"),
            ),
            Prefetch(
                "ranking_entries",
                queryset=RankingEntry.objects.select_related("challenge", "profile"),
            ),
        )
        .order_by("sort_name", "pk")
    )


def _staging_applications(call, user, pks):
    # Applications named by id, whatever their status: the domain explains a refusal.
    return list(_staging_queryset(call, user).filter(pk__in=pks))


class Staging:
    """Everything the staging page needs about a call, loaded in a fixed number of queries."""

    def __init__(self, call):
        self.call = call
        self.challenges = list(
            call.challenges.prefetch_related("expertises").order_by("title", "pk")
        )
        self.by_challenge = {c.pk: c for c in self.challenges}
        self.call_profiles = list(call.profiles.all())

    @cached_property
    def proposals(self):
        """Outcomes suggested from the jury rankings for the ranked applications without a
        decision (as many as the jury ranked, whatever the size of the call)."""
        return domain.propose_decisions(self.call, only_ranked=True)

    @cached_property
    def unranked(self):
        """The proposal for an application without a decision that no jury ranked."""
        return domain.unranked_proposal(self.call)

    def proposal(self, application):
        """What the rankings propose for this application (None: nothing to propose)."""
        if application.pk in self.proposals:
            return self.proposals[application.pk]
        undecided = getattr(application, "decision", None) is None
        if undecided and application.status in UNDECIDED_STATES:
            return self.unranked
        return None

    @cached_property
    def has_proposals(self) -> bool:
        """Whether the rankings propose anything for the applications without a decision."""
        if self.proposals:
            return True
        return self.unranked is not None and domain.decidable_applications(self.call).exists()

    @cached_property
    def _outcome_choices(self) -> list[tuple[str, str]]:
        # Translated once per request, not once per row.
        return [("", _("— choisir —")), *((v, str(label)) for v, label in Outcome.choices)]

    @cached_property
    def _url_patterns(self) -> dict[str, str]:
        return {
            name: row_urls.pattern(view)
            for name, view in (
                ("stage", "selection:decision_stage"),
                ("unstage", "selection:decision_unstage"),
                ("detail", "team:application_detail"),
            )
        }

    def urls(self, application) -> dict[str, str]:
        """The row's links: stage or unstage its decision, screen its application."""
        return {
            name: row_urls.for_row(pattern, application.pk)
            for name, pattern in self._url_patterns.items()
        }

    @cached_property
    def _profiles_of(self) -> dict[int, dict]:
        return {c.pk: {e.pk: e for e in c.expertises.all()} for c in self.challenges}

    def _options(self, application):
        allowed = domain.allowed_challenge_ids(application, self.challenges)
        challenges = [c for c in self.challenges if c.pk in allowed]
        profiles = {p.pk: p for p in self.call_profiles}
        for challenge in challenges:
            profiles.update(self._profiles_of[challenge.pk])
        return challenges, sorted(profiles.values(), key=lambda p: p.name)

    def form(self, application, data=None) -> StageForm:
        """The decision form of one application, its options taken from its choices."""
        challenges, profiles = self._options(application)
        return StageForm(
            data, prefix=f"d{application.pk}", challenges=challenges, profiles=profiles
        )

    def row(self, application, data=None, error=None) -> dict:
        """One line of the table: the application, its decision and its form's options,
        written as plain HTML (a form instance per row is most of the page's time)."""
        decision = getattr(application, "decision", None)
        challenges, profiles = self._options(application)
        proposal = self.proposal(application)
        if data is not None:
            prefix = f"d{application.pk}"
            current = {name: data.get(f"{prefix}-{name}", "") for name in STAGE_FIELDS}
        elif decision is not None:
            current = _current(decision.outcome, decision.challenge_id, decision.profile_id)
        elif proposal is not None:
            current = _current(proposal.outcome, proposal.challenge, proposal.profile)
        else:
            current = _current("", None, None)
        return {
            "application": application,
            "prefix": f"d{application.pk}",
            "urls": self.urls(application),
            "current": current,
            "options": {
                "outcome": _options_html(self._outcome_choices, current["outcome"]),
                "challenge": _options_html(
                    [("", "—")] + [(str(c.pk), c.title) for c in challenges],
                    current["challenge"],
                ),
                "profile": _options_html(
                    [("", "—")] + [(str(p.pk), p.name) for p in profiles], current["profile"]
                ),
            },
            "choices": [f"{c.rank}. {c}" for c in application.choices.all()],
            "decision": decision,
            "proposal": proposal,
            "proposal_challenge": self.by_challenge.get(proposal.challenge) if proposal else None,
            "error": error,
            "editable": application.status in domain.DECIDABLE,
            "rankings": sorted(
                application.ranking_entries.all(), key=lambda e: (e.waiting_list, e.position)
            ),
        }

    def seats(self) -> list[dict]:
        """Seats of each défi against the decisions already taken on it."""
        counts = {
            row["challenge"]: row
            for row in Decision.objects.filter(challenge__in=self.challenges)
            .values("challenge")
            .annotate(
                selected=Count("pk", filter=Q(outcome=Outcome.SELECTED)),
                sent=Count("pk", filter=Q(outcome=Outcome.SELECTED, status="sent")),
                waiting=Count("pk", filter=Q(outcome=Outcome.WAITING_LIST)),
            )
        }
        return [
            {
                "challenge": c,
                "seats": c.seats,
                "selected": counts.get(c.pk, {}).get("selected", 0),
                "sent": counts.get(c.pk, {}).get("sent", 0),
                "waiting": counts.get(c.pk, {}).get("waiting", 0),
                "full": counts.get(c.pk, {}).get("selected", 0) >= c.seats,
            }
            for c in self.challenges
        ]


def _status_counts(call, undecided: int) -> dict[str, int]:
    """Decisions of the call per status, and ``undecided`` applications without one."""
    counts = dict(
        Decision.objects.filter(application__call=call)
        .values_list("status")
        .annotate(n=Count("pk"))
    )
    counts["none"] = undecided
    return counts


def _page_context(request, call, staging, replaced=None) -> dict:
    """The staging page of a call: one page of the table as filtered, the seats and the
    counts of the whole call; ``replaced``, a row shown with its error."""
    user = request.user
    filters = staging_list.TableFilters.from_query(request.GET)
    # The counts of the whole call in one scan of it; a view's count is also its table's.
    hidden = excluded_ids(call.applications.all(), user)
    counts = staging_list.call_counts(_listed(call), hidden)
    shown = staging_list.filtered(_staging_queryset(call, user, hidden).filter(LISTED), filters)
    narrowed = filters.challenge or filters.q
    page = paginate(
        request, shown, PAGE_SIZE, count=None if narrowed else counts.views[filters.view]
    )
    rows = [staging.row(a) for a in page.object_list]
    if replaced is not None:
        pk = replaced["application"].pk
        rows = [replaced] + [r for r in rows if r["application"].pk != pk]
    page.object_list = rows
    return {
        "call": call,
        "calls": list(application_calls()),
        "page": page,
        "rows": rows,
        "filters": filters,
        "views": [
            {"key": key, "label": label, "count": counts.views[key]}
            for key, label in staging_list.VIEWS.items()
        ],
        "challenges": staging.challenges,
        "query": _without_page(request.GET),
        "filter_params": _filter_params(request.GET),
        "bulk_outcomes": BULK_OUTCOMES,
        "seats": staging.seats(),
        "counts": _status_counts(call, counts.undecided),
        "has_proposals": staging.has_proposals,
        "now": timezone.now(),
        "hidden": counts.hidden,
        **_preconditions(call, user),
    }


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


def _filter_params(params) -> dict[str, str]:
    """The list's filters, kept by the links of the pagination include."""
    return {key: value for key, value in params.items() if key != "page" and value}


@team_required
def decisions(request):
    """The staging table of a call, a page at a time: one decision form per application."""
    call, calls = chosen_call(request)
    if call is not None and request.GET.get("partie") == "places":
        # Refreshed by htmx after a row changed: the seats taken per défi.
        context = {"call": call, "seats": Staging(call).seats()}
        return render(request, "selection/decisions_seats.html", context)
    context = {"call": call, "calls": calls, "rows": [], "seats": []}
    if call is not None:
        context.update(_page_context(request, call, Staging(call)), calls=calls)
    return render(request, "selection/decisions.html", context)


def _team_call(slug) -> Call:
    return get_object_or_404(application_calls(), slug=slug)


def _application(request, pk) -> Application:
    """An application of a call for applications that the user is not kept away from."""
    application = Application.objects.filter(pk=pk).select_related("call").first()
    if application is None or application.call.kind != Call.Kind.APPLICATIONS:
        raise Http404
    if is_excluded(request.user, application):
        raise Http404
    return _staging_applications(application.call, request.user, pks=[pk])[0]


def _stage_from(form, application, user, exception=None) -> str | None:
    """Stage what the form says; the error message, or None when staged."""
    if not form.is_valid():
        return _("Choisissez une décision valide : %(errors)s") % {
            "errors": " ".join(str(e) for errs in form.errors.values() for e in errs)
        }
    data = form.cleaned_data
    try:
        domain.stage_decision(
            application,
            data["outcome"],
            Challenge.objects.filter(pk=data["challenge"]).first(),
            Expertise.objects.filter(pk=data["profile"]).first(),
            user,
            exception=exception,
        )
    except domain.DecisionError as exc:
        return str(exc)
    return None


def _row(request, row, call, announce: str):
    # htmx swaps only 2xx answers: an error row is a normal answer showing its message.
    response = render(request, "selection/decisions_row.html", {"row": row, "call": call})
    if row["error"] is None:
        return trigger(response, "decisions-changed", announce=announce)
    return trigger(response, announce=announce)


@require_POST
@team_required
def stage(request, pk):
    """Stage (or change) the decision on one application."""
    application = _application(request, pk)
    call = application.call
    staging = Staging(call)
    form = staging.form(application, data=request.POST)
    error = _stage_from(form, application, request.user, _exception(request))
    done = _("Décision préparée pour %(name)s.") % {"name": application.display_name}
    if error is None:
        if request.htmx:
            return _row(request, staging.row(_application(request, pk)), call, done)
        messages.success(request, done)
        return redirect(_back(call, anchor=f"#candidature-{application.pk}"))
    row = staging.row(application, data=request.POST, error=error)
    if request.htmx:
        return _row(request, row, call, error)
    context = {**_page_context(request, call, staging, replaced=row), "error": error}
    return render(request, "selection/decisions.html", context, status=400)


@require_POST
@team_required
def unstage(request, pk):
    """Cancel the decision staged on one application."""
    application = _application(request, pk)
    decision = getattr(application, "decision", None)
    if decision is None:
        raise Http404
    try:
        domain.unstage(decision, request.user)
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Décision annulée pour %(name)s.") % {"name": application.display_name}
        )
    return redirect(_back(application.call, anchor=f"#candidature-{application.pk}"))


@require_POST
@team_required
def stage_proposals(request, slug):
    """Stage at once every decision proposed from the jury rankings."""
    call = _team_call(slug)
    try:
        staged = domain.stage_proposals(call, request.user, _exception(request))
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(count)d décision(s) préparée(s) d'après les classements.")
            % {"count": len(staged)},
        )
        _left_to_others(request, domain.decidable_applications(call))
    return redirect(_back(call))


def _left_to_others(request, applications) -> None:
    """Say how many applications of a bulk action were left to the rest of the team."""
    left = hidden_count(applications, request.user)
    if left:
        messages.info(
            request,
            _(
                "%(count)d candidature(s) sans décision vous sont masquées (conflit "
                "d'intérêts) : un·e autre membre de l'équipe prépare leur décision."
            )
            % {"count": left},
        )


@require_POST
@team_required
def stage_chosen(request, slug):
    """Stage one decision for the applications ticked in the table: the rankings' proposal
    of each, or "not selected"."""
    call = _team_call(slug)
    ids = int_params(request.POST.getlist("applications"))
    try:
        staged = domain.stage_chosen(
            call, ids, request.POST.get("outcome", ""), request.user, _exception(request)
        )
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(count)d décision(s) préparée(s) pour les candidatures cochées.")
            % {"count": len(staged)},
        )
    back = request.POST.get("back", "")
    query = back if back and "\n" not in back and "\r" not in back else f"appel={call.slug}"
    return redirect(f"{reverse('selection:decisions')}?{query}")


@require_POST
@team_required
def stage_rest(request, slug):
    """Stage "not selected" for every application still without a decision."""
    call = _team_call(slug)
    try:
        staged = domain.stage_rest_not_selected(call, request.user, _exception(request))
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect(_back(call))
    messages.success(
        request,
        _("%(count)d candidature(s) sans décision marquée(s) « non retenu·e ».")
        % {"count": len(staged)},
    )
    _left_to_others(request, domain.decidable_applications(call))
    return redirect(_back(call))


# Validation by the director -----------------------------------------------------------


def _call_decisions(call, statuses, user):
    return (
        without_conflicts(Decision.objects.filter(application__call=call), user)
        .filter(status__in=statuses)
        .select_related(
            "application__call",
            "application__candidate",
            "challenge",
            "profile",
            "staged_by",
        )
        .order_by("application__last_name", "application__first_name", "pk")
    )


def _validation_context(request, call) -> dict:
    """A page of the decisions to validate as filtered, grouped by défi, with the counts of
    the whole call."""
    user = request.user
    filters = validation_list.ValidationFilters.from_query(request.GET)
    pending = _call_decisions(call, validation_list.PENDING, user)
    counts = validation_list.state_counts(pending)
    page = paginate(
        request,
        validation_list.ordered(validation_list.filtered(pending, filters)),
        PAGE_SIZE,
    )
    decisions = list(page.object_list)
    facts = application_facts(decisions, user)
    for decision in decisions:
        decision.facts = facts[decision.pk]
    groups, not_selected = validation_list.groups(decisions)
    return {
        "hidden": hidden_count(
            Decision.objects.filter(application__call=call, status__in=validation_list.PENDING),
            user,
        ),
        "page": page,
        "filters": filters,
        "states": [
            {"key": key, "label": label, "count": counts[key]}
            for key, label in validation_list.STATES.items()
        ],
        "outcomes": [
            (key, Outcome(value).label) for key, value in validation_list.OUTCOMES.items()
        ],
        "challenges": list(call.challenges.order_by("title", "pk")),
        "filter_params": _filter_params(request.GET),
        "groups": groups,
        "not_selected": not_selected,
        "staged_count": counts[validation_list.TO_VALIDATE],
        "validated_count": counts[validation_list.VALIDATED],
        **_preconditions(call, user),
    }


@director_required
def validation(request):
    """The director reviews the staged decisions by défi and validates all or some."""
    call, calls = chosen_call(request)
    if request.method == "POST":
        if call is None:
            raise Http404
        staged = {
            d.pk: d
            for d in without_conflicts(
                Decision.objects.filter(application__call=call, status=Decision.Status.STAGED),
                request.user,
            ).select_related("application")
        }
        if "all" in request.POST:
            # A decision on a withdrawn application is for the team to cancel, not to validate.
            chosen = [d for d in staged.values() if d.application.status in domain.DECIDABLE]
        else:
            ids = request.POST.getlist("decisions")
            if not all(i.isdigit() and int(i) in staged for i in ids):
                messages.error(
                    request, _("Une de ces décisions n'est plus à valider : rien n'a changé.")
                )
                return redirect(_back(call, "selection:validation"))
            chosen = [staged[int(i)] for i in ids]
        try:
            if not chosen:
                raise domain.DecisionError(_("Cochez au moins une décision à valider."))
            validated = domain.validate_decisions(
                chosen, request.user, exception=_exception(request)
            )
        except domain.DecisionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, _("%(count)d décision(s) validée(s).") % {"count": len(validated)}
            )
        return redirect(_back(call, "selection:validation"))
    context = {"call": call, "calls": calls}
    if call is not None:
        context.update(_validation_context(request, call))
    return render(request, "selection/decisions_validation.html", context)


@require_POST
@director_required
def return_to_team(request, pk):
    """The director sends one decision back to the team with a comment."""
    decision = get_object_or_404(
        without_conflicts(
            Decision.objects.filter(application__call__kind=Call.Kind.APPLICATIONS), request.user
        ).select_related("application__call"),
        pk=pk,
    )
    call = decision.application.call
    try:
        domain.return_decision(decision, request.user, request.POST.get(f"commentaire-{pk}", ""))
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Décision sur %(name)s renvoyée à l'équipe avec votre commentaire.")
            % {"name": decision.application.display_name},
        )
    return redirect(_back(call, "selection:validation"))


# Preview and sending ------------------------------------------------------------------


def _preview_filters(params) -> "validation_list.ValidationFilters":
    filters = validation_list.ValidationFilters.from_query(params)
    return validation_list.ValidationFilters(outcome=filters.outcome, q=filters.q)


def _preview_view(decisions, params):
    """The validated decisions of ``decisions`` that the preview shows under ``params``."""
    validated = decisions.filter(status=Decision.Status.VALIDATED)
    return validation_list.filtered(validated, _preview_filters(params))


def _preview_context(request, call) -> dict:
    """A page of the validated decisions as filtered, each with its exact e-mail, grouped by
    outcome, with the counts of the whole call."""
    user = request.user
    filters = _preview_filters(request.GET)
    validated = _call_decisions(call, [Decision.Status.VALIDATED], user)
    counts = validation_list.outcome_counts(validated)
    page = paginate(
        request,
        validation_list.by_outcome(validation_list.filtered(validated, filters)),
        PAGE_SIZE,
    )
    mailer = domain.DecisionMailer()
    groups = []
    for decision in page.object_list:
        if not groups or groups[-1]["outcome"] != decision.outcome:
            label = Outcome(decision.outcome).label
            groups.append({"outcome": decision.outcome, "label": label, "items": []})
        subject, body = mailer.render(decision)
        groups[-1]["items"].append({"decision": decision, "subject": subject, "body": body})
    return {
        "hidden": hidden_count(
            Decision.objects.filter(application__call=call, status=Decision.Status.VALIDATED),
            user,
        ),
        "page": page,
        "filters": filters,
        "outcomes": [
            {
                "key": key,
                "label": Outcome(value).label,
                "count": counts[key],
            }
            for key, value in validation_list.OUTCOMES.items()
        ],
        "filter_params": _filter_params(request.GET),
        "groups": groups,
        "count": counts["total"],
        "page_count": len(page.object_list),
        # Sending the whole view sends what it held when read, or nothing.
        "view_fingerprint": domain.view_fingerprint(validation_list.filtered(validated, filters)),
        **_preconditions(call, user),
    }


@team_required
def preview(request):
    """The validated decisions, a page at a time, with the exact e-mail each will send."""
    call, calls = chosen_call(request)
    context = {"call": call, "calls": calls, "groups": []}
    if call is not None:
        context.update(_preview_context(request, call))
    return render(request, "selection/decisions_preview.html", context)


@require_POST
@team_required
def send(request, slug):
    """Send the previewed decisions (exactly those: a decision validated since is not sent)."""
    call = _team_call(slug)
    mine = without_conflicts(Decision.objects.filter(application__call=call), request.user)
    try:
        if "vue" in request.POST:  # every e-mail of the filtered view, as previewed
            sent = domain.send_view(
                _preview_view(mine, request.POST), request.POST["vue"], request.user,
                _exception(request),
            )  # fmt: skip
        else:
            sent = domain.send_previewed(
                mine, request.POST.getlist("decisions"), request.user, _exception(request)
            )
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
        return redirect(_back(call, "selection:decision_preview"))
    messages.success(
        request,
        _("%(count)d e-mail(s) de décision mis en file d'envoi.") % {"count": len(sent)},
    )
    return redirect(_back(call, "selection:decision_outbox"))


# Decision e-mails in the outbox -------------------------------------------------------


@team_required
def outbox(request):
    """The decision e-mails of a call and their delivery status."""
    call, calls = chosen_call(request)
    context = {"call": call, "calls": calls, "items": []}
    if call is not None:
        context.update(_outbox_context(request, call))
    return render(request, "selection/decisions_outbox.html", context)


def _outbox_context(request, call) -> dict:
    """A page of the call's decision e-mails as filtered, with the counts of each delivery
    state over the whole call."""
    filters = outbox_list.OutboxFilters.from_query(request.GET)
    visible = outbox_list.entries(call, request.user)
    counts = outbox_list.state_counts(visible)
    page = paginate(request, outbox_list.filtered(visible, call, filters), PAGE_SIZE)
    return {
        "items": outbox_list.items(page.object_list),
        "failed": counts[outbox_list.FAILED],
        "hidden": outbox_list.left_out(call, counts[outbox_list.ALL]),
        "page": page,
        "filters": filters,
        "states": [
            {"key": key, "label": label, "count": counts[key]}
            for key, label in outbox_list.STATES.items()
        ],
        "filter_params": _filter_params(request.GET),
    }


@require_POST
@team_required
def retry(request, slug):
    """Queue again the failed decision e-mails of a call (all of them, or one)."""
    call = _team_call(slug)
    one = request.POST.get("message")
    ids = [int_param(one) or 0] if one else None
    count = domain.retry_decision_messages(call, request.user, ids)
    if count:
        messages.success(request, _("%(count)d e-mail(s) remis en file.") % {"count": count})
    else:
        messages.info(request, _("Aucun e-mail en échec à renvoyer."))
    return redirect(_back(call, "selection:decision_outbox"))


# Publication --------------------------------------------------------------------------


@require_POST
@team_required
def publish(request, slug):
    """Publish the selected fellows once the results are announced."""
    call = _team_call(slug)
    try:
        counts = publish_results(
            call, timezone.now(), actor=request.user, exception=_exception(request)
        )
    except domain.DecisionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "Résultats publiés : %(fellows)d %(word)s retenu·e(s), dont %(public)d visible(s) "
                "sur le site public (les autres n'ont pas consenti à y apparaître)."
            )
            % {**counts, "word": words.fellows_for(counts["fellows"])},
        )
    return redirect(_back(call))
