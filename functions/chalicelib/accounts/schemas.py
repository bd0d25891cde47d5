"""Request bodies of the accounts routes, validated once at the edge."""

from typing import Literal

from pydantic import Field, model_validator

from ..validation import Country, Email, Language, Password, Schema, e164, fail, line
from .models import EMAIL_KINDS, PERMISSIONS

Permission = Literal[PERMISSIONS]  # type: ignore[valid-type]
EmailKind = Literal[EMAIL_KINDS]  # type: ignore[valid-type]
Code = line(20)


class Register(Schema):
    email: Email
    password: Password
    first_name: line(60)
    last_name: line(60)
    company: line(100, required=False) = ""
    tax_id: line(30, required=False) = ""
    address1: line(100)
    address2: line(100, required=False) = ""
    city: line(60)
    state: line(60, required=False) = ""
    postcode: line(20)
    country: Country
    phone: line(30)
    language: Language = "es"
    accept_terms: bool
    marketing_opt_in: bool = False

    @model_validator(mode="after")
    def _rules(self):
        if not self.accept_terms:
            fail("accept_terms")
        self.phone = e164(self.phone, self.country)
        return self


class Login(Schema):
    email: line(254)
    password: Password
    totp: line(20, required=False) = ""


class Email_(Schema):
    email: line(254)


class TokenOnly(Schema):
    token: line(100)


class ResetConfirm(Schema):
    token: line(100)
    new_password: Password
    security_answer: line(100, required=False) = ""


class AcceptInvitation(Schema):
    token: line(100)
    password: Password


class ProfilePatch(Schema):
    email: Email | None = None
    current_password: Password | None = None
    first_name: line(60) | None = None
    last_name: line(60) | None = None
    company: line(100, required=False) | None = None
    tax_id: line(30, required=False) | None = None
    address1: line(100) | None = None
    address2: line(100, required=False) | None = None
    city: line(60) | None = None
    state: line(60, required=False) | None = None
    postcode: line(20) | None = None
    country: Country | None = None
    phone: line(30) | None = None
    language: Language | None = None
    marketing_opt_in: bool | None = None


class PasswordChange(Schema):
    current_password: Password
    new_password: Password


class SecurityQuestion(Schema):
    current_password: Password
    question: line(200)
    answer: line(100)


class CurrentPassword(Schema):
    current_password: Password


class TwoFactorConfirm(Schema):
    code: Code


class TwoFactorDisable(Schema):
    current_password: Password
    code: Code


class ContactCreate(Schema):
    first_name: line(60)
    last_name: line(60)
    email: Email
    phone: line(30, required=False) = ""
    company: line(100, required=False) = ""
    address1: line(100, required=False) = ""
    city: line(60, required=False) = ""
    postcode: line(20, required=False) = ""
    country: Country | Literal[""] = ""
    email_preferences: list[EmailKind] = Field(default_factory=list, max_length=len(EMAIL_KINDS))
    permissions: list[Permission] = Field(default_factory=list, max_length=len(PERMISSIONS))


class ContactPatch(Schema):
    first_name: line(60) | None = None
    last_name: line(60) | None = None
    email: Email | None = None
    phone: line(30, required=False) | None = None
    company: line(100, required=False) | None = None
    address1: line(100, required=False) | None = None
    city: line(60, required=False) | None = None
    postcode: line(20, required=False) | None = None
    country: Country | Literal[""] | None = None
    email_preferences: list[EmailKind] | None = Field(default=None, max_length=len(EMAIL_KINDS))
    permissions: list[Permission] | None = Field(default=None, max_length=len(PERMISSIONS))
