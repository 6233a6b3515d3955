from django.urls import path

from baruga.headapp import views

app_name = "headapp"

urlpatterns = [
    path("", views.home, name="home"),
    path("eskalasi/", views.escalated, name="escalated"),
    path("terlambat/", views.overdue, name="overdue"),
    path("hari-ini/", views.today, name="today"),
    path("offline/", views.offline, name="offline"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("laporan/<str:tracking_id>/", views.detail, name="detail"),
    path("laporan/<str:tracking_id>/setujui/", views.approve, name="approve"),
    path("laporan/<str:tracking_id>/kembalikan/", views.return_response, name="return"),
    path("laporan/<str:tracking_id>/perpanjangan/", views.decide_extension, name="extension"),
]
