from django.urls import path

from baruga.audit import views

app_name = "audit"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("verifikasi/", views.verify, name="verify"),
]
