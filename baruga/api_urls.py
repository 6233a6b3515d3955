from django.urls import path, re_path

from baruga.api import api
from baruga.api_errors import unmatched_path

urlpatterns = [path("v1/", api.urls), re_path(r"^(?P<path>.*)$", unmatched_path)]
