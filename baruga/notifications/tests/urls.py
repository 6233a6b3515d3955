"""The site's URLs plus the notifications router on its own test API (baruga/api.py mounts it for real)."""

from django.urls import path
from ninja import NinjaAPI

from baruga import api_errors
from baruga.notifications.api import router
from baruga.urls import urlpatterns as site

api = NinjaAPI(urls_namespace="notifications-test-api")
api_errors.register(api)
api.add_router("/", router)

urlpatterns = [path("api/v1/", api.urls), *site]
