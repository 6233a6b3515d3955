"""The module of a given name in every installed app, found the way the admin finds `admin.py`.

An app takes part in a cross-app feature by having the module (`open_data.py`, `personal_data.py`,
`indicator_formulas.py`, `demo.py`), so the app that runs the feature imports none of them by name and the
layers hold (docs/architecture.md "Layers"). The order is INSTALLED_APPS's.
"""

import functools
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def app_modules(name):
    """The installed apps' `<app>.<name>` modules, in INSTALLED_APPS order."""
    # Keyed by the installed apps too, so a test that changes INSTALLED_APPS sees its own set.
    return _app_modules(name, tuple(config.name for config in apps.get_app_configs()))


@functools.cache
def _app_modules(name, app_names):
    return tuple(import_module(f"{config.name}.{name}") for config in apps.get_app_configs()
                 if module_has_submodule(config.module, name))
