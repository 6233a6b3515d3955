from django.urls import path

from baruga.spbe import views

app_name = "spbe"

urlpatterns = [
    path("", views.public, name="public"),
    path("petugas/", views.staff_list, name="staff_list"),
    path("petugas/<int:pk>/", views.detail, name="detail"),
    path("petugas/<int:pk>/indikator/<str:code>/", views.indicator, name="indicator"),
    path("petugas/<int:pk>/data-dukung/<int:evidence_id>/", views.evidence, name="evidence"),
    path("petugas/<int:pk>/unduh/<str:fmt>/", views.export, name="export"),
    path("petugas/<int:pk>/<slug:action>/", views.move, name="move"),
]
