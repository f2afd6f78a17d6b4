"""The States parties (UN Member States and non-member States parties): codes, names in the six
UN languages, and finding the States a text names.

Names come from CLDR (through Babel) and pycountry; index/domain/data/states.toml adds which States
there are, the UN's own forms where CLDR differs, running-text forms, short forms and English
demonyms. Matching folds case, accents and apostrophes, reads Russian case endings and Arabic
proclitics, and prefers the longest name at the leftmost place ("Guinea-Bissau" over "Guinea").
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
_TOKEN = re.compile(r"[^\W\d_\u3400-\u9fff\uf900-\ufaff]+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_APOSTROPHES = dict.fromkeys(map(ord, "’‘ʼ`´"), "'")
_ARABIC = {ord("ـ"): "", ord("ى"): "ي", ord("ة"): "ه"}
# Russian case endings: trailing vowels (as folded: й reads и), then one of these.
_VOWELS = "аеиоуыэюяь"
_ENDINGS = tuple("ом ем ам ям ах ях ов ев ых их ым им ми ог ег".split())
_MIN_STEM = 4
_PROCLITICS = ("و", "ف", "ب", "ل", "ك")
_CAPITALISED = re.compile(r"\b[A-Z][a-zà-ÿ]{3,}\b")


@dataclass(frozen=True)
class State:
    """A State party: ISO 3166-1 alpha-3 `code`, its name by language (the UN's short form),
    other names by language, English demonyms, and whether it is a UN Member State."""

    code: str
    alpha2: str
    names: dict[str, str]
    variants: dict[str, tuple[str, ...]]
    demonyms: tuple[str, ...] = ()
    member: bool = True

    def name(self, language: str = "en") -> str:
        """The name in `language` (English for a language other than the six)."""
        return self.names.get(language) or self.names["en"]

    def to_dict(self) -> dict:
        return {
            "code": self.code,
            "alpha2": self.alpha2,
            "names": dict(self.names),
            "variants": {language: list(names) for language, names in self.variants.items()},
            "demonyms": list(self.demonyms),
            "member": self.member,
        }


@dataclass(frozen=True)
class Mention:
    """Where a text names a State: `text[start:end]` names `code`."""

    code: str
    start: int
    end: int


# Loading


@cache
def _overlay() -> dict:
    text = resources.files("index.domain").joinpath("data/states.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def states() -> dict[str, State]:
    """Every State party by ISO3 code, in code order (built once)."""
    import babel  # here, not at import: only the first call pays for CLDR
    import pycountry

    overlay = _overlay()
    cldr = {language: babel.Locale.parse(language).territories for language in LANGUAGES}
    members = set(overlay["members"])
    built = {}
    for code in sorted(members | set(overlay["non_members"])):
        country = pycountry.countries.get(alpha_3=code)
        extra = overlay["states"].get(code, {})
        built[code] = _state(code, country, cldr, extra, code in members)
    return built


def _state(code: str, country, cldr: dict, extra: dict, member: bool) -> State:
    """One State from CLDR's names, pycountry's English names and the overlay's entries."""
    names, variants = {}, {}
    for language in LANGUAGES:
        own = cldr[language].get(country.alpha_2)
        names[language] = extra.get("names", {}).get(language) or own
        others = [own, *extra.get("variants", {}).get(language, ())]
        if language == "en":  # pycountry: "Plurinational State of Bolivia"; not "Korea, ..."
            for attribute in ("name", "official_name", "common_name"):
                others.append(getattr(country, attribute, None))
        variants[language] = tuple(
            dict.fromkeys(v for v in others if v and "," not in v and v != names[language])
        )
    return State(code, country.alpha_2, names, variants, tuple(extra.get("demonyms", ())), member)


# Looking up


def get_state(code: str) -> State | None:
    """The State with this ISO3 code ("aze" works too), or None."""
    return states().get(code.strip().upper()) if code else None


def is_state(code: str) -> bool:
    """True for the ISO3 code (upper case) of a State party: "AZE", "COK"; False for "XXX"."""
    return code in states()


def state_codes() -> tuple[str, ...]:
    """The ISO3 codes of every State party, sorted."""
    return tuple(states())


def state_name(code: str, language: str = "en") -> str | None:
    """The State's name in `language` ("AZE", "fr" -> "Azerbaïdjan"), or None if unknown."""
    found = get_state(code)
    return found.name(language) if found else None


def code_of_name(name: str) -> str | None:
    """The ISO3 code of the State whose name (in any language, any listed form) is exactly
    `name`, case and accents aside; None otherwise ("Bolivia" -> "BOL", "the Bolivians" -> None)."""
    words, cjk = _index(None)
    keys = _keys_of(name)
    if not keys:
        return None
    return cjk.get(keys[0]) if isinstance(keys[0], str) else words.get(keys[0])


def find_state(text: str, language: str | None = None) -> str | None:
    """The ISO3 code of the first State `text` names, or None; with `language`, only names in
    that language and in English count."""
    mentions = find_states(text, language)
    return mentions[0].code if mentions else None


def find_states(text: str, language: str | None = None) -> tuple[Mention, ...]:
    """Every State `text` names, in order: the longest name at each place wins, a common word
    in lower case ("turkey", "chile") is not a State, "UK" counts only as written."""
    folded, origin = _fold_mapped(text)
    words, cjk = _index(language)
    mentions = [*_word_mentions(text, folded, origin, words), *_cjk_mentions(folded, origin, cjk)]
    return tuple(sorted(mentions, key=lambda mention: mention.start))


def find_demonym(text: str) -> str | None:
    """The ISO3 code of a State a text names by its English adjective: "Azerbaijani",
    "Armenian", "British"; words are capitalised, as English writes them."""
    demonyms = _demonyms()
    names = _index("en")[0]
    for word in _CAPITALISED.findall(text):
        if word in demonyms:
            return demonyms[word]
        for stem in (word[:-1], word[:-2], word[:-3], word[:-2] + "o", word[:-3] + "y"):
            code = names.get((_fold(stem),))
            if code:
                return code
    return None


# Matching


def _fold(text: str) -> str:
    """Lower case without accents, Arabic vowel marks or tatweel; ASCII apostrophes."""
    return _fold_mapped(text)[0]


def _fold_mapped(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original one."""
    folded, origin = [], []
    for index, char in enumerate(text.translate(_APOSTROPHES)):
        for piece in unicodedata.normalize("NFKD", char):
            if unicodedata.category(piece) == "Mn":
                continue
            for out in piece.casefold().translate(_ARABIC):
                folded.append(out)
                origin.append(index)
    origin.append(len(text))
    return "".join(folded), origin


def _stem(token: str) -> str:
    """A Russian word without its case ending ("Франции", "Франция" -> "франц"); other words as
    they are. Stems shorter than four letters stay whole words ("мали" is not "малой")."""
    if not _CYRILLIC.match(token):
        return token
    stem = token.rstrip(_VOWELS)
    if stem.endswith(_ENDINGS):
        stem = stem[:-2].rstrip(_VOWELS)
    return stem if len(stem) >= _MIN_STEM else token


@cache
def _index(language: str | None) -> tuple[dict[tuple, str], dict[str, str]]:
    """(word keys -> code, Chinese name -> code) over the names of `language` and English, or of
    all six languages. Word keys are the words as folded and, apart, their Russian stems (so
    "Нигерии" may be Nigeria's while "Нигер" stays Niger's); a key two States share is left out."""
    languages = LANGUAGES if language is None else (language, "en")
    seen: dict[object, set[str]] = {}
    for state in states().values():
        for lang in languages:
            for name in (state.names.get(lang), *state.variants.get(lang, ())):
                if name:
                    for key in _keys_of(name):
                        seen.setdefault(key, set()).add(state.code)
    words, cjk = {}, {}
    for key, codes in seen.items():
        if len(codes) == 1 and key:
            target = cjk if isinstance(key, str) else words
            target[key] = next(iter(codes))
    return words, cjk


def _keys_of(name: str) -> tuple:
    """A name's keys: the name itself for a Chinese name, else its words as folded and, marked
    with a leading None, their stems."""
    folded = _fold(name)
    if _CJK.fullmatch(folded):
        return (folded,)
    words = tuple(_TOKEN.findall(folded))
    return (words, (None, *map(_stem, words))) if words else ()


@cache
def _longest() -> int:
    return max(len(key) for key in _index(None)[0])  # a stem key's None makes it one longer


@cache
def _exact() -> dict[str, str]:
    """Short forms that count only as written: "UK" -> "GBR"."""
    entries = _overlay()["states"].items()
    return {form: code for code, entry in entries for form in entry.get("exact", ())}


@cache
def _common_words() -> frozenset[str]:
    return frozenset(_fold(word) for word in _overlay()["common_words"])


@cache
def _demonyms() -> dict[str, str]:
    return {word: state.code for state in states().values() for word in state.demonyms}


def _word_mentions(text: str, folded: str, origin: list[int], words: dict) -> list[Mention]:
    """Mentions by words (Latin, Cyrillic, Arabic scripts), leftmost-longest."""
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    keys = [folded[start:end] for start, end in tokens]
    mentions, i = [], 0
    while i < len(tokens):
        found = _match_at(text, origin, tokens, keys, i, words)
        if found is None:
            i += 1
            continue
        code, n = found
        mentions.append(Mention(code, origin[tokens[i][0]], origin[tokens[i + n - 1][1]]))
        i += n
    return mentions


def _match_at(text, origin, tokens, keys, i, words) -> tuple[str, int] | None:
    """(code, number of words) of the longest name starting at word `i`, or None."""
    original = text[origin[tokens[i][0]] : origin[tokens[i][1]]]
    if original in _exact():
        return _exact()[original], 1
    for n in range(min(_longest(), len(keys) - i), 0, -1):
        rest = keys[i + 1 : i + n]
        for first in _proclitic_forms(keys[i]):
            code = words.get((first, *rest)) or words.get((None, _stem(first), *map(_stem, rest)))
            if code and not (n == 1 and _is_common_word(original)):
                return code, n
    return None


def _proclitic_forms(token: str) -> tuple[str, ...]:
    """An Arabic word as written and without a leading "and", "to", "in"...: "لفرنسا" -> "فرنسا",
    "للمملكة" -> "المملكة"; other words as they are."""
    if not token or token[0] not in _PROCLITICS or len(token) < 4:
        return (token,)
    forms = [token, token[1:]]
    if token.startswith("لل"):
        forms.append("ال" + token[2:])
    if token[1] in _PROCLITICS[2:] and len(token) > 4:
        forms.append(token[2:])  # "وب...", "ول..."
        if token[1:3] == "لل":
            forms.append("ال" + token[3:])
    return tuple(forms)


def _is_common_word(original: str) -> bool:
    """A lower-case common word ("turkey", "того"), or an Arabic one, which has no case."""
    uncased = original.lower() == original.upper()
    return _fold(original) in _common_words() and (original.islower() or uncased)


def _cjk_mentions(folded: str, origin: list[int], cjk: dict[str, str]) -> list[Mention]:
    """Mentions in Chinese runs, leftmost-longest."""
    if not cjk:
        return []
    longest = max(map(len, cjk))
    mentions = []
    for run in _CJK.finditer(folded):
        i = run.start()
        while i < run.end():
            for n in range(min(longest, run.end() - i), 1, -1):
                code = cjk.get(folded[i : i + n])
                if code:
                    mentions.append(Mention(code, origin[i], origin[i + n]))
                    i += n
                    break
            else:
                i += 1
    return mentions
