"""The staff console's words for its API messages and console parts, in Spanish and English."""

MESSAGES = {
    "field.staff_not_yourself": {
        "es": "No puede hacerlo sobre su propia cuenta: pídaselo a otra persona administradora.",
        "en": "You cannot do this to your own account: ask another admin.",
    },
    "staff.part.pending_members": {
        "es": "Miembros del equipo que aún no pueden trabajar",
        "en": "Staff members who cannot work yet",
    },
    "staff.col.name": {"es": "Nombre", "en": "Name"},
    "staff.col.email": {"es": "Correo electrónico", "en": "E-mail"},
    "staff.col.role": {"es": "Rol", "en": "Role"},
    "staff.col.status": {"es": "Estado", "en": "Status"},
}
