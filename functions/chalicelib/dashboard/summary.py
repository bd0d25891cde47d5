"""The dashboard's figures: one part from each area, each only for who may see it.

A part the signed-in person may not see (a contact without that permission) is left out
of the answer, and so is the request that would fetch it. The budget is three table
requests in all (the session lookup, the client's summary item, the latest e-mails),
however many areas there are: an area keeps its counts on the client's summary item
(chalicelib/summary.py) inside its own transactions instead of counting here.
"""

from .. import registry
from ..summary import read


def summary(principal) -> dict:
    person = principal.person
    answer = {"me": {"first_name": person.first_name, "last_name": person.last_name,
                     "role": principal.kind, "permissions": list(principal.permissions)}}
    counts = read(principal.client_id)
    for _area, part in registry.dashboard_parts():
        answer.update(part(principal, counts))
    return answer
