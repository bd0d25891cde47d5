"""Cambiar Contraseña and Cambiar Pregunta de Seguridad, and the password check behind
every action that asks for the current password."""

from pynamodb.exceptions import UpdateError

from .. import throttle
from ..activity.record import record
from ..auth.models import Login, find_login, same_generation
from ..auth.passwords import hash_password, require_good_password, verify_password
from ..auth.principal import Principal
from ..auth.sessions import end_sessions
from ..errors import Conflict, InvalidPassword
from ..mail.send import send
from .passwords import hash_answer
from .questions import describe
from .signin import address_limit


def user_login(auth: Principal) -> Login:
    """The signed-in user's own sign-in item (owner or contact), never another's.

    The address leads to the item; its owner fields prove it is this person's, so a
    stale address (moved by a parallel change: 409) never acts on someone else's sign-in.
    """
    signin = find_login(auth.email, consistent=True)
    if signin is None or not signin.belongs_to(auth.client_id, auth.contact_id):
        raise Conflict()  # the address moved since this request began
    return signin


def confirm_password(auth: Principal, current_password: str) -> Login:
    """Return the user's sign-in if the password is right, else 403 invalid_password."""
    # Wrong current passwords count like failed sign-ins of the address: a slot is
    # reserved before the password is judged and given back when it is right.
    limits = throttle.reserve(address_limit(auth.email))
    signin = user_login(auth)
    if not verify_password(signin.password_hash, current_password or ""):
        raise InvalidPassword()
    throttle.release(*limits)
    return signin


def change_password(auth: Principal, body) -> None:
    signin = confirm_password(auth, body.current_password)
    require_good_password(body.new_password, email=auth.email, field="new_password",
                          current_hash=signin.password_hash)
    # Bumping the generation refuses every reset link issued before this change; the
    # condition makes a reset or another change confirmed meanwhile win instead of this one.
    try:
        signin.update(actions=[Login.password_hash.set(hash_password(body.new_password)),
                               Login.password_generation.add(1)],
                      condition=same_generation(signin.password_generation))
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            raise Conflict() from exc
        raise
    end_sessions(auth.client_id, auth.contact_id, keep=auth.session)
    record(auth, "password_changed")
    person = auth.person
    send(client_id=auth.client_id, to=person.email, language=auth.client.language,
         template="password_changed", context={"first_name": person.first_name, "reset": False})


def set_security_question(auth: Principal, body) -> None:
    signin = confirm_password(auth, body.current_password)
    signin.update(actions=[Login.security_question.set(body.question),
                           Login.security_answer_hash.set(hash_answer(body.answer))])
    record(auth, "security_question_changed")


def security_question(auth: Principal) -> dict:
    return describe(user_login(auth).security_question)
