"""The regency/city centres live in the directory (`baruga.directory.places`): the filing form's map names
places too."""

from baruga.directory.places import CENTRES  # noqa: F401
