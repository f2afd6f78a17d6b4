"""Tests for index.domain.states: the one table of States parties and finding States in text."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

import pytest

from index.domain.states import (
    LANGUAGES,
    code_of_name,
    find_demonym,
    find_state,
    find_states,
    get_state,
    is_state,
    state_codes,
    state_name,
    states,
)


def test_the_states_are_the_member_states_and_four_non_members():
    table = states()
    assert len(table) == 197
    assert sum(state.member for state in table.values()) == 193
    assert {code for code, state in table.items() if not state.member} == {
        "VAT",
        "PSE",
        "COK",
        "NIU",
    }
    assert state_codes() == tuple(sorted(table))
    assert not any(is_state(code) for code in ("XXX", "TWN", "ATA", "GRL", "aze"))


def test_loaded_once():
    assert states() is states()
    assert get_state("bol") is get_state("BOL")
    assert get_state("BOL").alpha2 == "BO"
    assert get_state("XXX") is None and get_state("") is None


@pytest.mark.parametrize(
    ("code", "language", "name"),
    [
        # the UN's own short forms, where CLDR has another
        ("BOL", "en", "Bolivia (Plurinational State of)"),
        ("BOL", "fr", "Bolivie (État plurinational de)"),
        ("VEN", "es", "Venezuela (República Bolivariana de)"),
        ("IRN", "ru", "Иран (Исламская Республика)"),
        ("KOR", "fr", "République de Corée"),
        ("PRK", "zh", "朝鲜民主主义人民共和国"),
        ("RUS", "ar", "الاتحاد الروسي"),
        ("TUR", "en", "Türkiye"),
        ("TUR", "es", "Türkiye"),
        ("GBR", "en", "United Kingdom of Great Britain and Northern Ireland"),
        ("TZA", "fr", "République-Unie de Tanzanie"),
        ("LAO", "es", "República Democrática Popular Lao"),
        ("CIV", "fr", "Côte d'Ivoire"),
        ("CPV", "fr", "Cabo Verde"),
        ("VNM", "en", "Viet Nam"),
        ("VAT", "fr", "Saint-Siège"),
        ("PSE", "es", "Estado de Palestina"),
        ("NIU", "fr", "Nioué"),
        ("COK", "ru", "Острова Кука"),
        # the names the index stores did not change
        ("NLD", "en", "Netherlands"),
        ("CZE", "en", "Czechia"),
        ("AZE", "zh", "阿塞拜疆"),
        # CLDR where it agrees with the UN
        ("AZE", "fr", "Azerbaïdjan"),
        ("AND", "fr", "Andorre"),
        ("ARE", "fr", "Émirats arabes unis"),
    ],
)
def test_un_forms(code, language, name):
    assert state_name(code, language) == name


def test_state_name_of_unknown_code_and_language():
    assert state_name("XXX") is None
    assert state_name("AZE", "de") == "Azerbaijan"


@pytest.mark.parametrize("language", LANGUAGES)
def test_round_trip_code_name_code(language):
    """Every State's name in every language is its own and leads back to it."""
    table = states()
    names = Counter(state.name(language) for state in table.values())
    assert [name for name, count in names.items() if count > 1] == []
    for code, state in table.items():
        name = state.name(language)
        assert code_of_name(name) == code, name
        if name != "مالي":  # also "financial": found only in a longer form (below)
            assert find_state(name) == code, name
            assert find_state(f"… {name} …", language) == code, name


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # six languages, with the articles and prepositions of running text
        ("Quand l'Andorre a-t-elle ratifié la Convention ?", "AND"),
        ("le rapport d'Andorre", "AND"),
        ("les Émirats arabes unis", "ARE"),
        ("la République de Corée", "KOR"),
        ("du Canada", "CAN"),
        ("de la France", "FRA"),
        ("el Perú", "PER"),
        ("la República Bolivariana de Venezuela", "VEN"),
        ("доклады Российской Федерации", "RUS"),
        ("Комитет рассмотрел доклады Словакии", "SVK"),
        ("Соединенного Королевства Великобритании и Северной Ирландии", "GBR"),
        ("التقرير الدوري لبولندا", "POL"),
        ("ردود جمهورية فنزويلا البوليفارية", "VEN"),
        ("تقرير جمهورية مالي", "MLI"),
        ("阿塞拜疆是否仍在拘留移民儿童？", "AZE"),
        ("对刚果民主共和国的结论性意见", "COD"),
        # non-members
        ("Cook Islands", "COK"),
        ("les Îles Cook", "COK"),
        ("Niue", "NIU"),
        ("Holy See", "VAT"),
        ("el Estado de Palestina", "PSE"),
        ("دولة فلسطين", "PSE"),
        ("库克群岛", "COK"),
        # short and official forms
        ("Bolivia", "BOL"),
        ("Plurinational State of Bolivia", "BOL"),
        ("Iran", "IRN"),
        ("Islamic Republic of Iran", "IRN"),
        ("Venezuela", "VEN"),
        ("Syria", "SYR"),
        ("Russia", "RUS"),
        ("the UK", "GBR"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Kingdom of the Netherlands", "NLD"),
        ("Cote d'Ivoire", "CIV"),
        ("Côte d’Ivoire", "CIV"),
        # the longest name wins
        ("concluding observations on Guinea-Bissau", "GNB"),
        ("Papua New Guinea", "PNG"),
        ("the Democratic Republic of the Congo", "COD"),
        ("the report of the Niger", "NER"),
        ("the report of Nigeria", "NGA"),
        ("Нигер", "NER"),
        ("Нигерия", "NGA"),
    ],
)
def test_find_state(text, code):
    assert find_state(text) == code


