from django.urls import path

from . import views

# The addresses allauth's generic OpenID Connect provider used for ProConnect: the
# redirect URI registered with ProConnect stays the same.
urlpatterns = [
    path("oidc/proconnect/login/", views.login, name="proconnect_login"),
    path("oidc/proconnect/login/callback/", views.callback, name="proconnect_callback"),
]
