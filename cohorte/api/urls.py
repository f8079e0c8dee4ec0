"""/api/v1/: the public read-only API, its OpenAPI document and its documentation."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView

from . import docs
from .endpoints import ENDPOINTS
from .errors import not_found
from .views import VIEWS

BY_NAME = {endpoint.name: endpoint for endpoint in ENDPOINTS}

app_name = "api"
urlpatterns = [
    path("v1/openapi.json", SpectacularJSONAPIView.as_view(), name="openapi"),
    path("v1/docs", docs.documentation, name="docs"),
]
for name, (list_view, detail_view) in VIEWS.items():
    lookup = BY_NAME[name].lookup
    urlpatterns += [
        path(f"v1/{name}/", list_view.as_view(), name=f"{name}_list"),
        path(f"v1/{name}/<str:{lookup}>/", detail_view.as_view(), name=f"{name}_detail"),
    ]
urlpatterns.append(re_path(r"^.*$", not_found))
