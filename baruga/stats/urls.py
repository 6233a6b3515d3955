from django.urls import path

from baruga.stats import views, views_performance

app_name = "stats"
urlpatterns = [
    path("petugas/kinerja/", views_performance.performance, name="performance"),
    path("petugas/statistik/", views.index, name="index"),
    path("petugas/statistik/saya/", views.home, name="home"),
    path("petugas/statistik/<slug:kind>/<str:key>/", views.dashboard, name="dashboard"),
    path("petugas/statistik/<slug:kind>/<str:key>/laporan-bulanan.pdf", views.monthly_pdf, name="pdf"),
    path("petugas/statistik/<slug:kind>/<str:key>/unduh/<slug:table>.<slug:fmt>", views.export, name="export"),
    path("statistik/", views.public_index, name="public_index"),
    path("statistik/opd/<int:pk>/", views.public_agency, name="public_agency"),
    path("statistik/<str:code>/", views.public_jurisdiction, name="public_jurisdiction"),
]
