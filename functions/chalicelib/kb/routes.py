"""/kb/{slug}/votes: the "¿Fue útil la respuesta?" box under each article."""

from .. import throttle
from ..config import settings
from ..http import LazySchemas, Routes, client_ip, cookie_header, cookies, parse_body, reply
from . import votes

bp = Routes(__name__)
schemas = LazySchemas(f"{__package__}.schemas")


def _visitor(request) -> str | None:
    value = cookies(request).get(votes.VISITOR_COOKIE)
    return value if votes.valid_visitor(value) else None


@bp.route("/kb/{slug}/votes", methods=["GET"])
def get_votes(slug):
    key = votes.article_key(slug)
    return reply(votes.tally(key, _visitor(bp.current_request)))


@bp.route("/kb/{slug}/votes", methods=["POST"])
def post_vote(slug):
    request = bp.current_request
    key = votes.article_key(slug)
    body = parse_body(request, schemas.Vote)
    limits = throttle.per_ip("vote", client_ip(request), settings.vote_per_ip, settings.vote_window)
    throttle.take(*limits)
    visitor = _visitor(request)
    headers = {}
    if visitor is None:
        visitor = votes.new_visitor()
        headers["Set-Cookie"] = cookie_header(votes.VISITOR_COOKIE, visitor, max_age=votes.VISITOR_MAX_AGE)
    return reply(votes.cast(key, visitor, body.helpful), headers=headers)
