"""The company behind Portico: one JSON file per stage, here, read by everything that
shows it (docs/company.md).

`<stage>.json` (local, dev, staging, prod) holds the legal name, trade name, NIF, address,
contact e-mail and phone, bank details and tax settings. The site build (legal pages,
footer) and the deploy call load(), which refuses a file with any wrong value, naming the
file and the field; the functions call current(), which only reads (the deploy checked
the file before packaging it, so the Lambda neither pays for nor carries schwifty).

Derived values are never stored: the VAT number is the tax country's prefix and the NIF,
the IBAN's groups of four are a way of showing it.
"""

import json
import unicodedata
from dataclasses import dataclass, fields
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("local", "dev", "staging", "prod")
# The test suite's stage runs the local stack's company.
FILE_OF_STAGE = {"test": "local"}
# A Spanish company (the NIF is Spanish, the VAT number ES + NIF): its registered address
# and tax country are Spain, named in each language the site and the e-mails speak.
COUNTRY_NAMES = {"ES": {"es": "España", "en": "Spain"}}


class CompanyError(Exception):
    pass


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    province: str
    country: str  # ISO 3166-1 alpha-2

    def line(self, lang: str) -> str:
        """One line, as the legal pages and e-mail footers show it."""
        place = self.city if self.province == self.city else f"{self.city} ({self.province})"
        return f"{self.street}, {self.postcode} {place}, {COUNTRY_NAMES[self.country][lang]}"


@dataclass(frozen=True)
class Bank:
    holder: str
    iban: str  # electronic form: no spaces, upper case
    bic: str
    name: str

    @property
    def iban_display(self) -> str:
        """The IBAN in groups of four, as people read it on an invoice."""
        return " ".join(self.iban[i:i + 4] for i in range(0, len(self.iban), 4))


@dataclass(frozen=True)
class Tax:
    country: str
    vat_rate: Decimal  # per cent: 21 is 21 %


@dataclass(frozen=True)
class Company:
    legal_name: str
    trade_name: str
    nif: str  # without a country prefix: B00000000
    registry: str  # the Registro Mercantil's entry
    address: Address
    email: str
    privacy_email: str
    phone: str  # E.164
    bank: Bank
    tax: Tax

    @property
    def vat_number(self) -> str:
        """The intra-EU VAT number: derived, never stored (ES + NIF)."""
        return self.tax.country + self.nif

    @property
    def phone_display(self) -> str:
        import phonenumbers

        return phonenumbers.format_number(phonenumbers.parse(self.phone),
                                          phonenumbers.PhoneNumberFormat.INTERNATIONAL)


PARTS = {"address": Address, "bank": Bank, "tax": Tax}


def path_of(stage: str) -> Path:
    name = FILE_OF_STAGE.get(stage, stage)
    if name not in STAGES:
        raise CompanyError(f"no company file for stage {stage!r}: one of {', '.join(STAGES)}")
    return HERE / f"{name}.json"


def read(stage: str, path: Path | None = None) -> Company:
    """The stage's company as its file (or `path`) says, checking only its shape."""
    path = path or path_of(stage)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CompanyError(f"{path}: cannot be read as JSON ({exc})") from exc
    if isinstance(data, dict):
        data.pop("_comment", None)  # a note for whoever edits the file
    return _build(Company, data, path, "")


def _build(kind: type, data, path: Path, where: str):
    if not isinstance(data, dict):
        raise CompanyError(f"{path}: {where.rstrip('.') or 'the file'} must be a JSON object")
    names = {f.name for f in fields(kind)}
    if kind is Company and "vat_number" in data:
        raise CompanyError(f"{path}: vat_number is derived (tax country + nif): remove it")
    unknown, missing = sorted(set(data) - names), [n for n in names if n not in data]
    if unknown or missing:
        raise CompanyError(f"{path}: " + "; ".join(
            [f"unknown field {where + n!r}" for n in unknown] +
            [f"missing field {where + n!r}" for n in missing]))
    values = {}
    for f in fields(kind):
        value = data[f.name]
        if f.name in PARTS and kind is Company:
            values[f.name] = _build(PARTS[f.name], value, path, f"{f.name}.")
        elif f.name == "vat_rate":
            values[f.name] = _rate(value, path, where + f.name)
        elif not isinstance(value, str):
            raise CompanyError(f"{path}: {where}{f.name} must be text")
        else:
            values[f.name] = value
    return kind(**values)


