"""Map tiles: a page that draws a Leaflet map over the configured tile server (settings.MAP_TILE_URL)
must allow that server in the CSP's img-src. Without a tile server the maps draw place names only."""

from django.conf import settings


def tile_origin():
    url = settings.MAP_TILE_URL
    if not url.startswith(("https://", "http://")):
        return None
    scheme, rest = url.split("://", 1)
    host = rest.split("/", 1)[0].replace("{s}.", "*.")
    return f"{scheme}://{host}"


def allow_tiles(response):
    """Let this response load the tile server's images (what django-csp's csp_update decorator sets)."""
    origin = tile_origin()
    if origin:
        response._csp_update = {"img-src": [origin]}
    return response
