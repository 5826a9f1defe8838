"""Coverage from words: which sub-topics a candidate's sentences commit to.

A keyword is only evidence inside a sentence that commits to it:

- **affirmative**: no negation before it in its clause ("no", "not", "won't", "without",
  "skip", "instead of", "rather than", "no need"...; "not only", "no more than" do not negate),
  the sentence not deferred or hedged ("TBD", "n/a", "later" with a modal, "maybe", "we
  could") and not a question;
- **with substance**: a number, a reason ("because", "so that", "since", "trade-off",
  "instead of"...), or a second named thing (another rubric term, a product or an acronym),
  or a verb with something said beyond the keyword;
- **a statement, not a list**: a sentence with no verb and no reason is a fragment; a fragment
  with three or more rubric terms is a buzzword list. All the fragments of one answer box
  together earn at most one sub-topic, at half credit.
- **said once**: a sentence repeated word for word (in any box) earns nothing the second time.

Pure text analysis: no framework, no scores. `analyse(text)` reads one answer box;
`keyword_pattern` and `matching_keyword` are the rubric's matcher, shared with case points and
the framework's signals.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# --- keyword matching --------------------------------------------------------------------------

_TYPOGRAPHY = {
    **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-"),
    **dict.fromkeys(map(ord, "\u2018\u2019\u201b\u2032"), "'"),
    **dict.fromkeys(map(ord, "\u201c\u201d"), '"'),
    ord("\u2192"): "->",
}
# "$/query" also matches "$0.01/query"; "recall@k" also matches "recall@10".
_AMOUNT = r"(?:\s*\d[\d,._]*\s*[kmb]?)?"


def normalize_text(text: str) -> str:
    """Case-folded, NFKC-normalised text with typographic dashes, quotes and arrows made plain
    (so keywords match what people actually type and paste)."""
    return unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY).casefold()


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


@functools.lru_cache(maxsize=4096)
def keyword_pattern(keyword: str) -> re.Pattern[str] | None:
    """The regex a rubric keyword matches with; None for an empty keyword.

    Word boundaries only on a word side: `$/query` needs none on its left. A space in a keyword
    matches any whitespace or a hyphen; a hyphen matches a hyphen, whitespace or nothing; a
    slash may have spaces around it. A keyword ending in a letter also matches its plural.
    Placeholders: `$` may carry an amount (`$/query` matches `$0.01/query`), and a final `@k`
    may be a number (`recall@k` matches `recall@10`).
    """
    key = normalize_text(keyword).strip()
    if not key:
        return None
    parts = re.split(r"(\s+|-|/)", key)
    pattern = ""
    for part in parts:
        if not part:
            continue
        if part.isspace():
            pattern += r"(?:\s+|\s*-\s*)"
        elif part == "-":
            pattern += r"(?:\s*-\s*|\s+)?"
        elif part == "/":
            pattern += r"\s*/\s*"
        else:
            piece = re.escape(part)
            if "$" in part and not re.search(r"\$\d", part):  # "$/query", not "$100k"
                piece = piece.replace(r"\$", r"\$" + _AMOUNT)
            if piece.endswith("@k"):
                piece = piece[:-1] + r"(?:k|\d+)"
            pattern += piece
    if _word_char(key[0]):
        pattern = r"(?<!\w)" + pattern
    if _word_char(key[-1]):
        if key[-1].isalpha():
            pattern += r"(?:e?s)?"
        pattern += r"(?!\w)"
    return re.compile(pattern)


def matching_keyword(texts: Iterable[str], keywords: Iterable[str]) -> str | None:
    """The first keyword found in any of the texts (each text matched on its own), or None.
    Plain matching, no judgement: the sentence analysis below decides what counts."""
    normalized = [normalize_text(t) for t in texts if t and t.strip()]
    if not normalized:
        return None
    for keyword in keywords:
        pattern = keyword_pattern(keyword)
        if pattern is None:
            continue
        if any(pattern.search(text) for text in normalized):
            return keyword
    return None


@functools.lru_cache(maxsize=4096)
def _anchor(keyword: str) -> str:
    """The longest run of letters or digits every match of a keyword contains (its plural,
    hyphen and spacing variants too): a substring test that rules most sentences out before
    the regex runs. "" when there is none."""
    pieces = re.findall(r"[^\W_]+", normalize_text(keyword))
    return max(pieces, key=len) if pieces else ""


def find_keywords(text: str, keywords: Iterable[str]) -> list[tuple[str, int, int]]:
    """Every (keyword, start, end) match of `keywords` in normalised `text`."""
    found = []
    for keyword in keywords:
        if _anchor(keyword) not in text:
            continue
        pattern = keyword_pattern(keyword)
        if pattern is None:
            continue
        found.extend((keyword, m.start(), m.end()) for m in pattern.finditer(text))
    return found


# --- sentences ---------------------------------------------------------------------------------

_ABBREVIATIONS = re.compile(r"\b(e\.g|i\.e|vs|etc|approx|incl|cf|no)\.", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022]|\d+[.)])\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+")


def sentences(text: str) -> list[str]:
    """A box's text as sentences: blank lines and bullets start a new one, hard-wrapped lines
    are joined, and `.`, `!`, `?`, `;` end one (not inside "e.g." or "0.93")."""
    found: list[str] = []
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            joined = " ".join(paragraph)
            joined = _ABBREVIATIONS.sub(lambda m: m.group(1), joined)
            found.extend(s.strip() for s in _SENTENCE_END.split(joined) if s.strip())
            paragraph.clear()

    for line in text.replace("\r\n", "\n").split("\n"):
        if not line.strip():
            flush()
            continue
        if _BULLET.match(line):
            flush()
            line = _BULLET.sub("", line)
        paragraph.append(line.strip())
    flush()
    return found


# --- negation, deferral, reasons -----------------------------------------------------------------

_NOT_NEGATING = re.compile(
    r"\b(?:not only|not just|no more than|no less than|not more than|not less than|"
    r"no later than|no worse than|no slower than|no matter|whether or not|if not|"
    r"not exceed|never exceed|no-op)\b"
)
_NEGATION = re.compile(
    r"\b(?:no|not|never|none|nothing|neither|nor|without|skip|skips|skipped|skipping|avoid|"
    r"avoids|avoided|avoiding|instead of|rather than|no need|forgo|forgoing|"
    r"\w+n't|cannot)\b"
)
# a negation's scope ends at the end of its clause
SCOPE_END = re.compile(
    r"[:;()\[\]]|\s-\s|\s--\s|->|,\s*(?:and|but|so|or|then|while|which|because)\b|"
    r"\b(?:but|because|since|so|while|whereas|although|though|unless|except|then|which|who|"
    r"where|when|if|once|until)\b"
)
_DEFERRAL = re.compile(
    r"\b(?:tbd|tba|todo|to be (?:decided|determined|confirmed)|not sure yet|unclear yet|"
    r"not yet|maybe|perhaps|possibly|might|someday|eventually|down the road|if time permits|"
    r"(?:we|i|you) could|could (?:try|use|add|consider|look|do)|nice[- ]to[- ]have|"
    r"later on|at some point)\b|\bn/a\b|\?\?+"
)
_MODAL = re.compile(r"\b(?:will|'ll|would|'d|could|can|may|might|should|plan to|want to)\b")
_LATER = re.compile(r"\blater\b")
_REASON = re.compile(
    r"\b(?:because|since|so that|so|therefore|hence|thus|in order to|to avoid|to keep|"
    r"to stay|to cut|to save|to meet|due to|given that|trade-?offs?|instead of|rather than|"
    r"otherwise|which means|means that|at the cost of|at the expense of|unless|as long as|"
    r"only if|only when|whereas|but|although|though)\b|->|=>"
)
_NUMBER = re.compile(r"(?<![\w.\-@/])[$~≈<>]?\d[\d,._]*(?:\s*%|[kmb]\b|x\b)?")
_WORD = re.compile(r"[a-z][a-z'\-]*")

# A verb, or a subject that only comes with one: enough to tell a statement from a noun list.
_VERBS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "am",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "shall",
        "we",
        "i",
        "you",
        "it",
        "they",
        "he",
        "she",
        "them",
        "use",
        "uses",
        "using",
        "send",
        "sends",
        "sending",
        "fetch",
        "fetches",
        "fetching",
        "retrieve",
        "retrieves",
        "retrieving",
        "embed",
        "embeds",
        "validate",
        "validates",
        "escalate",
        "escalates",
        "choose",
        "chooses",
        "chose",
        "chosen",
        "build",
        "builds",
        "built",
        "train",
        "trains",
        "write",
        "writes",
        "wrote",
        "written",
        "decide",
        "decides",
        "generate",
        "generates",
        "produce",
        "produces",
        "compute",
        "computes",
        "trigger",
        "triggers",
        "replace",
        "replaces",
        "reuse",
        "reuses",
        "detect",
        "detects",
        "allow",
        "allows",
        "require",
        "requires",
        "include",
        "includes",
        "contain",
        "contains",
        "become",
        "becomes",
        "became",
        "come",
        "comes",
        "came",
        "know",
        "knows",
        "knew",
        "think",
        "thinks",
        "thought",
        "expect",
        "expects",
        "prefer",
        "prefers",
        "save",
        "saves",
        "leave",
        "leaves",
        "left",
        "say",
        "says",
        "said",
        "tell",
        "tells",
        "told",
        "fix",
        "fixes",
        "remove",
        "removes",
        "eliminate",
        "eliminates",
        "guarantee",
        "guarantees",
        "improve",
        "improves",
        "reduce",
        "reduces",
        "halve",
        "halves",
        "emit",
        "emits",
        "parse",
        "parses",
        "deploy",
        "deploys",
        "ensure",
        "ensures",
        "avoid",
        "avoids",
        "lets",
        "let",
        "means",
        "meant",
        "goes",
        "went",
        "gets",
        "got",
        "takes",
        "took",
        "keeps",
        "gives",
        "gave",
        "makes",
        "made",
        "picks",
        "adds",
        "needs",
        "runs",
        "ran",
        "sits",
        "sat",
        "stays",
        "stayed",
        "lands",
        "landed",
        "depends",
        "wins",
        "helps",
        "works",
        "covers",
        "handles",
        "catches",
        "reaches",
        "fits",
        "costs",
        "found",
        "rose",
        "fell",
        "grew",
        "saw",
        "brought",
        "sold",
        "paid",
        "began",
        "begun",
        "felt",
        "heard",
        "lost",
        "met",
        "sent",
        "spent",
        "won",
    ]
)
# Words that are verbs or nouns ("cost", "return", "check"): verbs when an object follows.
_AMBIGUOUS = frozenset(
    [
        "cost",
        "return",
        "answer",
        "score",
        "rate",
        "limit",
        "cap",
        "sample",
        "index",
        "log",
        "alert",
        "flag",
        "tag",
        "queue",
        "batch",
        "shard",
        "plan",
        "work",
        "help",
        "review",
        "stream",
        "cache",
        "filter",
        "block",
        "check",
        "track",
        "chunk",
        "call",
        "store",
        "route",
        "scale",
        "split",
        "load",
        "watch",
        "mark",
        "hold",
        "drop",
        "swap",
        "fit",
        "fall",
        "sign",
        "test",
        "release",
        "launch",
        "ship",
        "run",
        "handle",
        "take",
        "keep",
        "show",
        "need",
        "go",
        "get",
        "make",
        "give",
        "pick",
        "add",
        "measure",
        "compare",
        "rerank",
        "mask",
        "scrub",
        "serve",
        "hand",
        "roll",
        "ramp",
        "start",
        "reach",
        "push",
        "pass",
        "fail",
        "apply",
        "ask",
        "rate",
        "read",
        "search",
        "rank",
        "match",
        "group",
        "label",
        "convert",
        "translate",
        "summarise",
        "summarize",
        "classify",
        "combine",
        "merge",
        "fuse",
        "cut",
        "trim",
        "warm",
        "pin",
    ]
)
_DETERMINERS = frozenset(
    [
        "the",
        "a",
        "an",
        "our",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "each",
        "every",
        "any",
        "no",
        "one",
        "per",
        "your",
        "my",
        "his",
        "her",
    ]
)
_OBJECTS = frozenset(
    [
        "the",
        "a",
        "an",
        "them",
        "it",
        "each",
        "every",
        "all",
        "our",
        "their",
        "its",
        "this",
        "that",
        "these",
        "those",
        "to",
        "into",
        "up",
        "out",
        "back",
        "down",
        "off",
        "away",
        "over",
        "what",
        "which",
        "who",
        "how",
        "us",
        "me",
        "him",
        "her",
    ]
)
_NOT_PARTICIPLES = frozenset(
    ["need", "speed", "feed", "seed", "embed", "red", "bed", "shed", "weed", "bleed", "breed"]
)
# after a participle, what makes it a verb ("served by TGI", "cached for an hour"), not an
# adjective ("disaggregated prefill", "fine-tuned model")
_AFTER_PARTICIPLE = _OBJECTS | frozenset(
    [
        "by",
        "in",
        "on",
        "at",
        "with",
        "from",
        "for",
        "as",
        "per",
        "via",
        "through",
        "against",
        "inside",
        "behind",
        "before",
        "after",
    ]
)


def has_verb(text: str) -> bool:
    """Does normalised `text` read as a clause: an auxiliary or pronoun subject, a verb, a verb
    in its -ed form, or a word that can be a verb followed by its object ("chunk the articles",
    not "the return policy" or "cost budget")?"""
    words = _WORD.findall(text)
    first = _WORD.findall(text.split(",")[0])
    if len(first) >= 3 and (first[0] in _AMBIGUOUS or first[0].rstrip("s") in _AMBIGUOUS):
        return True  # an instruction: "split articles on their headings ..."
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        if before in _DETERMINERS:
            continue
        if word in _VERBS:
            return True
        base = word[:-1] if word.endswith("s") and word[:-1] in _AMBIGUOUS else word
        if base in _AMBIGUOUS and after in _OBJECTS:
            return True
        if (
            word.endswith("ed")
            and len(word) > 4
            and word not in _NOT_PARTICIPLES
            and after in _AFTER_PARTICIPLE
        ):
            return True
    return False


_STOPWORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "with",
        "by",
        "at",
        "from",
        "into",
        "over",
        "under",
        "about",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "we",
        "our",
        "you",
        "your",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "them",
        "then",
        "than",
        "so",
        "such",
        "very",
        "really",
        "just",
        "also",
        "only",
        "all",
        "any",
        "each",
        "every",
        "some",
        "more",
        "most",
        "much",
        "many",
        "few",
        "other",
        "good",
        "great",
        "best",
        "better",
        "fine",
        "nice",
        "big",
        "small",
        "new",
        "old",
        "way",
        "thing",
        "things",
        "lot",
        "lots",
        "well",
    ]
)


def negated_spans(text: str) -> list[tuple[int, int, int]]:
    """(cue start, cue end, scope end) for each negation cue of normalised `text`."""
    harmless = [(m.start(), m.end()) for m in _NOT_NEGATING.finditer(text)]
    spans = []
    for cue in _NEGATION.finditer(text):
        if any(s <= cue.start() < e for s, e in harmless):
            continue
        end = SCOPE_END.search(text, cue.end())
        spans.append((cue.start(), cue.end(), end.start() if end else len(text)))
    return spans


def is_negated(spans: Sequence[tuple[int, int, int]], start: int, end: int) -> bool:
    """Is a keyword at [start, end) inside a negation's scope? A cue inside the keyword itself
    ("skip the llm", "data can't leave", "i don't know") does not negate it."""
    return any(
        cue_end <= start < scope_end and not (start <= cue_start < end)
        for cue_start, cue_end, scope_end in spans
    )


def is_deferred(text: str) -> bool:
    """A sentence that puts the decision off or hedges it: TBD, n/a, maybe, we could, later
    (with a modal, or opening the sentence)."""
    if _DEFERRAL.search(text):
        return True
    later = _LATER.search(text)
    return bool(later and (later.start() < 3 or _MODAL.search(text)))


def is_placeholder(text: str) -> bool:
    """An answer that says nothing: empty, '-', 'TBD', 'n/a', 'none', '?'."""
    core = re.sub(r"[\s.!?,:;\-_*/]+", " ", normalize_text(text)).strip()
    return core in {"", "tbd", "tba", "n a", "na", "none", "nothing", "todo", "unknown", "idk"} or (
        len(core) <= 12 and bool(_DEFERRAL.fullmatch(core))
    )


LIST_ITEM_WORDS = 3  # an item of a list is a term or two, not a clause
_ITEM_SPLIT = re.compile(r"[,;+/]|\band\b|\bor\b|\bplus\b")
_PROPER = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-zA-Z]+\b")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,}[a-z]?\b|\b[A-Za-z]+-?\d[\w.\-]*\b")


def _distinct(names: set[str]) -> set[str]:
    """Names, without those inside a longer one ("gpt" inside "gpt-4o")."""
    return {n for n in names if not any(n != m and n in m for m in names)}


def named_things(raw: str) -> set[str]:
    """Products, components and acronyms a sentence names: capitalised words past its start,
    acronyms (EHR, H100), and names with digits (gpt-4o, llama-3.1)."""
    names = {m.group(0).lower() for m in _ACRONYM.finditer(raw)}
    names |= {m.group(0).lower() for m in _PROPER.finditer(raw.strip()) if m.group(0) != "I"}
    return names


# --- one sentence, one box ----------------------------------------------------------------------


@dataclass
class Sentence:
    """One sentence of an answer, judged: what it mentions and whether it commits."""

    raw: str
    text: str  # normalised
    mentions: dict[str, list[str]] = field(default_factory=dict)  # sub-topic -> keywords said
    negated: set[str] = field(default_factory=set)  # sub-topics only mentioned negated
    statement: bool = False  # a clause (verb or reason), not a fragment or a list
    substance: bool = False
    deferred: bool = False
    question: bool = False
    repeat: bool = False
    rubric_terms: int = 0
    spans: list[tuple[int, int, int]] = field(default_factory=list)  # negation scopes

    def says(self, keywords: Iterable[str]) -> str | None:
        """The first of `keywords` this sentence says affirmatively (not inside a negation),
        or None. Whether the sentence commits is the caller's question."""
        for keyword, start, end in find_keywords(self.text, keywords):
            if not is_negated(self.spans, start, end):
                return keyword
        return None

    @property
    def refuses(self) -> bool:
        """Names rubric terms only to decline them ("no eval set", "we won't cache")."""
        return bool(self.negated) and not self.mentions

    @property
    def commits(self) -> bool:
        """Affirmative, not put off, not a question, said for the first time."""
        return not (self.deferred or self.question or self.repeat)

    number: bool = False  # states a figure of its own
    items: int = 0  # comma-separated items, when it reads as a list
    jargon_items: int = 0  # items that name a rubric term, a product or an acronym
    list_shaped: bool = False  # five or more short items, whatever verb or reason hides in one

    @property
    def buzzword_list(self) -> bool:
        """A run of terms: five or more short items, at least half of them jargon (rubric
        terms, products, acronyms); or, with no figure of its own and no verb or reason, three
        or more items half jargon, or three rubric terms run together. "Recall@k and ROUGE on
        the 300 tickets" is a note, not a list; "the ~400 help-centre articles, the policy
        pages, ..." names sources, not jargon."""
        jargon = 2 * self.jargon_items >= self.items
        if self.list_shaped:
            return jargon
        if self.statement or self.number:
            return False
        return (self.items >= 3 and jargon) or self.rubric_terms >= 3


