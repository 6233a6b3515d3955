"""Approximate centres (latitude, longitude) of South Sulawesi's regencies/cities (Kemendagri codes),
used to name places on the maps (dashboards, the filing form) when no tile server is configured."""

from baruga.directory.models import Jurisdiction, Level

CENTRES = {
    "73": (-4.0, 120.0),
    "73.01": (-6.12, 120.46),
    "73.02": (-5.55, 120.19),
    "73.03": (-5.48, 119.95),
    "73.04": (-5.68, 119.74),
    "73.05": (-5.43, 119.45),
    "73.06": (-5.21, 119.46),
    "73.07": (-5.13, 120.25),
    "73.08": (-4.54, 120.33),
    "73.09": (-5.01, 119.58),
    "73.10": (-4.83, 119.55),
    "73.11": (-4.42, 119.63),
    "73.12": (-4.35, 119.89),
    "73.13": (-4.13, 120.03),
    "73.14": (-3.93, 119.84),
    "73.15": (-3.79, 119.65),
    "73.16": (-3.57, 119.80),
    "73.17": (-3.33, 120.19),
    "73.18": (-3.06, 119.86),
    "73.22": (-2.57, 120.36),
    "73.24": (-2.55, 120.96),
    "73.26": (-2.97, 119.91),
    "73.71": (-5.14, 119.42),
    "73.72": (-4.01, 119.62),
    "73.73": (-2.99, 120.20),
}


def map_places():
    """The active regencies/cities with a known centre, for the filing form's map: name, id, lat, lon."""
    rows = Jurisdiction.objects.filter(is_active=True, level__in=(Level.REGENCY, Level.CITY), code__in=CENTRES)
    return sorted(({"id": j.pk, "name": j.short_name or j.name, "lat": CENTRES[j.code][0], "lon": CENTRES[j.code][1]}
                   for j in rows), key=lambda place: place["name"])
