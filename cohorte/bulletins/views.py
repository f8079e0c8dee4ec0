"""Pages of the weekly bulletins: a défi team's bulletins, one week's bulletin (written by the
team, read and commented by who runs the cohort), the archive, the digest's subscription.

Access: anonymous visitors go to the login page; a défi or week that does not exist answers
404, as does a bulletin of another défi; whoever may not read answers 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import DIRECTOR_GROUP, LINK_GROUP, TEAM_GROUP
from cohorte.audit.domain import record
from cohorte.challenges.models import Challenge
from cohorte.pagination import paginate
from cohorte.people.teams import member_challenge_ids, team_users
from cohorte.programmes.models import Cohort
from cohorte.public.formats import format_date

from . import comments, writing
from .forms import ArchiveFilter, BulletinForm, CommentForm
from .models import Bulletin, DigestSubscription
from .rules import may_read, readable_cohort_ids, readable_filter, reads_some
from .weeks import current_week, parse_week

PER_PAGE = 20


@login_required
def mine(request):
    """The défis of a fellow or mentor, with this week's bulletin of each."""
    ids = member_challenge_ids(request.user)
    if not ids:
        raise PermissionDenied
    week = current_week()
    challenges = (
        Challenge.objects.filter(pk__in=ids)
        .select_related("cohort")
        .annotate(published=Count("bulletins", filter=Q(bulletins__published_at__isnull=False)))
        .order_by("-cohort__start_date", "title")
    )
    this_week = {b.challenge_id: b for b in Bulletin.objects.filter(challenge__in=ids, week=week)}
    rows = [
        {
            "challenge": c,
            "bulletin": this_week.get(c.pk),
            "running": c.cohort_id and c.cohort.status == Cohort.Status.RUNNING,
        }
        for c in challenges
    ]
    return render(
        request,
        "bulletins/mine.html",
        {"title": _("Mes bulletins"), "rows": rows, "week": week},
    )


@login_required
def this_week(request, challenge_id):
    """The défi's bulletin of the current week."""
    challenge = get_object_or_404(Challenge, pk=challenge_id)
    return redirect("bulletins:week", challenge.pk, current_week().isoformat())


def _owners(challenge) -> list:
    """Who may own an action of the défi: its team and who runs the cohort."""
    runs = get_user_model().objects.filter(
        is_active=True, groups__name__in=[TEAM_GROUP, DIRECTOR_GROUP, LINK_GROUP]
    )
    return list(
        get_user_model()
        .objects.filter(Q(pk__in=team_users(challenge).values("pk")) | Q(pk__in=runs.values("pk")))
        .order_by("last_name", "first_name", "username")
    )


def _week_page(request, challenge, week, bulletin, form=None, comment_form=None, status=200):
    user = request.user
    may_write = user.has_perm("bulletins.write_bulletin", challenge)
    if may_write and form is None:
        form = BulletinForm(initial=BulletinForm.initial_of(bulletin))
    may_comment = bulletin is not None and user.has_perm("bulletins.comment_bulletin", bulletin)
    if may_comment and comment_form is None:
        comment_form = CommentForm(owners=_owners(challenge))
    shown = bulletin if bulletin is not None and may_read(user, bulletin) else None
    return render(
        request,
        "bulletins/week.html",
        {
            "title": _("Bulletin de la semaine du %(week)s") % {"week": format_date(week)},
            "challenge": challenge,
            "week": week,
            "previous": week - datetime.timedelta(days=7),
            "following": week + datetime.timedelta(days=7) if week < current_week() else None,
            "bulletin": shown,
            "comments": shown.comments.select_related("author") if shown else [],
            "actions": shown.actions.select_related("owner") if shown else [],
            "form": form,
            "may_write": may_write,
            "comment_form": comment_form,
            "max_length": writing.MAX_LENGTH,
        },
        status=status,
    )


def _challenge_and_week(request, challenge_id, week):
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    day = parse_week(week)
    if day is None:
        raise Http404
    return challenge, day


def _may_open(user, challenge, bulletin) -> bool:
    if user.has_perm("bulletins.write_bulletin", challenge) or may_read(user, bulletin):
        return True
    # Who reads the défi's published bulletins sees that a week has none.
    probe = Bulletin(challenge=challenge, published_at=timezone.now(), shared=False)
    return may_read(user, probe)


@login_required
def week(request, challenge_id, week):
    """One week's bulletin: the form for the défi's team, the text and comments for readers."""
    challenge, day = _challenge_and_week(request, challenge_id, week)
    bulletin = Bulletin.objects.filter(challenge=challenge, week=day).first()
    if not _may_open(request.user, challenge, bulletin):
        raise PermissionDenied
    if request.method == "POST":
        return _save(request, challenge, day, bulletin)
    may_write = request.user.has_perm("bulletins.write_bulletin", challenge)
    if may_write and day > current_week():
        try:
            writing.check_week(challenge, day, timezone.now())
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("bulletins:week", challenge.pk, current_week().isoformat())
    return _week_page(request, challenge, day, bulletin)


