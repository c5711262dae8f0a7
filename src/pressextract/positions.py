"""Positions: what the actors agreed, confirmed, welcomed, stated or discussed.

One position per stance clause. The dependency parse finds the clause's
verb, its subject and its extent; coordinated verbs ("welcomed X and
concurred in Y") give one position each. The holder is found in the order
ANNOTATING.md gives: participants named or grouped ("the two leaders") as
subject, a state or side as subject (its principal), then agentless and
talks-as-subject clauses (all principals, jointly). Attributed quotes and
transcript speech turns are one ``state`` position of their speaker.

The words are data: ``stances.json`` and ``topics.json`` (and the small
words of title case in ``lexicon.json``). The component compiles them once
into a :class:`Stances` and every step below reads them from there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from . import extensions  # noqa: F401
from .component import RuleComponent
from .extensions import doc_text
from .items import LayoutInfo, Offsets, PersonItem, PositionItem
from .layout import in_skip, section_at
from .principals import opening_of, statement_principals
from .rules import alternation
from .schemas import CountriesRules, LexiconRules, StancesRules, TitlesRules, TopicsRules
from .titles import Titles, build_titles

_QUOTE_RE = re.compile(r"[“\"](?P<q>[^”\"]{8,}?)[”\"]")
_PREAMBLE_RE = re.compile(r"(?m)^[ \t*_]*(?:(?:[A-Z]{3,}|[A-Z][a-z]+ly)\s+)?(?P<verb>[A-Z]{4,})\b[*_]*\s+(?=\S)")
_TURN_TAIL_RE = re.compile(r"\s*(?:\([^)]{1,30}\))?\s*:\s+")
_BULLETS = r"[•·▪●◦\-–*]"
_LABEL = r"\(?[a-z0-9]{1,2}[.)]"


class Stances:
    """The positions step's rules, compiled: stance phrases and verbs, subjects, speech verbs, topics."""

    def __init__(self, stances: StancesRules, topics: TopicsRules, lexicon: LexiconRules, titles: Titles) -> None:
        self.rules = stances
        self.titles = titles
        self.countries = titles.countries
        self.skipped = frozenset(stances.skipped_words)
        """Articles and possessives a stance phrase skips."""
        self.phrases, self.passives = self._phrases(stances.phrases)
        self.verbs = dict(stances.verbs)
        self.first_lemmas = frozenset(
            set(self.verbs) | {words[0] for words, _ in self.phrases} | {verb for _, verb, _ in self.passives}
        )
        """Lemmas that can open a stance: a stance verb, the first word of a stance phrase, a passive's verb."""
        self.visits = {tuple(self.words(phrase)) for phrase in stances.visit_phrases}
        self.requires_object = frozenset(stances.requires_object)
        self.single_pronouns = frozenset(stances.single_pronouns)
        self.author_pronouns = frozenset(stances.author_pronouns)
        self.impersonal_pronouns = frozenset(stances.impersonal_pronouns)
        self.reciprocal_verbs = frozenset(stances.reciprocal_verbs)
        self.occasion_verbs = frozenset(stances.occasion_verbs)
        self.holding_verbs = frozenset(stances.holding_verbs)
        self.aspect_verbs = frozenset(stances.aspect_verbs)
        self.plan_auxiliaries = frozenset(stances.plan_auxiliaries)
        self.topic_prepositions = frozenset(stances.topic_prepositions)
        self.noun_topic_prepositions = self.topic_prepositions | frozenset(stances.noun_topic_prepositions)
        self.linking_adverbs = frozenset(stances.linking_adverbs)
        self.negations = frozenset(stances.negations)
        self.group_re = self._group_re(stances)
        self.talk_re = re.compile(rf"\b(?:{alternation(stances.talk_subjects)})\b", re.IGNORECASE)
        self.side_re = re.compile(rf"\b(?:{alternation(stances.side_nouns)})\b")
        self.complementizer_re = re.compile(rf"^(?:{alternation(stances.complementizers)})\s+")
        self.speech_re = re.compile(alternation(stances.speech_frames))
        self.speech_after = re.compile(rf"\s*,?\s*(?:{self.speech_re.pattern})\s+")
        """A speech verb right after a quote, its speaker next ("..., said President X")."""
        self.speaker_before = re.compile(rf"\s*,?\s*(?P<who>.{{3,80}}?)\s+(?:{self.speech_re.pattern})\b")
        """A speaker between a quote and a speech verb ("..., the President stressed")."""
        self.according_re = re.compile(rf"\s*(?P<cue>{alternation(stances.attribution_cues)})\s+")
        self.enacting_re = re.compile(rf"\b(?:{alternation(stances.enacting)})\b", re.IGNORECASE)
        self.preamble_forms = {
            (lemma[:-1] if lemma.endswith("e") else lemma) + "ing": stance for lemma, stance in stances.preamble.items()
        }
        """"recognizing" -> share_view: the -ing forms of the preamble verbs."""
        self.topic_re = re.compile(rf"(?<![\w-])(?:{alternation(p for p, _ in topics.topics)})(?![\w-])", re.IGNORECASE)
        self.topic_labels = {phrase.lower(): label for phrase, label in topics.topics}
        self.generic_sections = frozenset(topics.generic_sections)
        self.small_words = frozenset(lexicon.small_words)

    def words(self, phrase: str) -> list[str]:
        """The words of a rule phrase that the text must have, articles and possessives skipped."""
        return [w for w in phrase.split() if w not in self.skipped]

    def _phrases(self, entries: Iterable[tuple[str, str]]) -> tuple[list[tuple[list[str], str]], list[tuple[str, str, str]]]:
        """Forward phrases as word lists (longest first, ties in file order), and passives as
        (passive subject, verb, stance): "attention be pay" -> ("attention", "pay", "discuss")."""
        phrases, passives = [], []
        for phrase, stance in entries:
            words = self.words(phrase)
            if len(words) >= 3 and words[-2] == "be":
                passives.append((words[-3], words[-1], stance))
            else:
                phrases.append((words, stance))
        phrases.sort(key=lambda p: len(p[0]), reverse=True)
        return phrases, passives

    @staticmethod
    def _group_re(rules: StancesRules) -> re.Pattern:
        """A subject naming all the principals: a group subject ("both sides"), or a plural office after
        a determiner, a number and up to three words ("The three National Security Advisors")."""
        determiners = alternation(rules.group_determiners)
        numbers = alternation(rules.group_numbers)
        return re.compile(
            rf"^(?:(?:{determiners})\s+)?(?:{alternation(rules.group_subjects)})\b"
            rf"|^(?:{determiners})\s+(?:(?:{numbers})\s+)?(?:[\w-]+\s+){{0,3}}(?:{alternation(rules.group_offices)})$",
            re.IGNORECASE,
        )

    def topic_of(self, content: str, section: str | None) -> str | None:
        """A short label for what a position is about: the first known topic its content names, else
        its section heading when that is specific ("Regional situations")."""
        m = self.topic_re.search(content)
        if m:
            return self.topic_labels[re.sub(r"\s+", " ", m.group(0).lower())]
        # A heading that names a subject: not a breadcrumb, a place line or a shouted headline.
        if section and section.strip().lower() not in self.generic_sections and len(section.split()) <= 6 and "," not in section and not section.isupper():
            return section
        return None


