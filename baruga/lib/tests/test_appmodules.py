"""`app_modules` (baruga/lib/appmodules.py): an app takes part by having the module, in INSTALLED_APPS order."""

from django.conf import settings
from django.test import override_settings

from baruga.lib.appmodules import app_modules


def test_the_apps_having_the_module_are_found_in_installed_apps_order():
    names = [module.__name__ for module in app_modules("open_data")]
    # lib is an installed app too: its open_data module (the contract, no DATASETS) is found like the others
    assert names == ["baruga.lib.open_data", "baruga.ppid.open_data", "baruga.indicators.open_data",
                     "baruga.stats.open_data", "baruga.spbe.open_data"]


def test_an_app_without_the_module_is_left_out_and_a_name_nobody_has_finds_nothing():
    assert "baruga.complaints.open_data" not in [m.__name__ for m in app_modules("open_data")]
    assert app_modules("no_app_has_this_module") == ()


def test_a_change_of_installed_apps_is_seen():
    everything = [m.__name__ for m in app_modules("personal_data")]
    assert "baruga.ppid.personal_data" in everything
    installed = [name for name in settings.INSTALLED_APPS
                 if name not in ("baruga.ppid", "baruga.ppid.apps.PpidConfig")]
    with override_settings(INSTALLED_APPS=installed):
        assert "baruga.ppid.personal_data" not in [m.__name__ for m in app_modules("personal_data")]