@dataclass
class Box:
    """One answer box (a question's free text, or a step's notes), judged sentence by sentence."""

    sentences: list[Sentence]

    @property
    def placeholder(self) -> bool:
        return not any(s.text.strip() for s in self.sentences) or all(
            is_placeholder(s.raw) for s in self.sentences
        )

    def statements(self) -> list[Sentence]:
        """Sentences that commit, with substance, and are not buzzword lists (terse notes such
        as "RAG over the help centre, 5 passages" count): each covers what it mentions."""
        return [s for s in self.sentences if s.commits and s.substance and not s.buzzword_list]

    def fragments(self) -> list[Sentence]:
        """Committing sentences without substance, and buzzword lists."""
        return [s for s in self.sentences if s.commits and (s.buzzword_list or not s.substance)]

    @property
    def substantive(self) -> bool:
        """Does the box say something of its own, with substance (a number, a reason, a named
        thing), that is not a buzzword list? What an answer to a question needs."""
        for s in self.sentences:
            if not s.commits or s.buzzword_list or s.refuses or is_placeholder(s.raw):
                continue
            if s.substance:
                return True
        return False

    @property
    def refusal(self) -> bool:
        """The box declines what it names and affirms nothing: "No eval set. We won't collect
        ground truth." A refusal is a decision, not coverage."""
        return any(s.refuses for s in self.sentences) and not any(
            s.mentions for s in self.sentences if s.commits
        )

    @property
    def only_lists(self) -> bool:
        committing = [s for s in self.sentences if s.commits and not is_placeholder(s.raw)]
        return bool(committing) and all(s.buzzword_list for s in committing)