@dataclass
class Clause:
    """A stance verb (or phrase) found on a token, before its holder is known."""

    verb: Token
    stance: str
    verb_end: int  # offset where the verb phrase ends
    verb_text: str
    words: tuple[str, ...] = ()  # the stance phrase matched, if any ("call", "on")


def match_stance(token: Token, vocab: Stances) -> Clause | None:
    """The stance of a verb token, by phrase (lemmas, articles skipped), by a passive phrase, or by the verb alone."""
    if token.pos_ not in ("VERB", "AUX") and not (token.pos_ == "NOUN" and token.tag_ == "VBZ"):
        return None
    if token.lemma_.lower() not in vocab.first_lemmas:
        return None
    return _phrase_clause(token, vocab) or _passive_clause(token, vocab) or _verb_clause(token, vocab)


def _phrase_lemmas(token: Token, vocab: Stances) -> list[tuple[str, Token]]:
    """The words from ``token`` on, as a stance phrase compares them: verbs and nouns by lemma, articles,
    possessives and modifiers skipped, up to the first punctuation."""
    doc = token.doc
    lemmas: list[tuple[str, Token]] = []
    for t in doc[token.i : min(len(doc), token.i + 10)]:
        # A modifier before the noun, hyphenated ones too ("an in-depth exchange of opinions"), is skipped.
        in_modifier = t.i > token.i and any(a.dep_ in ("amod", "advmod") and a.head.i > a.i > token.i and a.i <= t.i for a in [t, *t.ancestors])
        if t.is_punct and t.i > token.i and not in_modifier:
            break
        if t.i > token.i and (t.lower_ in vocab.skipped or in_modifier):
            continue
        lemmas.append((t.lemma_.lower() if t.i == token.i or t.pos_ in ("VERB", "AUX", "NOUN") else t.lower_, t))
    return lemmas


