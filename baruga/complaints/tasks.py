"""Background work of the complaint service (run by the worker: `manage.py worker`).

The reporter's receipt e-mail is no longer a task of its own: every public history entry,
the submission included, queues an e-mail in the notifications outbox
(`baruga.complaints.notices.on_report_event`), delivered by
`baruga.notifications.tasks.deliver_outbox_message`.
"""