def analyse(
    text: str,
    vocabulary: dict[str, Sequence[str]],
    seen: set[str] | None = None,
) -> Box:
    """Judge one box of free text against `vocabulary` (sub-topic id -> keywords). `seen`
    holds the sentences already said (normalised); this box's sentences are added to it."""
    judged = []
    for raw in sentences(text):
        norm = normalize_text(raw)
        key = re.sub(r"\s+", " ", norm).strip(" .;")
        sentence = Sentence(raw=raw, text=norm)
        if seen is not None:
            sentence.repeat = bool(key) and key in seen and len(key) > 12
            seen.add(key)
        sentence.question = norm.rstrip().endswith("?")
        sentence.deferred = is_deferred(norm) or is_placeholder(raw)
        spans = negated_spans(norm)
        sentence.spans = spans
        terms: set[str] = set()
        for sub_id, keywords in vocabulary.items():
            for keyword, start, end in find_keywords(norm, keywords):
                terms.add(norm[start:end])
                if is_negated(spans, start, end):
                    sentence.negated.add(sub_id)
                    continue
                sentence.mentions.setdefault(sub_id, [])
                if keyword not in sentence.mentions[sub_id]:
                    sentence.mentions[sub_id].append(keyword)
        for sub_id in sentence.mentions:
            sentence.negated.discard(sub_id)
        sentence.rubric_terms = len(terms)
        stripped = re.sub(r"\([^)]*\)", " ", norm)  # an aside does not make a list a clause
        reason = bool(_REASON.search(stripped))
        named = _distinct(named_things(raw) | terms)
        items = [i for i in _ITEM_SPLIT.split(stripped) if i.strip(" .")]
        sentence.items = len(items)
        sentence.jargon_items = sum(1 for item in items if any(n in item for n in named))
        short = sum(1 for item in items if len(_WORD.findall(item)) <= LIST_ITEM_WORDS)
        # five or more short items read as a list, whatever verb or reason hides in one
        # ("tool use", "speculative decoding so the 70B hits 200 ms")
        sentence.list_shaped = len(items) >= 5 and short >= 0.7 * len(items)
        sentence.statement = not sentence.list_shaped and (reason or has_verb(stripped))
        number = bool(_NUMBER.search(norm))
        sentence.number = number
        said = " ".join(terms)
        content = [
            w
            for w in _WORD.findall(stripped)
            if len(w) > 2 and w not in _STOPWORDS and w not in _VERBS and w not in said
        ]
        sentence.substance = (
            number or reason or len(named) >= 2 or (sentence.statement and len(content) >= 4)
        )
        judged.append(sentence)
    return Box(judged)