def _phrase_clause(token: Token, vocab: Stances) -> Clause | None:
    """The longest stance phrase starting at ``token`` ("exchanged views", "expressed their gratitude")."""
    lemmas = _phrase_lemmas(token, vocab)
    for words, stance in vocab.phrases:
        if len(words) <= len(lemmas) and [lemma for lemma, _ in lemmas[: len(words)]] == words:
            last = lemmas[len(words) - 1][1]
            end = last.idx + len(last.text)
            return Clause(token, stance, end, doc_text(token.doc)[token.idx : end], tuple(words))
    return None


def _passive_clause(token: Token, vocab: Stances) -> Clause | None:
    """"Particular attention was paid to X": the stance sits in the passive subject; the verb phrase
    runs through the preposition right after the verb."""
    lemma = token.lemma_.lower()
    for subject, verb, stance in vocab.passives:
        if lemma == verb and any(c.dep_ == "nsubjpass" and c.lemma_.lower() == subject for c in token.children):
            end = _end_with_next(token, "prep")
            return Clause(token, stance, end, doc_text(token.doc)[token.idx : end])
    return None


def _verb_clause(token: Token, vocab: Stances) -> Clause | None:
    """A stance verb by itself, with its particle ("pointed out")."""
    lemma = token.lemma_.lower()
    if lemma in vocab.verbs and token.pos_ == "VERB":
        end = _end_with_next(token, "prt")
        return Clause(token, vocab.verbs[lemma], end, doc_text(token.doc)[token.idx : end])
    return None


def _end_with_next(token: Token, dep: str) -> int:
    """Where ``token`` ends, or the child with label ``dep`` right after it."""
    nxt = next((c for c in token.children if c.dep_ == dep and c.i == token.i + 1), None)
    last = nxt if nxt is not None else token
    return last.idx + len(last.text)


def _purpose_after_with(verb: Token, vocab: Stances) -> bool:
    """"spoke with President X to reaffirm ...", parsed as a clause inside the "with" phrase."""
    return (
        verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.lower_ == "with"
        and _has_to(verb)
        and verb.head.head.lemma_.lower() in vocab.occasion_verbs
    )


def _has_to(verb: Token) -> bool:
    """An infinitive: "to" as the verb's auxiliary."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _is_main_clause(verb: Token, vocab: Stances) -> bool:
    """A verb at clause level, not buried in what another verb states."""
    token = verb
    for _ in range(8):
        if token.dep_ == "ROOT":
            return True
        up = _clause_level_head(token, vocab)
        if up is not None:
            token = up
            continue
        if token.dep_ == "advcl" and token.head.dep_ == "ROOT" and any(c.dep_.startswith("nsubj") for c in token.children):
            return True
        # "The leaders resolved to ...; they shared concern ...": the parse hangs the first of two
        # clauses a semicolon joins on the second.
        return token.dep_ in ("ccomp", "parataxis") and token.i < token.head.i and any(t.text == ";" for t in token.doc[token.i : token.head.i])
    return False


def _clause_level_head(token: Token, vocab: Stances) -> Token | None:
    """The verb whose clause ``token``'s clause belongs to, when it shares its level: a coordinated
    verb, a purpose clause inside a "with" phrase, an aspect verb's complement ("The two leaders
    continued to exchange views"), a participle or purpose clause."""
    if token.dep_ == "conj":
        return token.head
    if _purpose_after_with(token, vocab):
        return token.head.head
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in vocab.aspect_verbs:
        return token.head
    if token.dep_ == "advcl" and (token.tag_ == "VBG" or _has_to(token)):
        return token.head
    return None


@dataclass
class Holder:
    """Who holds a clause, as the text names them, and where the clause starts."""

    actors: list[int]
    actor_text: str | None
    start: int  # where the clause starts (the actor, or the verb for shared actors)
    kind: str  # person | group | state | agentless | inherited


