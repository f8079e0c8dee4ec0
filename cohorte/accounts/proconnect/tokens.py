"""ProConnect's signed tokens, checked before anything they say is believed.

allauth's generic OpenID Connect provider skips the ID token's signature when the token
comes straight from the token endpoint and sends no nonce; ProConnect asks its clients to
check both. Every refusal carries the French sentence shown to the person.
"""

import hmac

import jwt
from allauth.socialaccount.providers.base import ProviderException

# ProConnect signs with RS256 or ES256; anything else (``none``, HMAC with the public key
# as secret) is refused whatever the token's header claims.
ALGORITHMS = ["RS256", "ES256"]
LEEWAY_SECONDS = 30

NO_ID_TOKEN = "ProConnect n'a pas renvoyé de jeton d'identité : connexion refusée."
BAD_SIGNATURE = (
    "La signature du jeton d'identité de ProConnect n'a pas pu être vérifiée : connexion refusée."
)
UNKNOWN_KEY = (
    "Le jeton d'identité est signé par une clé que ProConnect ne publie pas : connexion refusée."
)
BAD_ISSUER = (
    "Le jeton d'identité ne vient pas de ProConnect (émetteur inconnu) : connexion refusée."
)
BAD_AUDIENCE = "Le jeton d'identité n'est pas destiné à Cohorte : connexion refusée."
EXPIRED = "Le jeton d'identité de ProConnect a expiré : recommencez la connexion."
BAD_NONCE = (
    "Le jeton d'identité ne correspond pas à cette demande de connexion (nonce différent) : "
    "recommencez la connexion depuis Cohorte."
)
MALFORMED = "Le jeton d'identité de ProConnect est illisible ou incomplet : connexion refusée."
OTHER_SUBJECT = (
    "Les informations de ProConnect ne concernent pas la personne connectée : connexion refusée."
)
UNVERIFIED_EMAIL = (
    "ProConnect n'a pas vérifié votre adresse électronique : connexion refusée. "
    "Connectez-vous avec votre adresse et votre mot de passe."
)
NO_EMAIL = "ProConnect n'a pas transmis votre adresse électronique : connexion refusée."
OTHER_ISSUER = (
    "La réponse ne vient pas du fournisseur d'identité attendu (paramètre iss) : connexion refusée."
)


class ProConnectRefusal(ProviderException):
    """A sign-in refused because ProConnect's answer failed a check."""

    def __init__(self, public_message: str):
        super().__init__(public_message)
        self.public_message = public_message


def signing_key(token: str, jwks: dict):
    """The key of the provider's JWKS that ``token``'s header names."""
    try:
        kid = jwt.get_unverified_header(token).get("kid")
        keys = jwt.PyJWKSet.from_dict(jwks).keys
    except jwt.PyJWTError as error:
        raise ProConnectRefusal(MALFORMED) from error
    for key in keys:
        if key.key_id == kid and (key.public_key_use in (None, "sig")):
            return key.key
    raise ProConnectRefusal(UNKNOWN_KEY)


def decode_signed(token: str, jwks: dict, issuer: str, client_id: str, require: list[str]) -> dict:
    """The claims of a JWT signed by the provider for this client, else a refusal."""
    try:
        return jwt.decode(
            token,
            signing_key(token, jwks),
            algorithms=ALGORITHMS,
            audience=client_id,
            issuer=issuer,
            leeway=LEEWAY_SECONDS,
            options={"require": require},
        )
    except jwt.InvalidSignatureError as error:
        raise ProConnectRefusal(BAD_SIGNATURE) from error
    except jwt.InvalidIssuerError as error:
        raise ProConnectRefusal(BAD_ISSUER) from error
    except jwt.InvalidAudienceError as error:
        raise ProConnectRefusal(BAD_AUDIENCE) from error
    except jwt.ExpiredSignatureError as error:
        raise ProConnectRefusal(EXPIRED) from error
    except jwt.PyJWTError as error:
        raise ProConnectRefusal(MALFORMED) from error


def verify_id_token(token: str, jwks: dict, issuer: str, client_id: str, nonce: str) -> dict:
    """The ID token's claims once its signature, issuer, audience, expiry and nonce hold."""
    if not token:
        raise ProConnectRefusal(NO_ID_TOKEN)
    claims = decode_signed(
        token, jwks, issuer, client_id, require=["iss", "aud", "exp", "iat", "sub", "nonce"]
    )
    # Without a nonce stored for this sign-in nothing can match: a token replayed or
    # injected into another browser's sign-in is refused.
    if not nonce or not hmac.compare_digest(str(claims["nonce"]), nonce):
        raise ProConnectRefusal(BAD_NONCE)
    return claims


def check_userinfo(userinfo: dict, id_token_claims: dict) -> dict:
    """The agent's claims, once they are about the ID token's agent and give a verified
    address. ProConnect sends no ``email_verified``: its identity providers verify the
    agents' addresses; one that says ``false`` is believed and refused."""
    if userinfo.get("sub") != id_token_claims["sub"]:
        raise ProConnectRefusal(OTHER_SUBJECT)
    if not userinfo.get("email"):
        raise ProConnectRefusal(NO_EMAIL)
    if userinfo.get("email_verified", True) is not True:
        raise ProConnectRefusal(UNVERIFIED_EMAIL)
    return userinfo
