"""The browser fixtures of the complaint tests (one headless Debian Chromium for this package)."""

from baruga.complaints.tests.e2e.conftest import axe_check, browser, login, new_context, page  # noqa: F401
