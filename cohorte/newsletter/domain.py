"""Subscribing, confirming and leaving the newsletter; composing an edition and starting its
sending. Every message goes through the outbox."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls.current import ahead
from cohorte.calls.models import Call
from cohorte.notifications.domain import queue_email
from cohorte.notifications.models import OutboxMessage
from cohorte.site_address import absolute_url

from . import tokens
from .models import Edition, Subscriber, Topics

# Anyone can type someone else's address: one confirmation e-mail per address per while.
RESEND_AFTER = datetime.timedelta(minutes=10)
FORGET_UNCONFIRMED_AFTER = datetime.timedelta(days=30)
TOPIC_LABELS = {
    "calls": _("les appels à projets et à candidatures"),
    "articles": _("les articles et actualités"),
    "jobs": _("les offres d’emploi"),
}


class LinkRefused(ValueError):
    """A confirmation or unsubscribe link that cannot be acted upon; its message says why."""


def normalise(email: str) -> str:
    """The address as stored: trimmed and in lower case, so that one person subscribes once."""
    return email.strip().lower()


def subscribe(email: str, topics: dict[str, bool], now) -> bool:
    """Record a subscription and send its confirmation link; returns whether an e-mail left.

    An address already confirmed is left as it is (nobody changes someone else's topics), and
    a confirmation is not sent again within RESEND_AFTER."""
    email = normalise(email)
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=email).first()
        if subscriber is None:
            try:
                with transaction.atomic():
                    subscriber = Subscriber.objects.create(email=email, **topics)
            except IntegrityError:  # the same address at the same instant: one row
                subscriber = Subscriber.objects.select_for_update().get(email=email)
        if subscriber.confirmed_at is not None:
            return False
        for name, value in topics.items():
            setattr(subscriber, name, value)
        recent = (
            subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < RESEND_AFTER
        )
        if not recent:
            subscriber.confirmation_sent_at = now
        subscriber.save()
        if recent:
            return False
        link = tokens.confirmation_link(subscriber)
        queue_email(
            [subscriber.email],
            _("Confirmez votre inscription à la lettre d’information"),
            confirmation_text(subscriber, link),
            secrets=[link],
        )
    return True


def confirmation_text(subscriber: Subscriber, link: str) -> str:
    topics = "\n".join(f"- {TOPIC_LABELS[name]}" for name in subscriber.topic_names())
    return _(
        "Bonjour,\n\n"
        "Vous avez demandé à recevoir la lettre d’information sur :\n%(topics)s\n\n"
        "Pour confirmer votre inscription, ouvrez ce lien (valable 7 jours) :\n%(link)s\n\n"
        "Si vous n’avez rien demandé, ignorez ce message : sans confirmation, votre adresse "
        "est effacée au bout de 30 jours."
    ) % {"topics": topics, "link": link}


def confirmable(token: str) -> int:
    """The subscriber id of a confirmation link still to be used; raises LinkRefused with
    the reason."""
    try:
        pk, digest = tokens.read_confirmation(token)
    except tokens.Expired as exc:
        raise LinkRefused(
            _(
                "Ce lien de confirmation a expiré (il était valable 7 jours) : "
                "inscrivez-vous à nouveau."
            )
        ) from exc
    except tokens.Forged as exc:
        raise LinkRefused(_("Ce lien de confirmation n’est pas valide.")) from exc
    found = Subscriber.objects.filter(pk=pk).values_list("email", "confirmed_at").first()
    if found is None or tokens.address_digest(found[0]) != digest:
        raise LinkRefused(
            _(
                "Cette inscription n’existe plus (désinscription ou délai dépassé) : "
                "inscrivez-vous à nouveau."
            )
        )
    if found[1] is not None:
        raise LinkRefused(_("Ce lien a déjà servi : votre inscription est confirmée."))
    return pk


def confirm(token: str, now) -> None:
    """Confirm the subscription of a confirmation link; raises LinkRefused with the reason."""
    pk = confirmable(token)
    # Two clicks at once: only the first one confirms, the second is told the link served.
    updated = Subscriber.objects.filter(pk=pk, confirmed_at__isnull=True).update(confirmed_at=now)
    if not updated:
        raise LinkRefused(_("Ce lien a déjà servi : votre inscription est confirmée."))


def unsubscriber(token: str) -> Subscriber:
    """The subscriber an unsubscribe link is for; raises LinkRefused with the reason."""
    try:
        pk, digest = tokens.read_unsubscribe(token)
    except tokens.Forged as exc:
        raise LinkRefused(_("Ce lien de désinscription n’est pas valide.")) from exc
    subscriber = Subscriber.objects.filter(pk=pk).first()
    if subscriber is None or tokens.address_digest(subscriber.email) != digest:
        raise LinkRefused(_("Cette adresse n’est plus inscrite : vous ne recevrez plus la lettre."))
    return subscriber


def forget_unconfirmed(now) -> int:
    """Erase the addresses never confirmed within FORGET_UNCONFIRMED_AFTER; returns how many."""
    stale = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=now - FORGET_UNCONFIRMED_AFTER
    )
    return stale.delete()[1].get(Subscriber._meta.label, 0)


# Editions


def audience(topics: Topics):
    """The confirmed, reachable subscribers who follow at least one of the topics."""
    wanted = Q(pk__in=[])
    for name in topics.topic_names():
        wanted |= Q(**{name: True})
    return Subscriber.objects.filter(wanted, confirmed_at__isnull=False, bounced_at__isnull=True)


def counts() -> dict[str, int]:
    """What the team sees of the subscribers: numbers only."""
    confirmed = Subscriber.objects.filter(confirmed_at__isnull=False)
    return {
        "confirmed": confirmed.filter(bounced_at__isnull=True).count(),
        "pending": Subscriber.objects.filter(confirmed_at__isnull=True).count(),
        "bounced": confirmed.filter(bounced_at__isnull=False).count(),
        **{
            name: confirmed.filter(bounced_at__isnull=True, **{name: True}).count()
            for name in Topics.FIELDS
        },
    }


def _post_lines(posts) -> list[str]:
    lines = []
    for post in posts:
        lines.append(f"- {post.title}\n  {absolute_url(post.get_absolute_url())}")
        if post.description:
            lines.append(f"  {' '.join(post.description.split())}")
    return lines


def common_text(edition: Edition, moment) -> str:
    """The edition's text, the same for every subscriber (the unsubscribe link follows)."""
    parts = [edition.subject]
    if edition.intro.strip():
        parts.append(edition.intro.strip())
    if edition.include_calls:
        states = [state for state in ahead(Call.objects.all(), moment) if state.is_open]
        if states:
            lines = [_("Les appels ouverts")]
            for state in states:
                closes = timezone.localtime(state.window.closes_at).strftime("%d/%m/%Y à %H:%M")
                url = absolute_url(state.call.get_absolute_url())
                lines.append(f"- {state.call.title} : jusqu'au {closes}\n  {url}")
            parts.append("\n".join(lines))
    posts = list(edition.posts.public().order_by("-published_at", "-pk"))
    reading = [post for post in posts if post.kind != post.Kind.JOB]
    jobs = [post for post in posts if post.kind == post.Kind.JOB and not post.filled]
    if reading:
        parts.append("\n".join([_("À lire"), *_post_lines(reading)]))
    if jobs:
        parts.append("\n".join([_("Offres d’emploi"), *_post_lines(jobs)]))
    return "\n\n".join(parts)


def footer(link: str) -> str:
    return "\n\n—\n" + _(
        "Vous recevez cette lettre parce que vous vous y êtes inscrit·e sur %(site)s.\n"
        "Se désinscrire en un clic : %(link)s"
    ) % {"site": absolute_url("/"), "link": link}


def unsubscribe_headers(link: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail programs show an "unsubscribe" button that posts here."""
    return {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def queue_for(edition: Edition, subscriber: Subscriber) -> OutboxMessage:
    """The edition's e-mail to one subscriber, with their own unsubscribe link (sealed)."""
    link = tokens.unsubscribe_link(subscriber)
    return queue_email(
        [subscriber.email],
        edition.subject,
        edition.frozen_body + footer(link),
        kind=OutboxMessage.Kind.NEWSLETTER,
        secrets=[link],
        headers=unsubscribe_headers(link),
    )


def send_test(edition: Edition, user, now) -> None:
    """Send the edition as it stands to the team member, marked as a test."""
    if not user.email:
        raise ValidationError(
            _("Votre compte n’a pas d’adresse e-mail : le test ne peut pas partir.")
        )
    body = common_text(edition, now) + footer(_("(le lien personnel de chaque abonné·e)"))
    queue_email([user.email], _("[Test] %(subject)s") % {"subject": edition.subject}, body)
    Edition.objects.filter(pk=edition.pk).update(test_sent_at=now)
    record("newsletter.test_sent", edition, user)


def start_sending(edition_id: int, user, now) -> Edition:
    """Freeze the edition's text and start sending it to its audience, once whatever the
    clicks; raises ValidationError with the reason when it cannot start."""
    from .tasks import send_batch

    with transaction.atomic():
        edition = Edition.objects.select_for_update().get(pk=edition_id)
        if edition.status != Edition.Status.DRAFT:
            raise ValidationError(
                _("Cette lettre est déjà partie : elle n’est envoyée qu’une fois.")
            )
        if edition.test_sent_at is None:
            raise ValidationError(
                _("Envoyez d’abord la lettre en test à votre adresse, puis relisez-la.")
            )
        if not edition.topic_names():
            raise ValidationError(_("Choisissez au moins un sujet : il dit à qui la lettre part."))
        recipients = audience(edition).count()
        if not recipients:
            raise ValidationError(
                _(
                    "Aucun·e abonné·e confirmé·e ne suit les sujets de cette lettre : "
                    "rien à envoyer."
                )
            )
        edition.frozen_body = common_text(edition, now)
        edition.status = Edition.Status.SENDING
        edition.sending_started_at = edition.last_batch_at = now
        edition.save()
        record("newsletter.sending_started", edition, user, recipients=recipients)
        transaction.on_commit(lambda: send_batch.enqueue(edition.pk))
    return edition
