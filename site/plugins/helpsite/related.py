"""Choose the "Artículos Relacionados" under a knowledge-base article.

Scored at build time from what the editor already wrote: the same category counts,
each shared tag counts more, and a shared significant word of the title a little.
Ties fall back to the editor's order and then the title, so the choice is the same on
every build.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_RELATED = 5
SAME_CATEGORY = 2
SHARED_TAG = 3
SHARED_TERM = 1

STOPWORDS = {
    # Spanish
    "como", "cómo", "para", "desde", "sobre", "entre", "hasta", "cuál", "cual", "qué", "que", "este",
    "esta", "estos", "estas", "tengo", "tiene", "mi", "mis", "su", "sus", "una", "unos", "unas", "los",
    "las", "del", "con", "por", "sin", "más", "será", "estará", "darán",
    # English
    "what", "when", "with", "your", "from", "will", "have", "about", "into", "how", "long", "does",
    "until", "the", "and", "for", "you",
}


@dataclass(frozen=True)
class Candidate:
    id: str  # anything unique: the slug
    title: str
    category: str
    tags: frozenset[str]
    order: int = 999


@lru_cache(maxsize=None)
def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def terms(title: str) -> frozenset[str]:
    """Return the significant words of a title, accents folded."""
    words = re.findall(r"\w+", title.lower())
    return frozenset(_fold(w) for w in words if len(w) >= 4 and w not in STOPWORDS)


class RelatedIndex:
    """Score an article only against those sharing its category, a tag or a title word,
    so a knowledge base of thousands of articles is related in well under a second."""

    def __init__(self, pool: list[Candidate]):
        self.pool = sorted(pool, key=lambda c: c.id)
        self.by_feature: dict[tuple[str, str], list[Candidate]] = {}
        for c in self.pool:
            for feature in self._features(c):
                self.by_feature.setdefault(feature, []).append(c)

    @staticmethod
    def _features(c: Candidate):
        yield ("category", c.category)
        for tag in c.tags:
            yield ("tag", _fold(tag))
        for term in terms(c.title):
            yield ("term", term)

    def related(self, article: Candidate, limit: int = MAX_RELATED) -> list[Candidate]:
        """Return up to `limit` articles most related to `article`, never itself."""
        mine = terms(article.title)
        tags = {_fold(t) for t in article.tags}
        seen: dict[str, Candidate] = {}
        for feature in self._features(article):
            for other in self.by_feature.get(feature, ()):
                seen.setdefault(other.id, other)
        scored = []
        for other in seen.values():
            if other.id == article.id:
                continue
            score = len(tags & {_fold(t) for t in other.tags}) * SHARED_TAG
            score += len(mine & terms(other.title)) * SHARED_TERM
            if other.category == article.category:
                score += SAME_CATEGORY
            if score > 0:
                scored.append((-score, other.category != article.category, other.order, _fold(other.title),
                               other.id, other))
        scored.sort(key=lambda s: s[:5])
        return [s[-1] for s in scored[:limit]]


def related(article: Candidate, pool: list[Candidate], limit: int = MAX_RELATED) -> list[Candidate]:
    """Return up to `limit` articles of the pool most related to `article`, never itself."""
    return RelatedIndex(pool).related(article, limit)