def _end_before(text: str, start: int, end: int, punctuation: str = "") -> int:
    """``end`` moved back over whitespace of any kind and ``punctuation``, never before ``start``."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in punctuation):
        end -= 1
    return end


def _trimmed(text: str, span: Offsets) -> Offsets:
    """A position's evidence without leading or trailing whitespace (a span that is only whitespace
    comes out empty, and the component drops it)."""
    start, end = span
    while start < end and text[start].isspace():
        start += 1
    return start, _end_before(text, start, end)


def _mentions(participants: list[PersonItem]) -> list[tuple[int, int, int]]:
    """(start, end, participant) of every mention, in text order."""
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

    rule_files = {
        "stances": StancesRules, "topics": TopicsRules, "lexicon": LexiconRules, "titles": TitlesRules, "countries": CountriesRules,
    }
    extension = "px_positions"

    def __init__(self, nlp, name: str, *, rules: str | None = None, spans_key: str | None = None, call_window: int = 40, attribution_window: int = 120) -> None:
        self.call_window = call_window
        """Characters after "called on" within which a participant makes it a visit, not a request."""
        self.attribution_window = attribution_window
        """Characters after a closing quote searched for its speech verb and speaker."""
        super().__init__(nlp, name, rules=rules, spans_key=spans_key)

    def compile(self) -> None:
        self.titles = build_titles(self.rules.titles, self.rules.countries)
        self.stances = Stances(self.rules.stances, self.rules.topics, self.rules.lexicon, self.titles)

    def spans_of(self, item: PositionItem) -> list[tuple[Offsets, str]]:
        return [(item.span, item.stance)]

    def find(self, doc: Doc) -> list[PositionItem]:
        """Quotes, transcript turns and preamble clauses first; then the stance clauses of each body sentence
        outside them, in text order, each with its section and topic."""
        layout = doc._.px_layout
        participants = doc._.px_participants
        principals = doc._.px_principals or statement_principals(participants, self.titles, opening_of(doc_text(doc), layout))
        state = _State(doc, participants, principals, layout, self)
        positions = quote_positions(state) + preamble_positions(state)
        quoted = [(p.span[0], p.span[1]) for p in positions]
        for sent in doc.sents:
            if sent.start_char < layout.body_start or in_skip(layout, sent.start_char):
                continue
            if any(qs <= sent.start_char < qe for qs, qe in quoted) or _headline_case(sent.text, self.stances):
                continue
            found = sentence_positions(state, sent, quoted)
            according = according_to_position(state, sent, found)
            positions += found + ([according] if according else [])
        for p in positions:
            p.span = _trimmed(state.text, p.span)
        positions.sort(key=lambda p: p.span[0])
        for p in positions:
            p.section = section_at(layout, p.span[0])
            p.topic = self.stances.topic_of(p.content or "", p.section)
        return positions


class _State:
    """One document as the position steps read it, and the holders named so far."""

    def __init__(self, doc: Doc, participants: list[PersonItem], principals: list[int], layout: LayoutInfo, finder: PositionFinder) -> None:
        self.doc = doc
        self.text = doc_text(doc)
        self.participants = participants
        self.principals = principals
        self.mentions = _mentions(participants)
        self.layout = layout
        self.vocab = finder.stances
        self.call_window = finder.call_window
        self.attribution_window = finder.attribution_window
        self.last_single: int | None = None
        self.last_holder: "Holder | None" = None

    def principal_countries(self) -> set[str]:
        return {self.participants[i].country or self.participants[i].organization or str(i) for i in self.principals}

    def joint(self, actors: list[int]) -> bool:
        """Whether ``actors`` include every side's principal."""
        if len(self.principals) < 2:
            return False
        sides = {self.participants[i].country or self.participants[i].organization or str(i) for i in actors}
        return self.principal_countries() <= sides

    def side_principal(self, code: str) -> list[int]:
        """The principals of the state ``code``."""
        return [i for i in self.principals if self.participants[i].country == code]


def resolve_subject(state: _State, subject: Token, verb: Token) -> Holder | None:
    """Who a subject phrase names: participants, a pronoun, a group, a state or side, or the talks."""
    start, end = subject.left_edge.idx, subject.right_edge.idx + len(subject.right_edge.text)
    text = state.text[start:end]
    people = [i for i in _people_between(state.mentions, start, end) if state.participants[i].spouse_of is None]
    if people:
        return Holder(people, text, start, "person")
    vocab = state.vocab
    lower = text.lower().strip()
    alone = subject.i == subject.left_edge.i == subject.right_edge.i
    if alone and (subject.lower_ in vocab.author_pronouns or subject.lower_ in vocab.single_pronouns):
        return _pronoun_holder(state, subject, text, start)
    if vocab.group_re.match(lower):
        return Holder(list(state.principals), text, start, "group") if state.principals else None
    if subject.dep_ == "expl" or (lower in vocab.impersonal_pronouns and subject.dep_ == "nsubjpass"):
        return Holder(list(state.principals), None, verb.idx, "agentless")
    codes = list(dict.fromkeys(code for _, _, code in vocab.countries.find(state.text, start, end)))
    if codes:
        actors = [i for code in codes for i in state.side_principal(code)]
        return Holder(actors, text, start, "state") if actors else None
    if vocab.side_re.search(lower) and state.principals:
        return None
    if (vocab.talk_re.search(subject.lemma_.lower()) or subject.dep_ == "nsubjpass") and state.principals:
        return Holder(list(state.principals), text if subject.dep_ != "nsubjpass" else None, start, "agentless")
    return None


def _pronoun_holder(state: _State, subject: Token, text: str, start: int) -> Holder | None:
    """"I" in a minister's own release is its author, the first principal named; "he", "she" the last
    single holder."""
    if subject.lower_ in state.vocab.author_pronouns:
        if state.principals:
            author = min(state.principals, key=lambda i: state.participants[i].mentions[0][0])
            return Holder([author], text, start, "person")
    elif state.last_single is not None:
        return Holder([state.last_single], text, start, "person")
    return None