# --- numbers said in words ------------------------------------------------------------------------

_COUNT_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a single": 1}
_CALLS = re.compile(
    r"\b(\d+|one|two|three|four|five|six|a single)\s+"
    r"(?:(?:sequential|separate|chained|consecutive|focused|serial|successive|hosted-model|llm|"
    r"model|api|prompt|round)\s+){0,3}"
    r"(?:llm calls?|model calls?|api calls?|calls?|prompts|round trips?|round-trips?|passes)\b"
)
_CALL_TIMES = re.compile(
    r"\bcall(?:s|ed|ing)?\b[^.;]{0,40}?\b(two|three|four|five|six|\d+) times\b"
)
_CALL_CHAIN = re.compile(r"\bcall\s*(\d)\b")
_STAGE = re.compile(
    r"\b(?:asr|stt|speech[- ]to[- ]text|transcri\w*|tts|text[- ]to[- ]speech|speech synthesis|"
    r"synthesi[sz]\w*|end-?pointing|voice activity|vad|tool calls?|ocr)\b"
)
_MS = re.compile(r"(\d[\d,]*)(?:\s*-\s*\d[\d,]*)?\s*ms\b")


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _COUNT_WORDS.get(word, 0)


def llm_calls_said(texts: Iterable[str]) -> int | None:
    """The most sequential model calls per request a candidate describes ("three calls",
    "call 1 -> call 2 -> call 3", "call it three times a turn"), from affirmative sentences;
    None when they say nothing about it."""
    most: int | None = None
    for text in texts:
        for raw in sentences(text):
            norm = normalize_text(raw)
            if is_deferred(norm) or norm.rstrip().endswith("?"):
                continue
            spans = negated_spans(norm)
            counts = [
                _count(m.group(1))
                for m in _CALLS.finditer(norm)
                if not is_negated(spans, m.start(), m.end())
            ]
            counts += [_count(m.group(1)) for m in _CALL_TIMES.finditer(norm)]
            chain = [int(n) for n in _CALL_CHAIN.findall(norm)]
            if len(chain) >= 2:
                counts.append(max(chain))
            counts = [c for c in counts if 1 <= c <= 20]
            if counts:
                most = max(counts + ([most] if most else []))
    return most


