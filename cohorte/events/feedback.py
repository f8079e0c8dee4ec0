"""Attendees' opinion of an event, anonymous if they wish, once each."""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg
from django.utils.translation import gettext as _

from .models import Attendance, Feedback, FeedbackAnswered

TEXT_MAX = 2000


def may_answer(event, user, now) -> bool:
    """Attendees answer once the event is over, once."""
    return (
        event.ends_at <= now
        and Attendance.objects.filter(event=event, user=user).exists()
        and not FeedbackAnswered.objects.filter(event=event, user=user).exists()
    )


def answered(event, user) -> bool:
    """Whether ``user`` already gave their opinion."""
    return FeedbackAnswered.objects.filter(event=event, user=user).exists()


def give(event, user, *, rating, useful, improve, anonymous, now) -> None:
    """Store the opinion; an anonymous one holds no link to its author."""
    if event.ends_at > now:
        raise ValidationError(_("Vous pourrez donner votre avis après l’événement."))
    if not Attendance.objects.filter(event=event, user=user).exists():
        raise ValidationError(_("Seules les personnes présentes donnent leur avis."))
    if rating not in range(1, 6):
        raise ValidationError(_("Choisissez une note de 1 à 5."))
    if len(useful) > TEXT_MAX or len(improve) > TEXT_MAX:
        raise ValidationError(_("Chaque réponse tient en 2 000 caractères au plus."))
    try:
        with transaction.atomic():
            FeedbackAnswered.objects.create(event=event, user=user)
            Feedback.objects.create(
                event=event,
                user=None if anonymous else user,
                rating=rating,
                useful=useful.strip(),
                improve=improve.strip(),
            )
    except IntegrityError:
        raise ValidationError(_("Vous avez déjà donné votre avis sur cet événement.")) from None


def results(event) -> dict:
    """Mean rating, counts per rating and the free texts of an event's feedback."""
    # Sorted by their content, never by when they came: that order could name an author.
    rows = Feedback.objects.filter(event=event).order_by("-rating", "useful", "improve")
    counts = Counter(rows.values_list("rating", flat=True))
    return {
        "count": sum(counts.values()),
        "mean": rows.aggregate(mean=Avg("rating"))["mean"],
        "per_rating": [(rating, counts.get(rating, 0)) for rating in range(5, 0, -1)],
        "useful": [text for text in rows.values_list("useful", flat=True) if text],
        "improve": [text for text in rows.values_list("improve", flat=True) if text],
    }
