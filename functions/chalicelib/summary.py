"""Each client's summary item: the counts the dashboard shows, kept by the areas.

An area changes its count in the same transaction as the change it counts
(`adjust(tx, client_id, contacts=+1)`), so the dashboard reads one item instead of
counting every area's items: its cost stays the same as areas are added. The counts are
attributes `n_<name>` of the item CLIENT#<id> / SUMMARY; an area names its own counts.
"""

from pynamodb.attributes import NumberAttribute
from pynamodb.expressions.operand import Path

from .db import Item, client_pk


class Summary(Item, discriminator="summary"):
    @staticmethod
    def key(client_id: str) -> tuple[str, str]:
        return client_pk(client_id), "SUMMARY"


def _count(name: str) -> Path:
    return Path(NumberAttribute(attr_name=f"n_{name}"))


def adjust(tx, client_id: str, **deltas: int) -> None:
    """Add each delta to its count, inside the caller's transaction."""
    actions = [Summary.kind.set(Summary)]  # the item may not exist yet: say what it is
    actions += [_count(name).add(delta) for name, delta in deltas.items()]
    tx.update(Summary(*Summary.key(client_id)), actions=actions)


def read(client_id: str) -> dict[str, int]:
    """Every count of a client ({} before its first change): one GetItem."""
    pk, sk = Summary.key(client_id)
    found = Summary._get_connection().get_item(pk, sk).get("Item") or {}
    return {name[2:]: int(value["N"]) for name, value in found.items()
            if name.startswith("n_") and "N" in value}


def count(counts: dict[str, int], name: str, recount=None) -> int:
    """One count; `recount()` answers for a client whose summary predates that count."""
    if name in counts:
        return counts[name]
    return recount() if recount else 0