def pipeline_ms_said(texts: Iterable[str]) -> float | None:
    """Fixed stages on the request path a candidate times themselves ("transcription ~150 ms,
    speech synthesis ~100 ms"): the sum of the low ends, each stage once; None when none."""
    stages: dict[str, float] = {}
    for text in texts:
        for raw in sentences(text):
            norm = normalize_text(raw)
            if is_deferred(norm):
                continue
            for part in re.split(r",|\band\b|\(", norm):
                stage = _STAGE.search(part)
                timed = _MS.search(part)
                if stage and timed:
                    name = stage.group(0)[:4]
                    stages.setdefault(name, float(timed.group(1).replace(",", "")))
    return sum(stages.values()) if stages else None


_DTYPES = (
    ("int4", r"\b(?:int4|4-?bit|awq|gptq|q4)\b"),
    ("int8", r"\b(?:int8|8-?bit)\b"),
    ("fp8", r"\bfp8\b"),
    ("fp16", r"\bfp16\b"),
    ("bf16", r"\bbf16\b|\b16-?bit\b"),
)


def dtype_said(texts: Iterable[str]) -> str | None:
    """The weight precision a candidate states for the model (FP8, int4/AWQ, bf16...), from
    affirmative sentences; the first one said wins. None when none is said."""
    for text in texts:
        for raw in sentences(text):
            norm = normalize_text(raw)
            if is_deferred(norm):
                continue
            spans = negated_spans(norm)
            for dtype, pattern in _DTYPES:
                match = re.search(pattern, norm)
                if match and not is_negated(spans, match.start(), match.end()):
                    return dtype
    return None
