"""The background worker: django-tasks-db's `db_worker`, outliving a lost database connection.

    manage.py worker                 # what `db_worker` does, with the same options (make run)

`db_worker` ends on the first `OperationalError` that is not "database is locked" (a PostgreSQL
restart, a fail-over, `pg_terminate_backend`): its loop lets the error out. Here the loop is run
again after a backoff on a fresh connection (baruga.lib.loops). A task the lost connection cut
short is recorded as failed once the database is back; its own work is idempotent (every outbox
row is claimed before it is sent, and the periodic retries find what is still due).
"""

import os

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker

from baruga.lib.loops import DISCONNECTED, Reconnect, logger


class Worker(db_worker.Worker):
    interrupted = None

    def run(self):
        reconnect = Reconnect(f"worker {self.worker_id}", should_stop=lambda: not self.running)
        while self.running:
            try:
                return super().run()
            except DISCONNECTED as exc:
                reconnect.lost(exc)
                self._record_interrupted(exc)

    def run_task(self, db_task_result):
        self.interrupted = db_task_result
        super().run_task(db_task_result)  # lets only a database error out (recording the failure failed)
        self.interrupted = None

    def _record_interrupted(self, exc):
        task_result, self.interrupted = self.interrupted, None
        if task_result is None:
            return
        try:
            task_result.set_failed(exc)
        except DISCONNECTED:
            logger.warning("task %s was cut short and is still marked running", task_result.id)


class Command(db_worker.Command):
    help = "Jalankan tugas latar (db_worker) yang tetap hidup saat koneksi basis data terputus."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, **options):
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        worker = Worker(queue_names=queue_name.split(","), interval=interval, batch=batch,
                        backend_name=backend_name, startup_delay=startup_delay, max_tasks=max_tasks,
                        worker_id=worker_id)
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
