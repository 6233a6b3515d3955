from django.urls import path

from baruga.intake import views

app_name = "intake"

# Machine endpoints for providers (docs/channels.md), not pages.
urlpatterns = [
    path("gateway/", views.gateway, name="gateway"),
    path("whatsapp/", views.whatsapp, name="whatsapp"),
    path("sms/", views.sms, name="sms"),
    path("email/", views.email_pipe, name="email"),
]
