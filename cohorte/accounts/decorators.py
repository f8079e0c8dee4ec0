"""View decorators shared by the work areas: sign in first, then hold the permission."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def requires(perm: str):
    """Anonymous visitors go to the login page; signed-in users without ``perm`` get a 403."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


team_required = requires("calls.manage_applications")
director_required = requires("calls.validate_decisions")
configure_required = requires("calls.configure_calls")
