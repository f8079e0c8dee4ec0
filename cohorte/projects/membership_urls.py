"""The team's pages for administration accounts: requests to join, e-mail domains
(/gestion/administrations/)."""

from django.urls import path

from .views import memberships

app_name = "memberships"
urlpatterns = [
    path("", memberships.requests, name="requests"),
    path("demandes/<int:pk>/accepter/", memberships.approve, name="approve"),
    path("demandes/<int:pk>/refuser/", memberships.refuse, name="refuse"),
    path("<int:org_id>/", memberships.organisation, name="organisation"),
    path(
        "<int:org_id>/domaines/<int:pk>/retirer/",
        memberships.remove_domain,
        name="remove_domain",
    ),
]
