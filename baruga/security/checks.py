"""Configuration errors of the security settings, reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Error, Warning, register

from baruga.security.keys import BackupError, parse_keys


@register()
def backup_key_format(app_configs, **kwargs):
    """A malformed BACKUP_KEY would only show when the nightly backup fails: say so at start-up."""
    text = getattr(settings, "BACKUP_KEY", "") or ""
    if not text.strip():
        return []
    try:
        parse_keys(text, source="BACKUP_KEY")
    except BackupError as exc:
        return [Error(str(exc), hint="Buat kunci dengan `manage.py backup --generate-key`.", id="security.E001")]
    return []


@register(deploy=True)
def site_url_set(app_configs, **kwargs):
    """Without SITE_URL, texts written outside a request (e-mails, federation pairing) link to the
    development address; answers to a request take its host (`baruga.lib.siteurl`)."""
    if (getattr(settings, "SITE_URL", "") or "").strip():
        return []
    return [Warning("SITE_URL belum diatur: tautan di e-mail dan pemasangan federasi akan menunjuk ke "
                    "http://127.0.0.1:8000.", hint="Set SITE_URL=https://<host layanan> (docs/deploy.md).",
                    id="security.W002")]
