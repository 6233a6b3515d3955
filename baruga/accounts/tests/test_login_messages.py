"""A wrong password is said plainly, with the tries left before the lock-out; the lock-out page tells
a citizen what to do next."""

from baruga.accounts.tests.helpers import password_login

WRONG = "bukan-kata-sandinya-9"


def _errors(response):
    return response.content.decode()


def test_a_wrong_password_says_so_once_without_repeating_words(client, cast):
    text = _errors(password_login(client, "ayu", password=WRONG))
    assert "Nama pengguna atau kata sandi salah." in text
    assert "nama pengguna nama pengguna" not in text.lower()


def test_each_failure_says_how_many_tries_are_left(client, cast):
    texts = [_errors(password_login(client, "ayu", password=WRONG)) for _ in range(4)]
    for left, text in zip([4, 3, 2, 1], texts, strict=True):
        assert f"Sisa {left} kali percobaan lagi sebelum akses masuk dikunci selama 15 menit." in text


def test_an_unknown_username_counts_down_the_same_way(client, cast):
    text = _errors(password_login(client, "tidak-ada-orangnya", password=WRONG))
    assert "Nama pengguna atau kata sandi salah." in text and "Sisa 4 kali percobaan" in text


def test_the_tries_left_follow_the_setting(client, cast, settings):
    settings.AXES_FAILURE_LIMIT = 3
    assert "Sisa 2 kali percobaan" in _errors(password_login(client, "ayu", password=WRONG))


def test_the_lock_out_page_tells_a_citizen_what_to_do(client, cast):
    for _ in range(5):
        response = password_login(client, "ayu", password=WRONG)
    text = response.content.decode()
    assert response.status_code == 429
    assert "Tunggu 15 menit, lalu masuk lagi." in text
    assert 'href="/akun/kata-sandi/lupa/"' in text
    assert 'name="tracking_id"' in text  # track a report without signing in
    assert "hubungi admin Baruga" not in text
    assert 'aria-label="Menu utama"' in text


def test_the_login_form_says_kata_sandi_like_the_rest_of_the_site(client, db):
    assert '<label for="id_password">Kata sandi' in client.get("/akun/masuk/").content.decode()
