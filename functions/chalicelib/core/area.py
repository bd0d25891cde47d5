"""Core: the API's health and its own description."""

from ..registry import Area

AREA = Area(name="core", routes=("chalicelib.core.routes",))
