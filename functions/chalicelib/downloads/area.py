"""Downloads (Descargas): short-lived links to files for signed-in customers."""

from ..registry import Area

AREA = Area(name="downloads", routes=("chalicelib.downloads.routes",))
