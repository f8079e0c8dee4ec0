"""Bounces: a subscriber whose server refused an edition for good receives no more."""

from django.dispatch import receiver
from django.utils import timezone

from cohorte.notifications.signals import message_refused

from .models import Delivery, Subscriber


@receiver(message_refused)
def record_bounce(sender, message, **kwargs):
    subscribers = Delivery.objects.filter(message=message).values("subscriber_id")
    Subscriber.objects.filter(pk__in=subscribers, bounced_at__isnull=True).update(
        bounced_at=timezone.now()
    )
