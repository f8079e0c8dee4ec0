"""The site's URLs with the e-mail template editor mounted where the lead mounts it."""

from django.urls import include, path

from cohorte.urls import handler404, handler500  # noqa: F401
from cohorte.urls import urlpatterns as site

urlpatterns = [path("gestion/modeles/", include("cohorte.notifications.urls")), *site]
