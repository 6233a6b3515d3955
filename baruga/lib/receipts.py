"""The guest's private link, shown once on the receipt page of the browser that filed.

Only the secret's hash is stored with the report or request; the secret itself lives in the
filing browser's session until the receipt shows it. Shared by complaints and PPID.
"""

from django.urls import reverse

SESSION_KEY = "baruga_receipts"


def remember(request, reference, secret):
    receipts = request.session.get(SESSION_KEY, {})
    receipts[reference] = secret
    request.session[SESSION_KEY] = receipts


def recall(request, reference):
    return request.session.get(SESSION_KEY, {}).get(reference)


def follow_url(request, url_name, reference, secret):
    """The absolute private link to the follow page `url_name` of `reference`."""
    return request.build_absolute_uri(reverse(url_name, args=[reference]) + f"?k={secret}")
