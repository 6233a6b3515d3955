from django.urls import path

from baruga.indicators import views

app_name = "indicators"

urlpatterns = [
    path("petugas/kinerja-program/", views.matrix, name="matrix"),
    path("petugas/kinerja-program/ekspor.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("petugas/kinerja-program/ekspor.pdf", views.export, {"fmt": "pdf"}, name="export_pdf"),
    path("petugas/kinerja-program/hitung-ulang/", views.recompute, name="recompute"),
    path("petugas/kinerja-program/verifikasi/", views.queue, name="queue"),
    path("petugas/kinerja-program/nilai/<int:pk>/bukti/", views.evidence, name="evidence"),
    path("petugas/kinerja-program/nilai/<int:pk>/<slug:decision>/", views.decide, name="decide"),
    path("petugas/kinerja-program/<slug:code>/<str:jurisdiction_code>/", views.detail, name="detail"),
    path("petugas/kinerja-program/<slug:code>/<str:jurisdiction_code>/isi/", views.enter, name="enter"),
    path("petugas/kinerja-program/<slug:code>/<str:jurisdiction_code>/target/", views.target, name="target"),
    path("petugas/kinerja-program/<slug:code>/<str:jurisdiction_code>/ubah/", views.edit_indicator, name="edit"),
    path("kinerja-program/", views.public_index, name="public_index"),
    path("kinerja-program/<slug:code>/", views.public_program, name="public_program"),
]