def _save(request, challenge, day, bulletin):
    if not request.user.has_perm("bulletins.write_bulletin", challenge):
        raise PermissionDenied
    form = BulletinForm(request.POST)
    publish = request.POST.get("publish") == "1"
    if form.is_valid():
        try:
            saved = writing.save(challenge, day, form.cleaned_data, request.user, publish=publish)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.published_at and (publish or bulletin and bulletin.published_at):
                done = (
                    _("Le bulletin est mis à jour.")
                    if bulletin and bulletin.published_at
                    else _("Le bulletin est publié.")
                )
            else:
                done = _("Le brouillon est enregistré.")
            messages.success(request, done)
            return redirect("bulletins:week", challenge.pk, day.isoformat())
    return _week_page(request, challenge, day, bulletin, form=form, status=400)


@login_required
@require_POST
def comment(request, challenge_id, bulletin_id):
    """Comment a published bulletin; an answer to its "help needed" may open an action."""
    bulletin = get_object_or_404(
        Bulletin.objects.select_related("challenge__cohort"),
        pk=bulletin_id,
        challenge_id=challenge_id,
    )
    if not request.user.has_perm("bulletins.comment_bulletin", bulletin):
        raise PermissionDenied
    form = CommentForm(request.POST, owners=_owners(bulletin.challenge))
    if form.is_valid():
        data = form.cleaned_data
        try:
            comments.comment(
                bulletin,
                data["text"],
                request.user,
                answers_help=data["answers_help"],
                action_title=data["action_title"],
                owner=form.owner(),
                due_on=data["action_due"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Votre commentaire est envoyé à l'équipe du défi."))
            return redirect("bulletins:week", bulletin.challenge_id, bulletin.week.isoformat())
    return _week_page(
        request, bulletin.challenge, bulletin.week, bulletin, comment_form=form, status=400
    )


@login_required
def archive(request):
    """The published bulletins the user may read, by défi, week and words."""
    user = request.user
    if not reads_some(user):
        raise PermissionDenied
    readable = Bulletin.objects.filter(readable_filter(user))
    challenges = (
        Challenge.objects.filter(pk__in=readable.values("challenge"))
        .select_related("cohort")
        .order_by("-cohort__start_date", "title")
    )
    filters = ArchiveFilter(request.GET or None, challenges=challenges)
    bulletins = readable.select_related("challenge__cohort").order_by(
        "-week", "challenge__title", "pk"
    )
    filtered = False
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        if data["defi"]:
            bulletins, filtered = bulletins.filter(challenge_id=data["defi"]), True
        if data["semaine"]:
            day = data["semaine"]
            monday = day - datetime.timedelta(days=day.weekday())
            bulletins, filtered = bulletins.filter(week=monday), True
        if data["q"].strip():
            words = data["q"].strip()
            bulletins = bulletins.filter(
                Q(done__icontains=words)
                | Q(next__icontains=words)
                | Q(help_needed__icontains=words)
                | Q(challenge__title__icontains=words)
            )
            filtered = True
    bulletins = bulletins.annotate(comment_count=Count("comments"))
    page = paginate(request, bulletins, PER_PAGE)
    return render(
        request,
        "bulletins/archive.html",
        {
            "title": _("Bulletins des défis"),
            "filters": filters,
            "page_obj": page,
            "is_filtered": filtered,
            "filter_params": {k: v for k, v in request.GET.items() if k != "page"},
        },
    )


@login_required
def digest(request):
    """Subscribe to, or leave, the Friday digest of the cohorts whose bulletins one reads."""
    cohort_ids = readable_cohort_ids(request.user)
    if not cohort_ids:
        raise PermissionDenied
    cohorts = Cohort.objects.filter(pk__in=cohort_ids).order_by("-start_date", "name")
    left = set(
        DigestSubscription.objects.filter(user=request.user, receives=False).values_list(
            "cohort_id", flat=True
        )
    )
    if request.method == "POST":
        posted = request.POST.get("cohort", "")
        cohort = get_object_or_404(
            cohorts,
            pk=int(posted) if posted.isascii() and posted.isdigit() and len(posted) < 18 else 0,
        )
        receives = request.POST.get("subscribe") == "1"
        choice, created = DigestSubscription.objects.get_or_create(
            user=request.user, cohort=cohort, defaults={"receives": receives}
        )
        if created or choice.receives != receives:
            DigestSubscription.objects.filter(pk=choice.pk).update(receives=receives)
            action = "bulletins.subscribed" if receives else "bulletins.unsubscribed"
            record(action, cohort, actor=request.user)
        if receives:
            done = _("Vous recevrez le récapitulatif du vendredi de la %(cohort)s.")
        else:
            done = _("Vous ne recevrez plus le récapitulatif de la %(cohort)s.")
        messages.success(request, done % {"cohort": cohort.name})
        return redirect(reverse("bulletins:digest"))
    return render(
        request,
        "bulletins/digest.html",
        {
            "title": _("Récapitulatif du vendredi"),
            "rows": [(cohort, cohort.pk not in left) for cohort in cohorts],
        },
    )
