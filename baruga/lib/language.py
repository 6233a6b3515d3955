"""Bahasa Indonesia unless the visitor chose another language.

Baruga is an Indonesian public service: a phone set to English still gets Indonesian pages. Only
the language switch (`set_language`, remembered in the language cookie) changes that. Django's
LocaleMiddleware would follow the browser's Accept-Language header; this one ignores it.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request):
    """The language picked with the switch, if it is one we offer; otherwise LANGUAGE_CODE."""
    code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if code:
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """LocaleMiddleware without Accept-Language: the cookie or Bahasa Indonesia."""

    def process_request(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No i18n URL prefixes and no Accept-Language: nothing to redirect and no Vary to add.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
