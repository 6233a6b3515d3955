from django.urls import path

from baruga.dissemination import feeds, views_public, views_staff

app_name = "dissemination"

urlpatterns = [
    # The public newsroom
    path("siaran-pers/", views_public.newsroom, name="list"),
    path("siaran-pers/rss/", feeds.NewsroomRss(), name="rss"),
    path("siaran-pers/atom/", feeds.NewsroomAtom(), name="atom"),
    path("siaran-pers/feed.json", feeds.json_feed, name="json_feed"),
    path("siaran-pers/langganan/", views_public.subscribe, name="subscribe"),
    path("siaran-pers/langganan/terkirim/", views_public.subscribe_sent, name="subscribe_sent"),
    path("siaran-pers/langganan/konfirmasi/<str:token>/", views_public.confirm, name="confirm"),
    path("siaran-pers/langganan/berhenti/<str:token>/", views_public.unsubscribe, name="unsubscribe"),
    path("siaran-pers/lampiran/<int:pk>/", views_public.attachment, name="attachment"),
    path("siaran-pers/<slug:slug>/", views_public.detail, name="detail"),
    # Communications staff
    path("humas/", views_staff.index, name="index"),
    path("humas/publikasi/baru/", views_staff.publication_new, name="publication_new"),
    path("humas/publikasi/<int:pk>/", views_staff.publication, name="publication"),
    path("humas/publikasi/<int:pk>/ubah/", views_staff.publication_edit, name="publication_edit"),
    path("humas/publikasi/<int:pk>/penayangan/", views_staff.placement_add, name="placement_add"),
    path("humas/publikasi/<int:pk>/<slug:action>/", views_staff.transition, name="transition"),
    path("humas/penayangan/<int:pk>/jangkauan/", views_staff.reach_update, name="reach_update"),
    path("humas/penayangan/<int:pk>/bukti/", views_staff.proof, name="proof"),
    path("humas/penayangan/impor/", views_staff.reach_import, name="reach_import"),
    path("humas/mitra/", views_staff.partners, name="partners"),
    path("humas/mitra/baru/", views_staff.partner_new, name="partner_new"),
    path("humas/mitra/<int:pk>/", views_staff.partner, name="partner"),
    path("humas/mitra/<int:pk>/kontrak/", views_staff.contract_add, name="contract_add"),
    path("humas/mitra/<int:pk>/laporan/", views_staff.partner_report, name="partner_report"),
    path("humas/mitra/<int:pk>/bukti-verifikasi/", views_staff.verification_evidence, name="verification_evidence"),
    path("humas/indikator/", views_staff.indicators, name="indicators"),
]
