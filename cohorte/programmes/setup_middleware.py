"""Until a new instance is set up, every page but the setup says that it is needed."""

from . import setup

# The setup itself, the sign-in (its last step needs the team account), assets, health.
OPEN_PREFIXES = ("/installation/", "/compte/", "/static/", "/healthz", "/.well-known/")


class SetupRequiredMiddleware:
    """Answers "setup needed" (503) on every page of an instance not yet set up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(OPEN_PREFIXES) and setup.setup_needed():
            from .setup_views import setup_needed_page

            return setup_needed_page(request)
        return self.get_response(request)
