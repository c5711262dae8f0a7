"""The shape of every rule file under ``models/rules/``, one pydantic model per file.

Values are typed with the record's vocabularies (:class:`EventKind`,
:class:`Stance`, :class:`InstrumentType`, :class:`InstrumentAction`), so a
kind that does not exist ("lunch_meeting") or a key nobody reads is refused
when the pipeline loads, with the file and the key named (``PX011``).
Each field's docstring says what the words do; the files say which words.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints, model_validator

from .records import EventKind, InstrumentAction, InstrumentType, Stance
from .rules import RuleFile

Word = Annotated[str, StringConstraints(min_length=1)]
CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2, upper case ("JP")."""


class CountriesRules(RuleFile):
    """``countries.json``: what pycountry does not know, and how a release names its publisher."""

    aliases: dict[Word, CountryCode]
    """Short and everyday names of states ("U.S.", "South Korea")."""
    state_forms: list[Word]
    """Official forms of a state's name before its short name ("Republic of", "Kingdom of")."""
    demonyms: dict[Word, CountryCode]
    """Adjectives of nationality ("Japanese", "Kenyan")."""
    institutions: dict[Word, CountryCode]
    """Seats and institutions of government that speak for their state ("White House")."""
    topic_nouns: list[Word]
    """Nouns that make a country named beside them a topic, not a side ("invasion", "war")."""
    publishers: dict[Word, CountryCode]
    """Offices and web domains in a release's header that say whose release it is ("DFAT")."""


class EventsRules(RuleFile):
    """``events.json``: the words that state an occasion, and what kind it is."""

    nouns: dict[Word, EventKind]
    """Event nouns (lower case, multiword allowed; plurals are matched) and their kind."""
    meeting_verbs: dict[Word, EventKind]
    """Verbs that state an occasion by themselves ("met", "spoke") and the kind they give."""
    event_holding_verbs: list[Word]
    """Verbs that hold an event noun ("held talks", "hosted a dinner")."""
    passive_event_verbs: list[Word]
    virtual_markers: list[Word]
    """Phrases that make a meeting a video conference ("virtually")."""
    phone_markers: list[Word]
    """Phrases that make a conversation a telephone call ("by telephone")."""
    signing_nouns: list[Word]
    non_occasion_cues: list[Word]
    phase_cues: list[Word]
    """Phrases that start a new phase of the talks, hence a new event ("with the participation of")."""
    member_cues: list[Word]
    """Phrases that list the members of a delegation, who join the occasion before them."""


