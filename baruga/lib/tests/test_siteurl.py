import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

from baruga.lib.siteurl import DEVELOPMENT_URL, absolute_url, site_url

ROOT = Path(__file__).resolve().parents[3]


def test_a_configured_site_url_is_used_everywhere(settings):
    settings.SITE_URL = "https://lapor.makassarkota.go.id/"
    request = RequestFactory().get("/", HTTP_HOST="localhost")
    assert site_url() == site_url(request) == "https://lapor.makassarkota.go.id"
    assert absolute_url("/lacak/", request) == "https://lapor.makassarkota.go.id/lacak/"


def test_unset_it_takes_the_request_host(settings):
    settings.SITE_URL = ""
    request = RequestFactory().get("/open311/", HTTP_HOST="localhost:8080", secure=True)
    assert site_url(request) == "https://localhost:8080"
    assert absolute_url("/lacak/", request) == "https://localhost:8080/lacak/"


def test_unset_and_without_a_request_texts_get_the_development_address(settings):
    settings.SITE_URL = ""
    assert site_url() == DEVELOPMENT_URL == "http://127.0.0.1:8000"
    assert absolute_url("/akun/masuk/") == "http://127.0.0.1:8000/akun/masuk/"


def test_the_default_settings_leave_site_url_unset():
    env = {k: v for k, v in os.environ.items() if k != "SITE_URL"}
    code = "import baruga.settings as s; print(repr(s.SITE_URL))"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "''"
