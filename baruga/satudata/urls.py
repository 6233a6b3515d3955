from django.urls import path

from baruga.satudata import views_public, views_staff

app_name = "satudata"

urlpatterns = [
    # Public portal (mounted at /data/)
    path("", views_public.search, name="search"),
    path("dataset/<slug:name>/", views_public.dataset, name="dataset"),
    path("dataset/<slug:name>/sumber/<uuid:resource_id>/", views_public.resource, name="resource"),
    path("dataset/<slug:name>/sumber/<uuid:resource_id>/unduh/", views_public.download, name="download"),
    path("dataset/<slug:name>/sumber/<uuid:resource_id>/versi/<int:number>/unduh/", views_public.download,
         name="download_version"),
    path("dataset/<slug:name>/sumber/<uuid:resource_id>/tabel.<str:fmt>", views_public.export, name="export"),
    # Staff pages (produsen data, walidata, pembina data)
    path("petugas/", views_staff.inbox, name="staff_inbox"),
    path("petugas/baru/", views_staff.create, name="staff_create"),
    path("petugas/indikator/", views_staff.indicator, name="staff_indicator"),
    path("petugas/<uuid:pk>/", views_staff.detail, name="staff_detail"),
    path("petugas/<uuid:pk>/ubah/", views_staff.edit, name="staff_edit"),
    path("petugas/<uuid:pk>/unggah/", views_staff.add_resource, name="staff_add_resource"),
    path("petugas/<uuid:pk>/sumber/<uuid:resource_id>/", views_staff.resource, name="staff_resource"),
    path("petugas/<uuid:pk>/tindakan/<str:action>/", views_staff.act, name="staff_act"),
]
