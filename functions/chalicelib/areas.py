"""The list of areas: the one line a new area adds (see docs/adding-an-area.md).

The order is the order of the contact form's permissions and e-mail kinds; the menu
has its own order (each entry's `order`).
"""

from importlib import import_module

from . import registry

AREAS = (
    "core",
    "accounts",
    "services",
    "domains",
    "billing",
    "tickets",
    "affiliates",
    "mail",
    "activity",
    "jobs",
    "dashboard",
    "kb",
    "downloads",
    "staff",
)


def load() -> list[registry.Area]:
    """Read every area's descriptor into the registry (idempotent, cheap: descriptors
    are data, they import no route or model)."""
    found = [import_module(f"{__package__}.{name}.area").AREA for name in AREAS]
    registry.install(found)
    return found
