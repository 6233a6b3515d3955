from django.urls import path

from baruga.complaints import views_export, views_public, views_pwa, views_staff

app_name = "complaints"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("manifest.webmanifest", views_pwa.manifest, name="manifest"),
    path("sw.js", views_pwa.service_worker, name="sw"),
    path("lapor/", views_public.file_report, name="file"),
    path("lapor/mirip/", views_public.similar_reports, name="similar"),
    path("lapor/terkirim/<str:tracking_id>/", views_public.receipt, name="receipt"),
    path("lacak/", views_public.track_lookup, name="track_lookup"),
    path("lacak/<str:tracking_id>/", views_public.track, name="track"),
    path("lacak/<str:tracking_id>/<slug:action>/", views_public.reporter_action, name="reporter_action"),
    path("laporan/", views_public.public_list, name="public_list"),
    path("laporan/ekspor/", views_export.public_export, name="public_export"),
    path("laporan/<str:tracking_id>/", views_public.public_detail, name="public_detail"),
    path("laporan/<str:tracking_id>/dukung/", views_public.support, name="support"),
    path("lampiran/<int:pk>/", views_public.attachment, name="attachment"),
    path("lampiran/<int:pk>/kecil/", views_public.attachment_thumbnail, name="attachment_thumbnail"),
    path("laporan-saya/", views_public.my_reports, name="my_reports"),
    path("petugas/", views_staff.inbox, name="inbox"),
    path("petugas/catat/", views_staff.record_report, name="record"),
    path("petugas/ekspor/", views_export.inbox_export, name="inbox_export"),
    path("petugas/saran/", views_staff.suggestion_quality, name="suggestion_quality"),
    path("petugas/laporan/<str:tracking_id>/", views_staff.detail, name="staff_detail"),
    path("petugas/laporan/<str:tracking_id>/identitas/", views_staff.reveal_identity, name="reveal_identity"),
    path("petugas/laporan/<str:tracking_id>/<slug:action>/", views_staff.transition, name="transition"),
]
