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

from spacy.tokens import Doc

from . import extensions  # noqa: F401
from .extensions import doc_text
from .countries import find_countries
from .countries import lookup as lookup_country
from .component import RuleComponent
from .items import InstrumentItem, LayoutInfo, Offsets
from .schemas import CountriesRules, InstrumentsRules, TitlesRules
from .layout import LIST_MARKER_RE, in_skip
from .rules import load_rules

_ABBREVIATIONS = {"moc", "mocs", "mou", "mous", "e/n", "l/a", "g/a"}
_DOC_START = r"(?i:memorand|mou\b|moc\b|exchange of notes|e/n\b|g/a\b|l/a\b|statement of intent|letter of intent|joint (?:statement|declaration|communiqu)|(?:intergovernmental |framework |cooperation )?agreement|treaty|protocol|action plan|roadmap|programme|plan of|declaration|executive order|decree)"
# Where a document's title ends in running text: the next document, a relative clause, the sentence.
_STOP_TITLE = re.compile(
    r"(?:(?<!\.[A-Z])\.(?=[\s*<…\"“]|$)|;|\n"
    rf"| and (?:the |an? )?(?:several |other |a number of )?(?={_DOC_START})"
    rf"|, (?:and )?(?:the |an? )?(?={_DOC_START})"
    r"|, (?:such as|including|as well as)\b| (?:as well as|and several|and other|and a number of)\b"
    r"|, (?:which|who|signed|the first)"
    r"|,? and (?:also )?(?:concurred|agreed|welcomed|confirmed|reaffirmed|expressed|stated|noted|discussed|decided|announced|launched"
    r"|signed|exchanged|adopted|emphasi[sz]ed|stressed|underlined|highlighted|called|urged)\b"
    r"| which | that will | that was | that were | (?:will|would|shall|should|must|can|could|may) | was signed| were signed| was exchanged| were exchanged| was adopted| as part of |\s\|)",
)
# A capitalised word of a document's name, with inner dots ("U.S.-India") but not a sentence's last period.
_CAP_WORD = r"[A-Z0-9](?:[\w'’-]|\.(?=[\w-]))*"
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


def _is_plural(name: str) -> bool:
    lower = name.lower()
    return lower.endswith("s") and lower not in ("notes", "e/n") or lower.startswith("memoranda")


_FIELD_LIST = re.compile(r"\s(?:on\s+cooperation\s+in|on|in\s+the\s+(?:fields?|areas?|spheres?)\s+of)\s+(?=\S)")


def _field_items(title: str) -> list[tuple[int, int]]:
    """The fields of a comma list after a plural name, as (start, end) offsets in ``title``.

    Only commas separate items: "communications and IT" is one field.
    """
    m = _FIELD_LIST.search(title)
    if not m:
        return []
    rest = title[m.end() :]
    if re.search(r"\b(?:between|amending|of\s+[A-Z])", rest) or rest.count(",") < 2:
        return []
    items, pos = [], m.end()
    for piece in re.split(r"(,\s+(?:and\s+)?)", rest):
        if piece.startswith(","):
            pos += len(piece)
            continue
        if not piece.strip() or len(piece.split()) > 5:
            return []
        items.append((pos, pos + len(piece)))
        pos += len(piece)
    return items


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
    named: str = ""


def _extend_title(text: str, start: int, end: int, limit: int) -> int:
    """Extend a document name to its full title: "... between A and B on C"."""
    tail = text[end:limit]
    # "Memorandum of Understanding and Cooperation between ...": a second capitalised name word.
    joined = re.match(r"\s+and\s+[A-Z][a-z]+(?=\s+(?:between|on|concerning|regarding)\b)", tail)
    if joined:
        end += joined.end()
        tail = text[end:limit]
    # The title continues only with words that qualify a document.
    if not re.match(r"\s*(?:\([^)]{1,40}\)\s*)?(?:between|on|to|for|of|concerning|regarding|in|with|among|establishing|under|amending|implementing|extending|relating|Between|On|Concerning|Regarding)\b", tail):
        abbrev = re.match(r"\s*\([A-Za-z/]{2,10}\)", tail)
        return end + abbrev.end() if abbrev else end
    stop = _STOP_TITLE.search(tail)
    cut = stop.start() if stop else len(tail)
    # Never swallow a following sentence-level clause.
    return end + len(tail[:cut].rstrip(" ,"))


