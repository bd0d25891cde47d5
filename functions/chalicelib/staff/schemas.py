"""Request bodies and answers of the staff console's operations."""

from typing import Annotated, Literal

from pydantic import Field, field_validator

from ..auth.staff import ROLES
from ..shapes import Answer, Empty, Page, StaffSection, Timestamp  # noqa: F401 (Empty: named)
from ..validation import Email, Language, NewPassword, Password, Schema, Text, fail, line

Role = Literal[ROLES]  # type: ignore[valid-type]


class StaffSignIn(Schema):
    email: line(254)
    password: Password
    totp: line(20, required=False) = Field(
        default="", description="A code of the second factor, or a backup code; not needed "
                                "before the member has set one up")


class StaffSetPassword(Schema):
    token: line(100)
    password: NewPassword


class StaffPasswordChange(Schema):
    current_password: Password
    new_password: NewPassword


class StaffCode(Schema):
    code: line(20)


class StaffBackupCodesRenew(Schema):
    current_password: Password
    code: line(20)


class StaffMemberInvite(Schema):
    email: Email
    name: line(100)
    role: Role
    language: Language = "es"


class StaffMemberPatch(Schema):
    """A partial update: absent fields stay as they are; {} changes nothing."""

    role: Role = None
    disabled: bool = None

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        schema = handler.resolve_ref_schema(handler(core_schema))
        for field in schema["properties"].values():
            field.pop("default", None)  # absent means unchanged; null is refused
        return schema

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value):
        return fail("required") if value is None else value


class StaffNoteCreate(Schema):
    text: Annotated[Text, Field(max_length=4000, json_schema_extra={
        "minLength": 1, "description": "The note: lines of text, trimmed; never shown to "
                                       "the customer"})]

    @field_validator("text")
    @classmethod
    def _something(cls, value):
        return value or fail("required")


# Answers

class StaffMe(Answer):
    id: str
    email: str
    name: str
    role: Role
    language: Literal["es", "en"]
    two_factor_setup_required: bool = Field(
        description="true: this session only reaches the second factor's set-up "
                    "(POST /staff/auth/two-factor, then /confirm) and sign-out")


class StaffMember(Answer):
    id: str
    email: str
    name: str
    role: Role
    language: Literal["es", "en"]
    disabled: bool
    two_factor_enabled: bool
    password_set: bool = Field(description="false until the member chose its password")
    created_at: Timestamp


StaffMemberPage = Page[StaffMember]


class StaffTwoFactorSetup(Answer):
    secret: str
    otpauth_uri: str
    qr_svg: str


class StaffBackupCodes(Answer):
    backup_codes: list[str] = Field(min_length=10, max_length=10)


class StaffClientResult(Answer):
    id: str
    name: str
    email: str
    company: str
    tax_id: str
    matched: Literal["id", "email", "tax_id", "name"] = Field(
        description="How the query found it: its id, e-mail, tax id, or name/company")


StaffClientResultPage = Page[StaffClientResult]


class StaffClient(Answer):
    id: str
    name: str
    email: str
    company: str
    tax_id: str
    language: Literal["es", "en"]
    created_at: Timestamp
    sections: list[StaffSection] = Field(description="Each area's sections, in the areas' order")


class StaffNote(Answer):
    id: str
    client_id: str
    text: str
    staff_id: str
    staff_name: str
    created_at: Timestamp


StaffNotePage = Page[StaffNote]


class StaffAuditChange(Answer):
    before: str | int | float | bool | None | list
    after: str | int | float | bool | None | list


class StaffAuditRecord(Answer):
    id: str
    at: Timestamp
    staff_id: str
    staff_email: str
    ip: str
    user_agent: str
    action: str = Field(description="One of the audit actions the areas declare")
    object_type: str
    object_id: str
    client_id: str | None
    changes: dict[str, StaffAuditChange] = Field(
        description="The fields that changed; a secret's value is \"[redacted]\"")


StaffAuditPage = Page[StaffAuditRecord]


class StaffHome(Answer):
    parts: list[StaffSection] = Field(description="What waits, one part per area; empty parts "
                                                  "are left out")
