"""The ProConnect provider: allauth's OpenID Connect provider with ProConnect's rules."""

import secrets

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.oauth2.utils import generate_code_challenge
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.urls import reverse
from django.utils.http import urlencode

from .views import ProConnectAdapter

# ProConnect's claims, each asked for by its own scope; ``usual_name`` is the last name.
SCOPE = ["openid", "email", "given_name", "usual_name", "uid", "siret", "idp_id"]


class ProConnectProvider(OpenIDConnectProvider):
    id = "proconnect"
    name = "ProConnect"
    oauth2_adapter_class = ProConnectAdapter

    def get_login_url(self, request, **kwargs):
        url = reverse("proconnect_login")
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self):
        return reverse("proconnect_callback")

    def get_oauth2_adapter(self, request):
        return self.oauth2_adapter_class(request)

    def get_default_scope(self):
        return list(SCOPE)

    def get_scope_from_request(self, request):
        # The scope is ProConnect's, never one a link's query string adds to.
        return self.get_scope()

    def get_auth_params_from_request(self, request, action):
        return self.get_auth_params()

    def get_pkce_params(self) -> dict:
        """PKCE with S256 on every sign-in, whatever the app's settings say."""
        return generate_code_challenge()

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        """Send the person to ProConnect with a fresh nonce, kept in the sign-in's state."""
        nonce = secrets.token_urlsafe(32)
        auth_params = kwargs.pop("auth_params", None) or self.get_auth_params()
        kwargs["auth_params"] = {**auth_params, "nonce": nonce}
        return super().redirect(request, process, next_url, data, nonce=nonce, **kwargs)

    def extract_common_fields(self, data):
        fields = super().extract_common_fields(data)
        userinfo = data.get("userinfo") or {}
        fields["last_name"] = userinfo.get("usual_name") or fields.get("last_name")
        return fields

    def extract_email_addresses(self, data):
        """ProConnect's address, verified (``tokens.check_userinfo`` refused any other)."""
        email = data["userinfo"]["email"]
        return [EmailAddress(email=email, verified=True, primary=True)]


provider_classes = [ProConnectProvider]