def _reattached_conj(verb: Token, sent: Span, vocab: Stances) -> bool:
    """"The two leaders shared the view that the environment is becoming severe, and concurred in ...":
    the parse joins "concurred" to the verb inside the that-clause; it goes with the main verb."""
    root = sent.root
    if verb.dep_ != "conj" or verb.tag_ != "VBD" or root.i >= verb.i or root.tag_ != "VBD" or _is_main_clause(verb, vocab):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) or match_stance(root, vocab) is None:
        return False
    head = verb.head
    return head.tag_ != "VBD" and head.dep_ in ("ccomp", "relcl", "advcl", "xcomp", "acl") and any(t.text == "," for t in verb.doc[head.i : verb.i])


def _planned_passive(verb: Token, vocab: Stances) -> bool:
    """A passive in the future with no agent: "will be discussed", "is to be considered"."""
    passive = any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "agent" for c in verb.children)
    return passive and any(c.dep_ == "aux" and c.lower_ in vocab.plan_auxiliaries for c in verb.children)


def _headline_case(text: str, vocab: Stances) -> bool:
    """A line in title case with no closing stop: "Biannual Talks Reaffirm Our Close Relations With New Zealand"."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return 3 <= len(words) <= 14 and not text.rstrip().endswith((".", "!", "?", ";", ":", "\"", "”")) and all(
        w[0].isupper() for w in words if w.lower() not in vocab.small_words
    )


def _has_subject_matter(verb: Token, vocab: Stances) -> bool:
    """Whether "held talks" says what they were about: "talks on / over X", "held talks at Y on X"."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        if any(c.dep_ == "prep" and c.lower_ in vocab.noun_topic_prepositions for c in obj.children):
            return True
    return any(c.dep_ == "prep" and c.lower_ in vocab.topic_prepositions for c in verb.children)


def _first_word(sent: Span) -> int:
    """The index of a sentence's first word, after list bullets and labels."""
    for t in sent:
        if not (t.is_punct or t.is_space or re.fullmatch(rf"{_LABEL}|{_BULLETS}+", t.text)):
            return t.i
    return sent.start


def _opening_participle(token: Token, sent: Span, vocab: Stances) -> bool:
    """"Noting X, ...", "Recognizing X, the leaders ...": a participle that opens the sentence, its
    phrase closed by a comma before the main clause's subject."""
    if token.tag_ != "VBG" or token.i != _first_word(sent) or sent.root is token:
        return False
    subject, _ = _subject_of(sent.root, vocab)
    if subject is None or subject.i < token.i:
        return False
    return any(t.text == "," for t in token.doc[token.i : subject.left_edge.i])


def _list_item_verb(verb: Token, sent: Span) -> bool:
    """"- Recognized the importance of ...": a verb that opens a bulleted list item."""
    text = doc_text(verb.doc)
    line_start = text.rfind("\n", 0, verb.idx) + 1
    lead = text[max(line_start, sent.start_char) : verb.idx]
    return verb.i == _first_word(sent) and bool(re.fullmatch(rf"\s*(?:{_BULLETS}|{_LABEL})\s*", lead))


def _subject_of(verb: Token, vocab: Stances) -> tuple[Token | None, bool]:
    """The verb's subject and whether it is shared with an earlier coordinated verb."""
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "expl"):
            return c, False
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in vocab.aspect_verbs:
        subject, _ = _subject_of(verb.head, vocab)
        return subject, subject is not None
    head = verb
    while head.dep_ in ("conj",) and head.head is not head:
        head = head.head
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass", "expl"):
                return c, True
    return None, False


def _clause_end(verb: Token, sent: Span, stop_at: set[int], vocab: Stances) -> int:
    """End offset of the verb's clause, before any coordinated stance verb that makes its own position."""
    cut = min((t.i for t in verb.subtree if t.i in stop_at and t.i > verb.i), default=None)
    last = None
    for t in verb.subtree:
        if cut is not None and t.i >= cut:
            break
        last = t
    # Drop the trailing "and", commas, and the subject of the next clause.
    if cut is not None:
        idx = cut - 1
        doc = verb.doc
        while idx > verb.i and (doc[idx].dep_ in ("cc", "punct") or doc[idx].is_space or doc[idx].lower_ in vocab.linking_adverbs):
            idx -= 1
        last = doc[idx]
    return min(_end_before(doc_text(verb.doc), verb.idx, last.idx + len(last.text), ",;:."), sent.end_char)


