from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "baruga.lib"
    label = "lib"

    def ready(self):
        from django.conf import settings
        from django.core.signals import request_finished, request_started

        from baruga.lib import crypto, refcache

        # One read of the reference version per request (baruga.lib.refcache).
        request_started.connect(refcache.request_started, dispatch_uid="refcache.request_started")
        request_finished.connect(refcache.request_finished, dispatch_uid="refcache.request_finished")

        # A configured but malformed data key stops the start (web server and worker alike), instead
        # of the first page that reads personal data failing.
        if settings.BARUGA_DATA_KEYS.strip() or settings.BARUGA_DATA_KEY_FILE:
            crypto.keyring()
