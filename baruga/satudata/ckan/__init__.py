"""CKAN action API compatibility for Satu Data (docs/satudata.md, "API").

`views.action` dispatches `/api/3/action/<name>` to `actions.ACTIONS`; `dicts` builds CKAN's dataset,
resource, organization and group dicts; `query` parses package_search's q/fq/sort; `errors` holds CKAN's
error types. Writes go through `baruga.satudata.actions` (permissions, history and audit live there).
"""
