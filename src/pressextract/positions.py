"""Positions: what the actors agreed, confirmed, welcomed, stated or discussed.

One position per stance clause. The dependency parse finds the clause's
verb, its subject and its extent; coordinated verbs ("welcomed X and
concurred in Y") give one position each. The holder is found in the order
ANNOTATING.md gives: participants named or grouped ("the two leaders") as
subject, a state or side as subject (its principal), then agentless and
talks-as-subject clauses (all principals, jointly). Attributed quotes and
transcript speech turns are one ``state`` position of their speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401
from .extensions import doc_text
from .countries import find_countries
from .component import RuleComponent
from .items import EventItem, LayoutInfo, Offsets, PersonItem, PositionItem
from .schemas import CountriesRules, StancesRules, TitlesRules, TopicsRules
from .titles import build_titles
from .principals import opening_of, statement_principals
from .layout import in_skip, section_at
from .rules import load_rules

_MAIN_DEPS = {"ROOT", "conj", "advcl", "ccomp", "parataxis"}
_PRONOUNS_ONE = {"he", "she", "him", "her"}
_PRONOUNS_ALL = {"they", "we", "both", "them"}
_RECIPROCAL = {"discuss", "review", "exchange", "reaffirm", "consult", "talk", "coordinate", "agree", "share", "confirm", "explore", "take", "touch"}


@lru_cache(maxsize=None)
def _rules() -> dict:
    return load_rules("stances")


@lru_cache(maxsize=None)
def _phrases() -> list[tuple[list[str], str]]:
    out = []
    for phrase, stance in _rules()["phrases"]:
        words = [w for w in phrase.split() if w not in ("the", "a", "an", "his", "her", "their", "its", "our")]
        out.append((words, stance))
    out.sort(key=lambda p: len(p[0]), reverse=True)
    return out


@lru_cache(maxsize=None)
def _group_re() -> re.Pattern:
    groups = sorted(_rules()["group_subjects"], key=len, reverse=True)
    offices = "|".join(re.escape(o) for o in sorted(_rules()["group_offices"], key=len, reverse=True))
    return re.compile(
        r"^(?:the\s+|both\s+|all\s+)?(?:" + "|".join(re.escape(g) for g in groups) + r")\b"
        rf"|^(?:the|both|all)\s+(?:two\s+|three\s+|four\s+)?(?:[\w-]+\s+){{0,3}}(?:{offices})$",
        re.IGNORECASE,
    )


@lru_cache(maxsize=None)
def _talk_re() -> re.Pattern:
    words = sorted(_rules()["talk_subjects"], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


@dataclass
class Clause:
    verb: Token
    stance: str
    verb_end: int  # offset where the verb phrase ends
    verb_text: str


@lru_cache(maxsize=None)
def _first_lemmas() -> frozenset[str]:
    """Lemmas that can open a stance: a stance verb, or the first word of a stance phrase."""
    return frozenset(set(_rules()["verbs"]) | {words[0] for words, _ in _phrases()} | {"pay"})


def match_stance(token: Token) -> Clause | None:
    """The stance of a verb token, by phrase (lemmas, articles skipped) or by the verb alone."""
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBZ"):
        return None
    if token.lemma_.lower() not in _first_lemmas():
        return None
    doc = token.doc
    lemmas: list[tuple[str, Token]] = []
    for t in doc[token.i : min(len(doc), token.i + 10)]:
        # A modifier before the noun, hyphenated ones too ("an in-depth exchange of opinions"), is skipped.
        in_modifier = t.i > token.i and any(a.dep_ in ("amod", "advmod") and a.head.i > a.i > token.i and a.i <= t.i for a in [t, *t.ancestors])
        if t.is_punct and t.i > token.i and not in_modifier:
            break
        if t.i > token.i and (t.lower_ in ("the", "a", "an", "his", "her", "their", "its", "our") or in_modifier):
            continue
        lemmas.append((t.lemma_.lower() if t.i == token.i or t.pos_ in ("VERB", "AUX", "NOUN") else t.lower_, t))
    for words, stance in _phrases():
        if len(words) <= len(lemmas) and [lemma for lemma, _ in lemmas[: len(words)]] == words:
            last = lemmas[len(words) - 1][1]
            end = last.idx + len(last.text)
            return Clause(token, stance, end, doc_text(doc)[token.idx : end])
        # "exchanged views" written with the plural: compare the noun by its lemma already done.
    lemma = token.lemma_.lower()
    # "Particular attention was paid to X": the stance sits in the passive subject.
    if lemma == "pay" and any(c.dep_ == "nsubjpass" and c.lemma_.lower() == "attention" for c in token.children):
        end = token.idx + len(token.text)
        prep = next((c for c in token.children if c.dep_ == "prep" and c.i == token.i + 1), None)
        if prep is not None:
            end = prep.idx + len(prep.text)
        return Clause(token, "discuss", end, doc_text(doc)[token.idx : end])
    verbs = _rules()["verbs"]
    if lemma in verbs and token.pos_ == "VERB":
        end = token.idx + len(token.text)
        prt = next((c for c in token.children if c.dep_ == "prt" and c.i == token.i + 1), None)
        if prt is not None:
            end = prt.idx + len(prt.text)
        return Clause(token, verbs[lemma], end, doc_text(doc)[token.idx : end])
    return None


@lru_cache(maxsize=None)
def _topic_regex() -> tuple[re.Pattern, dict[str, str]]:
    entries = load_rules("topics")["topics"]
    labels = {phrase.lower(): label for phrase, label in entries}
    alternation = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p, _ in sorted(entries, key=lambda e: len(e[0]), reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE), labels


def topic_of(content: str, section: str | None) -> str | None:
    """A short label for what a position is about: the first known topic its content names, else
    its section heading when that is specific ("Regional situations")."""
    pattern, labels = _topic_regex()
    m = pattern.search(content)
    if m:
        return labels[re.sub(r"\s+", " ", m.group(0).lower())]
    # A heading that names a subject: not a breadcrumb, a place line or a shouted headline.
    if section and section.strip().lower() not in load_rules("topics")["generic_sections"] and len(section.split()) <= 6 and "," not in section and not section.isupper():
        return section
    return None


def _purpose_after_with(verb: Token) -> bool:
    """"spoke with President X to reaffirm ...", parsed as a clause inside the "with" phrase."""
    return (
        verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "with"
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        and verb.head.head.lemma_.lower() in ("meet", "speak", "talk", "call", "hold", "have")
    )


_ASPECT_VERBS = {"continue", "begin", "start", "proceed", "go"}


def _is_main_clause(verb: Token) -> bool:
    """A verb at clause level, not buried in what another verb states."""
    token = verb
    for _ in range(8):
        if token.dep_ == "ROOT":
            return True
        if token.dep_ == "conj":
            token = token.head
            continue
        if _purpose_after_with(token):
            token = token.head.head
            continue
        if token.dep_ == "xcomp" and token.head.lemma_.lower() in _ASPECT_VERBS:
            # "The two leaders continued to exchange views": the stance is the complement's.
            token = token.head
            continue
        if token.dep_ == "advcl" and (token.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)):
            token = token.head
            continue
        if token.dep_ == "advcl" and token.head.dep_ == "ROOT" and any(c.dep_.startswith("nsubj") for c in token.children):
            return True
        if token.dep_ in ("ccomp", "parataxis") and token.i < token.head.i and any(t.text == ";" for t in token.doc[token.i : token.head.i]):
            # "The leaders resolved to ...; they shared concern ...": the parse hangs the first of two
            # clauses a semicolon joins on the second.
            return True
        return False
    return False


@dataclass
class Holder:
    actors: list[int]
    actor_text: str | None
    start: int  # where the clause starts (the actor, or the verb for shared actors)
    kind: str  # person | group | state | agentless | inherited


def _mentions(participants: list[PersonItem]) -> list[tuple[int, int, int]]:
    return sorted((s, e, i) for i, p in enumerate(participants) for s, e in p.mentions)


def _people_between(mentions, start: int, end: int) -> list[int]:
    """People mentioned in a phrase: a mention that starts inside it ("President Joseph R. Biden" of
    "President Joseph R. Biden, Jr.", where the parse leaves the suffix out)."""
    out = []
    for s, e, i in mentions:
        if start <= s < end and e <= end + 6 and i not in out:
            out.append(i)
    return out


class PositionFinder(RuleComponent):
    """Stance clauses with their holders, extents and sections."""

    rule_files = {"stances": StancesRules, "topics": TopicsRules, "titles": TitlesRules, "countries": CountriesRules}
    extension = "px_positions"

    def compile(self) -> None:
        self.titles = build_titles(self.rules.titles, self.rules.countries)

    def spans_of(self, item: PositionItem) -> list[tuple[Offsets, str]]:
        return [(item.span, item.stance)]

    def find(self, doc: Doc) -> list[PositionItem]:
        layout = doc._.px_layout
        participants = doc._.px_participants
        events = doc._.px_events or []
        principals = doc._.px_principals or statement_principals(participants, self.titles, opening_of(doc_text(doc), layout))
        state = _State(doc, participants, principals, layout)
        positions = quote_positions(state) + preamble_positions(state)
        quoted = [(p.span[0], p.span[1]) for p in positions]
        for sent in doc.sents:
            if sent.start_char < layout.body_start or in_skip(layout, sent.start_char):
                continue
            if any(qs <= sent.start_char < qe for qs, qe in quoted) or _headline_case(sent.text):
                continue
            found = sentence_positions(state, sent, quoted)
            according = according_to_position(state, sent, found)
            positions += found + ([according] if according else [])
        positions.sort(key=lambda p: p.span[0])
        for p in positions:
            p.section = section_at(layout, p.span[0])
            p.topic = topic_of(p.content or "", p.section)
        return positions


class _State:
    def __init__(self, doc: Doc, participants: list[PersonItem], principals: list[int], layout: LayoutInfo) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.participants = participants
        self.principals = principals
        self.mentions = _mentions(participants)
        self.layout = layout
        self.last_single: int | None = None
        self.last_holder: "Holder | None" = None

    def principal_countries(self) -> set[str]:
        return {self.participants[i].country or self.participants[i].organization or str(i) for i in self.principals}

    def joint(self, actors: list[int]) -> bool:
        if len(self.principals) < 2:
            return False
        sides = {self.participants[i].country or self.participants[i].organization or str(i) for i in actors}
        return self.principal_countries() <= sides

    def side_principal(self, code: str) -> list[int]:
        return [i for i in self.principals if self.participants[i].country == code]


def resolve_subject(state: _State, subject: Token, verb: Token) -> Holder | None:
    """Who a subject phrase names: participants, a group, a state or side, or the talks."""
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
    text = state.text[start:end]
    people = [i for i in _people_between(state.mentions, start, end) if state.participants[i].spouse_of is None]
    if people:
        return Holder(people, text, start, "person")
    lower = text.lower().strip()
    if subject.lower_ == "i" and subject.i == subject.left_edge.i == subject.right_edge.i and state.principals:
        # First person in a minister's own release: the author, the first principal named.
        author = min(state.principals, key=lambda i: state.participants[i].mentions[0][0])
        return Holder([author], text, start, "person")
    if subject.lower_ in _PRONOUNS_ONE and subject.i == subject.left_edge.i == subject.right_edge.i:
        if state.last_single is not None:
            return Holder([state.last_single], text, start, "person")
        return None
    if lower in _PRONOUNS_ALL or _group_re().match(lower):
        if state.principals:
            return Holder(list(state.principals), text, start, "group")
        return None
    if subject.dep_ == "expl" or (lower == "it" and subject.dep_ == "nsubjpass"):
        return Holder(list(state.principals), None, verb.idx, "agentless")
    codes = []
    for _, _, code in find_countries(state.text, start, end):
        if code not in codes:
            codes.append(code)
    if codes:
        actors = [i for code in codes for i in state.side_principal(code)]
        if actors:
            return Holder(actors, text, start, "state")
        return None
    if re.search(r"\bside\b|\bgovernment\b", lower) and state.principals:
        return None
    head = subject.lemma_.lower()
    if _talk_re().search(head) or (subject.dep_ == "nsubjpass"):
        if state.principals:
            return Holder(list(state.principals), text if subject.dep_ != "nsubjpass" else None, start, "agentless")
    return None


def _reattached_conj(verb: Token, sent: Span) -> bool:
    """"The two leaders shared the view that the environment is becoming severe, and concurred in ...":
    the parse joins "concurred" to the verb inside the that-clause; it goes with the main verb."""
    root = sent.root
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or root.i >= verb.i or root.tag_ != "VBD" or _is_main_clause(verb):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or match_stance(root) is None:
        return False
    head = verb.head
    return head.tag_ != "VBD" and head.dep_ in ("ccomp", "relcl", "advcl", "xcomp", "acl") and any(t.text == "," for t in verb.doc[head.i : verb.i])


def _planned_passive(verb: Token) -> bool:
    """A passive in the future with no agent: "will be discussed", "is to be considered"."""
    passive = any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)
    return passive and any(c.dep_ == "aux" and c.lower_ in ("will", "shall", "would", "to") for c in verb.children)


def _headline_case(text: str) -> bool:
    """A line in title case with no closing stop: "Biannual Talks Reaffirm Our Close Relations With New Zealand"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    small = {"a", "an", "the", "and", "or", "of", "on", "in", "to", "for", "with", "at", "by", "as"}
    return 3 <= len(words) <= 14 and not text.rstrip().endswith((".", "!", "?", ";", ":", "\"", "”")) and all(
        w[0].isupper() for w in words if w.lower() not in small
    )


