from django.urls import path

from baruga.api import api

urlpatterns = [path("v1/", api.urls)]
