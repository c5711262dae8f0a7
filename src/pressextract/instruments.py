"""Instruments: documents signed, exchanged, adopted, announced or welcomed.

A document is found by its name ("Memorandum of Cooperation", "MoU", "E/N",
"Joint Statement"), extended to its full title ("... between A and B on
C"), and kept only when something happens to it in the release (a verb of
signing, exchange, adoption, announcement or welcome, or a place in a list of
documents signed or exchanged). Mentions of one document are merged: the
list entry and the mention in the talks become one instrument.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .countries import find_countries
from .layout import LIST_MARKER_RE, in_skip
from .rules import load_rules

_ABBREVIATIONS = {"moc", "mocs", "mou", "mous", "e/n", "l/a", "g/a"}
_STOP_TITLE = re.compile(
    r"(?:\.\s|\.$|;|\n| and (?:the )?(?=(?:Memorand|MoU|MoC|Exchange of Notes|E/N|G/A|L/A|Statement of Intent|Letter of Intent|Joint|Agreement|Treaty|Protocol|Action Plan))"
    r"|, (?:and )?(?:the |an? )?(?=(?:Memorand|MoU|MoC|Exchange of Notes|E/N|G/A|L/A|Statement of Intent|Letter of Intent|Joint|Agreement|Treaty|Protocol|Action Plan))"
    r"|, (?:which|who|signed|and (?:concurred|agreed|welcomed|confirmed|expressed|stated|noted|discussed)|the first|as well as)| which | that will | as part of )",
)
_CONTENT_WORDS = re.compile(r"[A-Za-z][A-Za-z/-]{2,}")
_STOPWORDS = {
    "the", "and", "for", "between", "with", "cooperation", "field", "memorandum", "understanding", "agreement",
    "ministry", "government", "republic", "japan", "kenya", "promote", "strengthen", "establish", "concerning",
    "regarding", "including", "project", "projects", "joint", "statement", "intent", "notes", "exchange", "moc", "mou",
    "development", "national", "state", "public", "private",
}
_ORG_START = re.compile(
    r"(?:the\s+)?(?:Ministry|Government|Department|Agency|Office|Bank|Council|Commission|Secretariat|National|Federal|State|"
    r"Japan|Nippon|Central|Export|Board|Authority|Corporation|Institute|Chamber|Embassy|Cabinet|Republic|Kingdom|People)\b"
)


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load_rules("instruments")


@lru_cache(maxsize=None)
def name_regex() -> re.Pattern:
    names = sorted((n for n, _ in _rules()["names"]), key=len, reverse=True)
    parts = []
    for name in names:
        escaped = re.escape(name).replace(r"\ ", r"\s+")
        if name in _ABBREVIATIONS:
            mixed = name[0].upper() + name[1:-1] + name[-1].upper()  # "MoC", "MoU"
            parts.append(rf"(?-i:{re.escape(name.upper())}s?|{re.escape(mixed)}s?)")
        else:
            parts.append(escaped + r"s?")
    return re.compile(r"(?<![\w/])(?:" + "|".join(parts) + r")(?![\w/])", re.IGNORECASE)


def type_of(name: str) -> str:
    key = re.sub(r"\s+", " ", name.lower()).rstrip("s") if name.lower() not in ("notes", "documents", "arrangements") else name.lower()
    table = dict(_rules()["names"])
    for candidate in (name.lower(), key, key + "s", re.sub(r"\s+", " ", name.lower())):
        if candidate in table:
            return table[candidate]
    return "other"


@dataclass
class Mention:
    start: int
    end: int
    type: str
    name: str
    title: str
    label: str | None = None
    action: str | None = None
    in_list: bool = False
    parties: list[str] = field(default_factory=list)
    field: str | None = None


def _extend_title(text: str, start: int, end: int, limit: int) -> int:
    """Extend a document name to its full title: "... between A and B on C"."""
    tail = text[end:limit]
    # The title continues only with words that qualify a document.
    if not re.match(r"\s*(?:\([^)]{1,40}\)\s*)?(?:between|on|to|for|of|concerning|regarding|in|with|among|establishing|under)\b", tail):
        abbrev = re.match(r"\s*\([A-Za-z/]{2,10}\)", tail)
        return end + abbrev.end() if abbrev else end
    stop = _STOP_TITLE.search(tail)
    cut = stop.start() if stop else len(tail)
    # Never swallow a following sentence-level clause.
    return end + len(tail[:cut].rstrip(" ,"))


def _label_of(text: str, start: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    m = LIST_MARKER_RE.match(prefix + " ")
    if m and (m.end() >= len(prefix) or not prefix[m.end():].strip() or re.fullmatch(r"[\s|:.\-–]*", prefix[m.end():])):
        return m.group("paren") or m.group("num") or m.group("letter")
    m = re.match(r"^\s*(?:\|\s*)?(\d{1,2})\s*[|.)]\s*(?:\|\s*)?$", prefix)
    if m:
        return m.group(1)
    return None


def _parties(title: str) -> list[str]:
    m = re.search(r"\bbetween\s+(.*)", title)
    if not m:
        return []
    rest = m.group(1)
    # Where the subject starts after the last party: " on ...", " to ...", " for ...".
    countries = [(s, e) for s, e, _ in find_countries(rest)]
    joints = [j.start() for j in re.finditer(r"\s+and\s+", rest)]
    split = None
    for j in joints:
        if any(e <= j and rest[e:j].strip() in ("", ")") for s, e in countries):
            split = j
            break
    if split is None:
        for j in joints:
            after = rest[j:].split("and", 1)[1].lstrip()
            if _ORG_START.match(after):
                split = j
                break
    if split is None:
        return []
    left = rest[:split].strip(" ,")
    right = rest[split:].split("and", 1)[1].strip()
    cut = re.search(r"\s+(?:on|to|for|concerning|regarding|in the field|in the area|relating)\s", right)
    if cut:
        after_country = [e for s, e, _ in find_countries(right) if e <= cut.start()]
        right = right[: cut.start()]
    parties = [re.sub(r"^the\s+", "", p.strip(" ,")) for p in (left, right)]
    return [p for p in parties if p]


def _field(title: str, name: str) -> str | None:
    m = re.search(r"\b(?:on|concerning|regarding|in the field of|for)\s+(?:the\s+)?(?:Cooperation\s+(?:in|on)\s+(?:the\s+(?:Field|Area)\s+of\s+)?)?(.+)$", title[len(name):])
    if m:
        return m.group(1).strip(" .") or None
    m = re.search(r"\bto\s+(?:promote|strengthen|establish|enhance|support)\s+(.+?)(?:\s+between\s|$)", title)
    if m:
        return m.group(1).strip(" .")
    return None


def _action_near(doc: Doc, start: int, end: int, in_list: bool, list_action: str | None) -> str | None:
    """What happens to the document: from the verbs and nouns that govern its mention."""
    actions = _rules()["actions"]
    strength = _rules()["strength"]
    text = doc.text
    span = doc.char_span(start, end, alignment_mode="expand")
    found: list[str] = []
    if span is not None:
        token = span.root
        for _ in range(6):
            lemma = token.lemma_.lower()
            if lemma in actions and token.i != span.root.i:
                found.append(actions[lemma])
            if token.head is token:
                break
            token = token.head
        sent = span.sent
        sent_lower = text[sent.start_char : sent.end_char].lower()
        if any(cue in sent_lower for cue in _rules()["conclude_cues"]) and not found or re.search(r"\b(?:agreed|agree)\s+to\s+(?:conclude|sign|finali[sz]e)", sent_lower):
            found.append("agreed_to_conclude")
        for t in sent:
            if t.lemma_.lower() in ("sign", "exchange", "adopt", "issue") and t.pos_ == "VERB" and t.dep_ in ("ROOT", "conj", "relcl", "acl") and span.start <= t.i <= span.end + 1 + 20:
                if t.i > span.root.i and t.dep_ in ("relcl", "acl") or t.i < span.start:
                    found.append(actions[t.lemma_.lower()])
    if in_list and list_action:
        found.append(list_action)
    if not found:
        return None
    # "agreed to conclude" is weaker than a signing that happened, but "to sign" is not a signing.
    window = text[max(0, start - 60) : start].lower()
    if re.search(r"\b(?:to|will|would)\s+(?:be\s+)?(?:sign|conclude|adopt)\w*\s+(?:the\s+|a\s+|an\s+)?[\w\s-]{0,30}$", window):
        return "agreed_to_conclude"
    return min(found, key=strength.index)


def _list_action(text: str, start: int) -> str | None:
    """The action of a list of documents, from the line that introduces the list."""
    line_start = text.rfind("\n", 0, start)
    for _ in range(60):
        if line_start <= 0:
            return None
        prev_start = text.rfind("\n", 0, line_start) + 1
        line = text[prev_start:line_start]
        line_start = prev_start - 1
        if not line.strip() or LIST_MARKER_RE.match(line) and len(line) > 12 and not line.rstrip().endswith(":"):
            if not line.strip() or not re.search(r"\b(?:following|were|was)\b", line):
                continue
        lower = line.lower()
        if "exchanged" in lower or "exchange of" in lower:
            return "exchanged"
        if "signed" in lower or "signing" in lower or "signator" in lower:
            return "signed"
        if "adopted" in lower or "issued" in lower:
            return "adopted"
        if "outcome" in lower:
            return "signed"
        return None
    return None


def find_instruments(doc: Doc, layout: dict) -> list[Mention]:
    text = doc.text
    body = layout["body_start"]
    mentions: list[Mention] = []
    headings = [(h[0], h[1]) for h in layout["headings"]]
    for m in name_regex().finditer(text, body):
        if in_skip(layout, m.start()) or any(hs <= m.start() < he for hs, he in headings):
            continue
        name = m.group(0)
        kind = type_of(name)
        weak = name.lower().rstrip("s") in {w.rstrip("s") for w in _rules()["weak_names"]} or name.lower() in _rules()["weak_names"]
        start = m.start()
        # Take in a qualifying prefix: "Joint Statement", "Grant Agreement", "Comprehensive Strategic Partnership Agreement".
        prefix = re.search(r"((?:[A-Z][\w'’-]*|on|and|of|the|for)\s+){0,6}$", text[max(body, start - 80) : start])
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        end = _extend_title(text, start, m.end(), line_end)
        label = _label_of(text, start)
        if prefix and prefix.group(0).strip():
            words = prefix.group(0)
            # Keep only a capitalised run ending right before the name.
            cap = re.search(r"((?:[A-Z][\w'’-]*\s+)(?:(?:on|and|of|the|for)\s+|[A-Z][\w'’-]*\s+)*)$", words)
            if cap and not re.match(r"(?:The|A|An|This|That|These|Following|After|In|On)\s", cap.group(1)):
                start = start - len(cap.group(1))
            elif cap:
                inner = re.sub(r"^(?:The|A|An|This|That|These|Following|After|In|On)\s+", "", cap.group(1))
                start = start - len(inner)
        label = _label_of(text, start) or label
        title = text[start:end]
        if weak and not label and kind == "other" and not re.search(r"\b(?:between|on)\b", title):
            # "the documents", "a program": only a listed or named document counts.
            continue
        mentions.append(Mention(start, end, kind if not (weak and kind == "other") else kind, name, title, label=label, in_list=label is not None))
    # Drop mentions inside others.
    mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for x in mentions:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    for x in kept:
        list_action = _list_action(text, x.start) if x.in_list else None
        x.action = _action_near(doc, x.start, x.end, x.in_list, list_action)
        x.parties = _parties(x.title)
        x.field = _field(x.title, x.name)
        if x.type == "joint_declaration" and "joint" not in x.title.lower() and "declaration of intent" not in x.title.lower():
            x.type = "other" if "declaration" not in x.title.lower() else "joint_declaration"
        if x.type == "joint_statement" and "joint" not in x.title.lower() and "statement of intent" not in x.title.lower():
            x.type = "joint_statement"
    return kept


def _keywords(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORDS.findall(text) if w.lower() not in _STOPWORDS}


def merge(mentions: list[Mention]) -> list[list[Mention]]:
    """Group mentions that name one document: same type and a shared subject word, or an abbreviation of it."""
    groups: list[list[Mention]] = []
    for x in mentions:
        words = _keywords(x.title)
        target = None
        for group in groups:
            if group[0].type != x.type:
                continue
            if any(g.label and x.label and g.label != x.label for g in group):
                continue
            gwords = set().union(*(_keywords(g.title) for g in group))
            if words & gwords:
                target = group
                break
        if target is None and x.name.lower() in _ABBREVIATIONS | {"statement", "declaration", "agreement", "accord", "memorandum", "treaty"} and x.title == x.name or (target is None and not words):
            same = [g for g in groups if g[0].type == x.type]
            if len(same) >= 1 and (not words):
                target = same[-1]
        if target is None:
            groups.append([x])
        else:
            target.append(x)
    return groups


@Language.factory("px_instruments", assigns=["doc._.px_instruments", "doc.spans"], requires=["doc._.px_layout"])
def make_instruments(nlp: Language, name: str, spans_key: str = "px_instruments"):
    return InstrumentFinder(spans_key=spans_key)


class InstrumentFinder:
    """Documents acted on in the release, one per document with all its mentions."""

    def __init__(self, spans_key: str = "px_instruments") -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        layout = doc._.px_layout
        mentions = find_instruments(doc, layout)
        strength = _rules()["strength"]
        out = []
        for group in merge(mentions):
            actions = [m.action for m in group if m.action]
            if not actions:
                continue
            best = max(group, key=lambda m: (len(m.parties), m.in_list, len(m.title)))
            countries = sorted({code for p in best.parties for _, _, code in find_countries(p)})
            out.append({
                "type": best.type,
                "title": best.title,
                "label": next((m.label for m in group if m.label), None),
                "parties": best.parties,
                "countries": countries,
                "field": best.field or next((m.field for m in group if m.field), None),
                "action": min(actions, key=strength.index),
                "mentions": [[m.start, m.end] for m in sorted(group, key=lambda m: m.start)],
            })
        out.sort(key=lambda i: i["mentions"][0][0])
        doc._.px_instruments = out
        doc.spans[self.spans_key] = [
            s for s in (doc.char_span(a, b, label=i["type"], alignment_mode="expand") for i in out for a, b in i["mentions"]) if s is not None
        ]
        return doc
