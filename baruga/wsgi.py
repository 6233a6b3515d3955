import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "baruga.settings")
application = get_wsgi_application()

# Load the URL configuration now (every view module, the API routers and their schemas) instead of on
# the first request, then move everything loaded so far, which lives as long as the process, out of the
# garbage collector's generations: a full collection, set off by a request that builds many objects,
# then does not walk all of it again. A 1,000-dataset CKAN page spent up to 58 ms in one such collection
# (figures: docs/satudata.md, "Performance"). Under gunicorn --preload this runs in the master before
# the fork, which also keeps those pages shared between the workers.
get_resolver().reverse_dict  # populates the resolver: imports every URLconf
gc.freeze()