def _rate(value, path: Path, name: str) -> Decimal:
    try:
        rate = Decimal(str(value)) if isinstance(value, (int, float, str)) else None
    except InvalidOperation:
        rate = None
    if isinstance(value, bool) or rate is None or not Decimal(0) <= rate <= Decimal(100):
        raise CompanyError(f"{path}: {name} must be a percentage between 0 and 100, e.g. 21")
    return rate


def problems(company: Company) -> list[str]:
    """Every value that is wrong or not in its normal form, as `field: why`."""
    from ..addresses import postcode, tax_id
    from ..phones import e164

    found = []
    for name in ("legal_name", "trade_name", "registry", "address.street", "address.city",
                 "address.province", "bank.holder", "bank.name"):
        value = _value(company, name)
        if not value.strip() or value != value.strip() or _invisible(value):
            found.append(f"{name}: must be non-empty text without leading or trailing spaces "
                         "or control characters")
    if company.nif.upper().startswith("ES"):
        found.append(f"nif: {company.nif}: write it without the ES prefix (the VAT number "
                     "is derived from it)")
    elif not company.nif or tax_id(company.nif, "ES") != company.nif:
        normal = tax_id(company.nif, "ES") if company.nif else None
        found.append(f"nif: {company.nif}: " + (f"write it as {normal}" if normal else
                     "not a valid Spanish NIF (CIF, DNI or NIE: wrong format or check letter/digit)"))
    for name, country in (("address.country", company.address.country),
                          ("tax.country", company.tax.country)):
        if country not in COUNTRY_NAMES:
            found.append(f"{name}: {country}: Portico invoices as a Spanish company "
                         f"(Spanish NIF, VAT number ES + NIF): {', '.join(COUNTRY_NAMES)}")
    if company.address.country in COUNTRY_NAMES and \
            postcode(company.address.postcode, company.address.country) != company.address.postcode:
        found.append(f"address.postcode: {company.address.postcode}: not a postcode of "
                     f"{company.address.country} in its normal form (e.g. 28013)")
    for name in ("email", "privacy_email"):
        why = _email_problem(getattr(company, name))
        if why:
            found.append(f"{name}: {getattr(company, name)}: {why}")
    if e164(company.phone, "ES") != company.phone:
        normal = e164(company.phone, "ES")
        found.append(f"phone: {company.phone}: " + (f"write it in E.164, {normal}" if normal
                                                    else "not a possible phone number"))
    found += _bank_problems(company.bank)
    return found


def _value(company: Company, dotted: str) -> str:
    value = company
    for part in dotted.split("."):
        value = getattr(value, part)
    return value


def _invisible(text: str) -> bool:
    return any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in text)


def _email_problem(address: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        normal = validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError as exc:
        return str(exc)
    return None if normal == address else f"write it as {normal}"


def _bank_problems(bank: Bank) -> list[str]:
    # schwifty: the IBAN's length, check digits and national format, and the BIC's format
    # and country, from its registry of banks (a development dependency: see the docstring).
    from schwifty import BIC, IBAN
    from schwifty.exceptions import SchwiftyException

    found = []
    try:
        iban = IBAN(bank.iban)
    except SchwiftyException as exc:
        return [f"bank.iban: {bank.iban}: not a valid IBAN ({exc})"]
    if iban.compact != bank.iban:
        found.append(f"bank.iban: write it in electronic form, without spaces: {iban.compact}")
    try:
        bic = BIC(bank.bic)
    except SchwiftyException as exc:
        return [*found, f"bank.bic: {bank.bic}: not a valid BIC ({exc})"]
    if bic.compact != bank.bic:
        found.append(f"bank.bic: write it as {bic.compact}")
    # A BIC names a bank and a country in its first six characters; the IBAN's bank code
    # names a bank too. Where schwifty's registry knows the IBAN's bank, they must agree.
    known = iban.bic
    if known is not None and str(known)[:6] != bic.compact[:6]:
        found.append(f"bank.bic: {bank.bic} is not the bank of the IBAN ({iban.bank_name}: "
                     f"{known})")
    return found


def load(stage: str, path: Path | None = None) -> Company:
    """The stage's company, every value checked: what the site build and the deploy use."""
    path = path or path_of(stage)
    company = read(stage, path)
    wrong = problems(company)
    if wrong:
        raise CompanyError(f"{path}:\n  " + "\n  ".join(wrong))
    return company


@cache
def current() -> Company:
    """The company of the stage the functions run in: read once, on first use."""
    from ..config import settings

    return read(settings.stage)

