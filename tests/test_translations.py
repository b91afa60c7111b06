"""The Chinese catalogue is complete, and the compiled catalogue the portal loads is the current one."""

import ast
import re
from pathlib import Path

from django.utils import translation

PO = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"


def po_entries(path: Path) -> list[dict]:
    """Returns the catalogue's entries as dicts of keyword (msgid, msgstr, msgstr[0], …) → text, plus flags."""
    entries, entry, key = [], {"flags": ""}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {"flags": ""}, None
        elif line.startswith("#,"):
            entry["flags"] += line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            key, value = re.match(r"^(\S+) (\".*\")$", line).groups()
            entry[key] = ast.literal_eval(value)
    return [e for e in entries if e["msgid"]]  # the header has an empty msgid


def test_every_message_has_a_chinese_translation():
    missing = [
        e["msgid"] for e in po_entries(PO) if "fuzzy" in e["flags"] or not (e.get("msgstr") or e.get("msgstr[0]"))
    ]
    assert missing == []


def test_the_compiled_catalogue_matches_the_source():
    with translation.override("zh-hans"):
        stale = [
            e["msgid"]
            for e in po_entries(PO)
            if "msgctxt" not in e and "msgid_plural" not in e and translation.gettext(e["msgid"]) != e["msgstr"]
        ]
    assert stale == []


def test_filter_labels_follow_the_language_of_each_request():
    """A filter named after its model field was named once, in the language of whoever read it first (the API
    schema in English), for every later request."""
    from people.filters import PersonFilter

    with translation.override("en"):
        assert str(PersonFilter.base_filters["party_status"].label) == "Party membership"
    with translation.override("zh-hans"):
        assert str(PersonFilter().filters["party_status"].label) != "Party membership"
        assert str(PersonFilter.base_filters["party_status"].label) != "Party membership"
