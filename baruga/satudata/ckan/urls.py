"""CKAN action API and DCAT URLs, mounted at the site root (before /api/'s catch-all)."""

from django.urls import path, re_path

from baruga.satudata import dcat
from baruga.satudata.ckan import views

app_name = "satudata_ckan"

urlpatterns = [
    path("api/3/action/<str:name>", views.action, name="action"),
    re_path(r"^api/(?:3/)?action/(?P<name>[^/]*)/?$", views.action),
    path("catalog.<str:fmt>", dcat.catalog, name="catalog"),
    path("dataset/<slug:name>.<str:fmt>", dcat.dataset, name="dcat_dataset"),
]
