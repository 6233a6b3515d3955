"""Who filed an anonim report is opened only by the audited reveal: the read-only report admin does
not name the account that filed it (it does for a named report)."""

from django.urls import reverse

from baruga.accounts.models import User
from conftest import PASSWORD


def test_the_report_admin_does_not_name_the_account_behind_an_anonim_report(client, cast, file_report):
    anonymous = file_report(is_anonymous=True, contact_name="", contact_email="", contact_phone="")
    named = file_report(title="Trotoar rusak di Jl. Andi Djemma")
    client.force_login(User.objects.create_superuser("root", "root@contoh.id", PASSWORD))

    page = client.get(reverse("admin:complaints_report_change", args=[anonymous.pk]))
    assert page.status_code == 200 and anonymous.tracking_id in page.text
    assert ">ayu<" not in page.text and "Ayu" not in page.text
    named_page = client.get(reverse("admin:complaints_report_change", args=[named.pk]))
    assert ">ayu<" in named_page.text
