"""django-allauth adapter: its e-mails go through the outbox like every other."""

from allauth.account.adapter import DefaultAccountAdapter
from django.template.loader import render_to_string

from cohorte.notifications.domain import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Queue allauth's e-mail (verification, password reset) in the outbox."""
        context = {**context, "email": email}
        subject = render_to_string(f"{template_prefix}_subject.txt", context, self.request)
        subject = self.format_email_subject(" ".join(subject.splitlines()).strip())
        body = render_to_string(f"{template_prefix}_message.txt", context, self.request)
        queue_email([email], subject, body)
