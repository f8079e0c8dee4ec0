from django.urls import path

from .views import errors

app_name = "public"
urlpatterns = [
    path("", errors.page_not_found, name="home"),
]
