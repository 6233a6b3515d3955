"""What an account's sign-in steps cause in the apps above `baruga.accounts` (docs/architecture.md,
"Layers"): accounts sits below notifications and security and never imports them. Each of those apps
names its function in `settings.ACCOUNT_HOOKS` under the step, and `run` calls them in the listed order,
in the caller's transaction:

- ``second_factor_failed(request, user)``: a wrong second-factor or enrolment code (the detection rule
  on repeated wrong codes, `security.detection`);
- ``two_factor_changed(user, what, code_row)``: an enrolment code issued, an authenticator enrolled or
  the second factor reset (`what`: "issued", "enrolled", "reset"; `code_row` the enrolment code, None
  for a reset): the e-mail to the account's owner (`notifications.accounts`).
"""

from django.conf import settings
from django.utils.module_loading import import_string


def run(step, *args):
    for path in settings.ACCOUNT_HOOKS.get(step, ()):
        import_string(path)(*args)
