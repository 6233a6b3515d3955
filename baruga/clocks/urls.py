from django.urls import path

from baruga.clocks import views

app_name = "clocks"

urlpatterns = [
    path("petugas/kinerja/", views.performance, name="performance"),
]
