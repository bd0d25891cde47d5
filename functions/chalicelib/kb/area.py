"""Knowledge base: the "¿Fue útil la respuesta?" votes under each article (the articles
themselves are the help site's static pages)."""

from ..registry import Area

AREA = Area(name="kb", routes=("chalicelib.kb.routes",))
