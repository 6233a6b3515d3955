from django.urls import path

from baruga.ppid import views_export, views_public, views_staff

app_name = "ppid"

urlpatterns = [
    path("", views_public.home, name="home"),
    path("mohon/", views_public.file_request, name="file"),
    path("mohon/terkirim/<str:number>/", views_public.receipt, name="receipt"),
    path("lacak/", views_public.track_lookup, name="track_lookup"),
    path("lacak/<str:number>/", views_public.track, name="track"),
    path("lacak/<str:number>/keberatan/", views_public.objection, name="objection"),
    path("dokumen/<str:token>/", views_public.document, name="document"),
    path("dip/", views_public.dip_list, name="dip"),
    path("dip/dokumen/<int:pk>/", views_public.dip_document, name="dip_document"),
    path("petugas/", views_staff.inbox, name="inbox"),
    path("petugas/ekspor/", views_export.inbox_export, name="inbox_export"),
    path("petugas/konversi/", views_staff.convert_lookup, name="convert_lookup"),
    path("petugas/konversi/<str:tracking_id>/", views_staff.convert, name="convert"),
    path("petugas/permohonan/<str:number>/", views_staff.detail, name="staff_detail"),
    path("petugas/permohonan/<str:number>/<slug:action>/", views_staff.transition, name="transition"),
    path("laporan-tahunan/", views_staff.annual_report, name="annual_report"),
]
