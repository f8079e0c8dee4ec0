"""What the outbox tells the rest of the platform."""

from django.dispatch import Signal

# Sent with ``message`` when the receiving server refused the message's recipients for good
# (a bounce), inside the delivery's transaction.
message_refused = Signal()