def _label_of(text: str, start: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    prefix = text[line_start:start]
    if not prefix.strip():
        # A label alone on the line before: "1.\nExchange of Notes ...".
        before = text[:line_start].rstrip("\n")
        previous = before[before.rfind("\n") + 1 :].strip()
        m = re.fullmatch(r"\(?([A-Za-z]|\d{1,2})[.)]?", previous)
        if m and previous != m.group(1) or re.fullmatch(r"\d{1,2}", previous):
            return m.group(1) if m else previous
    m = LIST_MARKER_RE.match(prefix + " ")
    if m and (m.end() >= len(prefix) or not prefix[m.end():].strip() or re.fullmatch(r"[\s|:.\-–]*", prefix[m.end():])):
        return m.group("paren") or m.group("num") or m.group("letter")
    m = re.match(r"^\s*(?:\|\s*)?(\d{1,2})\s*[|.)]\s*(?:\|\s*)?$", prefix)
    if m:
        return m.group(1)
    return None


_DISTRIBUTIVE = re.compile(
    r"^(?:the\s+)?(?P<plural>(?:[A-Za-z]+\s+)?(?:Ministries|ministries|Governments|governments|Departments|departments|Central Banks|Parliaments|Presidents|Prime Ministers|Leaders|Heads of State))"
    r"(?P<rest>(?:\s+of\s+[A-Z][\w-]*(?:\s+(?:and\s+)?[A-Z][\w-]*)*)?)\s+of\s+(?P<a>.+?)\s+and\s+(?:the\s+)?(?P<b>.+)$"
)
_SINGULAR = {"ministries": "ministry", "governments": "government", "departments": "department", "banks": "bank", "parliaments": "parliament",
             "presidents": "president", "ministers": "minister", "leaders": "leader", "state": "state"}


def _distributive(rest: str) -> list[str] | None:
    """"the Ministries of Economy of Ukraine and Azerbaijan" -> the Ministry of Economy of each."""
    m = _DISTRIBUTIVE.match(rest)
    if not m or not (lookup_country(m.group("a")) and lookup_country(m.group("b"))):
        return None
    words = m.group("plural").split()
    last = words[-1]
    singular = _SINGULAR.get(last.lower(), last)
    if last[0].isupper():
        singular = singular.capitalize()
    head = " ".join(words[:-1] + [singular]) + m.group("rest")
    return [f"{head} of {m.group('a')}", f"{head} of {m.group('b')}"]


def _mask_quotes(s: str) -> str:
    """Blank out quoted names ('the State Enterprise "Research and Training Center, Kyiv"') so that
    their commas, "and"s and place names are not read as party boundaries; offsets are kept."""
    return re.sub(r'(["“«])([^"”»\n]{1,200})(["”»])', lambda m: m.group(1) + "x" * len(m.group(2)) + m.group(3), s)


def split_parties(rest: str) -> list[str]:
    """Two parties joined by "and": "Ministry X of Japan and Ministry Y of the Republic of Kenya".

    The split falls after a country name when there is one ("... of Japan and ..."),
    else before an organisation word ("... and the Ministry ..."), else at the
    only "and"; commas and "and" inside one party's name stay inside it.
    """
    rest = re.sub(r"\s+in\s+\d{4}(?:[–-]\d{2,4})?\s*$", "", rest.strip())
    distributive = _distributive(rest)
    if distributive:
        return distributive
    masked = _mask_quotes(rest)
    countries = [(s, e) for s, e, _ in find_countries(masked)]
    joints = [j for j in re.finditer(r"\s+and\s+|,\s+(?:and\s+)?", masked)]

    def after_country(j) -> bool:
        return any(e <= j.start() and (masked[e : j.start()].strip() in ("", ")") or masked[e : j.start()].strip().startswith("(")) for s, e in countries)

    # Every "and" or comma right after a country name ends a party ("X of Ukraine, Y of Ukraine and Z of Azerbaijan").
    splits = [j for j in joints if after_country(j)]
    if not splits:
        ands = [j for j in joints if "and" in j.group(0)]
        org = next((j for j in ands if _ORG_START.match(masked[j.end() :])), None)
        splits = [org] if org else (ands if len(ands) == 1 else [])
    if not splits:
        return []
    pieces, last = [], 0
    for j in splits:
        pieces.append(rest[last : j.start()])
        last = j.end()
    pieces.append(rest[last:])
    parties = [re.sub(r"^the\s+", "", p.strip(" ,.;")) for p in pieces]
    # "the Departments of Health of Ireland and Northern Ireland and the ...": a bare place after an
    # organisation's place is a second place of that organisation, not a party of its own.
    merged: list[str] = []
    for party in parties:
        if merged and _ORG_WORD.search(merged[-1]) and not _ORG_WORD.search(party) and len(party.split()) <= 3 and " of " not in f" {party} " and not lookup_country(party) and find_countries(party):
            merged[-1] = f"{merged[-1]} and {party}"
        else:
            merged.append(party)
    parties = merged
    # A party is a name: "relevant ministries" or "holding the Russian" are not.
    if any(not p or not p[0].isupper() for p in parties):
        return []
    return parties



_AFTER_PARTIES = re.compile(
    r"\s+(?:on|to|for|concerning|regarding|Concerning|Regarding|On|amending|in the field|in the area|relating|was|were|which|that|in order|aimed|aiming|as well|will|would|is|are|has|have|shall|can|could|should)\s|,\s|;|\s+\|"
)


def _parties(title: str) -> list[str]:
    m = re.search(r"\b(?i:between)\s+(.*)", title)
    if not m:
        # "Joint Declaration of the President of Ukraine and the President of Azerbaijan": its authors.
        joint = re.match(r"(?i:joint\s+(?:declaration|statement|communiqu\w*))\s+(?:of|by)\s+(?:the\s+)?(.+)$", title)
        if joint and " and " in joint.group(1):
            return split_parties(re.split(r"\s+(?:on|to|for|concerning|regarding)\s", joint.group(1))[0])
        return []
    rest = m.group(1)
    masked = _mask_quotes(rest)
    # The parties end where the subject or the sentence goes on: " on ...", " was signed", ", ...".
    # A comma inside a party ("Ministry of Land, Infrastructure, Transport and Tourism") is kept
    # when the text after it still reads as one name, so cut only after the second party starts.
    and_pos = [j.start() for j in re.finditer(r"\s+and\s+", masked)]
    cut_from = and_pos[-1] if and_pos else 0
    for j in and_pos:
        head = masked[:j]
        if find_countries(head) or _ORG_START.match(masked[j:].split("and", 1)[1].lstrip()):
            cut_from = j
            break
    later = [e for s_, e, _ in find_countries(masked) if s_ > cut_from]
    stop = _AFTER_PARTIES.search(masked, later[0] if later else cut_from + 1)
    if stop:
        # "of the Republic of Kenya on Cooperation": the subject starts after the last country.
        rest = rest[: stop.start()]
    return split_parties(rest)


def _field(title: str, name: str, parties: list[str] | None = None) -> str | None:
    # The subject follows the parties: "between the State Service of Ukraine for Geodesy ... on land relations".
    after = max((title.find(p) + len(p) for p in parties or () if p in title), default=-1)
    if after > len(name):
        found = _field(title[after:], "")
        if found:
            return found
        # "on cooperation in the field of low carbon development between Rosneft and CNPC": before them.
        title = re.split(r"\s+(?i:between)\s", title)[0]
    m = re.search(r"\b(?i:on|concerning|regarding|in the field of|for)\s+(?:the\s+)?(?:(?i:cooperation)\s+(?:in|on)\s+(?:the\s+(?i:field|area|sphere)\s+of\s+)?)?(.+)$", title[len(name):])
    if m:
        return m.group(1).strip(" .") or None
    m = re.search(r"\bto\s+(?:promote|strengthen|establish|enhance|support)\s+(.+?)(?:\s+between\s|$)", title)
    if m:
        return m.group(1).strip(" .")
    return None


_CLIMB_DEPS = {"dobj", "pobj", "prep", "conj", "appos", "compound", "nsubjpass", "attr", "oprd", "npadvmod", "nmod", "dep"}
_PLANNED_AUX = {"will", "would", "shall", "to", "could", "may", "might"}


def _governing_actions(span) -> list[str]:
    """Actions of the words that govern a mention: "signed [the MoU]", "the exchange of [the MoC]",
    "[a joint statement] was adopted", "[the agreement] signed today", "agreed to conclude [an EPA]"."""
    actions = _rules()["actions"]
    found: list[str] = []
    root = span.root
    for child in root.children:
        # "the MoU signed today", never "an agreement to establish a centre" (what the document does).
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children)
        if child.dep_ in ("acl", "amod", "relcl") and child.lemma_.lower() in actions and child.i > root.i - 2 and not infinitive:
            found.append(actions[child.lemma_.lower()])
    token = root
    for _ in range(8):
        if (token.dep_ not in _CLIMB_DEPS and not (token.dep_ == "pobj" or token.lower_ == "including")) or token.head is token:
            break
        if token.dep_ == "prep" and token.lower_ not in ("of", "on", "for", "to", "regarding", "concerning", "including", "like", "as"):
            break
        token = token.head
        lemma = token.lemma_.lower()
        if lemma in ("draft", "proposal") and any(c.dep_ in ("amod", "poss") and (c.ent_type_ or c.tag_ in ("PRP$", "NNP") or c.text[:1].isupper()) for c in token.children):
            # "the Russian drafts of the Treaty": one side's proposal, nothing agreed yet.
            break
        if lemma in ("conclusion", "negotiation", "negotiate", "finalization", "finalisation", "finalize", "finalise", "draft", "drafting", "preparation", "prepare"):
            found.append("agreed_to_conclude")
            break
        if lemma in actions and _background_perfect(token):
            break
        if lemma in actions:
            planned = token.pos_ in ("VERB", "AUX") and (
                token.dep_ in ("xcomp",) or any(c.dep_ == "aux" and c.lower_ in _PLANNED_AUX for c in token.children)
            )
            if planned and actions[lemma] in ("signed", "exchanged", "adopted"):
                found.append("agreed_to_conclude")
            elif not (token.pos_ in ("VERB", "AUX") and any(c.dep_ == "neg" for c in token.children)):
                found.append(actions[lemma])
        if token.pos_ in ("VERB", "AUX") and lemma not in ("include", "be"):
            break
    return found


