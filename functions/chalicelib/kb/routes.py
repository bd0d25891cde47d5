"""/kb/{slug}/votes: the "¿Fue útil la respuesta?" box under each article."""

from .. import context, throttle
from ..api import PUBLIC, Answer, Routes
from ..config import settings
from ..http import cookie_header, cookies
from . import votes

bp = Routes(__name__)


def _visitor(request) -> str | None:
    value = cookies(request).get(votes.VISITOR_COOKIE)
    return value if votes.valid_visitor(value) else None


@bp.operation("GET", "/kb/{slug}/votes", access=PUBLIC, answer="Tally",
              summary="¿Fue útil la respuesta?: counts and this visitor's vote")
def get_votes(slug):
    key = votes.article_key(slug)
    return votes.tally(key, _visitor(bp.current_request))


@bp.operation("POST", "/kb/{slug}/votes", access=PUBLIC, body="Vote", answer="Tally",
              errors={429},
              summary="Vote (or change the vote) on an article; sets the visitor cookie")
def post_vote(slug, body):
    key = votes.article_key(slug)
    throttle.take(*throttle.per_ip("vote", context.current().ip, settings.vote_per_ip,
                                   settings.vote_window))
    visitor = _visitor(bp.current_request)
    headers = {}
    if visitor is None:
        visitor = votes.new_visitor()
        headers["Set-Cookie"] = cookie_header(votes.VISITOR_COOKIE, visitor,
                                              max_age=votes.VISITOR_MAX_AGE)
    return Answer(votes.cast(key, visitor, body.helpful), headers)
