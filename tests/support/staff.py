"""What the staff console's tests share: members of staff made as the operator would, and
signing them in the way the console's sign-in page does.

A member made here has a password, a second factor (its secret and ten known backup
codes) unless told otherwise; `sign_in` spends one backup code per sign-in, so a test
signs one member in as often as it likes without waiting for the next TOTP step (the
TOTP path itself is tested with real codes in test_staff_signin.py).
"""

from dataclasses import dataclass, field

import pytest

STAFF_PASSWORD = "faro-del-puerto-88"
ROLES = ("admin", "billing", "support", "technical")


@dataclass
class Member:
    id: str
    email: str
    role: str
    password: str = STAFF_PASSWORD
    totp_secret: str | None = None
    backup_codes: list[str] = field(default_factory=list)

    def next_code(self) -> str:
        return self.backup_codes.pop(0)


def make_member(email: str = "marta@portico.example", role: str = "admin", *,
                name: str = "Marta Equipo", two_factor: bool = True,
                password: str | None = STAFF_PASSWORD) -> Member:
    from chalicelib.auth import second_factor
    from chalicelib.auth.passwords import hash_password
    from chalicelib.staff import members
    from chalicelib.staff.operator import OPERATOR

    member = members.new_member(email, name, role)
    codes = second_factor.new_backup_codes() if two_factor else []
    if password:
        member.password_hash = hash_password(password)
    if two_factor:
        member.totp_secret = second_factor.new_secret()
        member.backup_code_hashes = second_factor.hashed_codes(codes)
    members.create(OPERATOR, member)
    return Member(member.staff_id, email, role, password or "", member.totp_secret, codes)


def sign_in(b, member: Member, **extra):
    body = {"email": member.email, "password": member.password}
    if member.totp_secret and "totp" not in extra:
        body["totp"] = member.next_code()
    return b.post("/staff/auth/login", {**body, **extra})


@pytest.fixture
def staff_as(new_browser):
    """A signed-in member of staff of a role: staff_as("billing") → (member, browser)."""
    def make(role: str = "admin", email: str | None = None, **options):
        member = make_member(email or f"{role}@portico.example", role, **options)
        b = new_browser(ip="203.0.113.20")
        r = sign_in(b, member)
        assert r.status == 200, r.body
        return member, b
    return make


@pytest.fixture
def admin(staff_as):
    return staff_as("admin")[1]
