"""The API's words for people, in Spanish (default) and English.

The language of a request is chosen once at the edge (the page's Accept-Language, else
the signed-in person's account language, else Spanish) and kept in a context variable,
so an error raised anywhere is answered in the language of the page that asked.

The kernel's words (error codes, generic field messages) are here; an area's own words
live with the area (its descriptor's `messages`) and are found through the registry.
"""

from contextvars import ContextVar

LANGUAGES = ("es", "en")
DEFAULT_LANGUAGE = "es"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)

MESSAGES: dict[str, dict[str, str]] = {
    # Error codes of docs/api.md
    "malformed_request": {
        "es": "La petición no es un objeto JSON válido.",
        "en": "The request body is not a valid JSON object.",
    },
    "invalid_token": {
        "es": "El enlace no es válido, ya se usó o ha caducado.",
        "en": "The link is invalid, already used or expired.",
    },
    "unauthenticated": {
        "es": "Inicie sesión para continuar.",
        "en": "Please sign in to continue.",
    },
    "invalid_credentials": {
        "es": "El correo electrónico o la contraseña no son correctos.",
        "en": "The e-mail address or password is incorrect.",
    },
    "totp_required": {
        "es": "Introduzca el código de verificación en dos pasos.",
        "en": "Enter your two-factor code.",
    },
    "totp_invalid": {
        "es": "El código de verificación no es correcto o ya se usó.",
        "en": "The two-factor code is wrong or was already used.",
    },
    "forbidden": {
        "es": "No tiene permiso para hacer esto.",
        "en": "You do not have permission to do this.",
    },
    "forbidden_origin": {
        "es": "Petición rechazada: el origen no es este sitio.",
        "en": "Request refused: it does not come from this site.",
    },
    "invalid_password": {
        "es": "La contraseña actual no es correcta.",
        "en": "The current password is incorrect.",
    },
    "security_answer_incorrect": {
        "es": "La respuesta de seguridad no es correcta.",
        "en": "The security answer is incorrect.",
    },
    "not_found": {
        "es": "No encontrado.",
        "en": "Not found.",
    },
    "method_not_allowed": {
        "es": "Método no permitido para esta dirección.",
        "en": "Method not allowed for this path.",
    },
    "email_taken": {
        "es": "Ya existe una cuenta con este correo electrónico. Inicie sesión.",
        "en": "An account with this e-mail address already exists. Please sign in.",
    },
    "conflict": {
        "es": "El recurso ha cambiado o ya existe.",
        "en": "The resource changed or already exists.",
    },
    "payload_too_large": {
        "es": "La petición es demasiado grande.",
        "en": "The request is too large.",
    },
    "unsupported_media_type": {
        "es": "El cuerpo de la petición debe ser application/json.",
        "en": "The request body must be application/json.",
    },
    "validation_failed": {
        "es": "Revise los campos marcados.",
        "en": "Please check the highlighted fields.",
    },
    "too_many_attempts": {
        "es": "Demasiados intentos. Inténtelo de nuevo más tarde.",
        "en": "Too many attempts. Please try again later.",
    },
    "service_unavailable": {
        "es": "El servicio no está disponible en este momento.",
        "en": "The service is unavailable right now.",
    },
    "internal_error": {
        "es": "Error interno. Referencia: {request_id}",
        "en": "Internal error. Reference: {request_id}",
    },
    # Field messages (the `fields` of a validation_failed error)
    "field.required": {"es": "Este campo es obligatorio.", "en": "This field is required."},
    "field.invalid": {"es": "Valor no válido.", "en": "Invalid value."},
    "field.control_characters": {
        "es": "Contiene caracteres invisibles o de control no permitidos.",
        "en": "Contains invisible or control characters that are not allowed.",
    },
    "field.type": {"es": "Tipo de dato no válido.", "en": "Wrong type of value."},
    "field.too_long": {
        "es": "Demasiado largo (máximo {max} caracteres).",
        "en": "Too long (at most {max} characters).",
    },
    "field.too_short": {
        "es": "Demasiado corto (mínimo {min} caracteres).",
        "en": "Too short (at least {min} characters).",
    },
    "field.unknown": {"es": "Campo desconocido.", "en": "Unknown field."},
    "field.email": {
        "es": "Introduzca un correo electrónico válido.",
        "en": "Enter a valid e-mail address.",
    },
    "field.country": {
        "es": "Elija un país válido (código ISO de dos letras).",
        "en": "Choose a valid country (two-letter ISO code).",
    },
    "field.email_local_ascii": {
        "es": "La parte antes de la @ no puede llevar letras acentuadas ni caracteres no latinos.",
        "en": "The part before the @ cannot hold accented or non-Latin characters.",
    },
    "field.phone": {
        "es": "Introduzca un teléfono válido con prefijo internacional.",
        "en": "Enter a valid phone number with its country code.",
    },
    "field.postcode": {
        "es": "El código postal no tiene el formato de este país (por ejemplo, {example}).",
        "en": "The postcode does not have this country's format (for example, {example}).",
    },
    "field.tax_id_es": {
        "es": "Introduzca un NIF, NIE o CIF válido (por ejemplo, 12345678Z).",
        "en": "Enter a valid Spanish NIF, NIE or CIF (for example, 12345678Z).",
    },
    "field.tax_id_vat": {
        "es": "Introduzca un número de IVA válido de este país.",
        "en": "Enter a valid VAT number for this country.",
    },
    "field.language": {"es": "Idioma no admitido (es o en).", "en": "Unsupported language (es or en)."},
    "field.choice": {"es": "Opción no válida: {value}.", "en": "Invalid choice: {value}."},
    # Passwords and second factors (auth/passwords.py, auth/second_factor.py): everyone's.
    "field.password_short": {
        "es": "La contraseña debe tener al menos 10 caracteres.",
        "en": "The password must be at least 10 characters long.",
    },
    "field.password_common": {
        "es": "Esta contraseña es demasiado común. Elija otra.",
        "en": "This password is too common. Choose another one.",
    },
    "field.password_is_email": {
        "es": "La contraseña no puede ser su correo electrónico.",
        "en": "The password cannot be your e-mail address.",
    },
    "field.password_same": {
        "es": "La nueva contraseña debe ser distinta de la actual.",
        "en": "The new password must differ from the current one.",
    },
    "field.two_factor_not_started": {
        "es": "Primero inicie la activación de la verificación en dos pasos.",
        "en": "Start setting up two-factor sign-in first.",
    },
    "field.cursor": {"es": "Cursor de paginación no válido.", "en": "Invalid page cursor."},
    "field.limit": {"es": "Debe estar entre 1 y 100.", "en": "Must be between 1 and 100."},
}


def pick_language(accept_language: str | None, fallback: str = DEFAULT_LANGUAGE) -> str:
    """Return the first supported language of an Accept-Language header, else `fallback`."""
    if not accept_language:
        return fallback
    weighted = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        weighted.append((-q, i, tag.strip().lower()[:2]))
    for _, _, lang in sorted(weighted):
        if lang in LANGUAGES:
            return lang
    return fallback


def _entry(key: str) -> dict[str, str] | None:
    if key in MESSAGES:
        return MESSAGES[key]
    from . import registry

    return registry.messages().get(key)


def has(key: str) -> bool:
    return _entry(key) is not None


def t(key: str, language: str | None = None, **params) -> str:
    """Translate a message key into the given (or the current) language.

    A key with no words is a bug, not a reason to answer "Valor no válido": it raises."""
    entry = _entry(key)
    if entry is None:
        raise KeyError(f"no message {key!r}: add it to i18n.py or the area's messages")
    text = entry[language or current_language.get()]
    return text.format(**params) if params else text
