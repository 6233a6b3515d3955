from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "baruga.lib"
    label = "lib"

    def ready(self):
        from django.conf import settings

        from baruga.lib import crypto

        # A configured but malformed data key stops the start (web server and worker alike), instead
        # of the first page that reads personal data failing.
        if settings.BARUGA_DATA_KEYS.strip() or settings.BARUGA_DATA_KEY_FILE:
            crypto.keyring()
