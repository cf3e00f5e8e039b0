"""The Spanish catalog is complete, keeps every placeholder, and covers every caller-facing text.

Callers read these messages under stress: a missing translation falls back to
English silently, and a dropped ``{ref}`` or ``%(name)s`` breaks the message
or raises at runtime. These checks read the .po directly (no dependency), so a
failure lists every faulty entry at once.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from amparo.texts.registry import TEXTS, default_text
from amparo.texts.render import render_text

CATALOG_DIR = Path(settings.BASE_DIR) / "amparo" / "locale" / "es" / "LC_MESSAGES"
PO = CATALOG_DIR / "django.po"


@dataclass
class Entry:
    line: int
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    def label(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(text: str) -> list[Entry]:
    """The live entries of a .po file (obsolete ``#~`` entries are skipped).

    Enough of the format for what makemessages writes: flags, msgctxt,
    msgid, msgid_plural, msgstr, msgstr[n], and continued strings.
    """
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # (field, plural index) that continuation lines extend
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            if current is None or current.msgid or target is not None:
                current, target = Entry(line=number), None
                entries.append(current)
            current.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            keyword, rest = "", line
        value = ast.literal_eval(rest) if rest else ""
        if keyword in ("msgctxt", "msgid") and (current is None or target is not None and target[0] not in ("msgctxt",)):
            current = Entry(line=number)
            entries.append(current)
        assert current is not None, f"line {number}: text before any msgid"
        if keyword == "":
            assert target is not None, f"line {number}: continuation without a keyword"
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += value
            else:
                setattr(current, name, getattr(current, name) + value)
        elif keyword in ("msgctxt", "msgid", "msgid_plural"):
            setattr(current, keyword, value)
            target = (keyword, 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword != "msgstr" else 0
            current.msgstr[index] = value
            target = ("msgstr", index)
        else:
            raise AssertionError(f"line {number}: unknown keyword {keyword!r}")
    return [e for e in entries if e.msgid]  # the header has an empty msgid


PERCENT = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]")
BRACE = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*")


def placeholders(text: str, python_format: bool) -> Counter[str]:
    found = Counter(BRACE.findall(text)) + Counter(t.lower() for t in TAG.findall(text))
    if python_format:
        found += Counter(PERCENT.findall(text.replace("%%", "")))
    return found


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


def test_it_parses_the_po_format():
    sample = (
        'msgid ""\nmsgstr ""\n"Language: es\\n"\n\n'
        '#, fuzzy, python-format\nmsgid "Hi %(name)s"\nmsgstr "Hola %(name)s"\n\n'
        'msgctxt "place kind"\nmsgid "Home"\nmsgstr "Casa"\n\n'
        'msgid ""\n"one "\n"line"\nmsgstr ""\n\n'
        '#, python-format\nmsgid "%(n)s day"\nmsgid_plural "%(n)s days"\nmsgstr[0] "%(n)s día"\nmsgstr[1] ""\n"%(n)s "\n"días"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Ido"\n'
    )
    hi, home, long, days = parse_po(sample)
    assert (hi.msgid, hi.msgstr, hi.flags) == ("Hi %(name)s", {0: "Hola %(name)s"}, {"fuzzy", "python-format"})
    assert (home.msgctxt, home.msgid, home.msgstr, home.flags) == ("place kind", "Home", {0: "Casa"}, set())
    assert (long.msgid, long.msgstr) == ("one line", {0: ""})
    assert (days.msgid_plural, days.msgstr) == ("%(n)s days", {0: "%(n)s día", 1: "%(n)s días"})


def test_it_has_a_translation_for_every_msgid(entries):
    assert len(entries) > 100
    assert not re.search(r'^#,.*fuzzy.*\nmsgid ""', PO.read_text(encoding="utf-8"), re.M), "the header is fuzzy"
    empty = [e.label() for e in entries if not all(e.msgstr.values()) or not e.msgstr]
    fuzzy = [e.label() for e in entries if "fuzzy" in e.flags]
    assert not empty, "untranslated in django.po:\n" + "\n".join(empty)
    assert not fuzzy, "fuzzy (check, then drop the flag) in django.po:\n" + "\n".join(fuzzy)


def test_it_keeps_every_placeholder(entries):
    wrong = []
    for e in entries:
        python_format = "python-format" in e.flags
        for index, msgstr in e.msgstr.items():
            source = e.msgid if index == 0 or e.msgid_plural is None else e.msgid_plural
            want, got = placeholders(source, python_format), placeholders(msgstr, python_format)
            # Plural forms may leave the count out of the singular ("un día"), never add or rename one.
            ok = got == want or (e.msgid_plural is not None and not got - want)
            if msgstr and not ok:
                wrong.append(f"{e.label()} wants {sorted(want.elements())}, has {sorted(got.elements())}")
    assert not wrong, "placeholders changed in django.po:\n" + "\n".join(wrong)


def test_it_detects_a_dropped_placeholder():
    assert placeholders("Hola, %(org)s {ref} <b>", True) == Counter({"%(org)s": 1, "{ref}": 1, "<b": 1})
    assert placeholders("100%% seguro, %s", True) == Counter({"%s": 1})
    assert placeholders("Las llaves { } y {ref}", False) == Counter({"{ref}": 1})


def test_it_has_compiled_the_catalog():
    mo = CATALOG_DIR / "django.mo"
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime, (
        "amparo/locale/es/LC_MESSAGES/django.mo is missing or older than django.po: run `make messages`"
    )


# Common English words that are not Spanish words: two in one sentence mean English was left in.
ENGLISH_ONLY = frozenset(
    "the and of is are you your we our they their this that these with for from to at on in it will "
    "can not do does please thank thanks reply text call when where what here there have has be been "
    "if or by after before again now stay safe keep".split()
)
SENTENCE = re.compile(r"[^.!?:;]+")
WORDS = re.compile(r"[a-záéíóúüñ]+")


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in SENTENCE.findall(text.lower()) if s.strip()]


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_it_translates_every_caller_text(key):
    spanish, english = default_text(key, "es"), default_text(key, "en")
    assert spanish != english, f"text {key!r} has no Spanish translation (is django.mo compiled?)"
    rendered = render_text(None, key, "es", ref="K7Q2")
    english_sentences = {s for s in _sentences(render_text(None, key, "en", ref="K7Q2")) if len(s.split()) >= 3}
    for sentence in _sentences(rendered):
        words = WORDS.findall(sentence)
        assert sentence not in english_sentences, f"{key!r}: English sentence left in Spanish: {sentence!r}"
        assert sum(w in ENGLISH_ONLY for w in words) < 2, f"{key!r}: looks English: {sentence!r}"
