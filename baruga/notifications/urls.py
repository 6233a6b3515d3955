from django.urls import path

from baruga.notifications import views

app_name = "notifications"

urlpatterns = [
    path("petugas/notifikasi/", views.centre, name="centre"),
    path("petugas/notifikasi/baca-semua/", views.mark_all_read, name="mark_all_read"),
    path("petugas/notifikasi/<int:pk>/", views.open_notification, name="open"),
    path("petugas/notifikasi/<int:pk>/baca/", views.mark_read, name="mark_read"),
    path("akun/notifikasi/", views.preferences, name="preferences"),
]