class InstrumentsRules(RuleFile):
    """``instruments.json``: document names, their types, and the verbs that act on them."""

    names: list[tuple[Word, InstrumentType]]
    """Document names (case-insensitive, longest first) and their type; a name also starts the next
    document in a title ("... on trade and the Agreement on ...")."""
    abbreviations: list[Word]
    """Names written as capitals ("MoU", "MOU", "E/N"): matched upper case or with a lower-case middle, never as a word."""
    irregular_plurals: list[Word]
    """Plural names that do not end in "s" ("memoranda"); a name starting with one names several documents."""
    not_plural: list[Word]
    """Names that end in "s" yet name one document ("notes" of an Exchange of Notes)."""
    verbal_nouns: list[Word]
    """Names that also name an act ("confirming agreement to establish a centre"): with no determiner before
    them and "to"/"that" after, they are not a document."""
    weak_names: list[Word]
    """Names that are documents only when qualified ("a memorandum on ...")."""
    actions: dict[Word, InstrumentAction]
    """Verb lemmas and the action they do to a document ("sign" -> signed)."""
    conclude_cues: list[Word]
    """Lemmas that put a document they govern in the making ("negotiation of", "drafting"): agreed_to_conclude."""
    strength: list[InstrumentAction]
    """Actions from strongest to weakest: a document acted on twice keeps the strongest."""
    list_cues: list[Word]
    """Phrases of a line that introduces a list of documents ("the following documents", "were signed")."""
    qualified_only: list[Word]
    """Names that need an "of"/"for"/"on" after them to be a document ("programme")."""
    cited_before: list[Word]
    """Phrases before a document that only cite it ("anniversary of")."""
    participle_only: dict[Word, list[Word]]
    """Generic names that are documents only with one of these participles ("documents amending")."""
    background_cues: list[Word]
    """Phrases that put a signing in the past, as background ("to date")."""
    unilateral: list[Word]
    """Documents one side issues alone ("executive order"): their one signer is their party."""
    title_openers: list[Word]
    """Capitalised words before a name that open the sentence, not the name ("The", "Following")."""
    subject_links: list[Word]
    """Words that introduce what a document is about ("on", "concerning"); a title may capitalise them
    ("Executive Order On ..."). A second "and on ..." after a plural name starts a second document."""
    title_links: list[Word]
    """Other words after a name that carry its title on ("to", "amending"); "between" always does."""
    quantifiers: list[Word]
    """Words between "and" and the next document's name ("and several agreements"): the title ends at the "and"."""
    title_end_verbs: list[Word]
    """Verbs after ", and"/" and" that start a new clause, ending a title ("... on trade and welcomed ...")."""
    title_ends: list[Word]
    """Words after a space that end a title: a relative clause, a modal, a passive ("which", "was signed")."""
    title_ends_after_comma: list[Word]
    """Words after a comma that end a title ("such as", "signed")."""
    subject_stopwords: list[Word]
    """Words (lower case) that say nothing of a document's subject; country names never count either."""
    field_list_breaks: list[Word]
    """Words that show a comma list after a plural name is not a list of fields (its parties: "between")."""
    field_nouns: list[Word]
    """Nouns of a field of cooperation ("in the field of", "in the areas of"); plurals matched."""
    subject_heads: list[Word]
    """Nouns a subject hangs on ("on cooperation in energy"): the subject is what follows them."""
    purpose_verbs: list[Word]
    """Verbs of a document's purpose ("to promote trade"): what follows them is its subject."""
    party_openers: list[Word]
    """Words that open a party's name besides the lexicon's organisation words ("National", "Central");
    a country's name opens one too ("Japan Bank for International Cooperation")."""
    party_ends: list[Word]
    """Words after the parties that end them, besides the subject_links ("was", "aimed")."""
    plural_bodies: dict[Word, Word]
    """Plural bodies shared by two states ("the Ministries of Economy of A and B") and the one body of each."""
    signing_verbs: list[Word]
    """Verb lemmas whose subjects are a document's parties ("Australia and Indonesia signed a MoU")."""
    act_nouns: list[Word]
    """Nouns of acting on a document after its parties' possessive ("Japan and Australia's signing of")."""
    written_actions: dict[Word, InstrumentAction]
    """Verbs as written and their action: right before a document ("issued the Joint Statement"), in a
    passive before its parties ("was signed between A and B", signed or exchanged only), after a list's
    collective noun ("The documents signed included ...")."""
    planned_aux: list[Word]
    """Auxiliaries of a plan ("will sign", "to adopt"): signing planned is agreed_to_conclude."""
    proposal_nouns: list[Word]
    """Nouns of one side's proposal ("the Russian drafts of the Treaty"): nothing agreed yet."""
    governing_preps: list[Word]
    """Prepositions through which a word governs a document ("the signing of", "including")."""
    clause_words: list[Word]
    """Words that open another clause: a verb before them does not act on a document after them."""
    list_actions: list[tuple[Word, InstrumentAction]]
    """Words introducing a list of documents and the action of the list, first match wins ("exchanged")."""
    outcome_words: list[Word]
    """Words of a list of outcomes: with no other cue, its documents were signed."""
    collective_nouns: list[Word]
    """Plural nouns for documents acted on together ("The documents signed included ...")."""

    @model_validator(mode="after")
    def _every_action_ranked(self) -> "InstrumentsRules":
        used = set(self.actions.values()) | set(self.written_actions.values()) | {a for _, a in self.list_actions}
        missing = used - set(self.strength)
        if missing:
            raise ValueError(f"strength does not rank {sorted(str(getattr(m, 'value', m)) for m in missing)}")
        return self

    @model_validator(mode="after")
    def _abbreviations_are_names(self) -> "InstrumentsRules":
        unknown = set(self.abbreviations) - {name for name, _ in self.names}
        if unknown:
            raise ValueError(f"abbreviations are not names: {sorted(unknown)}: add them to names with their type")
        return self


