"""Root URLs: public site, back office, health check."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from .health import healthz
from .security_txt import security_txt

# One way in for everyone: the admin's own login form would skip allauth's rate limits,
# e-mail verification and second factor, so it sends to /compte/login/ instead.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(".well-known/security.txt", security_txt, name="security_txt"),
    path("admin/", admin.site.urls),
    path("compte/", include("allauth.urls")),
    path("installation/", include("cohorte.programmes.setup_urls")),
    path("mon-espace/", include("cohorte.accounts.urls")),
    path("", include("cohorte.campaigns.urls")),
    path("appels/", include("cohorte.calls.urls")),
    path("gestion/reseau/", include("cohorte.accounts.link_urls")),
    # The network's pages were once at the name of EIG's: the team's bookmarks still lead there.
    re_path(
        r"^gestion/eig-link/(?P<rest>.*)$",
        RedirectView.as_view(url="/gestion/reseau/%(rest)s", permanent=True),
    ),
    path("gestion/parametres/", include("cohorte.programmes.settings_urls")),
    path("gestion/modeles/", include("cohorte.notifications.urls")),
    path("gestion/parametres/modele/", include("cohorte.programmes.template_urls")),
    path("gestion/projets/", include("cohorte.projects.decision_urls")),
    path("gestion/administrations/", include("cohorte.projects.membership_urls")),
    path("projets/", include("cohorte.projects.urls")),
    path("instruction/", include("cohorte.projects.instruction_urls")),
    path("jurys/defis/", include("cohorte.projects.jury_urls")),
    path("", include("cohorte.recruitment.urls")),
    path("bulletins/", include("cohorte.bulletins.urls")),
    path("", include("cohorte.events.urls")),
    path("", include("cohorte.followup.urls")),
    path("", include("cohorte.alumni.urls")),
    path("", include("cohorte.outcomes.urls")),
    path("", include("cohorte.surveys.urls")),
    path("", include("cohorte.newsletter.urls")),
    path("", include("cohorte.editorial.urls")),
    path("", include("cohorte.sitepages.urls")),
    path("", include("cohorte.impact.urls")),
    path("", include("cohorte.contributions.urls")),
    path("gestion/", include("cohorte.calls.team_urls")),
    path("evaluation/", include("cohorte.reviews.urls")),
    path("jurys/", include("cohorte.selection.urls")),
    path("api/", include("cohorte.api.urls")),
    path("donnees/", include("cohorte.opendata.urls")),
    path("", include("cohorte.public.urls")),
]

handler400 = "cohorte.public.views.errors.bad_request"
handler403 = "cohorte.public.views.errors.permission_denied"
handler404 = "cohorte.public.views.errors.page_not_found"
handler500 = "cohorte.public.views.errors.server_error"

if settings.DEBUG:
    import re

    from django.urls import re_path

    from .media import serve_public_media

    # Public images only: uploads go through the permission-checked download views.
    urlpatterns += [
        re_path(rf"^{re.escape(settings.MEDIA_URL.lstrip('/'))}(?P<path>.*)$", serve_public_media)
    ]
