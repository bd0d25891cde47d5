"""Request bodies of the accounts routes, validated once at the edge."""

from typing import ClassVar, Literal

from pydantic import ConfigDict, Field, RootModel, field_validator

from .. import registry
from ..shapes import Answer, Empty, Page, Timestamp  # noqa: F401 (Empty: an answer named here)
from ..validation import (
    Country,
    Email,
    Language,
    MustBeTrue,
    NewPassword,
    Password,
    Schema,
    fail,
    line,
    phone_line,
)
from .questions import QUESTIONS

# docs/api.md's enumerations, as the areas declare them (chalicelib/areas.py).
PERMISSIONS = registry.permissions()
EMAIL_KINDS = tuple(kind.name for kind in registry.email_kinds())

Permission = Literal[PERMISSIONS]  # type: ignore[valid-type]
EmailKind = Literal[EMAIL_KINDS]  # type: ignore[valid-type]
Code = line(20)


class Register(Schema):
    email: Email
    password: NewPassword
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
    phone: phone_line()
    language: Language = "es"
    accept_terms: MustBeTrue
    marketing_opt_in: bool = False

    @field_validator("accept_terms")
    @classmethod
    def _terms(cls, value):
        return value or fail("accept_terms")


class Login(Schema):
    email: line(254)
    password: Password
    totp: line(20, required=False) = ""


class ResetRequest(Schema):
    email: line(254)


class TokenOnly(Schema):
    token: line(100)


class ResetConfirm(Schema):
    token: line(100)
    new_password: NewPassword
    security_answer: line(100, required=False) = ""


class AcceptInvitation(Schema):
    token: line(100)
    password: NewPassword


class Patch(Schema):
    """A partial update: absent fields stay as they are; null clears an optional field
    and is refused for a required one."""

    DEPENDENT_REQUIRED: ClassVar = {}

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        # Say in the document what the validator below allows: null on clearable fields.
        schema = handler.resolve_ref_schema(handler(core_schema))
        for field in schema["properties"].values():
            field.pop("default", None)  # absent means unchanged, not null
        for name in cls.CLEARABLE:
            field = schema["properties"][name]
            schema["properties"][name] = {"anyOf": [field, {"type": "null"}],
                                          "description": field.get("description", "")}
        schema["description"] = ("A partial update: absent fields stay as they are; null "
                                 "clears an optional field. {} changes nothing.")
        if cls.DEPENDENT_REQUIRED:
            schema["dependentRequired"] = cls.DEPENDENT_REQUIRED
        return schema

    @field_validator("*", mode="before")
    @classmethod
    def _null_only_where_clearable(cls, value, info):
        if value is None:
            return "" if info.field_name in cls.CLEARABLE else fail("required")
        return value


class ProfilePatch(Patch):
    CLEARABLE: ClassVar = {"company", "tax_id", "address2", "state"}
    DEPENDENT_REQUIRED: ClassVar = {"email": ["current_password"]}

    email: Email = None
    current_password: Password = None
    first_name: line(60) = None
    last_name: line(60) = None
    company: line(100, required=False) = None
    tax_id: line(30, required=False) = None
    address1: line(100) = None
    address2: line(100, required=False) = None
    city: line(60) = None
    state: line(60, required=False) = None
    postcode: line(20) = None
    country: Country = None
    phone: phone_line() = None
    language: Language = None
    marketing_opt_in: bool = None


class PasswordChange(Schema):
    current_password: Password
    new_password: NewPassword


class SecurityQuestion(Schema):
    current_password: Password
    question: Literal[QUESTIONS]  # type: ignore[valid-type]
    answer: line(100)


class CurrentPassword(Schema):
    current_password: Password


class TwoFactorConfirm(Schema):
    code: Code


class TwoFactorDisable(Schema):
    current_password: Password
    code: Code


class BackupCodesRenew(Schema):
    """Minting new second factors asks for one: the password alone is not enough."""

    current_password: Password
    code: Code


class ContactCreate(Schema):
    first_name: line(60)
    last_name: line(60)
    email: Email
    phone: phone_line(required=False) = ""
    company: line(100, required=False) = ""
    address1: line(100, required=False) = ""
    city: line(60, required=False) = ""
    postcode: line(20, required=False) = ""
    country: Country | Literal[""] = ""
    email_preferences: list[EmailKind] = Field(default_factory=list, max_length=len(EMAIL_KINDS))
    permissions: list[Permission] = Field(default_factory=list, max_length=len(PERMISSIONS))


class ContactPatch(Patch):
    CLEARABLE: ClassVar = {"phone", "company", "address1", "city", "postcode", "country"}

    first_name: line(60) = None
    last_name: line(60) = None
    email: Email = None
    phone: phone_line(required=False) = None
    company: line(100, required=False) = None
    address1: line(100, required=False) = None
    city: line(60, required=False) = None
    postcode: line(20, required=False) = None
    country: Country | Literal[""] = None
    email_preferences: list[EmailKind] = Field(default=None, max_length=len(EMAIL_KINDS))
    permissions: list[Permission] = Field(default=None, max_length=len(PERMISSIONS))


# Answers (the OpenAPI document's response schemas)

class VatCheck(Answer):
    """VIES's word on the VAT number when it was saved (another EU member state's number)."""

    valid: bool | None = Field(description="true registered; false not registered; null VIES did not answer")
    checked_at: Timestamp


class Profile(Answer):
    id: str
    email: str
    email_verified: bool
    first_name: str
    last_name: str
    company: str
    tax_id: str
    address1: str
    address2: str
    city: str
    state: str
    postcode: str
    country: str
    phone: str = Field(description="E.164, as stored")
    language: Literal["es", "en"]
    marketing_opt_in: bool
    two_factor_enabled: bool
    phone_display: str = Field(description="The phone as people write it")
    created_at: Timestamp
    vat_check: VatCheck | None = Field(description="null when no check applies (no tax id, a "
                                                   "Spanish NIF, a country outside the EU)")


class Me(Answer):
    """Who is signed in: the owner, or a login contact and what it may do."""

    client_id: str
    role: Literal["owner", "contact"]
    contact_id: str | None
    email: str
    first_name: str
    last_name: str
    language: Literal["es", "en"]
    email_verified: bool
    permissions: list[str]
    two_factor_enabled: bool


def _one_of(schema: dict) -> None:
    schema["oneOf"] = schema.pop("anyOf")  # exactly one: each refuses the other's fields


class LoginAnswer(RootModel[Profile | Me]):
    """The owner's profile; for a login contact, who it is (as /auth/me)."""

    model_config = ConfigDict(json_schema_extra=_one_of)


class SessionInfo(Answer):
    id: str
    device: str
    ip: str
    created_at: Timestamp
    last_seen_at: Timestamp
    current: bool


SessionPage = Page[SessionInfo]


class SecurityQuestionAnswer(Answer):
    question: str | None = Field(description="A question key, or free text; null when none")
    question_text: str | None


class TwoFactorSetup(Answer):
    secret: str
    otpauth_uri: str
    qr_svg: str


class BackupCodes(Answer):
    backup_codes: list[str] = Field(min_length=10, max_length=10)


class Contact(Answer):
    id: str
    first_name: str
    last_name: str
    email: str
    phone: str
    phone_display: str
    company: str
    address1: str
    city: str
    postcode: str
    country: str
    email_preferences: list[str]
    permissions: list[str]
    login_status: Literal["none", "invited", "active"]
    created_at: Timestamp


ContactPage = Page[Contact]