class LexiconRules(RuleFile):
    """``lexicon.json``: words several components share, kept in one list each."""

    organisation_words: list[Word]
    """Words that name bodies, not people or documents ("Ministry", "Council")."""
    document_nouns: list[Word]
    """Nouns of documents, singular, lower case ("agreement", "memorandum")."""
    small_words: list[Word]
    """Words a title-case line writes in lower case ("of", "and")."""


class NamesRules(RuleFile):
    """``names.json``: facts about personal names, to file a name under its family name."""

    family_particles: list[Word]
    family_start_particles: list[Word]
    """Particles that start a family name ("Al")."""
    patronymic_particles: list[Word]
    """Particles between a given name and a father's name ("bin")."""
    connecting_particles: list[Word]
    """Particles that belong to the family name after them ("da", "van")."""
    suffixes: list[Word]
    """Generational suffixes that are not names ("Jr.")."""
    family_first_countries: list[CountryCode]
    """States whose names are written family name first ("CN")."""
    east_asian_surnames: list[Word]
    """Common family names of family-first cultures, to tell the order of a name written either way."""


class StancesRules(RuleFile):
    """``stances.json``: the stance vocabulary of ANNOTATING.md."""

    phrases: list[tuple[Word, Stance]]
    """Multiword stance phrases, matched on lemmas, longest first; they win over single verbs. Words in
    ``skipped_words`` are skipped on both sides ("express gratitude" matches "expressed their gratitude").
    A phrase "<noun> be <verb>" is a passive: the verb with that noun as its passive subject
    ("Particular attention was paid to ...")."""
    verbs: dict[Word, Stance]
    """Stance verbs (lemmas) and their stance."""
    joint_override: dict[Word, Stance]
    """Verbs whose stance differs when every side holds them ("committed" jointly is agree)."""
    solo_override: dict[Word, Stance]
    """Verbs whose stance differs when one side holds them."""
    requires_object: list[Word]
    """Verbs that are stances only with an object ("raised" an issue)."""
    speech_frames: list[Word]
    """Speech verbs as written that attribute a quote to its speaker ("..., said X", "X stressed")."""
    group_subjects: list[Word]
    """Subjects that name all the principals ("the two leaders", "both sides", "they")."""
    talk_subjects: list[Word]
    """Subjects that are the talks themselves ("The conversation touched upon ...")."""
    negations: list[Word]
    """Negations of a stance verb: a negated stance is ``other`` ("did not agree")."""
    preamble: dict[Word, Stance]
    """Preamble verbs of a signed text ("RECOGNIZING") and their stance."""
    enacting: list[Word]
    """Enacting formulas that end a preamble ("have reached the following understanding")."""
    group_offices: list[Word]
    """Plural offices that, with an article or number, name all the principals ("the three ministers")."""
    skipped_words: list[Word]
    """Articles and possessives a stance phrase skips, in the rules and in the text."""
    single_pronouns: list[Word]
    """Pronouns that are the last single holder named ("he", "she")."""
    author_pronouns: list[Word]
    """First-person subjects: in a minister's own release, its author ("I")."""
    impersonal_pronouns: list[Word]
    """Subjects of a passive with no agent ("It was agreed"): all the principals."""
    group_determiners: list[Word]
    """Words before a group subject or plural office ("the", "both", "all")."""
    group_numbers: list[Word]
    """Numbers before a plural office ("the three ministers")."""
    side_nouns: list[Word]
    """Nouns of a side that is not a state the text names ("the other side"): nobody's position."""
    reciprocal_verbs: list[Word]
    """Verbs of a purpose clause after "X met Y" held by X and Y together ("to discuss")."""
    occasion_verbs: list[Word]
    """Verbs of an occasion that a purpose clause follows ("spoke with X to reaffirm ...")."""
    holding_verbs: list[Word]
    """Verbs whose stance phrase is the occasion itself unless it says what about ("held talks with X",
    but "held discussions on Y")."""
    visit_phrases: list[Word]
    """Stance phrases that are a visit when a participant follows them ("called on President X")."""
    aspect_verbs: list[Word]
    """Verbs whose complement holds the stance ("continued to exchange views")."""
    plan_auxiliaries: list[Word]
    """Auxiliaries that make an agentless passive a plan, nobody's stance ("will be discussed")."""
    topic_prepositions: list[Word]
    """Prepositions that say what talks were about ("held talks on ...", "held talks with X about ...")."""
    noun_topic_prepositions: list[Word]
    """Prepositions that say what talks were about only after the talks noun ("talks over the dispute");
    after the verb they may say when ("held talks with X over dinner")."""
    linking_adverbs: list[Word]
    """Adverbs left out where a clause ends before the next one ("..., and also welcomed ...")."""
    complementizers: list[Word]
    """Words left out where a position's content starts ("agreed that ...")."""
    attribution_cues: list[Word]
    """Phrases opening a sentence that is the named person's statement ("According to X, ...")."""

    @model_validator(mode="after")
    def _visits_are_phrases(self) -> "StancesRules":
        missing = set(self.visit_phrases) - {phrase for phrase, _ in self.phrases}
        if missing:
            raise ValueError(f"visit_phrases are not stance phrases: {sorted(missing)}")
        return self


