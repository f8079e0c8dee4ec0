"""Signing out of Cohorte after a ProConnect sign-in also ends the ProConnect session."""

import secrets

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from django.utils.http import urlencode
from requests import RequestException

from .views import ID_TOKEN_STATE_KEY, ProConnectAdapter

ID_TOKEN_SESSION_KEY = "proconnect_id_token"


def keep_id_token(sender, request=None, user=None, sociallogin=None, **kwargs):
    """Keep the ID token of a ProConnect sign-in in the session it opened."""
    if sociallogin is None or sociallogin.account.provider != "proconnect":
        return
    id_token = (sociallogin.state or {}).get(ID_TOKEN_STATE_KEY)
    if id_token and request is not None:
        request.session[ID_TOKEN_SESSION_KEY] = id_token


def end_session_url(request, after: str) -> str | None:
    """ProConnect's sign-out address for this session, coming back to ``after``; None when
    the session did not come from ProConnect (or ProConnect cannot be reached)."""
    id_token = request.session.get(ID_TOKEN_SESSION_KEY)
    if not id_token:
        return None
    try:
        get_adapter().get_app(request, provider="proconnect")
        endpoint = ProConnectAdapter(request).openid_config.get("end_session_endpoint")
    except (SocialApp.DoesNotExist, RequestException):
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            # ProConnect requires a state; the way back lands on a public page.
            "state": secrets.token_urlsafe(16),
            "post_logout_redirect_uri": request.build_absolute_uri(after),
        }
    )
    return f"{endpoint}?{query}"
