"""Validators of what people type: Japanese phone numbers and postal codes (after
normalisation), and text that the database cannot store."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from .text import digits_only, normalize

NUL = "\x00"


def validate_no_nul(value) -> None:
    """PostgreSQL refuses a NUL byte in text, and no keyboard types one: say so plainly.

    Django's own check words it "type something" in Japanese, which misleads.
    """
    if isinstance(value, str) and NUL in value:
        raise ValidationError(
            _("This text contains a NUL character, which cannot be used: remove it."),
            code="null_characters_not_allowed",
        )


# Django's own message for a NUL byte (every CharField's ProhibitNullCharactersValidator,
# allauth's forms included): named here so that the portal's catalogue, which takes precedence
# over Django's, gives it the same plain Japanese as validate_no_nul.
gettext_noop("Null characters are not allowed.")


_PHONE_SEPARATORS = re.compile(r"[-‐‑–—―ー−() ]")


def normalize_phone(value: str) -> str:
    """Return the phone number as digits, accepting 全角 digits, hyphens and +81."""
    text = _PHONE_SEPARATORS.sub("", normalize(value))
    if text.startswith("+81"):
        text = "0" + text[3:]
    return text


def format_phone(value: str) -> str:
    """A stored phone number (digits) as people write it: 0467-70-5611, 090-1234-5678 (the
    area code's length from libphonenumber's metadata). Also what keeps Excel from reading
    it as a number and dropping the leading 0. Anything it cannot place stays as it is."""
    import phonenumbers

    digits = normalize_phone(value)
    try:
        number = phonenumbers.parse(digits, "JP")
    except phonenumbers.NumberParseException:
        return value
    written = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return written if written.replace("-", "") == digits else value


def validate_phone(value: str) -> None:
    digits = normalize_phone(value)
    # Fixed lines and 0120 have 10 digits; mobile, IP phones and 0800 have 11.
    if not digits.isdigit() or not digits.startswith("0") or len(digits) not in (10, 11):
        raise ValidationError(
            _("Enter a Japanese phone number of 10 or 11 digits, for example 0467-70-5611."),
            code="invalid_phone",
        )
    mobile_prefixes = ("050", "060", "070", "080", "090", "0800")
    if len(digits) == 11 and not digits.startswith(mobile_prefixes):
        raise ValidationError(
            _("Enter a Japanese phone number of 10 or 11 digits, for example 0467-70-5611."),
            code="invalid_phone",
        )


def normalize_postal_code(value: str) -> str:
    """Return the postal code as 123-4567."""
    digits = digits_only(value.replace("〒", ""))
    return f"{digits[:3]}-{digits[3:]}" if len(digits) == 7 else normalize(value)


def validate_postal_code(value: str) -> None:
    if not re.fullmatch(r"\d{3}-\d{4}", normalize_postal_code(value)):
        raise ValidationError(
            _("Enter a postal code of 7 digits, for example 252-1192."), code="invalid_postal_code"
        )
