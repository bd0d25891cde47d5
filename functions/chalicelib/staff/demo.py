"""The demo member of staff of the local stack (`make run`): a fixed address, password
and second-factor secret, role admin, so that anyone trying the console can sign in with
any authenticator app. Never on a deployed stage: only the local stack runs seeders, and
this one refuses any other stage."""

from ..auth.passwords import hash_password
from ..config import settings
from . import members
from .operator import OPERATOR

DEMO_EMAIL = "staff@portico.example"
DEMO_PASSWORD = "Portico-Staff-2026"
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXP"
DEMO_NAME = "Marta Soporte"


def seed(api, result: dict) -> None:
    if settings.stage not in ("local", "test"):
        raise RuntimeError("the demo member of staff exists on the local stack only")
    member = members.new_member(DEMO_EMAIL, DEMO_NAME, "admin")
    member.password_hash = hash_password(DEMO_PASSWORD)
    member.password_generation = 1
    member.totp_secret = DEMO_TOTP_SECRET
    members.create(OPERATOR, member)
    result.update(staff_email=DEMO_EMAIL, staff_password=DEMO_PASSWORD,
                  staff_totp_secret=DEMO_TOTP_SECRET)
