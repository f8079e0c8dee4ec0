"""Pages of the proposed posts.

The author's (/mon-espace/publications/…): their contributions and where each stands, write,
change while a draft or when changes are asked, propose, answer the team. The team's
(/gestion/contributions/…): the list by state, the review with the rendered preview, the
comments, the decisions and the publication. Anonymous visitors go to the login page; signed-in
users without the permission get 403.
"""

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.pagination import paginate

from . import domain
from .forms import ContributionForm, MessageForm, PublishForm
from .models import Contribution, ContributionComment

PER_PAGE = 20
Status = Contribution.Status
# A draft is its author's alone: the team sees a contribution once proposed.
REVIEWED_STATES = [value for value in Status.values if value != Status.DRAFT]


def _team_comments():
    return Prefetch(
        "comments",
        queryset=ContributionComment.objects.filter(is_team=True).order_by("-created_at", "-pk"),
        to_attr="team_comments",
    )


def _own(request, contribution_id) -> Contribution:
    contribution = get_object_or_404(
        Contribution.objects.select_related("challenge", "post"), pk=contribution_id
    )
    if not request.user.has_perm("contributions.follow", contribution):
        raise PermissionDenied
    return contribution


def _refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


# The author's pages


@requires("contributions.propose")
def mine(request):
    """The author's contributions, each with its state in words and the team's last word."""
    contributions = (
        Contribution.objects.filter(author=request.user)
        .select_related("challenge", "post")
        .prefetch_related(_team_comments())
    )
    return render(
        request,
        "contributions/mine.html",
        {"title": _("Mes publications"), "contributions": contributions},
    )


def _form_page(request, contribution):
    creating = contribution is None
    form = ContributionForm(
        request.POST or None, request.FILES or None, instance=contribution, user=request.user
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            saved = form.save(commit=False)
            if creating:
                saved.author = request.user
            try:
                domain.save(saved, request.user, created=creating)
            except ValidationError as error:
                _refusal(request, error)
                return redirect("contributions:detail", saved.pk)
            messages.success(
                request,
                _("Brouillon enregistré. Proposez-le à l’équipe quand il est prêt."),
            )
            return redirect("contributions:detail", saved.pk)
        status = 400
    title = _("Proposer une publication") if creating else _("Modifier la publication")
    return render(
        request,
        "contributions/form.html",
        {"title": title, "form": form, "contribution": contribution},
        status=status,
    )


@requires("contributions.propose")
def new(request):
    return _form_page(request, None)


@requires("contributions.propose")
def edit(request, contribution_id):
    contribution = _own(request, contribution_id)
    if not contribution.editable:
        messages.error(request, _("Cette publication n’est plus modifiable."))
        return redirect("contributions:detail", contribution.pk)
    return _form_page(request, contribution)


@requires("contributions.propose")
def detail(request, contribution_id):
    """The author's view: the state, the text as it will read, the thread with the team."""
    contribution = _own(request, contribution_id)
    return render(
        request,
        "contributions/detail.html",
        {
            "title": contribution.title,
            "contribution": contribution,
            "comments": contribution.comments.select_related("author"),
            "form": MessageForm(),
        },
    )


@requires("contributions.propose")
@require_POST
def submit(request, contribution_id):
    contribution = _own(request, contribution_id)
    try:
        domain.submit(contribution, request.user, timezone.now())
    except ValidationError as error:
        _refusal(request, error)
    else:
        messages.success(request, _("Publication proposée à l’équipe du programme."))
    return redirect("contributions:detail", contribution.pk)


@requires("contributions.propose")
@require_POST
def answer(request, contribution_id):
    contribution = _own(request, contribution_id)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            domain.comment(contribution, request.user, form.cleaned_data["body"], from_team=False)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _("Message envoyé à l’équipe du programme."))
            return redirect("contributions:detail", contribution.pk)
    return render(
        request,
        "contributions/detail.html",
        {
            "title": contribution.title,
            "contribution": contribution,
            "comments": contribution.comments.select_related("author"),
            "form": form,
        },
        status=400,
    )


@login_required
def image(request, contribution_id):
    """The uploaded image, for its author and the team only until published."""
    contribution = get_object_or_404(Contribution, pk=contribution_id)
    if not request.user.has_perm("contributions.see_image", contribution):
        raise PermissionDenied
    if not contribution.image:
        raise Http404
    kind = mimetypes.guess_type(contribution.image.name)[0] or "application/octet-stream"
    response = FileResponse(contribution.image.open("rb"), content_type=kind)
    response["Cache-Control"] = "private, no-store"
    return response


