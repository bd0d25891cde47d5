"""What a request is, set once by the request edge: who sent it from where, its id and
language. Rules read it here instead of taking Chalice's request, so they run the same
from a route, a job or a test.
"""

from contextvars import ContextVar
from dataclasses import dataclass, replace


@dataclass(frozen=True)
class RequestContext:
    ip: str = "unknown"
    user_agent: str = ""
    request_id: str = "-"
    # The page's own language (Accept-Language), or "" when the request named none we
    # speak: then the signed-in person's account language applies (i18n.current_language).
    asked_language: str = ""


_current: ContextVar[RequestContext] = ContextVar(
    "request_context", default=RequestContext())  # noqa: B039 (frozen: immutable)


def current() -> RequestContext:
    return _current.get()


def begin(**values) -> None:
    """Start a request's context (the edge calls this first thing)."""
    _current.set(RequestContext(**values))


def amend(**values) -> None:
    _current.set(replace(_current.get(), **values))