def _has_perfect_aux(verb) -> bool:
    """"have signed", "has adopted": the verb carries the auxiliary of the perfect."""
    return any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)


def _background_perfect(verb) -> bool:
    """A verb in the perfect in a sentence about the past: "To date, we have signed 288 documents"."""
    if verb.pos_ not in ("VERB", "AUX") or not _has_perfect_aux(verb):
        return False
    sentence = verb.sent.text.lower()
    return any(cue in sentence for cue in _rules()["background_cues"])


_ORG_WORD = re.compile(r"\b(?:Bank|Ministry|Ministries|Government|Governments|Department|Departments|Agency|Office|Council|Commission|Corporation|Company|Institute|Authority|Service|Administration)\b")


def subject_parties(doc: Doc, start: int, end: int, single: bool = False) -> list[str]:
    """Parties named as the subject of the signing: "Australia and Indonesia signed a MoU"; with
    ``single``, one signer of a unilateral document ("The President of Russia signed the Executive Order")."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    token = span.root
    for _ in range(4):
        if token.dep_ in ("dobj", "conj", "appos") and token.head is not token:
            token = token.head
        else:
            break
    if token.pos_ != "VERB" or token.lemma_.lower() not in ("sign", "conclude", "ink", "exchange", "adopt"):
        return []
    subjects = [c for c in token.children if c.dep_ == "nsubj"]
    if not subjects:
        return []
    heads = [subjects[0]] + [c for c in subjects[0].conjuncts]
    parties = []
    for head in sorted(heads, key=lambda t: t.i):
        # The conjunct with its own modifiers ("the Central Bank of Russia"), not the next conjunct.
        right = max([head.i] + [c.right_edge.i for c in head.children if c.i > head.i and c.dep_ not in ("cc", "conj", "punct")])
        phrase = doc[head.left_edge.i : right + 1].text
        phrase = re.sub(r"^(?:the|The)\s+", "", phrase).strip(" ,")
        if lookup_country(phrase) or _ORG_START.match(phrase) or _ORG_WORD.search(phrase) or (single and _head_of_state(phrase)):
            parties.append(phrase)
        else:
            return []
    return parties if len(parties) >= 2 or (single and parties) else []


@lru_cache(maxsize=None)
def _head_office_regex() -> re.Pattern:
    heads = "|".join(re.escape(h) for h in load_rules("titles")["heads"])
    return re.compile(rf"(?:{heads})\s+of\s+(?:the\s+)?.+")


def _head_of_state(phrase: str) -> bool:
    """"President of Russia", "King of Jordan": an office of a named country."""
    return bool(_head_office_regex().fullmatch(phrase)) and bool(find_countries(phrase))


_POSSESSIVE_SIGNING = re.compile(
    r"(?P<a>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})\s+and\s+(?:the\s+)?(?P<b>[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,3})['’]s?\s+"
    r"(?:signing|signature|conclusion|exchange)\s+of\s+(?:the\s+|a\s+|an\s+)?$"
)


def _possessive_parties(text: str, start: int) -> list[str]:
    """"Japan and Australia's signing of the Reciprocal Access Agreement"."""
    m = _POSSESSIVE_SIGNING.search(text[max(0, start - 160) : start])
    if not m:
        return []
    parties = [m.group("a"), m.group("b")]
    return parties if all(lookup_country(p) or _ORG_WORD.search(p) for p in parties) else []


def _action_near(doc: Doc, start: int, end: int, in_list: bool, list_action: str | None) -> str | None:
    """What happens to the document: from the words that govern its mention, or its list."""
    strength = _rules()["strength"]
    span = doc.char_span(start, end, alignment_mode="expand")
    found: list[str] = _governing_actions(span) if span is not None else []
    if in_list and list_action:
        found.append(list_action)
    if not found and span is not None:
        found = _clause_verb_action(span)
    if not found:
        return None
    return min(found, key=strength.index)


def _clause_verb_action(span) -> list[str]:
    """The verb of the object a mention sits in, when the parse hangs the mention elsewhere:
    "agencies signed a number of agreements in the sphere of education and memoranda of ...".

    Only a verb before the mention in its sentence with no other verb or clause break between.
    """
    actions = _rules()["actions"]
    doc = span.doc
    sent_start = span.sent.start
    for i in range(span.start - 1, max(sent_start, span.start - 25) - 1, -1):
        token = doc[i]
        if token.text in (";", ":") or token.lower_ in ("that", "which", "who", "while", "whereas"):
            return []
        if token.pos_ in ("VERB", "AUX"):
            lemma = token.lemma_.lower()
            perfect = token.tag_ == "VBN" and _has_perfect_aux(token)
            if token.pos_ != "VERB" or lemma not in actions or not (token.tag_ in ("VBD", "VBZ", "VBP") or perfect):
                return []
            if i + 1 < span.start and doc[i + 1].pos_ == "ADP":
                # "initiatives announced in the Spirit of Camp David statement": not the verb's object.
                return []
            if any(c.dep_ == "neg" for c in token.children) or any(c.dep_ in ("aux", "auxpass") and c.lower_ in _PLANNED_AUX for c in token.children):
                return []
            return [actions[lemma]]
    return []


_ACTION_BEFORE = re.compile(
    r"\b(?P<verb>signed|inked|exchanged|adopted|issued|released|concluded|welcomed|announced|launched)\s+(?:the\s+|a\s+|an\s+|their\s+|its\s+)?$",
    re.IGNORECASE,
)


def _action_before(text: str, start: int) -> str | None:
    """A verb right before the mention ("Ministers issued the AUSMIN 2023 Joint Statement"), when the parse missed it."""
    m = _ACTION_BEFORE.search(text[max(0, start - 30) : start])
    if not m:
        return None
    verb = m.group("verb").lower()
    return {"signed": "signed", "inked": "signed", "concluded": "signed", "exchanged": "exchanged", "adopted": "adopted",
            "issued": "adopted", "released": "adopted", "welcomed": "welcomed", "announced": "announced", "launched": "announced"}[verb]


@lru_cache(maxsize=None)
def _cited_regex() -> re.Pattern:
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in _rules()["cited_before"])
    return re.compile(rf"\b(?:{cues})\s+(?:the\s+|this\s+|that\s+|our\s+|their\s+)?(?:\d{{4}}\s+)?$", re.IGNORECASE)


def _cited(text: str, start: int) -> bool:
    """A mention only cited: "marking 20 years of the Treaty", "in accordance with the Agreement"."""
    return bool(_cited_regex().search(text[max(0, start - 40) : start]))


def _sentence_of(sentences: list, start: int):
    """The sentence holding offset ``start``, by bisection (``Span.sent`` walks the whole doc each time)."""
    import bisect

    k = bisect.bisect_right([s.start_char for s in sentences], start) - 1
    return (sentences[k] if k >= 0 else None), k


def _inline_list_action(doc: Doc, start: int, sentences: list | None = None) -> str | None:
    """Documents listed in running text after a signing: "They include ...", "The documents signed included ...",
    "The following documents were signed: ..."."""
    sentences = sentences if sentences is not None else list(doc.sents)
    sent, k = _sentence_of(sentences, start)
    if sent is None:
        return None
    text = doc_text(doc)
    colon = text.rfind(":", sent.start_char, start)
    lead = text[sent.start_char : colon if colon >= 0 else start]
    if colon >= 0 and re.search(r"\b(?:documents?|agreements?|instruments?|memoranda|following)\b", lead, re.IGNORECASE):
        action = _cue_action(lead)
        if action:
            return action
    if re.match(r"\s*(?:They|These|(?:The\s+|Other\s+|Further\s+)?(?:documents|agreements|instruments)(?:\s+(?:signed|exchanged|adopted))?)\s+(?:\w+\s+)?includ", text[sent.start_char : sent.start_char + 60], re.IGNORECASE):
        action = _cue_action(text[sent.start_char : start])
        if action:
            return action
        previous = sentences[k - 1] if k > 0 else None
        if previous is not None:
            return _cue_action(previous.text)
    return None


def _cue_action(text: str) -> str | None:
    lower = text.lower()
    for cue, action in (("exchanged", "exchanged"), ("exchange of", "exchanged"), ("signed", "signed"), ("signing", "signed"), ("adopted", "adopted"), ("issued", "adopted")):
        if cue in lower:
            return action
    return None


def _list_action(text: str, start: int) -> str | None:
    """The action of a list of documents, from the lines that introduce it.

    Walks back over the list's own lines (entries, signatories, column headers)
    to the sentence that opens it ("the following documents were exchanged").
    """
    line_start = text.rfind("\n", 0, start)
    for _ in range(80):
        if line_start <= 0:
            return None
        prev_start = text.rfind("\n", 0, line_start) + 1
        line = text[prev_start:line_start]
        line_start = prev_start - 1
        lower = line.lower()
        if re.search(r"\b(?:following|were|was|list of|outcomes?)\b", lower) or line.rstrip().endswith(":"):
            action = _cue_action(lower)
            if action:
                return action
            if "outcome" in lower:
                return "signed"
        if len(line) > 200 and not LIST_MARKER_RE.match(line) and "|" not in line:
            # A paragraph of running text: the list has no introduction above it.
            return None
    return None


def find_instruments(doc: Doc, layout: LayoutInfo) -> list[Mention]:
    text = doc_text(doc)
    body = layout.body_start
    mentions: list[Mention] = []
    headings = [(h.start, h.end) for h in layout.headings]
    for m in name_regex().finditer(text, body):
        if in_skip(layout, m.start()) or any(hs <= m.start() < he for hs, he in headings):
            continue
        name = m.group(0)
        kind = type_of(name)
        weak = name.lower().rstrip("s") in {w.rstrip("s") for w in _rules()["weak_names"]} or name.lower() in _rules()["weak_names"]
        start = m.start()
        # Take in a qualifying prefix: "Joint Statement", "Grant Agreement", "Comprehensive Strategic Partnership Agreement".
        prefix = re.search(rf"((?:{_CAP_WORD}|on|and|of|the|for)\s+){{0,6}}$", text[max(body, start - 80) : start])
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        end = _extend_title(text, start, m.end(), line_end)
        label = _label_of(text, start)
        if prefix and prefix.group(0).strip():
            words = prefix.group(0)
            # Keep only a capitalised run ending right before the name.
            # "Trade and Investment Framework Agreement", never "... People's Republic and the Executive Order".
            cap = re.search(rf"((?:{_CAP_WORD}\s+)(?:(?:on|of|the|for)\s+|and\s+(?={_CAP_WORD})|{_CAP_WORD}\s+)*)$", words)
            if cap and not re.match(r"(?:The|A|An|This|That|These|Following|After|In|On)\s", cap.group(1)):
                start = start - len(cap.group(1))
            elif cap:
                inner = re.sub(r"^(?:The|A|An|This|That|These|Following|After|In|On)\s+", "", cap.group(1))
                start = start - len(inner)
        label = _label_of(text, start) or label
        title = text[start:end]
        named = title[: title.lower().find(name.lower())].strip() if name.lower() in title.lower() else ""
        if name == "agreement" and re.match(r"\s+(?:to|that)\s", text[m.end() : m.end() + 6]) and not re.search(
            r"\b(?:an?|the|this|that|its|their|our|new)\s+(?:[\w-]+\s+){0,2}$", text[max(0, m.start() - 40) : m.start()]
        ):
            # "confirming agreement to establish a centre": agreeing, not a document.
            continue
        participles = _rules()["participle_only"].get(name.lower().rstrip("s"))
        if participles is not None and not re.match(rf"\s+(?:{'|'.join(participles)})\s", text[m.end() : m.end() + 20]):
            continue
        if name.lower().rstrip("s") in _rules().get("qualified_only", []) and not re.match(r"\s+(?:of|for|on)\s", text[m.end() : m.end() + 5]):
            # "Japan's new National Security Strategy, National Defense Strategy, and Defense Buildup
            # Program": a proper name in a list of documents is one of them.
            listed = mentions and re.fullmatch(r",\s+(?:and\s+)?|\s+and\s+", text[mentions[-1].end : start]) and re.match(r"[A-Z]", named)
            if not listed:
                continue
        if weak and not label and kind == "other" and not re.search(r"\b(?:between|on|for|of)\b", title) and not re.search(r"[A-Z]", named):
            # "the documents", "a program": only a listed or named document counts.
            continue
        # "memoranda of cooperation on intellectual property and on geological exploration":
        # a repeated preposition after "and" starts a second document of the same kind.
        plural = _is_plural(name)
        second = re.search(r",?\s+and\s+(?=(?:on|concerning|regarding)\s)", title)
        if second and not label and plural and second.start() > len(name):
            first_end = start + second.start()
            mentions.append(Mention(start, first_end, kind, name, text[start:first_end]))
            other = start + second.end()
            mentions.append(Mention(other, end, kind, name, text[other:end]))
            continue
        # "memorandums on cooperation in transport, communications and IT, and banking supervision":
        # a plural name over a comma list of fields is one document per field.
        items = _field_items(title) if plural and not label else []
        if len(items) >= 3:
            head = title[: items[0][0]]
            for k, (a, b) in enumerate(items):
                item_start = start if k == 0 else start + a
                mentions.append(Mention(item_start, start + b, kind, name, head + title[a:b]))
            continue
        mentions.append(Mention(start, end, kind, name, title, label=label, in_list=label is not None, named=named if re.match(r"[A-Z0-9]", named) else ""))
    signed_text = _signed_text(text, layout)
    if signed_text:
        mentions.append(signed_text)
    # Drop mentions inside others.
    mentions.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Mention] = []
    for x in mentions:
        if kept and x.start < kept[-1].end:
            continue
        kept.append(x)
    sentences = list(doc.sents)
    for x in kept:
        cells = _table_parties(text, x.end)
        list_action = _list_action(text, x.start) if x.in_list else None
        if not x.in_list:
            list_action = _inline_list_action(doc, x.start, sentences)
            x.in_list = list_action is not None
        if _cited(text, x.start):
            x.action = None
        else:
            x.action = x.action or _action_near(doc, x.start, x.end, x.in_list, list_action) or _action_before(text, x.start)
        unilateral = x.name.lower().rstrip("s") in _rules()["unilateral"] or any(x.title.lower().startswith(u) for u in _rules()["unilateral"])
        x.parties = (
            _parties(x.title) or cells or subject_parties(doc, x.start, x.end, single=unilateral)
            or _passive_parties(text, x.end) or _possessive_parties(text, x.start)
        )
        x.field = _field(x.title, x.name, x.parties)
        if x.type == "joint_declaration" and "joint" not in x.title.lower() and "declaration of intent" not in x.title.lower():
            x.type = "other" if "declaration" not in x.title.lower() else "joint_declaration"
        if x.type == "joint_statement" and "joint" not in x.title.lower() and "statement of intent" not in x.title.lower():
            x.type = "joint_statement"
    # "the exchange of a memorandum on X and a memorandum on Y": what happens to one happens to both.
    # Who signed one signed both, when the signers are the clause's subject rather than a "between" of the first.
    for prev, x in zip(kept, kept[1:]):
        if not _coordinated(text, prev, x, alternatives=True):
            continue
        if x.action is None and prev.action is not None:
            x.action = prev.action
        if not x.parties and prev.parties and not re.search(r"\b(?i:between)\b", prev.title) and x.type == prev.type:
            x.parties = list(prev.parties)
    return kept


def _signed_text(text: str, layout: LayoutInfo) -> Mention | None:
    """A release that is the text of a document signed at the event: its headline names the document
    ("Memorandum of Understanding Between ...") and it ends in a signature block ("Signed at Kuala Lumpur, on ...")."""
    if not layout.title or not layout.signature:
        return None
    start, end = layout.title
    m = name_regex().match(text, start)
    if not m:
        return None
    title = text[start:end]
    return Mention(start, end, type_of(m.group(0)), m.group(0), title, action="signed")


def _passive_parties(text: str, end: int) -> list[str]:
    """Parties after a passive signing: "A Protocol was also signed between A and B amending ..."."""
    m = re.match(r"\s+(?:was|were|has\s+been|have\s+been)\s+(?:also\s+)?(?:signed|concluded|exchanged)\s+(between\s+[^;\n]{3,400})", text[end : end + 460])
    return _parties(m.group(1)) if m else []


def _table_parties(text: str, end: int) -> list[str]:
    """Parties in the next cell of a table row: "1. | MoU on X | Ministry A of India and Department B of Australia"."""
    line_end = text.find("\n", end)
    rest = text[end : len(text) if line_end < 0 else line_end]
    m = re.match(r"\s*\|\s*(.+?)\s*(?:\|.*)?$", rest)
    if not m:
        return []
    return split_parties(m.group(1))


def _keywords(text: str) -> set[str]:
    return {w.lower() for w in _CONTENT_WORDS.findall(text) if w.lower() not in _STOPWORDS}


def _subject_words(m: Mention) -> set[str]:
    """Words of what a document is about: its title without the parties and without country names."""
    title = m.title
    for party in m.parties:
        title = title.replace(party, " ")
    for s, e, _ in reversed(find_countries(title)):
        title = title[:s] + " " + title[e:]
    # Parties not written out in the title ("the Ministries of Economy of Ukraine and Azerbaijan")
    # leave their words behind; a party's word that is also the subject ("on Defense Cooperation"
    # between Ministries of Defense) stays a subject word.
    party_words = {w.lower() for p in m.parties if p not in m.title for w in re.findall(r"[A-Za-z]+", p)}
    party_words |= {w + "s" for w in party_words}
    # The document's own name ("protocol", "agreement") says what it is, not what it is about.
    return _keywords(title) - _name_words() - party_words


@lru_cache(maxsize=None)
def _name_words() -> frozenset[str]:
    return frozenset(w for name, _ in _rules()["names"] for w in re.findall(r"[a-z/]+", name.lower()))


def _coordinated(text: str, a: Mention, b: Mention, alternatives: bool = False) -> bool:
    """Two mentions listed side by side ("the Executive Order On A and the Executive Order On B");
    with ``alternatives``, "A or B" too."""
    joiner = r",|;|and|, and|as well as" + (r"|or" if alternatives else "")
    return bool(text) and a.end <= b.start and bool(re.fullmatch(rf"\s*(?:{joiner})\s*(?:an?|the)?\s*", text[a.end : b.start]))


def merge(mentions: list[Mention], text: str = "") -> list[list[Mention]]:
    """Group mentions that name one document: same type and a shared subject word, or an abbreviation of it.

    Two full titles (each with its parties) are two documents unless they are the same text.
    """
    groups: list[list[Mention]] = []
    for x in mentions:
        words = _subject_words(x)
        target = None
        for group in groups:
            if group[0].type != x.type:
                continue
            if any(g.label and x.label and g.label != x.label for g in group):
                continue
            if any(_coordinated(text, g, x) for g in group):
                continue
            if x.parties and any(g.parties and g.title != x.title for g in group):
                continue
            if x.named and any(g.named and x.named.lower() not in g.named.lower() and g.named.lower() not in x.named.lower() for g in group):
                # "the Interim Agreement" and "the Bilateral Trade Agreement": two names, two documents.
                continue
            gwords = set().union(*(_subject_words(g) for g in group))
            if words & gwords:
                target = group
                break
        if target is None and not words and not x.label:
            # A bare "the MoU", "the Agreement", "the Joint Declaration of the two Presidents":
            # the latest document of that type, unless both name different parties.
            same = [g for g in groups if g[0].type == x.type and not (x.parties and any(m.parties and m.parties != x.parties for m in g))]
            if same:
                target = same[-1]
        if target is None:
            groups.append([x])
        else:
            target.append(x)
    return groups


class InstrumentFinder(RuleComponent):
    """Documents acted on in the release, one per document with all its mentions."""

    rule_files = {"instruments": InstrumentsRules, "countries": CountriesRules, "titles": TitlesRules}
    extension = "px_instruments"

    def spans_of(self, item: InstrumentItem) -> list[tuple[Offsets, str]]:
        return [(m, item.type) for m in item.mentions]

    def find(self, doc: Doc) -> list[InstrumentItem]:
        layout = doc._.px_layout
        mentions = find_instruments(doc, layout)
        strength = _rules()["strength"]
        out = []
        for group in merge(mentions, doc_text(doc)):
            actions = [m.action for m in group if m.action]
            if not actions:
                continue
            best = max(group, key=lambda m: (len(m.parties), m.in_list, len(m.title)))
            countries = sorted({code for p in best.parties for _, _, code in find_countries(p)})
            out.append(InstrumentItem(
                type=best.type,
                title=best.title,
                label=next((m.label for m in group if m.label), None),
                parties=best.parties,
                countries=countries,
                field=best.field or next((m.field for m in group if m.field), None),
                action=min(actions, key=strength.index),
                mentions=[(m.start, m.end) for m in sorted(group, key=lambda m: m.start)],
            ))
        out.sort(key=lambda i: i.mentions[0][0])
        return out
