"""The life of a proposed post: every transition goes through here, locked, logged
(``cohorte.audit``) and told by e-mail through the outbox."""

import posixpath

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.accounts.roles import team_addresses
from cohorte.audit.domain import record
from cohorte.content.models import Post
from cohorte.editorial.domain import add_revision
from cohorte.notifications.domain import queue_email
from cohorte.public.formats import format_paris_moment
from cohorte.site_address import absolute_url
from cohorte.text import unique_slug

from .models import Contribution, ContributionComment

Status = Contribution.Status
SIGNATURE = "\n\nL'équipe du programme"


class TransitionRefused(ValidationError):
    """An action the contribution's state no longer allows (a double click, a stale page)."""


def refused_transition() -> TransitionRefused:
    """The error of an action the contribution's state no longer allows."""
    return TransitionRefused(
        _("Cette publication a changé d'état entre-temps : rechargez la page.")
    )


def author_name(user) -> str:
    """The name shown as the post's author: the person's full name, else the account's."""
    person = getattr(user, "person", None)
    if person is not None and person.full_name:
        return person.full_name
    return user.get_full_name() or user.username


def _locked(contribution, allowed) -> Contribution:
    # The row is locked until the transaction ends: two clicks see one after the other.
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    if locked.status not in allowed:
        raise refused_transition()
    return locked


def _tell_author(contribution, subject: str, text: str) -> None:
    if contribution.author.email:
        link = absolute_url(reverse("contributions:detail", args=[contribution.pk]))
        body = _("Bonjour,\n\n%(text)s\n\nSuivre votre proposition : %(link)s") % {
            "text": text,
            "link": link,
        }
        queue_email([contribution.author.email], subject, body + SIGNATURE)


def _tell_team(contribution, subject: str, text: str) -> None:
    addresses = team_addresses()
    if addresses:
        link = absolute_url(reverse("contributions:review", args=[contribution.pk]))
        body = _("Bonjour,\n\n%(text)s\n\nLa relire : %(link)s\n\nCohorte") % {
            "text": text,
            "link": link,
        }
        queue_email(addresses, subject, body)


@transaction.atomic
def save(contribution, actor, *, created: bool) -> Contribution:
    """Store the author's draft (new, or changed while editable)."""
    if not created:
        _locked(contribution, (Status.DRAFT, Status.CHANGES_REQUESTED))
    contribution.save()
    record(
        "contributions.created" if created else "contributions.updated",
        contribution,
        actor=actor,
        challenge=contribution.challenge_id,
        status=contribution.status,
    )
    return contribution


@transaction.atomic
def submit(contribution, actor, now) -> Contribution:
    """The author proposes the post to the team (first time or after changes)."""
    locked = _locked(contribution, (Status.DRAFT, Status.CHANGES_REQUESTED))
    again = locked.status == Status.CHANGES_REQUESTED
    locked.status, locked.submitted_at = Status.SUBMITTED, now
    locked.save(update_fields=["status", "submitted_at", "updated_at"])
    record("contributions.submitted", locked, actor=actor, again=again)
    _tell_team(
        locked,
        _("Publication proposée : %(title)s") % {"title": locked.title},
        _("%(author)s propose une publication sur le défi « %(challenge)s » : « %(title)s ».")
        % {
            "author": author_name(locked.author),
            "challenge": locked.challenge.title,
            "title": locked.title,
        },
    )
    return locked


