"""The login history (`LoginRecord`): every sign-in step, successful or not, of an existing account."""

from baruga.accounts.backends import account_for
from baruga.accounts.models import LoginRecord
from baruga.lib.clientip import client_network

USER_AGENT_LENGTH = 120


def _short_agent(request):
    agent = (request.META.get("HTTP_USER_AGENT") or "") if request is not None else ""
    return agent[:USER_AGENT_LENGTH]


def record(request, user, *, success, method=LoginRecord.Method.PASSWORD):
    return LoginRecord.objects.create(user=user, success=success, method=method, ip=client_network(request),
                                      user_agent=_short_agent(request))


def record_failed_password(request, username):
    """A wrong password for an existing account shows in its owner's history; unknown names are not kept."""
    if not username:
        return None
    user = account_for(username)
    if user is None:
        return None
    return record(request, user, success=False)


def recent(user, limit=50):
    return LoginRecord.objects.filter(user=user)[:limit]
