"""The French, Portuguese and Spanish catalogues: they compile, the committed .mo files
are up to date with the .po files, the key pages are really translated, and no
translation loses or invents a placeholder.

GNU gettext (msgfmt) is needed for the first two checks; it is installed in CI, and the
checks are skipped without it on a developer's machine (unless `CI` is set).
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])
LANGUAGES = ["fr", "pt", "es"]

# What a user meets first: navigation, sign-in, password reset, invitation, dashboard,
# partnership and members pages, the form partial and the error pages. Each must have a
# real translation in every language.
KEY_MSGIDS = [
    # navigation and layout
    "Dashboard",
    "All partnerships",
    "Organisations",
    "Sign out",
    "Skip to content",
    "Language",
    "Partnership",
    "Overview",
    "Members",
    "History",
    # sign-in and password reset
    "Sign in",
    "Email address",
    "Keep me signed in on this device for two weeks",
    "Forgotten your password?",
    "Reset your password",
    "Choose a new password",
    "Check your email",
    "Too many attempts",
    # invitations
    "Invite someone",
    "Send the invitation",
    "Join %(name)s",
    "Accept and join",
    "Create my account and join",
    "This invitation cannot be used",
    "Pending invitations",
    "You are invited to join %(name)s on QI Commons",
    "Welcome to %(partnership)s. You joined as %(role)s.",
    # dashboard, partnership and members pages
    "Welcome, %(name)s",
    "Your partnerships",
    "Recent activity",
    "Twinning phase",
    "Status",
    "Role",
    "Lead",
    "Coach",
    "Member",
    "Viewer",
    "Change role",
    "Edit the partnership",
    "Partnership development",
    "Situational analysis",
    "Improvement",
    "Evaluation",
    # forms and errors
    "Please correct the following:",
    "(optional)",
    "Page not found",
    "Not allowed",
]
# Key strings whose right translation is the English word itself.
SAME_AS_ENGLISH = {"fr": {"Organisations", "Coach"}, "pt": set(), "es": set()}

# A Python %-placeholder (%(name)s, %d, %%) and a brace one ({name}).
PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrs%]")
BRACES = re.compile(r"\{[^{}]*\}")


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def translated(self) -> bool:
        return any(self.msgstr.values())


def read_po(path: Path) -> list[Entry]:
    """A small reader for the .po files makemessages writes: entries separated by blank
    lines, no obsolete entries. (`test_the_reader_agrees_with_msgfmt` keeps it honest.)"""
    entries = []
    for block in re.split(r"\n\s*\n", path.read_text(encoding="utf-8").strip()):
        entry = Entry()
        target: int | str | None = None
        for line in block.splitlines():
            if line.startswith("#,"):
                entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                text = ast.literal_eval(line)
                if isinstance(target, int):
                    entry.msgstr[target] += text
                elif target:
                    setattr(entry, target, getattr(entry, target) + text)
            else:
                keyword, _, value = line.partition(" ")
                text = ast.literal_eval(value)
                plural_form = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                if plural_form:
                    target = int(plural_form.group(1) or 0)
                    entry.msgstr[target] = text
                else:
                    target = keyword
                    setattr(entry, keyword, text)
        entries.append(entry)
    return entries


def catalogue(language: str) -> list[Entry]:
    return read_po(LOCALE_DIR / language / "LC_MESSAGES" / "django.po")


def messages(language: str) -> list[Entry]:
    """The catalogue without its header."""
    return [e for e in catalogue(language) if e.msgid]


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (msgfmt) is required in CI")
        pytest.skip("GNU gettext is not installed (apt-get install gettext)")
    return path


def placeholders(text: str, python_format: bool) -> list[str]:
    """The %-placeholders of a python-format string (a lone % elsewhere is just a
    percent sign), and any {brace} placeholders."""
    found = BRACES.findall(text)
    if python_format:
        found += PERCENT.findall(text)
    return sorted(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_compiles(language):
    po = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"

    result = subprocess.run(
        [msgfmt(), "--check", "-o", os.devnull, str(po)], capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_mo_file_matches_the_po_file(language, tmp_path):
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    fresh = compiled(folder / "django.po", tmp_path)
    with open(folder / "django.mo", "rb") as f:
        committed = gettext.GNUTranslations(f)._catalog

    stale = sorted(
        (key for key in committed.keys() | fresh.keys() if committed.get(key) != fresh.get(key)),
        key=str,
    )
    assert not stale, f"the .mo file is out of date (run `make messages`): {stale[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_strings_are_translated(language):
    with translation.override(language):
        untranslated = [
            m
            for m in KEY_MSGIDS
            if translation.gettext(m) == ""
            or (translation.gettext(m) == m and m not in SAME_AS_ENGLISH[language])
        ]

    assert not untranslated


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_strings_have_a_translation_in_the_catalogue(language):
    # Also guards the list above: a msgid no longer in the code is not in the catalogue,
    # and an English word kept on purpose (SAME_AS_ENGLISH) is still a translation there.
    translated = {e.msgid for e in messages(language) if e.translated}

    assert not [m for m in KEY_MSGIDS if m not in translated]


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_the_original(language):
    wrong = []
    for entry in messages(language):
        python_format = "python-format" in entry.flags
        # A plural form may use the placeholders of either English form (French "un
        # partenariat" for the singular, say), but no others.
        allowed = [placeholders(entry.msgid, python_format)]
        if entry.msgid_plural is not None:
            allowed.append(placeholders(entry.msgid_plural, python_format))
        for index, text in entry.msgstr.items():
            if text and placeholders(text, python_format) not in allowed:
                wrong.append((entry.msgid, index, text))

    assert not wrong


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_is_left_fuzzy(language):
    fuzzy = [e.msgid for e in messages(language) if "fuzzy" in e.flags]

    assert not fuzzy


@pytest.mark.parametrize("language", LANGUAGES)
def test_plural_entries_have_every_form_the_language_needs(language):
    header = catalogue(language)[0].msgstr[0]
    nplurals = int(re.search(r"nplurals=(\d+)", header).group(1))
    incomplete = [
        e.msgid
        for e in messages(language)
        if e.msgid_plural is not None
        and e.translated
        and not all(e.msgstr.get(i) for i in range(nplurals))
    ]

    assert not incomplete


def compiled(po: Path, folder: Path) -> dict:
    """What gettext reads from the .mo file msgfmt makes of `po`."""
    mo = folder / "django.mo"
    subprocess.run([msgfmt(), "-o", str(mo), str(po)], check=True)
    with open(mo, "rb") as f:
        return gettext.GNUTranslations(f)._catalog  # type: ignore[attr-defined]  # no public reader


def test_the_reader_agrees_with_msgfmt(tmp_path):
    # The placeholder and fuzzy checks are only as good as the reader they rely on.
    read = {}
    for entry in messages("fr"):
        if not entry.translated or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            read[key] = entry.msgstr[0]
        else:
            read.update({(key, i): text for i, text in entry.msgstr.items()})

    catalog = compiled(LOCALE_DIR / "fr" / "LC_MESSAGES" / "django.po", tmp_path)
    catalog.pop("", None)  # the header

    assert read == catalog


HEADINGS = {
    "fr": ("Se connecter", "Bienvenue, Alpha", "Vos partenariats", "Tableau de bord"),
    "pt": ("Entrar", "Olá, Alpha", "As suas parcerias", "Painel"),
    "es": ("Iniciar sesión", "Hola, Alpha", "Sus alianzas", "Panel"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sign_in_page_is_translated(client, db, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("accounts:login")).content.decode()

    sign_in = HEADINGS[language][0]
    assert f"<h1>{sign_in}</h1>" in html
    assert f'<html lang="{language}">' in html
    assert ">Sign in<" not in html


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_dashboard_is_translated(client, world, language):
    client.force_login(world.users["lead"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    html = client.get(reverse("core:home")).content.decode()

    _, welcome, partnerships, dashboard = HEADINGS[language]
    assert f"<h1>{welcome}</h1>" in html
    assert f">{partnerships}</h2>" in html
    assert f">{dashboard}</a>" in html
    assert "Your partnerships" not in html


# Words a template may show untranslated: file formats and the like.
NOT_WORDS = {"PNG", "SVG", "CSV", "XLSX", "PDF"}


def visible_text(source: str) -> str:
    """What a template shows that comes neither from a variable nor from a translation
    tag (nor from a <code> element, which is literal)."""
    for pattern in (
        r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}",
        r"{#.*?#}",
        r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}",
        r"{%.*?%}",
        r"{{.*?}}",
        r"<script.*?</script>",
        r"<style.*?</style>",
        r"<code>.*?</code>",  # literal names: columns of a file, say
        r"<[^>]*>",
        r"&[#\w]+;",
    ):
        source = re.sub(pattern, " ", source, flags=re.S)
    return source


def test_templates_show_no_untranslated_text():
    root = Path(settings.BASE_DIR) / "qicommons"
    found = {}
    for path in sorted(root.glob("**/templates/**/*")):
        if path.suffix not in (".html", ".txt"):
            continue
        words = set(re.findall(r"[A-Za-z][A-Za-z']+", visible_text(path.read_text()))) - NOT_WORDS
        if words:
            found[str(path.relative_to(root))] = sorted(words)

    assert not found, "mark these words for translation"