@transaction.atomic
def comment(contribution, actor, body: str, *, from_team: bool) -> ContributionComment:
    """A message of the thread; the other side is told."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Écrivez votre message."))
    locked = Contribution.objects.select_for_update().get(pk=contribution.pk)
    message = ContributionComment.objects.create(
        contribution=locked, author=actor, body=body, is_team=from_team
    )
    record("contributions.commented", locked, actor=actor, comment=message.pk, team=from_team)
    subject = _("Nouveau message sur la publication : %(title)s") % {"title": locked.title}
    if from_team:
        _tell_author(
            locked,
            subject,
            _("L'équipe du programme vous a écrit au sujet de « %(title)s » :\n\n%(body)s")
            % {"title": locked.title, "body": body},
        )
    else:
        _tell_team(
            locked,
            subject,
            _("%(author)s a répondu au sujet de « %(title)s » :\n\n%(body)s")
            % {"author": author_name(actor), "title": locked.title, "body": body},
        )
    return message


@transaction.atomic
def request_changes(contribution, actor, body: str, now) -> Contribution:
    """The team asks the author for changes, saying which."""
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Précisez les modifications demandées à l'auteur·rice."))
    locked = _locked(contribution, (Status.SUBMITTED,))
    ContributionComment.objects.create(contribution=locked, author=actor, body=body, is_team=True)
    locked.status, locked.decided_at = Status.CHANGES_REQUESTED, now
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    record("contributions.changes_requested", locked, actor=actor)
    _tell_author(
        locked,
        _("Modifications demandées : %(title)s") % {"title": locked.title},
        _("L'équipe du programme demande des modifications à « %(title)s » :\n\n%(body)s")
        % {"title": locked.title, "body": body},
    )
    return locked


@transaction.atomic
def accept(contribution, actor, body: str, now) -> Contribution:
    """The team accepts the post; it publishes it next."""
    locked = _locked(contribution, (Status.SUBMITTED,))
    body = (body or "").strip()
    if body:
        ContributionComment.objects.create(
            contribution=locked, author=actor, body=body, is_team=True
        )
    locked.status, locked.decided_at = Status.ACCEPTED, now
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    record("contributions.accepted", locked, actor=actor)
    text = _("L'équipe du programme accepte « %(title)s » : elle la publiera bientôt.") % {
        "title": locked.title
    }
    _tell_author(
        locked,
        _("Publication acceptée : %(title)s") % {"title": locked.title},
        text + (f"\n\n{body}" if body else ""),
    )
    return locked


@transaction.atomic
def decline(contribution, actor, reason: str, now) -> Contribution:
    """The team declines the post, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Indiquez la raison du refus."))
    locked = _locked(contribution, (Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED))
    ContributionComment.objects.create(contribution=locked, author=actor, body=reason, is_team=True)
    locked.status, locked.decided_at = Status.DECLINED, now
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    record("contributions.declined", locked, actor=actor)
    _tell_author(
        locked,
        _("Publication refusée : %(title)s") % {"title": locked.title},
        _("L'équipe du programme ne publiera pas « %(title)s » :\n\n%(reason)s")
        % {"title": locked.title, "reason": reason},
    )
    return locked


@transaction.atomic
def publish(contribution, actor, now, at=None) -> Post:
    """Publish an accepted contribution as a blog article, now or at a later time."""
    if at is not None and at < now:
        raise ValidationError(
            _("La date de publication est passée : laissez-la vide ou choisissez une date à venir.")
        )
    locked = _locked(contribution, (Status.ACCEPTED,))
    slug = unique_slug(Post.objects.all(), locked.title, max_length=200)
    post = Post.objects.create(
        kind=Post.Kind.ARTICLE,
        title=locked.title,
        slug=slug,
        author=author_name(locked.author),
        published_at=at or now,
        is_published=True,
        description=locked.summary,
        body=locked.body,
        image_alt=locked.image_alt if locked.image else "",
    )
    if locked.image:
        # Copied to the posts' public images: the proposal's own stays private.
        with locked.image.open("rb") as source:
            post.image_file.save(posixpath.basename(locked.image.name), File(source))
    person = getattr(locked.author, "person", None)
    if person is not None:
        post.authors.add(person)
    add_revision(post, actor)
    locked.status, locked.post = Status.PUBLISHED, post
    locked.save(update_fields=["status", "post", "updated_at"])
    record(
        "contributions.published",
        locked,
        actor=actor,
        post=post.pk,
        slug=post.slug,
        published_at=post.published_at.isoformat(),
    )
    link = absolute_url(post.get_absolute_url())
    when = format_paris_moment(post.published_at)
    _tell_author(
        locked,
        _("Publication en ligne : %(title)s") % {"title": locked.title},
        _("« %(title)s » est publiée sur le site (en ligne le %(when)s) : %(link)s")
        % {"title": locked.title, "when": when, "link": link},
    )
    return post
