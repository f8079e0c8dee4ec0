"""The end of programme's pages.

- The team (and its director): the cohorts (/gestion/fin-de-programme/), a cohort's closing
  with every défi's deliverables, result, state and follow-ups
  (/gestion/promotions/<id>/fin-de-programme/), a défi's page where it reads the deliverables,
  sets the result, records the state after the programme and resends a follow-up.
- The défi's fellows and mentors: their défis (/mon-espace/defis/), the deliverables
  (/mon-espace/defis/<id>/livrables/); its mentors answer a follow-up there too.
- The mentors' personal link (/suivi-perennisation/<token>/): no sign-in, the link is the
  credential; an unknown link is a 404, an answered one says when it was answered.

Access: anonymous visitors go to the login page; signed-in users without the permission get
403; a follow-up of another défi reached by id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.people.teams import member_challenge_ids, mentor_challenge_ids
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date

from . import domain, states
from .forms import ClosingForm, DeliverablesForm, ResultForm, SustainmentForm
from .models import Closing, Deliverables, FollowUp, Result

manages = requires("outcomes.manage")
# The défi's page holds the result's form and the state's: their fields must not share ids.
RESULT_PREFIX = "resultat"


def _challenge(request, challenge_id, perm):
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    if not request.user.has_perm(perm, challenge):
        raise PermissionDenied
    return challenge


def _follow_ups(challenge):
    return [
        {"item": item, "status": domain.follow_up_status(item)}
        for item in FollowUp.objects.filter(challenge=challenge).order_by("months")
    ]


# --- The team -----------------------------------------------------------------------------


@manages
def cohorts(request):
    """The cohorts that run or ran, each leading to its end of programme."""
    shown = Cohort.objects.filter(
        status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED]
    ).order_by("-end_date", "name")
    return render(
        request,
        "outcomes/cohorts.html",
        {"title": _("Fin de programme et pérennisation"), "cohorts": shown},
    )


def _rows(cohort, closing, today):
    challenges = list(states.with_state(domain.cohort_challenges(cohort)))
    ids = [c.pk for c in challenges]
    deliverables = {d.challenge_id: d for d in Deliverables.objects.filter(challenge__in=ids)}
    results = {r.challenge_id: r for r in Result.objects.filter(challenge__in=ids)}
    follow_ups = {}
    for item in FollowUp.objects.filter(challenge__in=ids).order_by("months"):
        follow_ups.setdefault(item.challenge_id, []).append(
            {"item": item, "status": domain.follow_up_status(item)}
        )
    state_labels = dict(domain.Sustainment.State.choices)
    rows = []
    for challenge in challenges:
        found = deliverables.get(challenge.pk)
        rows.append(
            {
                "challenge": challenge,
                "deliverables": [
                    {
                        "kind": kind,
                        "status": domain.status(
                            found, kind, getattr(closing, f"{kind}_due", None), today
                        ),
                        "at": domain.submitted_at(found, kind),
                    }
                    for kind in domain.KINDS
                ],
                "result": results.get(challenge.pk),
                "state": state_labels.get(challenge.after_state, ""),
                "follow_ups": follow_ups.get(challenge.pk, []),
            }
        )
    return rows


@manages
def cohort(request, cohort_id):
    """Set the cohort's closing (report sections, due dates); every défi's deliverables,
    result, state after the programme and follow-ups."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    closing = Closing.objects.filter(cohort=cohort).first()
    initial = {}
    if closing:
        initial = {
            "sections": "\n".join(closing.report_sections),
            **{f"{kind}_due": getattr(closing, f"{kind}_due") for kind in domain.KINDS},
        }
    form = ClosingForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            domain.save_closing(
                cohort,
                form.cleaned_data["sections"],
                {kind: form.cleaned_data[f"{kind}_due"] for kind in domain.KINDS},
                request.user,
            )
            messages.success(request, _("La fin de programme est enregistrée."))
            return redirect("outcomes:cohort", cohort.pk)
        status = 400
    today = timezone.localdate()
    return render(
        request,
        "outcomes/cohort.html",
        {
            "title": _("Fin de programme — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "closing": closing,
            "form": form,
            "rows": _rows(cohort, closing, today),
            "status_labels": domain.STATUS_LABELS,
            "follow_up_labels": domain.FOLLOW_UP_LABELS,
        },
        status=status,
    )


def _team_page(request, challenge, result_form=None, sustainment_form=None, status=200):
    closing = Closing.objects.filter(cohort_id=challenge.cohort_id).first()
    deliverables = Deliverables.objects.filter(challenge=challenge).first()
    result = Result.objects.filter(challenge=challenge).first()
    today = timezone.localdate()
    report = deliverables.report if deliverables else {}
    sections = [
        (title, report.get(title, "")) for title in (closing.report_sections if closing else [])
    ]
    return render(
        request,
        "outcomes/challenge.html",
        {
            "title": _("Fin de programme du défi « %(challenge)s »")
            % {"challenge": challenge.title},
            "challenge": challenge,
            "cohort": challenge.cohort,
            "closing": closing,
            "deliverables": deliverables,
            "sections": sections,
            "statuses": _statuses(deliverables, closing, today),
            "status_labels": domain.STATUS_LABELS,
            "code_links": challenge.links.filter(kind=ChallengeLink.Kind.CODE),
            "data_links": challenge.links.filter(kind=ChallengeLink.Kind.DATA),
            "result": result,
            "result_form": result_form
            or ResultForm(
                initial={"verdict": result.verdict, "note": result.note} if result else None,
                prefix=RESULT_PREFIX,
            ),
            "sustainment_form": sustainment_form
            or SustainmentForm(challenge=challenge, initial={"since": today}),
            "history": challenge.sustainments.select_related("follow_up", "recorded_by"),
            "follow_ups": _follow_ups(challenge),
            "follow_up_labels": domain.FOLLOW_UP_LABELS,
        },
        status=status,
    )


@manages
def challenge(request, challenge_id):
    """A défi's deliverables, result, state after the programme and follow-ups."""
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    return _team_page(request, challenge)


@require_POST
@manages
def result(request, challenge_id):
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    form = ResultForm(request.POST, prefix=RESULT_PREFIX)
    if form.is_valid():
        domain.set_result(
            challenge, form.cleaned_data["verdict"], form.cleaned_data["note"], request.user
        )
        messages.success(request, _("Le résultat du défi est enregistré."))
        return redirect("outcomes:challenge", challenge.pk)
    return _team_page(request, challenge, result_form=form, status=400)


@require_POST
@manages
def sustainment(request, challenge_id):
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    form = SustainmentForm(request.POST, challenge=challenge)
    if form.is_valid():
        domain.record_sustainment(challenge, form.values(), request.user)
        messages.success(request, _("L'état du défi après le programme est enregistré."))
        return redirect("outcomes:challenge", challenge.pk)
    return _team_page(request, challenge, sustainment_form=form, status=400)


@require_POST
@manages
def resend(request, challenge_id, follow_up_id):
    """Send a follow-up now (again): a new personal link, the previous one stops working."""
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    item = get_object_or_404(FollowUp, pk=follow_up_id, challenge=challenge)
    if item.answered_at is not None:
        messages.error(request, _("Ce suivi a déjà reçu une réponse."))
    elif domain.send(item, timezone.now(), actor=request.user):
        messages.success(
            request,
            _("Le suivi à %(months)s mois est envoyé aux mentors.") % {"months": item.months},
        )
    else:
        messages.error(request, _("Aucun ou aucune mentor du défi n'a d'adresse e-mail."))
    return redirect("outcomes:challenge", challenge.pk)


# --- Fellows and mentors ------------------------------------------------------------------


@login_required
def mine(request):
    """The défis whose team the user belongs to: deliverables, follow-ups to answer."""
    ids = member_challenge_ids(request.user)
    mentored = mentor_challenge_ids(request.user)
    today = timezone.localdate()
    challenges = (
        Challenge.objects.filter(pk__in=ids)
        .select_related("cohort")
        .order_by("-cohort__start_date", "title")
    )
    open_follow_ups = (
        FollowUp.objects.filter(challenge__in=mentored, answered_at__isnull=True)
        .filter(Q(sent_at__isnull=False) | Q(due_on__lte=today))
        .select_related("challenge")
        .order_by("due_on")
    )
    return render(
        request,
        "outcomes/mine.html",
        {
            "title": _("Mes défis : fin de programme"),
            "challenges": challenges,
            "open_follow_ups": open_follow_ups,
        },
    )


@login_required
def deliverables(request, challenge_id):
    """The défi's final deliverables, written by its fellows and mentors."""
    challenge = _challenge(request, challenge_id, "outcomes.write_deliverables")
    closing = Closing.objects.filter(cohort_id=challenge.cohort_id).first()
    sections = closing.report_sections if closing else []
    found = Deliverables.objects.filter(challenge=challenge).first()
    initial = {
        "code": "\n".join(domain.links_of(challenge, ChallengeLink.Kind.CODE)),
        "data": "\n".join(domain.links_of(challenge, ChallengeLink.Kind.DATA)),
    }
    if found:
        initial.update({"pitch_url": found.pitch_url, "pitch_text": found.pitch_text})
        for index, title in enumerate(sections):
            initial[f"section_{index}"] = found.report.get(title, "")
    form = DeliverablesForm(
        request.POST if request.method == "POST" else None, initial=initial, sections=sections
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            domain.save_deliverables(challenge, form.values(), request.user, timezone.now())
            messages.success(request, _("Les livrables sont enregistrés."))
            return redirect("outcomes:deliverables", challenge.pk)
        status = 400
    today = timezone.localdate()
    return render(
        request,
        "outcomes/deliverables.html",
        {
            "title": _("Livrables finaux du défi « %(challenge)s »")
            % {"challenge": challenge.title},
            "challenge": challenge,
            "closing": closing,
            "form": form,
            "statuses": _statuses(found, closing, today),
            "status_labels": domain.STATUS_LABELS,
        },
        status=status,
    )


def _answer_page(request, item, form, status=200, base="backoffice/base.html"):
    challenge = item.challenge
    return render(
        request,
        "outcomes/answer.html",
        {
            "title": _("Que devient le défi « %(challenge)s » ?") % {"challenge": challenge.title},
            "base": base,
            "item": item,
            "challenge": challenge,
            "current": states.current(challenge),
            "form": form,
            "answered_on": format_date(item.answered_at) if item.answered_at else "",
        },
        status=status,
    )


def _answer(request, item, base):
    """Show or take the answer to ``item``; an answered follow-up is never changed."""
    challenge = item.challenge
    if item.answered_at is not None:
        return _answer_page(request, item, None, base=base)
    data = request.POST if request.method == "POST" else None
    form = SustainmentForm(data, challenge=challenge, initial={"since": timezone.localdate()})
    if data is not None:
        if form.is_valid():
            try:
                domain.answer(item, form.values(), request.user, timezone.now())
            except ValidationError as error:
                item.refresh_from_db()
                if item.answered_at is None:  # the entry refused (the end date moved since)
                    form.add_error(None, error)
                    return _answer_page(request, item, form, status=400, base=base)
                return _answer_page(request, item, None, base=base)  # answered meanwhile
            return None
        return _answer_page(request, item, form, status=400, base=base)
    return _answer_page(request, item, form, base=base)


@login_required
def mentor_answer(request, challenge_id, follow_up_id):
    """A mentor answers a follow-up of their défi from their space."""
    challenge = _challenge(request, challenge_id, "outcomes.answer_follow_up")
    item = get_object_or_404(
        FollowUp.objects.select_related("challenge__cohort"), pk=follow_up_id, challenge=challenge
    )
    if not domain.may_answer(item, timezone.localdate()) and item.answered_at is None:
        raise Http404
    response = _answer(request, item, "backoffice/base.html")
    if response is None:
        messages.success(request, _("Merci, votre réponse est enregistrée."))
        return redirect("outcomes:mine")
    return response


@never_cache
def answer(request, token):
    """The follow-up's personal link: no sign-in needed, the link is the credential."""
    item = domain.by_token(token)
    if item is None:
        raise Http404
    response = _answer(request, item, "base.html")
    if response is None:
        return render(
            request,
            "outcomes/answered.html",
            {"title": _("Merci, votre réponse est enregistrée."), "challenge": item.challenge},
        )
    return response


def _statuses(deliverables, closing, today) -> list[dict]:
    """Each deliverable's label, status, due date and hand-in time, for a défi's pages."""
    return [
        {
            "label": domain.KIND_LABELS[kind],
            "status": domain.status(
                deliverables, kind, getattr(closing, f"{kind}_due", None), today
            ),
            "due": getattr(closing, f"{kind}_due", None),
            "at": domain.submitted_at(deliverables, kind),
        }
        for kind in domain.KINDS
    ]