def sentence_positions(state: _State, sent: Span, quoted: list[tuple[int, int]]) -> list[PositionItem]:
    """The positions of one sentence, in order: each stance clause with its holder, stance and extent.

    A clause ends where the next coordinated stance clause begins; the holder of one clause can be
    the pronoun or list item of the next ("he", "- Recognized ..."), so they are read in order."""
    clauses = stance_clauses(state, sent, quoted)
    stop_at = _clause_starts(clauses)
    out = []
    for clause in clauses:
        holder, subject = clause_holder(state, sent, clause.verb)
        if holder is None or not holder.actors:
            continue
        position = clause_position(state, sent, clause, holder, subject, stop_at)
        if position is not None:
            out.append(position)
    return out


def stance_clauses(state: _State, sent: Span, quoted: list[tuple[int, int]]) -> list[Clause]:
    """The sentence's stance verbs at clause level, outside quotes, less those that state no stance here."""
    vocab = state.vocab
    clauses = []
    for token in sent:
        if any(qs <= token.idx < qe for qs, qe in quoted):
            continue
        clause = match_stance(token, vocab)
        if clause is None:
            continue
        if not (_is_main_clause(token, vocab) or _opening_participle(token, sent, vocab) or _reattached_conj(token, sent, vocab)):
            continue
        if not _states_no_stance(state, clause):
            clauses.append(clause)
    return clauses


def _states_no_stance(state: _State, clause: Clause) -> bool:
    """A stance word that states no stance here: a visit, a plan, the occasion itself, a verb that needs
    an object and has none, a modifier."""
    token, vocab = clause.verb, state.vocab
    lemma = token.lemma_.lower()
    if clause.words in vocab.visits and any(clause.verb_end <= s < clause.verb_end + state.call_window for s, _, _ in state.mentions):
        # "called on President X": a courtesy call, an event rather than a stance.
        return True
    if _planned_passive(token, vocab):
        # "The issue will be discussed at a conference in Lugano": a plan, nobody's stance yet.
        return True
    if lemma in vocab.holding_verbs and clause.verb_text != token.text and not _has_subject_matter(token, vocab):
        # "Vladimir Putin held talks with Narendra Modi": the occasion (an event); "held
        # discussions on regional issues" says what was discussed (a stance).
        return True
    if clause.verb_text == token.text and lemma in vocab.requires_object:
        if not any(c.dep_ in ("dobj", "ccomp", "prep", "xcomp", "attr", "dative") for c in token.children):
            return True
    return token.dep_ == "amod" or (token.tag_ == "VBN" and token.dep_ in ("amod", "acl"))


