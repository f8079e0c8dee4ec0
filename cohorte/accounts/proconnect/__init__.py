"""Sign-in with ProConnect, the State agents' OpenID Connect federation."""