class TemporalRules(RuleFile):
    """``temporal.json``: words of time."""

    hedges: list[Word]
    """Words that make a time or duration approximate ("approximately")."""
    number_words: dict[Word, int]
    """Number words in durations ("an hour", "forty-five minutes")."""
    relative_days: dict[Word, int]
    """Days counted from the release date ("today": 0, "yesterday": -1)."""
    inherit: list[Word]
    time_zones: list[Word]
    """Time zones as written ("local time", "Japan time")."""
    parts_of_day: dict[Word, Word]


class TitlesRules(RuleFile):
    """``titles.json``: offices that introduce a person."""

    modifiers: list[Word]
    """Words before an office ("Vice", "Deputy")."""
    cores: list[Word]
    """Offices ("Prime Minister", "President")."""
    portfolio_heads: list[Word]
    """Offices that take a portfolio ("Minister" for Foreign Affairs)."""
    suffixes: list[Word]
    """Suffixes of an office ("-elect")."""
    heads: list[Word]
    """Heads of state or government: their in-person meetings are summit meetings."""
    not_participant_titles: list[Word]
    generic_heads: list[Word]
    """Offices that name a head whose title the text gives elsewhere ("Head of State")."""
    honorifics: list[Word]
    """Honorifics before a name ("H.E.", "Dr.")."""
    honorific_suffixes: list[Word]
    """Post-nominals that are never part of a name ("MP", "KCB")."""
    national_titles: dict[Word, CountryCode]
    """Offices that only one state has ("Taoiseach")."""
    generic_heads_of: dict[Word, list[Word]]
    abbreviations: dict[Word, Word]
    """Offices written short ("PM") and what they stand for."""


class TopicsRules(RuleFile):
    """``topics.json``: short topic labels of positions."""

    topics: list[tuple[Word, Word]]
    """A phrase in a position's content (case-insensitive, whole words) and the topic it gives."""
    generic_sections: list[Word]
    """Section headings too generic to be a topic ("Overview")."""


SCHEMAS: dict[str, type[RuleFile]] = {
    "countries": CountriesRules,
    "events": EventsRules,
    "instruments": InstrumentsRules,
    "lexicon": LexiconRules,
    "names": NamesRules,
    "stances": StancesRules,
    "temporal": TemporalRules,
    "titles": TitlesRules,
    "topics": TopicsRules,
}
"""Every rule file, by its stem, and its model."""
