"""The security questions a person may choose, stored by key and shown in their language.

Before this list, the page sent the question's text and the API stored whatever it got, so
old items hold free text: the page's four old questions (in either language) are read as
their keys; any other text is shown as it was typed.
"""

from ..i18n import t

# Keys in the order the page offers them; words in i18n.py ("question.<key>") and the
# site's catalogue ("ca.question.<key>"), which a test keeps identical.
QUESTIONS = ("first_pet", "birth_city", "mother_birth_city", "first_school",
             "childhood_friend", "first_street", "favourite_book")

# The texts the page offered before questions had keys.
_LEGACY = {
    "¿Cuál era el nombre de su primera mascota?": "first_pet",
    "What was the name of your first pet?": "first_pet",
    "¿En qué ciudad nació su madre?": "mother_birth_city",
    "In which city was your mother born?": "mother_birth_city",
    "¿Cuál fue su primer colegio?": "first_school",
    "What was your first school?": "first_school",
    "¿Cuál es su libro favorito?": "favourite_book",
    "What is your favourite book?": "favourite_book",
}


def question_key(stored: str | None) -> str | None:
    """The key of a stored question, or the stored free text itself."""
    if not stored:
        return None
    return _LEGACY.get(stored, stored)


def question_text(stored: str | None, language: str | None = None) -> str | None:
    """What the person reads: the question in their language, or free text verbatim."""
    key = question_key(stored)
    return t(f"question.{key}", language) if key in QUESTIONS else key


def describe(stored: str | None, language: str | None = None) -> dict:
    return {"question": question_key(stored), "question_text": question_text(stored, language)}
