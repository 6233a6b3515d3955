from django import template

from baruga.complaints.models import State
from baruga.federation.models import Direction, FederatedReport, ImportedEvent

register = template.Library()


@register.simple_tag
def federation_links(report, *, staff=False):
    """The report's federation links, with the state label; for staff also the imported history."""
    links = list(FederatedReport.objects.filter(report=report).select_related("peer").order_by("created_at"))
    for link in links:
        link.is_outgoing = link.direction == Direction.OUTGOING
        link.remote_state_label = State(link.remote_state).label if link.remote_state in State.values else ""
        link.is_finished = link.remote_state == State.FINISHED
    result = {"outgoing": [l for l in links if l.is_outgoing], "incoming": [l for l in links if not l.is_outgoing]}
    if staff:
        result["imported"] = list(ImportedEvent.objects.filter(report=report))
    return result