def _has_subject_matter(verb: Token) -> bool:
    """Whether the object of "held talks" says what they were about ("on", "about", "regarding", "over")."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if any(c.dep_ == "prep" and c.lower_ in ("on", "about", "regarding", "concerning", "over") for c in obj.children):
            return True
    return any(c.dep_ == "prep" and c.lower_ in ("on", "about", "regarding", "concerning") for c in verb.children)


def _first_word(sent: Span) -> int:
    """The index of a sentence's first word, after list bullets and labels."""
    for t in sent:
        if not (t.is_punct or t.is_space or re.fullmatch(r"\(?[a-z0-9]{1,2}[.)]|[•·▪●◦\-–*]+", t.text)):
            return t.i
    return sent.start


def _opening_participle(token: Token, sent: Span) -> bool:
    """"Noting X, ...", "Recognizing X, the leaders ...": a participle that opens the sentence, its
    phrase closed by a comma before the main clause's subject."""
    if token.tag_ != "VBG" or token.i != _first_word(sent) or sent.root is token:
        return False
    subject, _ = _subject_of(sent.root)
    if subject is None or subject.i < token.i:
        return False
    return any(t.text == "," for t in token.doc[token.i : subject.left_edge.i])


def _list_item_verb(verb: Token, sent: Span) -> bool:
    """"- Recognized the importance of ...": a verb that opens a bulleted list item."""
    text = doc_text(verb.doc)
    line_start = text.rfind("\n", 0, verb.idx) + 1
    lead = text[max(line_start, sent.start_char) : verb.idx]
    return verb.i == _first_word(sent) and bool(re.fullmatch(r"\s*(?:[•·▪●◦\-–*]|\(?[a-z0-9]{1,2}[.)])\s*", lead))


