"""The accounts area's words for its API messages, in Spanish and English."""

MESSAGES = {
    "field.accept_terms": {
        "es": "Debe aceptar las condiciones y la política de privacidad.",
        "en": "You must accept the terms and the privacy policy.",
    },
    "field.security_answer_required": {
        "es": "Responda a su pregunta de seguridad.",
        "en": "Answer your security question.",
    },
    "field.current_password_required": {
        "es": "Confirme con su contraseña actual.",
        "en": "Confirm with your current password.",
    },
    "question.first_pet": {
        "es": "¿Cuál era el nombre de su primera mascota?",
        "en": "What was the name of your first pet?",
    },
    "question.birth_city": {
        "es": "¿En qué ciudad nació?",
        "en": "In which city were you born?",
    },
    "question.mother_birth_city": {
        "es": "¿En qué ciudad nació su madre?",
        "en": "In which city was your mother born?",
    },
    "question.first_school": {
        "es": "¿Cuál fue su primer colegio?",
        "en": "What was your first school?",
    },
    "question.childhood_friend": {
        "es": "¿Cómo se llamaba su mejor amigo o amiga de la infancia?",
        "en": "What was the name of your best childhood friend?",
    },
    "question.first_street": {
        "es": "¿En qué calle vivía de pequeño?",
        "en": "Which street did you live on as a child?",
    },
    "question.favourite_book": {
        "es": "¿Cuál es su libro favorito?",
        "en": "What is your favourite book?",
    },
    # The staff console's view of a client (accounts/staff.py)
    "accounts.staff.profile": {"es": "Datos del titular", "en": "Holder's details"},
    "accounts.staff.contacts": {"es": "Contactos", "en": "Contacts"},
    "accounts.staff.new_clients": {"es": "Clientes nuevos (últimos 7 días)",
                                   "en": "New clients (last 7 days)"},
    "accounts.staff.name": {"es": "Nombre", "en": "Name"},
    "accounts.staff.email": {"es": "Correo electrónico", "en": "E-mail"},
    "accounts.staff.email_verified": {"es": "Correo verificado", "en": "E-mail verified"},
    "accounts.staff.company": {"es": "Empresa", "en": "Company"},
    "accounts.staff.tax_id": {"es": "NIF", "en": "Tax id"},
    "accounts.staff.address": {"es": "Dirección", "en": "Address"},
    "accounts.staff.phone": {"es": "Teléfono", "en": "Phone"},
    "accounts.staff.language": {"es": "Idioma", "en": "Language"},
    "accounts.staff.two_factor": {"es": "Verificación en dos pasos", "en": "Two-factor sign-in"},
    "accounts.staff.created_at": {"es": "Alta", "en": "Signed up"},
    "accounts.staff.permissions": {"es": "Permisos", "en": "Permissions"},
    "accounts.staff.login": {"es": "Acceso", "en": "Sign-in"},
}
