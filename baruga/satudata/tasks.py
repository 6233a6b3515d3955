"""Background work of Satu Data (run by the worker: `manage.py worker`), defined beside the code it runs:

- `harvest.harvest_source_task`: harvest one catalogue (enqueued by the clock sweep when due);
- `loading.load_datastore_task`: load an uploaded table into the datastore (enqueued by every upload).

Both are named here too, so that tasks queued under `baruga.satudata.tasks.<name>` are still found.
"""

from baruga.satudata.harvest import harvest_source_task
from baruga.satudata.loading import load_datastore_task

__all__ = ["harvest_source_task", "load_datastore_task"]
