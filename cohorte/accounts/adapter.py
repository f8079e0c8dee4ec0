"""django-allauth adapter: its e-mails go through the outbox like every other."""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from cohorte.notifications.domain import queue_email
from cohorte.public.context_processors import SITE_NAME


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's e-mail (verification, password reset) and queue it in the outbox."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": SITE_NAME,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        queue_email([email], message.subject, message.body)
