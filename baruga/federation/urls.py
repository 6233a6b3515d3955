from django.urls import path

from baruga.federation import views

app_name = "federation"

urlpatterns = [
    path("kotak-masuk/", views.receive, name="inbox"),
    path("pasangan/", views.pair, name="pair"),
    path("kunci/", views.keys, name="keys"),
]