def _clause_starts(clauses: list[Clause]) -> set[int]:
    """Where each stance clause starts: its own subject when that comes first, else its verb."""
    starts = set()
    for c in clauses:
        own_subject = next((t for t in c.verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
        starts.add(own_subject.left_edge.i if own_subject is not None and own_subject.i < c.verb.i else c.verb.i)
    return starts


def clause_holder(state: _State, sent: Span, verb: Token) -> tuple[Holder | None, Token | None]:
    """Who holds the clause of ``verb``, and the subject that names them when it is the clause's own."""
    vocab = state.vocab
    subject, shared = _subject_of(verb, vocab)
    if _reattached_conj(verb, sent, vocab):
        subject, shared = _subject_of(sent.root, vocab)[0], True
    after_with = _purpose_after_with(verb, vocab)
    if after_with:
        subject = None
    if subject is not None:
        return _subject_holder(state, verb, subject, shared), subject
    if verb.dep_ == "advcl" or after_with:
        return _purpose_holder(state, verb, after_with), None
    if _opening_participle(verb, sent, vocab) and sent.root is not verb:
        return _participle_holder(state, sent, verb), None
    if verb.dep_ == "ROOT" and _list_item_verb(verb, sent) and state.last_holder is not None:
        # "- Recognized the importance of ...": a list item goes on with the holder of its lead sentence.
        return Holder(state.last_holder.actors, None, verb.idx, "inherited"), None
    if verb.dep_ == "ROOT":
        return _apposed_holder(state, sent, verb), None
    return None, None


def _subject_holder(state: _State, verb: Token, subject: Token, shared: bool) -> Holder | None:
    """The holder its subject names; a subject shared with an earlier coordinated verb holds from this
    verb on, and an agentless passive from its subject."""
    holder = resolve_subject(state, subject, verb)
    if holder and shared and verb.dep_ != "xcomp":
        return Holder(holder.actors, holder.actor_text, verb.idx, "inherited")
    if holder and subject.dep_ == "nsubjpass" and holder.kind == "agentless":
        return Holder(holder.actors, None, subject.left_edge.idx, "agentless")
    return holder


def _purpose_holder(state: _State, verb: Token, after_with: bool) -> Holder | None:
    """A clause with no subject of its own under another verb holds with the main clause's subject;
    after "X met / spoke with Y", a purpose clause with a reciprocal verb ("to discuss") is X's and Y's."""
    main = verb.head.head if after_with else verb.head
    main_subject, _ = _subject_of(main, state.vocab)
    if main_subject is None:
        return None
    holder = resolve_subject(state, main_subject, main)
    if not holder:
        return None
    vocab = state.vocab
    reciprocal = _has_to(verb) and verb.lemma_.lower() in vocab.reciprocal_verbs and main.lemma_.lower() in vocab.occasion_verbs
    if not reciprocal:
        return Holder(holder.actors, holder.actor_text, verb.idx, "inherited")
    people = set(holder.actors)
    for c in main.children:
        if c.dep_ in ("prep", "dobj"):
            people |= set(_people_between(state.mentions, c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text)))
    return Holder(sorted(people, key=lambda i: state.participants[i].mentions[0][0]), holder.actor_text, verb.idx, "inherited")


def _participle_holder(state: _State, sent: Span, verb: Token) -> Holder | None:
    """"Noting the progress ..., the two leaders established ...": the main clause's subject."""
    main_subject, _ = _subject_of(sent.root, state.vocab)
    if main_subject is None:
        return None
    found = resolve_subject(state, main_subject, sent.root)
    return Holder(found.actors, found.actor_text, verb.idx, "inherited") if found else None


def _apposed_holder(state: _State, sent: Span, verb: Token) -> Holder | None:
    """"At the request of X, Vladimir Putin informed him ...": the parse takes the name for an
    apposition; a participant written right before the verb is its subject."""
    before = [(s, e, i) for s, e, i in state.mentions if sent.start_char <= s and e <= verb.idx and not state.text[e : verb.idx].strip()]
    if not before:
        return None
    s, e, person = before[-1]
    return Holder([person], state.text[s:e], s, "person")


def clause_position(
    state: _State, sent: Span, clause: Clause, holder: Holder, subject: Token | None, stop_at: set[int]
) -> PositionItem | None:
    """The position of one stance clause held by ``holder``: its extent, stance, verb and content.
    It becomes the last holder named, for the pronouns and list items after it."""
    verb = clause.verb
    own = next((t for t in verb.children if t.dep_ in ("nsubj", "nsubjpass")), None)
    mine = {verb.i, own.left_edge.i if own is not None and own.i < verb.i else verb.i}
    end = _clause_end(verb, sent, stop_at - mine, state.vocab)
    if end <= holder.start:
        return None
    joint = state.joint(holder.actors)
    if len(holder.actors) == 1:
        state.last_single = holder.actors[0]
    state.last_holder = holder
    verb_text = clause.verb_text
    if subject is not None and subject.dep_ == "nsubjpass" and holder.kind == "agentless":
        verb_text = state.text[subject.left_edge.idx : clause.verb_end]
    content = state.text[clause.verb_end : end].strip(" ,:;")
    return PositionItem(
        stance=_stance(state.vocab, clause, joint),
        verb=verb_text,
        actors=holder.actors,
        actor_text=holder.actor_text,
        joint=joint,
        content=state.vocab.complementizer_re.sub("", content, count=1),
        topic=None,
        span=(holder.start, end),
    )


def _stance(vocab: Stances, clause: Clause, joint: bool) -> str:
    """The clause's stance: a verb alone may take another when all sides hold it or one does
    ("committed" jointly is agree); a negated stance is ``other``."""
    verb = clause.verb
    overrides = vocab.rules.joint_override if joint else vocab.rules.solo_override
    stance = clause.stance
    if verb.lemma_.lower() in overrides and clause.verb_text == verb.text:
        stance = overrides[verb.lemma_.lower()]
    if any(c.dep_ in ("neg", "advmod") and c.lower_ in vocab.negations for c in verb.children):
        stance = "other"
    return stance


def preamble_positions(state: _State) -> list[PositionItem]:
    """The preamble of a signed text: each "RECOGNIZING ...;" clause and the closing "Have reached the
    following understanding" are held jointly by the signatories."""
    block = state.layout.signature
    if not block or len(state.principals) < 2:
        return []
    text, out, vocab = state.text, [], state.vocab
    actors = list(state.principals)
    for m in _PREAMBLE_RE.finditer(text, state.layout.body_start, block.span[0]):
        stance = vocab.preamble_forms.get(m.group("verb").lower())
        if stance is None:
            continue
        line_end = text.find("\n", m.end())
        line_end = block.span[0] if line_end < 0 else line_end
        end = _end_before(text, m.start(), line_end, ";,.")
        out.append(PositionItem(
            stance=stance, verb=m.group("verb"), actors=actors, actor_text=None, joint=state.joint(actors),
            content=text[m.end() : end], topic=None, span=(m.start("verb"), end),
        ))
    for m in vocab.enacting_re.finditer(text, state.layout.body_start, block.span[0]):
        out.append(PositionItem(
            stance="agree", verb=m.group(0), actors=actors, actor_text=None, joint=state.joint(actors),
            content=m.group(0), topic=None, span=(m.start(), m.end()),
        ))
    return out


def according_to_position(state: _State, sent: Span, found: list[PositionItem]) -> PositionItem | None:
    """"According to X, ..." is X's statement, unless its clause has a participant subject of its own."""
    m = state.vocab.according_re.match(state.text, sent.start_char)
    if not m:
        return None
    comma = state.text.find(",", m.end(), sent.end_char)
    if comma < 0:
        return None
    people = [i for i in _people_between(state.mentions, m.end(), comma) if state.participants[i].spouse_of is None]
    if len(people) != 1 or any(p.span[0] > comma and p.actors and p.actor_text for p in found):
        return None
    end = _end_before(state.text, sent.start_char, sent.end_char, ".")
    return PositionItem(
        stance="state", verb=m.group("cue"), actors=people, actor_text=state.text[m.end() : comma],
        joint=False, content=state.text[comma + 1 : end].strip(), topic=None, span=(m.start("cue"), end),
    )


def quote_positions(state: _State) -> list[PositionItem]:
    """Attributed quotes ("..., said X", "..., X stressed") and transcript turns ("X: ...") of participants."""
    text = state.text
    out = []
    for m in _QUOTE_RE.finditer(text, state.layout.body_start):
        speaker, end = _quote_speaker(state, m.end())
        if speaker is None or state.participants[speaker].spouse_of is not None:
            continue
        mention = next(((s, e) for s, e, i in state.mentions if i == speaker and s >= m.end()), None)
        verb = state.vocab.speech_re.search(text[m.end() : end])
        out.append(PositionItem(
            stance="state",
            verb=verb.group(0) if verb else None,
            actors=[speaker],
            actor_text=text[mention[0] : mention[1]] if mention else None,
            joint=False,
            content=m.group("q"),
            topic=None,
            span=(m.start(), end),
        ))
    out += transcript_positions(state)
    return out


def _quote_speaker(state: _State, quote_end: int) -> tuple[int | None, int | None]:
    """The participant a quote ending at ``quote_end`` is attributed to, and where the attribution
    ends: the speech verb then the speaker ("..., said President X"), or the speaker then the verb."""
    after = state.text[quote_end : quote_end + state.attribution_window]
    verb_first = state.vocab.speech_after.match(after)
    if verb_first:
        at = quote_end + verb_first.end()
        people = [(s, e, i) for s, e, i in state.mentions if at <= s < at + 5]
        return (people[0][2], people[0][1]) if people else (None, None)
    who_first = state.vocab.speaker_before.match(after)
    if who_first:
        people = [i for s, e, i in state.mentions if quote_end <= s and e <= quote_end + who_first.end("who")]
        return (people[0], quote_end + who_first.end()) if people else (None, None)
    return None, None


def _turn_starts(state: _State) -> list[tuple[int, int, int]]:
    """(start, content start, speaker) of each speech turn: a participant's name and a colon that start
    a line or a sentence; in a transcript flattened onto one line, a full name before a colon and a
    capitalised opening ("... talks Narendra Modi: Your Excellency") when two speakers or more take turns
    ("The following is attributable to Spokesperson Matthew Miller:" is an attribution, not a turn)."""
    text = state.text
    starts = []
    for s, e, i in state.mentions:
        if s < state.layout.body_start or state.participants[i].spouse_of is not None:
            continue
        tail = _TURN_TAIL_RE.match(text[e : e + 40])
        if not tail:
            continue
        flattened = len(re.findall(r"\b[A-Z]", text[s:e])) >= 2 and text[e + tail.end() : e + tail.end() + 1].isupper()
        strict = s == 0 or bool(re.search(r"(?:[.!?…>*]\s*|\n\s*|^)$", text[max(0, s - 6) : s]))
        if strict or flattened:
            starts.append((s, e + tail.end(), i, strict))
    if len({i for _, _, i, _ in starts}) < 2:
        starts = [x for x in starts if x[3]]
    return [(s, c, i) for s, c, i, _ in starts]


def transcript_positions(state: _State) -> list[PositionItem]:
    """Speech turns of a transcript: "Vladimir Putin: Comrade President, ..."; a turn runs to the next."""
    text = state.text
    starts = _turn_starts(state)
    out = []
    for n, (s, content_start, i) in enumerate(starts):
        end = _end_before(text, s, starts[n + 1][0] if n + 1 < len(starts) else len(text))
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
