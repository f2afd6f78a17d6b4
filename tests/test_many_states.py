"""Engine over several States and committees (part of bench/dev/corpus): a named State or
committee restricts the answer, one not indexed is said so, document questions are answered
from the header."""

import pytest

from index.domain.model import Filters
from tests.conftest import dev_subset_engine


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    return dev_subset_engine(tmp_path_factory, "many-states")


def test_named_state_restricts_the_answer_and_leads_it(engine):
    # pretrial detention is a topic of Kenya's document only: asked of Andorra, never Kenya's
    answer = engine.ask("Quelles recommandations le Comité a-t-il faites à l'Andorre ?")
    states = {hit.chunk.state_party for hit in answer.hits}
    assert states == {"Andorra"}
    if answer.found:
        assert answer.answer.startswith("Andorre : ")
        assert all(c.symbol == "CRPD/C/AND/CO/1" for c in answer.citations)


def test_topic_of_another_state_is_not_answered_from_it(engine):
    answer = engine.ask("What did the Committee recommend to Mongolia about pretrial detention?")
    assert all(hit.chunk.state_party == "Mongolia" for hit in answer.hits)
    assert all(c.symbol == "E/C.12/MNG/CO/5" for c in answer.citations)


def test_state_not_indexed_is_said_so_with_those_indexed(engine):
    answer = engine.ask("Qu'a recommandé le Comité à la France au sujet de la détention ?")
    assert not answer.found and not answer.citations and not answer.hits
    assert answer.answer == (
        "France ne figure pas dans les documents indexés ; documents indexés : "
        "Andorre, Kenya, Mongolie."
    )


def test_named_committee_restricts(engine):
    answer = engine.ask("What did the Committee against Torture recommend on pretrial detention?")
    assert answer.found
    assert {hit.chunk.committee for hit in answer.hits} == {"CAT"}
    hits = engine.search("recommendations", filters=Filters(committee="CRPD"))
    assert hits and {hit.chunk.committee for hit in hits} == {"CRPD"}


def test_committee_not_indexed_is_said_so(engine):
    answer = engine.ask("What did the Committee on Migrant Workers say about Kenya?")
    assert not answer.found
    assert answer.answer.startswith("Committee on ")
    assert "is not in the indexed documents; indexed: " in answer.answer


def test_document_question_answered_from_the_header(engine):
    answer = engine.ask("What grades did Kenya receive overall in the follow-up assessment?")
    assert answer.found
    first = answer.citations[0]
    assert first.kind == "header" and first.quote == "Committee's evaluation:\t6 [B] and 8 [C]"
    session = engine.ask("At which session did the Committee adopt its follow-up on Kenya?")
    quotes = [c.quote for c in session.citations]
    assert "* Adopted by the Committee at its 83th session (2–20 June 2027)." in quotes
