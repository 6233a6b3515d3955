from django.urls import path, re_path

from baruga.open311 import views

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})$"
PREFIX = r"^(?P<code>[0-9.]{1,13})/v2/"

urlpatterns = [
    re_path(PREFIX + "discovery" + FMT, views.discovery, name="discovery"),
    re_path(PREFIX + "services" + FMT, views.service_list, name="services"),
    re_path(PREFIX + r"services/(?P<service_code>[-\w]{1,50})" + FMT, views.service_definition, name="service"),
    re_path(PREFIX + "requests" + FMT, views.requests_collection, name="requests"),
    re_path(PREFIX + r"requests/(?P<service_request_id>[-\w]{1,30})" + FMT, views.request_detail, name="request"),
    re_path(PREFIX + r"tokens/(?P<token>[-\w]{1,40})" + FMT, views.token, name="token"),
    re_path(PREFIX + "servicerequestupdates" + FMT, views.updates, name="updates"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