@pytest.mark.parametrize(
    "text",
    [
        "Korea",  # two States
        "uk",
        "we ate turkey",
        "chad",
        "jordan",
        "georgia on my mind",
        "guinea pigs",
        "chile peppers",
        "того же года",  # Russian "of that", not Togo
        "دعم مالي",  # Arabic "financial support", not Mali
        "Chinese",
        "The Committee considered the report",
        "",
    ],
)
def test_no_state(text):
    assert find_state(text) is None


def test_common_words_count_when_capitalised():
    assert find_state("Chad and Jordan") == "TCD"
    assert find_state("Того") == "TGO"


def test_language_restricts_the_names():
    assert find_state("Chili", "fr") == "CHL"
    assert find_state("Chili", "en") is None
    assert find_state("Chile", "fr") == "CHL"  # English names count in every language


def test_mentions_point_into_the_text():
    text = "Rapports de l’Andorre, du Pérou et de la Fédération de Russie; 阿塞拜疆。"
    mentions = find_states(text)
    assert [mention.code for mention in mentions] == ["AND", "PER", "RUS", "AZE"]
    assert [text[m.start : m.end] for m in mentions] == [
        "Andorre",
        "Pérou",
        "Fédération de Russie",
        "阿塞拜疆",
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("What about Azerbaijani migrant workers abroad?", "AZE"),
        ("Armenian workers", "ARM"),
        ("Andorran law", "AND"),
        ("British prisons", "GBR"),
        ("Peruvian courts", "PER"),
        ("the Swiss report", "CHE"),
        ("answer in French", None),  # a language, not a State
        ("azerbaijani", None),
    ],
)
def test_find_demonym(text, code):
    assert find_demonym(text) == code


def test_code_of_name_is_exact():
    assert code_of_name("Azerbaïdjan") == "AZE"
    assert code_of_name("azerbaijan") == "AZE"
    assert code_of_name("Azerbaijan's report") is None
    assert code_of_name("") is None


def test_first_use_is_fast():
    """Loading CLDR and building the matcher once stays well under a second."""
    script = (
        "import time; t = time.perf_counter(); from index.domain.states import find_state; "
        "find_state('Andorre'); print(time.perf_counter() - t)"
    )
    seconds = float(subprocess.check_output([sys.executable, "-c", script], text=True))
    assert seconds < 1.0
