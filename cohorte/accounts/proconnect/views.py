"""The sign-in's two legs: off to ProConnect, and back with a code to check and redeem."""

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from allauth.utils import build_absolute_uri
from django.http import Http404
from django.urls import reverse

from .tokens import (
    OTHER_ISSUER,
    ProConnectRefusal,
    check_userinfo,
    decode_signed,
    verify_id_token,
)

# Where the ID token waits, in the sign-in's state, until the session it opens keeps it.
ID_TOKEN_STATE_KEY = "proconnect_id_token"


class ProConnectAdapter(OpenIDConnectOAuth2Adapter):
    """Talks to ProConnect: discovery, token endpoint, JWKS and userinfo."""

    def __init__(self, request):
        super().__init__(request, "proconnect")
        # The sign-in's state, set by the callback once allauth has matched ``state``.
        self.state = None

    def get_callback_url(self, request, app):
        return build_absolute_uri(
            request, reverse("proconnect_callback"), self.redirect_uri_protocol
        )

    def jwks(self) -> dict:
        """The provider's published signing keys (fetched at each sign-in: keys rotate)."""
        with get_adapter().get_requests_session() as session:
            response = session.get(self.openid_config["jwks_uri"])
            response.raise_for_status()
            return response.json()

    def complete_login(self, request, app, token, **kwargs):
        """The social login of the agent the verified ID token and userinfo describe."""
        id_token = kwargs["response"].get("id_token")
        jwks = self.jwks()
        issuer = self.openid_config["issuer"]
        nonce = (self.state or {}).get("nonce")
        claims = verify_id_token(id_token, jwks, issuer, app.client_id, nonce)
        userinfo = check_userinfo(self._userinfo(token.token, jwks, issuer, app.client_id), claims)
        # Kept for the sign-out, which hands it back to ProConnect as ``id_token_hint``.
        self.state[ID_TOKEN_STATE_KEY] = id_token
        return self.get_provider().sociallogin_from_response(
            request, {"id_token": claims, "userinfo": userinfo}
        )

    def _userinfo(self, access_token: str, jwks: dict, issuer: str, client_id: str) -> dict:
        """The agent's claims; ProConnect signs them as a JWT, checked like the ID token."""
        with get_adapter().get_requests_session() as session:
            response = session.get(
                self.profile_url, headers={"Authorization": f"Bearer {access_token}"}
            )
            response.raise_for_status()
        if response.headers.get("content-type", "").split(";")[0].strip() == "application/jwt":
            return decode_signed(response.text, jwks, issuer, client_id, require=["sub"])
        return response.json()


class ProConnectCallbackView(OAuth2CallbackView):
    def _get_state(self, request, provider):
        state, response = super()._get_state(request, provider)
        if state is not None:
            self.adapter.state = state
            # RFC 9207: a provider that names itself must be the one this sign-in went to.
            issuer = request.GET.get("iss")
            if issuer is not None and issuer != self.adapter.openid_config["issuer"]:
                refusal = ProConnectRefusal(OTHER_ISSUER)
                return None, render_authentication_error(
                    request, provider, exception=refusal, extra_context={"state": state}
                )
        return state, response


@login_not_required
def login(request):
    try:
        return OAuth2LoginView.adapter_view(ProConnectAdapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None


@login_not_required
def callback(request):
    try:
        return ProConnectCallbackView.adapter_view(ProConnectAdapter(request))(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
