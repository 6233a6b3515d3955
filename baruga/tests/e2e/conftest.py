"""The browser fixtures of the complaints end-to-end tests, shared (one Chromium for this package)."""

from baruga.complaints.tests.e2e.conftest import browser, new_context, page  # noqa: F401