def _subject_of(verb: Token) -> tuple[Token | None, bool]:
    """The verb's subject and whether it is shared with an earlier coordinated verb."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl"):
            return c, False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ASPECT_VERBS:
        subject, _ = _subject_of(verb.head)
        return subject, subject is not None
    head = verb
    while head.dep_ in ("conj",) and head.head is not head:
        head = head.head
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl"):
                return c, True
    return None, False


def _clause_end(verb: Token, sent: Span, stop_at: set[int]) -> int:
    """End offset of the verb's clause, before any coordinated stance verb that makes its own position."""
    tokens = [t for t in verb.subtree]
    cut = None
    for t in tokens:
        if t.i in stop_at and t.i > verb.i:
            cut = t.i if cut is None else min(cut, t.i)
    last = None
    for t in tokens:
        if cut is not None and t.i >= cut:
            break
        last = t
    # Drop the trailing "and", commas, and the subject of the next clause.
    if cut is not None:
        idx = cut - 1
        doc = verb.doc
        while idx > verb.i and (doc[idx].dep_ in ("cc", "punct") or doc[idx].is_space or doc[idx].lower_ in ("also", "then", "further")):
            idx -= 1
        last = doc[idx]
    end = last.idx + len(last.text)
    while end > verb.idx and doc_text(verb.doc)[end - 1] in " ,;:.\n":
        end -= 1
    return min(end, sent.end_char)


