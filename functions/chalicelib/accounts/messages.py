"""The accounts area's words for its API messages, in Spanish and English."""

MESSAGES = {
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
    "field.password_same": {
        "es": "La nueva contraseña debe ser distinta de la actual.",
        "en": "The new password must differ from the current one.",
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
    "field.two_factor_not_started": {
        "es": "Primero inicie la activación de la verificación en dos pasos.",
        "en": "Start setting up two-factor sign-in first.",
    },
}
