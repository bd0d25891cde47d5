"""Choose the "Artículos Relacionados" under a knowledge-base article.

Scored at build time from what the editor already wrote: the same category counts,
each shared tag counts more, and a shared significant word of the title a little.
Ties fall back to the editor's order and then the title, so the choice is the same on
every build.
"""

from __future__ import annotations

import heapq
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
        self.by_id = {c.id: c for c in pool}
        self.by_feature: dict[tuple[str, str], list[Candidate]] = {}
        for c in sorted(pool, key=lambda c: c.id):
            for feature in set(self._features(c)):
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
        weights = {"category": SAME_CATEGORY, "tag": SHARED_TAG, "term": SHARED_TERM}
        scores: dict[str, int] = {}
        for feature in set(self._features(article)):
            for other in self.by_feature.get(feature, ()):
                scores[other.id] = scores.get(other.id, 0) + weights[feature[0]]
        scores.pop(article.id, None)
        by_id = self.by_id
        ranked = heapq.nsmallest(
            limit,
            scores.items(),
            key=lambda s: (-s[1], by_id[s[0]].category != article.category, by_id[s[0]].order,
                           _fold(by_id[s[0]].title), s[0]),
        )
        return [by_id[i] for i, _ in ranked]


def related(article: Candidate, pool: list[Candidate], limit: int = MAX_RELATED) -> list[Candidate]:
    """Return up to `limit` articles of the pool most related to `article`, never itself."""
    return RelatedIndex(pool).related(article, limit)
