"""The interface speaks Vietnamese by default and English on request.

The API answers in the language of ``Accept-Language`` (LocaleMiddleware), and the English
catalog in ``locale/en`` is complete: every entry of the .po is translated, none is fuzzy,
placeholders survive translation, and the committed .mo holds exactly what the .po says.
"""

from __future__ import annotations

import ast
import gettext
import re
import struct
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from motcua.core.models import User

CATALOG = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = CATALOG / "django.po"
MO_FILE = CATALOG / "django.mo"

WRONG_PASSWORD_VI = "Tên đăng nhập hoặc mật khẩu không đúng."
WRONG_PASSWORD_EN = "Incorrect username or password."


# --- the API follows Accept-Language ------------------------------------------------------


def _token(client, body, language=None):
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return client.post("/api/v1/auth/token", body, content_type="application/json", **headers)


@pytest.mark.django_db
def test_validation_error_is_english_when_asked_and_vietnamese_otherwise(client):
    english = _token(client, {"username": 5}, "en")
    vietnamese = _token(client, {"username": 5})

    assert english.status_code == vietnamese.status_code == 422
    assert english.json()["message"].startswith("Invalid data in field(s): ")
    assert "username" in english.json()["message"]
    assert vietnamese.json()["message"].startswith("Dữ liệu không hợp lệ ở trường: ")
    en_errors = {e["field"]: e["message"] for e in english.json()["errors"]}
    vi_errors = {e["field"]: e["message"] for e in vietnamese.json()["errors"]}
    assert en_errors == {"username": "Must be a string.", "password": "Required field is missing."}
    assert vi_errors == {"username": "Phải là chuỗi ký tự.", "password": "Thiếu trường bắt buộc."}


@pytest.mark.django_db
def test_wrong_password_is_401_in_the_requested_language(client):
    User.objects.create_user("canbo", password="mat-khau-dai-2026")
    wrong = {"username": "canbo", "password": "sai"}

    english = _token(client, wrong, "en")
    vietnamese = _token(client, wrong)

    assert english.status_code == vietnamese.status_code == 401
    assert english.json()["message"] == WRONG_PASSWORD_EN
    assert vietnamese.json()["message"] == WRONG_PASSWORD_VI


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("accept", "expected", "content_language"),
    [
        ("en", WRONG_PASSWORD_EN, "en"),
        ("en-GB,en;q=0.9", WRONG_PASSWORD_EN, "en"),
        ("fr-FR,en;q=0.5", WRONG_PASSWORD_EN, "en"),
        ("vi", WRONG_PASSWORD_VI, "vi"),
        ("fr", WRONG_PASSWORD_VI, "vi"),
    ],
)
def test_language_negotiation(client, accept, expected, content_language):
    response = _token(client, {"username": "khong-co", "password": "sai"}, accept)
    assert response.status_code == 401
    assert response.json()["message"] == expected
    assert response["Content-Language"] == content_language
    assert "Accept-Language" in response["Vary"]


# --- the English catalog is complete and compiled ------------------------------------------


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """A small .po reader: contexts, plurals, flags and continued strings; obsolete skipped."""
    entries: list[Entry] = []
    flags: set[str] = set()
    previous = ""
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            keyword, value = previous, ast.literal_eval(line)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword == "msgctxt" or (keyword == "msgid" and previous != "msgctxt"):
                entries.append(Entry(flags=flags, line=number))
                flags = set()
        if not entries or not keyword:
            raise ValueError(f"{path}:{number}: text outside an entry")
        entry = entries[-1]
        plural = re.fullmatch(r"msgstr\[(\d+)\]", keyword)
        if keyword == "msgstr" or plural:
            index = int(plural.group(1)) if plural else 0
            entry.msgstr[index] = entry.msgstr.get(index, "") + value
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(entry, keyword, (getattr(entry, keyword) or "") + value)
        else:
            raise ValueError(f"{path}:{number}: unknown keyword {keyword}")
        previous = keyword
    return entries


PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]|%[-#0 +]*\d*(?:\.\d+)?[sdifr%]|\{\w*\}"
)


@pytest.fixture(scope="module")
def po_entries() -> list[Entry]:
    return read_po(PO_FILE)


@pytest.fixture(scope="module")
def messages(po_entries) -> list[Entry]:
    return [e for e in po_entries if e.msgid or e.msgctxt is not None]


@pytest.fixture(scope="module")
def mo() -> gettext.GNUTranslations:
    with MO_FILE.open("rb") as handle:
        return gettext.GNUTranslations(handle)


def test_po_has_messages_and_an_english_header(po_entries, messages):
    header = po_entries[0]
    assert header.msgid == ""
    assert "Language: en\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header.msgstr[0]
    assert len(messages) > 100


def test_no_entry_is_fuzzy(po_entries):
    fuzzy = [f"django.po:{e.line}: {e.msgid!r}" for e in po_entries if "fuzzy" in e.flags]
    assert fuzzy == []


def test_every_entry_is_translated(messages):
    untranslated = [
        f"django.po:{e.line}: {e.msgid!r}"
        for e in messages
        if not e.msgstr
        or not all(e.msgstr.values())
        or (e.msgid_plural is not None and sorted(e.msgstr) != [0, 1])
    ]
    assert untranslated == []


def test_translations_keep_their_placeholders(messages):
    broken = []
    for e in messages:
        for index, text in e.msgstr.items():
            source = e.msgid_plural if index and e.msgid_plural is not None else e.msgid
            wanted, found = sorted(PLACEHOLDER.findall(source)), sorted(PLACEHOLDER.findall(text))
            # A singular form may leave its count out ("One dossier"), never add a name.
            may_drop = e.msgid_plural is not None and index == 0
            if found != wanted and not (may_drop and set(found) <= set(wanted)):
                broken.append(f"django.po:{e.line}: {e.msgid!r} -> {text!r}")
    assert broken == []


def test_mo_is_compiled_from_the_current_po(messages, mo):
    assert mo.info()["language"] == "en"
    stale = []
    for e in messages:
        if e.msgid_plural is not None:
            got = [
                mo.npgettext(e.msgctxt, e.msgid, e.msgid_plural, n)
                if e.msgctxt is not None
                else mo.ngettext(e.msgid, e.msgid_plural, n)
                for n in (1, 2)
            ]
            expected = [e.msgstr[0], e.msgstr[1]]
        elif e.msgctxt is not None:
            got, expected = mo.pgettext(e.msgctxt, e.msgid), e.msgstr[0]
        else:
            got, expected = mo.gettext(e.msgid), e.msgstr[0]
        if got != expected:
            stale.append(f"django.po:{e.line}: {e.msgid!r}")
    assert stale == []


def test_mo_holds_nothing_the_po_does_not(messages):
    data = MO_FILE.read_bytes()
    magic = struct.unpack("<I", data[:4])[0]
    order = "<" if magic == 0x950412DE else ">"
    count = struct.unpack(f"{order}I", data[8:12])[0]
    assert count == len(messages) + 1  # and the header


def test_django_serves_the_english_catalog():
    with translation.override("en"):
        assert translation.gettext(WRONG_PASSWORD_VI) == WRONG_PASSWORD_EN
    with translation.override("vi"):
        assert translation.gettext(WRONG_PASSWORD_VI) == WRONG_PASSWORD_VI


@pytest.mark.django_db
def test_pages_stay_vietnamese_whatever_the_browser_prefers(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert response["Content-Language"] == "vi"
    client.cookies["django_language"] = "en"
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response["Content-Language"] == "en"
