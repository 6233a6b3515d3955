"""Configuration errors of the security settings, reported by `manage.py check`."""

from django.conf import settings
from django.core.checks import Error, register

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
