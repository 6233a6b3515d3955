from django.urls import path

from baruga.security import views

app_name = "security"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("peristiwa/<int:pk>/tandai/", views.acknowledge, name="acknowledge"),
    path("buka-kunci/", views.unlock, name="unlock"),
    path("insiden/baru/", views.incident_new, name="incident_new"),
    path("insiden/<int:pk>/", views.incident_detail, name="incident"),
]