def sentence_positions(state: _State, sent: Span, quoted: list[tuple[int, int]]) -> list[PositionItem]:
    clauses: list[Clause] = []
    for token in sent:
        if any(qs <= token.idx < qe for qs, qe in quoted):
            continue
        clause = match_stance(token)
        if clause is None or not (_is_main_clause(token) or _opening_participle(token, sent) or _reattached_conj(token, sent)):
            continue
        if clause.verb_text.lower().startswith(("called on", "call on", "calls on")):
            if any(clause.verb_end <= s_ < clause.verb_end + 40 for s_, _, _ in state.mentions):
                # "called on President X": a courtesy call, an event rather than a stance.
                continue
        if _planned_passive(token):
            # "The issue will be discussed at a conference in Lugano": a plan, nobody's stance yet.
            continue
        if token.lemma_.lower() == "hold" and clause.verb_text != token.text and not _has_subject_matter(token):
            # "Vladimir Putin held talks with Narendra Modi": the occasion (an event); "held
            # discussions on regional issues" says what was discussed (a stance).
            continue
        if clause.verb_text == token.text and token.lemma_.lower() in _rules()["requires_object"]:
            if not any(c.dep_ in ("dobj", "ccomp", "prep", "xcomp", "attr", "dative") for c in token.children):
                continue
        if token.dep_ == "amod" or token.tag_ in ("VBN",) and token.dep_ in ("amod", "acl"):
            continue
        clauses.append(clause)
    # A clause ends where the next coordinated stance clause (with its own subject) begins.
    stop_at = set()
    for c in clauses:
        own_subject = next((t for t in c.verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        stop_at.add(own_subject.left_edge.i if own_subject is not None and own_subject.i < c.verb.i else c.verb.i)
    out = []
    for clause in clauses:
        verb = clause.verb
        subject, shared = _subject_of(verb)
        if _reattached_conj(verb, sent):
            subject, shared = _subject_of(sent.root)[0], True
        holder = None
        after_with = _purpose_after_with(verb)
        if after_with:
            subject = None
        if (verb.dep_ == "advcl" or after_with) and subject is None:
            main = verb.head.head if after_with else verb.head
            main_subject, _ = _subject_of(main)
            if main_subject is not None:
                holder = resolve_subject(state, main_subject, main)
                if holder:
                    purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
                    reciprocal = verb.lemma_.lower() in _RECIPROCAL
                    if purpose and reciprocal and main.lemma_.lower() in ("meet", "speak", "talk", "call", "hold", "have"):
                        people = set(holder.actors)
                        for c in main.children:
                            if c.dep_ in ("prep", "dobj"):
                                s, e = c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)
                                people |= set(_people_between(state.mentions, s, e))
                        holder = Holder(sorted(people, key=lambda i: state.participants[i].mentions[0][0]), holder.actor_text, verb.idx, "inherited")
                    else:
                        holder = Holder(holder.actors, holder.actor_text, verb.idx, "inherited")
        elif subject is None and _opening_participle(verb, sent) and sent.root is not verb:
            # "Noting the progress ..., the two leaders established ...": the main clause's subject.
            main_subject, _ = _subject_of(sent.root)
            if main_subject is not None:
                found = resolve_subject(state, main_subject, sent.root)
                holder = Holder(found.actors, found.actor_text, verb.idx, "inherited") if found else None
        elif subject is None and verb.dep_ == "ROOT" and _list_item_verb(verb, sent) and state.last_holder is not None:
            # "- Recognized the importance of ...": a list item goes on with the holder of its lead sentence.
            holder = Holder(state.last_holder.actors, None, verb.idx, "inherited")
        elif subject is None and verb.dep_ == "ROOT":
            # "At the request of X, Vladimir Putin informed him ...": the parse takes the name
            # for an apposition; a participant written right before the verb is its subject.
            before = [(s, e, i) for s, e, i in state.mentions if sent.start_char <= s and e <= verb.idx and not state.text[e : verb.idx].strip()]
            if before:
                s_, _, person = before[-1]
                holder = Holder([person], state.text[s_ : before[-1][1]], s_, "person")
        elif subject is not None:
            holder = resolve_subject(state, subject, verb)
            if holder and shared and verb.dep_ != "xcomp":
                holder = Holder(holder.actors, holder.actor_text, verb.idx, "inherited")
            if holder and subject.dep_ == "nsubjpass" and holder.kind == "agentless":
                holder = Holder(holder.actors, None, subject.left_edge.idx, "agentless")
        if holder is None or not holder.actors:
            continue
        start = holder.start
        own = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        mine = {verb.i, own.left_edge.i if own is not None and own.i < verb.i else verb.i}
        end = _clause_end(verb, sent, stop_at - mine)
        if end <= start:
            continue
        stance = clause.stance
        lemma = verb.lemma_.lower()
        joint = state.joint(holder.actors)
        overrides = _rules()["joint_override"] if joint else _rules()["solo_override"]
        if lemma in overrides and clause.verb_text == verb.text:
            stance = overrides[lemma]
        if any(c.dep_ == "neg" for c in verb.children):
            stance = "other"
        if len(holder.actors) == 1:
            state.last_single = holder.actors[0]
        state.last_holder = holder
        verb_text = clause.verb_text
        if subject is not None and subject.dep_ == "nsubjpass" and holder.kind == "agentless":
            verb_text = state.text[subject.left_edge.idx : clause.verb_end]
        content = state.text[clause.verb_end : end].strip(" ,:;")
        content = re.sub(r"^(?:that|to)\s+", "", content) if content.startswith("that ") else content
        out.append(PositionItem(
            stance=stance,
            verb=verb_text,
            actors=holder.actors,
            actor_text=holder.actor_text,
            joint=joint,
            content=content,
            topic=None,
            span=(start, end),
        ))
    return out


@lru_cache(maxsize=None)
def _preamble_forms() -> dict[str, str]:
    """"RECOGNIZING" -> share_view: the -ing forms of the preamble verbs."""
    forms = {}
    for lemma, stance in _rules()["preamble"].items():
        forms[(lemma[:-1] if lemma.endswith("e") else lemma) + "ing"] = stance
    return forms


@lru_cache(maxsize=None)
def _enacting_regex() -> re.Pattern:
    """The formulas that close a preamble: "Have reached the following understanding"."""
    enacting = "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in _rules()["enacting"])
    return re.compile(rf"\b(?:{enacting})\b", re.IGNORECASE)


_PREAMBLE_RE = re.compile(r"(?m)^[ \t*_]*(?:(?:[A-Z]{3,}|[A-Z][a-z]+ly)\s+)?(?P<verb>[A-Z]{4,})\b[*_]*\s+(?=\S)")


def preamble_positions(state: _State) -> list[PositionItem]:
    """The preamble of a signed text: each "RECOGNIZING ...;" clause and the closing "Have reached the
    following understanding" are held jointly by the signatories."""
    block = state.layout.signature
    if not block or len(state.principals) < 2:
        return []
    text, out = state.text, []
    forms = _preamble_forms()
    actors = list(state.principals)
    for m in _PREAMBLE_RE.finditer(text, state.layout.body_start, block.span[0]):
        stance = forms.get(m.group("verb").lower())
        if stance is None:
            continue
        line_end = text.find("\n", m.end())
        line_end = block.span[0] if line_end < 0 else line_end
        end = m.start() + len(text[m.start() : line_end].rstrip(" ;,.\t"))
        out.append(PositionItem(
            stance=stance, verb=m.group("verb"), actors=actors, actor_text=None, joint=state.joint(actors),
            content=text[m.end() : end], topic=None, span=(m.start("verb"), end),
        ))
    for m in _enacting_regex().finditer(text, state.layout.body_start, block.span[0]):
        out.append(PositionItem(
            stance="agree", verb=m.group(0), actors=actors, actor_text=None, joint=state.joint(actors),
            content=m.group(0), topic=None, span=(m.start(), m.end()),
        ))
    return out


_ACCORDING_RE = re.compile(r"\s*According to\s+")


def according_to_position(state: _State, sent: Span, found: list[PositionItem]) -> PositionItem | None:
    """"According to X, ..." is X's statement, unless its clause has a participant subject of its own."""
    m = _ACCORDING_RE.match(state.text, sent.start_char)
    if not m:
        return None
    comma = state.text.find(",", m.end(), sent.end_char)
    if comma < 0:
        return None
    people = [i for i in _people_between(state.mentions, m.end(), comma) if state.participants[i].spouse_of is None]
    if len(people) != 1 or any(p.span[0] > comma and p.actors and p.actor_text for p in found):
        return None
    end = sent.end_char
    while end > sent.start_char and state.text[end - 1] in " .\n":
        end -= 1
    start = sent.start_char + len(state.text[sent.start_char : m.end()]) - len(state.text[sent.start_char : m.end()].lstrip())
    return PositionItem(
        stance="state", verb="According to", actors=people, actor_text=state.text[m.end() : comma],
        joint=False, content=state.text[comma + 1 : end].strip(), topic=None, span=(start, end),
    )


_QUOTE_RE = re.compile(r"[“\"](?P<q>[^”\"]{8,}?)[”\"]")
_SPEECH = r"(?:said|stated|noted|added|stressed|emphasi[sz]ed|underlined|pointed out|remarked|declared|explained|told)"


def quote_positions(state: _State) -> list[PositionItem]:
    """Attributed quotes ("..., said X") and transcript turns ("X: ...") of participants."""
    text = state.text
    out = []
    body = state.layout.body_start
    for m in _QUOTE_RE.finditer(text, body):
        after = text[m.end() : m.end() + 120]
        a = re.match(rf"\s*,?\s*{_SPEECH}\s+", after)
        b = re.match(rf"\s*,?\s*(?P<who>.{{3,80}}?)\s+{_SPEECH}\b", after)
        speaker = None
        end = None
        if a:
            people = [(s, e, i) for s, e, i in state.mentions if m.end() + a.end() <= s < m.end() + a.end() + 5]
            if people:
                s, e, i = people[0]
                speaker, end = i, e
        elif b:
            people = [(s, e, i) for s, e, i in state.mentions if m.end() <= s and e <= m.end() + b.end("who")]
            if people:
                speaker = people[0][2]
                end = m.end() + b.end()
        if speaker is None or state.participants[speaker].spouse_of is not None:
            continue
        mention = next(((s, e) for s, e, i in state.mentions if i == speaker and s >= m.end()), None)
        out.append(PositionItem(
            stance="state",
            verb=re.search(_SPEECH, text[m.end() : end]).group(0) if re.search(_SPEECH, text[m.end() : end]) else None,
            actors=[speaker],
            actor_text=text[mention[0] : mention[1]] if mention else None,
            joint=False,
            content=m.group("q"),
            topic=None,
            span=(m.start(), end),
        ))
    out += transcript_positions(state)
    return out


def transcript_positions(state: _State) -> list[PositionItem]:
    """Speech turns of a transcript: "Vladimir Putin: Comrade President, ..."."""
    text = state.text
    starts = []
    for s, e, i in state.mentions:
        if s < state.layout.body_start or state.participants[i].spouse_of is not None:
            continue
        tail = re.match(r"\s*(?:\([^)]{1,30}\))?\s*:\s+", text[e : e + 40])
        if not tail:
            continue
        before = text[max(0, s - 6) : s]
        # A turn starts a line or a sentence; in a transcript flattened onto one line, a full name
        # and title before a colon and a capitalised opening still mark one ("... talks Narendra Modi: Your Excellency").
        flattened = len(re.findall(r"\b[A-Z]", text[s:e])) >= 2 and text[e + tail.end() : e + tail.end() + 1].isupper()
        strict = s == 0 or bool(re.search(r"(?:[.!?…>*]\s*|\n\s*|^)$", before))
        if not (strict or flattened):
            continue
        starts.append((s, e + tail.end(), i, strict))
    # A flattened turn counts only in a transcript: two speakers or more ("The following is
    # attributable to Spokesperson Matthew Miller:" is an attribution, not a turn).
    if len({i for _, _, i, _ in starts}) < 2:
        starts = [x for x in starts if x[3]]
    starts = [(s, c, i) for s, c, i, _ in starts]
    out = []
    for n, (s, content_start, i) in enumerate(starts):
        end = starts[n + 1][0] if n + 1 < len(starts) else len(text)
        while end > s and text[end - 1] in " \n\t":
            end -= 1
        if end - content_start < 2:
            continue
        speaker_end = content_start - len(re.search(r"\s*(?:\([^)]{1,30}\))?\s*:\s+$", text[s:content_start]).group(0))
        out.append(PositionItem(
            stance="state",
            verb=None,
            actors=[i],
            actor_text=text[s:speaker_end],
            joint=False,
            content=text[content_start:end],
            topic=None,
            span=(s, end),
        ))
    return out