# The team's pages

review_required = requires("contributions.review")


@review_required
def team_list(request):
    """Every contribution, filtered by state, the ones to review first."""
    contributions = Contribution.objects.exclude(status=Status.DRAFT).select_related(
        "challenge", "author__person"
    )
    state = request.GET.get("etat", "")
    if state in REVIEWED_STATES:
        contributions = contributions.filter(status=state)
    else:
        state = ""
    ordered = contributions.order_by(F("submitted_at").desc(nulls_last=True), "-pk")
    page = paginate(request, ordered, PER_PAGE)
    return render(
        request,
        "contributions/team_list.html",
        {
            "title": _("Publications proposées"),
            "page_obj": page,
            "state": state,
            "states": [(v, label) for v, label in Status.choices if v in REVIEWED_STATES],
            "filter_params": {"etat": state} if state else {},
        },
    )


# The review's message forms: (prefix, label) by name.
TEAM_FORMS = {
    "comment": ("commentaire", _lazy("Message à l’auteur·rice")),
    "changes": ("modifications", _lazy("Modifications demandées (l’auteur·rice les lit)")),
    "accept": ("acceptation", _lazy("Message d’acceptation (facultatif)")),
    "decline": ("refus", _lazy("Raison du refus (l’auteur·rice la lit)")),
}


def _message_form(name, data=None):
    prefix, label = TEAM_FORMS[name]
    return MessageForm(data, prefix=prefix, label=label)


def _review_page(request, contribution, status=200, **forms):
    context = {
        "title": contribution.title,
        "contribution": contribution,
        "comments": contribution.comments.select_related("author"),
        "author_name": domain.author_name(contribution.author),
        **{f"{name}_form": forms.get(f"{name}_form") or _message_form(name) for name in TEAM_FORMS},
        "publish_form": forms.get("publish_form") or PublishForm(),
    }
    return render(request, "contributions/review.html", context, status=status)


def _reviewed(contribution_id) -> Contribution:
    return get_object_or_404(
        Contribution.objects.exclude(status=Status.DRAFT).select_related(
            "challenge", "author__person", "post"
        ),
        pk=contribution_id,
    )


@review_required
def review(request, contribution_id):
    """The contribution as it will read on the blog, its thread and the team's actions."""
    return _review_page(request, _reviewed(contribution_id))


def _team_message(request, contribution_id, name, action, success):
    contribution = _reviewed(contribution_id)
    form = _message_form(name, request.POST)
    if form.is_valid():
        try:
            action(contribution, form.cleaned_data["body"])
        except domain.TransitionRefused as error:
            _refusal(request, error)
            return redirect("contributions:review", contribution.pk)
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, success)
            return redirect("contributions:review", contribution.pk)
    return _review_page(request, contribution, status=400, **{f"{name}_form": form})


@review_required
@require_POST
def team_comment(request, contribution_id):
    return _team_message(
        request,
        contribution_id,
        "comment",
        lambda c, body: domain.comment(c, request.user, body, from_team=True),
        _("Message envoyé à l’auteur·rice."),
    )


@review_required
@require_POST
def request_changes(request, contribution_id):
    return _team_message(
        request,
        contribution_id,
        "changes",
        lambda c, body: domain.request_changes(c, request.user, body, timezone.now()),
        _("Modifications demandées à l’auteur·rice."),
    )


@review_required
@require_POST
def accept(request, contribution_id):
    return _team_message(
        request,
        contribution_id,
        "accept",
        lambda c, body: domain.accept(c, request.user, body, timezone.now()),
        _("Publication acceptée : publiez-la maintenant ou à une date choisie."),
    )


@review_required
@require_POST
def decline(request, contribution_id):
    return _team_message(
        request,
        contribution_id,
        "decline",
        lambda c, body: domain.decline(c, request.user, body, timezone.now()),
        _("Publication refusée."),
    )


@review_required
@require_POST
def publish(request, contribution_id):
    contribution = _reviewed(contribution_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            post = domain.publish(
                contribution, request.user, timezone.now(), form.cleaned_data["at"]
            )
        except domain.TransitionRefused as error:
            _refusal(request, error)
            return redirect("contributions:review", contribution.pk)
        except ValidationError as error:
            form.add_error("at", error)
        else:
            messages.success(
                request, _("Publication créée sur le blog : %(title)s.") % {"title": post.title}
            )
            return redirect("contributions:review", contribution.pk)
    return _review_page(request, contribution, status=400, publish_form=form)
