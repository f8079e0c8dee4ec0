"""django-allauth adapter: its e-mails go through the outbox like every other, sealed; the
sign-out of a ProConnect session goes through ProConnect."""

from urllib.parse import quote

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.sites.shortcuts import get_current_site

from cohorte.notifications.domain import queue_email
from cohorte.notifications.models import OutboxMessage
from cohorte.programmes import identity

from .proconnect.logout import end_session_url

# The context entries of allauth's e-mails that let their reader act as the recipient.
SECRET_CONTEXT = ("password_reset_url", "activate_url", "key", "code")


def secrets_of(context: dict) -> list[str]:
    """The secret values of an allauth e-mail's context, as written and URL-quoted."""
    values = [str(context[name]) for name in SECRET_CONTEXT if context.get(name)]
    return values + [quote(v, safe="") for v in values] + [quote(v) for v in values]


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix, email, context):
        """Render allauth's e-mail (verification, password reset, code) and queue it sealed."""
        request = allauth_context.request
        ctx = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "site_name": identity.current().name,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        queue_email(
            [email],
            message.subject,
            message.body,
            kind=OutboxMessage.Kind.AUTHENTICATION,
            secrets=secrets_of(ctx),
        )

    def get_logout_redirect_url(self, request):
        """After a ProConnect sign-in, ProConnect's sign-out, which comes back here."""
        url = super().get_logout_redirect_url(request)
        return end_session_url(request, after=url) or url
