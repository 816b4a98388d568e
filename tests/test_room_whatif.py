"""What-if rounds in a live room: teams set levers on their own seats, the reveal ranks
them with the what-if engine's numbers, late submissions are refused, nothing leaks."""

from __future__ import annotations

import json
import math

import pytest

from acumen.analysis.whatif import whatif
from acumen.analysis.whatif_scenario import Levers
from acumen.data.samples import load_many
from acumen.errors import AcumenError
from acumen.i18n import use_language
from acumen.room import LOBBY, QUESTION, REVEALED, WHATIF, WHATIF_REVEALED, RoomStore, RoomWhatIf
from acumen.store.database import open_engine

QUESTIONS = [
    {"question": f"Q{n}?", "choices": ["a", "b", "c", "d"], "answer": "A", "explanation": "x"}
    for n in (1, 2)
]


@pytest.fixture(scope="module")
def statements():
    return load_many(["WMT", "TGT"])


@pytest.fixture
def store(tmp_path):
    return RoomStore(open_engine(f"sqlite:///{tmp_path / 'rooms.db'}"))


@pytest.fixture
def game(store, statements):
    code, token = store.open_room(QUESTIONS, seats=10)
    seats = {
        "Blue": store.join(code, "Blue"),
        "Blue2": store.join(code, "blue"),
        "Red": store.join(code, "Red"),
        "Green": store.join(code, "Green"),
    }
    rounds = RoomWhatIf(store)
    number = rounds.push(code, token, statements, "WMT", "roa")
    return store, rounds, code, token, seats, number


def test_two_teams_submit_and_the_reveal_ranks_them_with_the_engines_numbers(game, statements):
    store, rounds, code, token, seats, number = game
    assert number == 1 and store.facilitator_view(code, token)["state"] == WHATIF
    rounds.submit(code, seats["Blue"], number, {"dio_days": -10})
    # another seat of the same team edits: the last submission before the reveal counts
    rounds.submit(code, seats["Blue2"], number, {"price_pct": 2, "dso_days": -10})
    rounds.submit(code, seats["Red"], number, {"dpo_days": 10})
    facilitator = store.facilitator_view(code, token)
    assert facilitator["submitted"] == 2
    assert {t["team"]: bool(t["submitted"]) for t in facilitator["whatif_teams"]} == {
        "Blue": True,
        "Red": True,
        "Green": False,
    }
    assert facilitator["whatif"]["outcomes"] is None
    outcomes = rounds.reveal(code, token, statements)
    assert [row["team"] for row in outcomes] == ["Blue", "Red"]  # Green submitted nothing
    expected = {
        "Blue": whatif(statements, "WMT", Levers(price_pct=2, dso_days=-10, repay_debt=True)),
        "Red": whatif(statements, "WMT", Levers(dpo_days=10, repay_debt=True)),
    }
    for row in outcomes:
        result = expected[row["team"]]
        assert row["roa_before"] == result.value_before("roa")
        assert row["roa_after"] == result.value_after("roa")
        assert row["cash_released"] == result.cash_released
        assert row["score"] == result.value_after("roa") - result.value_before("roa")
    assert outcomes[0]["score"] > outcomes[1]["score"]
    assert [(r["rank"], r["points"]) for r in outcomes] == [(1, 1), (2, 0)]
    board = {
        row["team"]: row["points"] for row in store.facilitator_view(code, token)["scoreboard"]
    }
    assert board == {"Blue": 1, "Red": 0, "Green": 0}
    seen = store.participant_view(code, seats["Red"])
    assert seen["state"] == WHATIF_REVEALED
    assert seen["whatif"]["outcomes"] == json.loads(json.dumps(outcomes))
    assert seen["scoreboard"][0]["team"] == "Blue"


def test_the_cash_goal_scores_the_cash_released(store, statements):
    code, token = store.open_room(QUESTIONS, seats=4)
    a, b = store.join(code, "A"), store.join(code, "B")
    rounds = RoomWhatIf(store)
    rounds.push(code, token, statements, "TGT", "cash")
    rounds.submit(code, a, 1, {"dio_days": -5})
    rounds.submit(code, b, 1, {"dio_days": -10})
    outcomes = rounds.reveal(code, token, statements)
    assert [r["team"] for r in outcomes] == ["B", "A"]
    assert (
        outcomes[0]["score"]
        == whatif(statements, "TGT", Levers(dio_days=-10, repay_debt=True)).cash_released
    )


def test_a_submission_after_the_reveal_is_refused_with_a_clear_message(game, statements):
    store, rounds, code, token, seats, number = game
    rounds.submit(code, seats["Red"], number, {"dpo_days": 5})
    rounds.reveal(code, token, statements)
    with pytest.raises(AcumenError, match="round 1 has been revealed: levers are closed"):
        rounds.submit(code, seats["Red"], number, {"dpo_days": 10})
    with use_language("zh"), pytest.raises(AcumenError) as refused:
        rounds.submit(code, seats["Green"], number, {"dpo_days": 10})
    assert "1" in refused.value.message and "round" not in refused.value.message
    # the revealed outcome is unchanged and the room goes on with the first question
    assert store.advance(code, token) == QUESTION
    assert store.facilitator_view(code, token)["number"] == 1


def test_levers_outside_the_rules_are_refused(game):
    store, rounds, code, token, seats, number = game
    with pytest.raises(AcumenError, match="between -10.0 and 10.0"):
        rounds.submit(code, seats["Red"], number, {"dso_days": -30})
    with pytest.raises(AcumenError, match="at most 2 levers"):
        rounds.submit(code, seats["Red"], number, {"dso_days": -1, "dio_days": -1, "price_pct": 1})
    with pytest.raises(AcumenError, match="no lever"):
        rounds.submit(code, seats["Red"], number, {"capex_pct": -5})
    with pytest.raises(AcumenError, match="still open"):
        store.advance(code, token)
    with pytest.raises(AcumenError, match="only the facilitator"):
        rounds.reveal(code, "wrong", None)


def test_payload_before_the_reveal_has_no_outcomes_and_no_other_teams_levers(game):
    store, rounds, code, token, seats, number = game
    rounds.submit(code, seats["Blue"], number, {"price_pct": 1.5})
    rounds.submit(code, seats["Red"], number, {"dpo_days": 7})
    red = store.participant_view(code, seats["Red"])
    assert red["my_levers"]["dpo_days"] == 7 and red["whatif"]["outcomes"] is None
    text = json.dumps(red)
    assert "1.5" not in text and "roa_after" not in text and "cash_released" not in text
    green = json.dumps(store.participant_view(code, seats["Green"]))
    assert "1.5" not in green and "7.0" not in green and '"score"' not in green
    facilitator = json.dumps(store.facilitator_view(code, token))
    assert "1.5" not in facilitator and "roa_after" not in facilitator


def test_a_round_after_a_revealed_question_goes_on_with_the_next_question(store, statements):
    code, token = store.open_room(QUESTIONS, seats=4)
    seat = store.join(code, "A")
    assert store.advance(code, token) == QUESTION
    store.answer(code, seat, 0, "A")
    store.reveal(code, token)
    rounds = RoomWhatIf(store)
    with pytest.raises(AcumenError, match="not among"):
        rounds.push(code, token, statements, "NOPE", "roa")
    rounds.push(code, token, statements, "WMT", "roa")
    rounds.submit(code, seat, 1, {"dso_days": -3})
    rounds.reveal(code, token, statements)
    assert rounds.push(code, token, statements, "TGT", "cash") == 2  # a second round
    with pytest.raises(AcumenError, match="revealed"):
        rounds.submit(code, seat, 1, {"dso_days": -3})
    rounds.reveal(code, token, statements)  # nobody submitted: nobody ranked
    assert store.advance(code, token) == QUESTION
    view = store.participant_view(code, seat)
    assert view["number"] == 2 and view["scoreboard"][0]["points"] == 2
    assert store.facilitator_view(code, token)["state"] not in (LOBBY, REVEALED)
    assert math.isfinite(view["scoreboard"][0]["points"])


def test_the_next_button_says_what_moving_on_does_after_a_round(store, statements):
    """From the lobby a round leads to the first question; after the last question it leads
    to the end, and the facilitator's view says so (the button's label follows it)."""
    code, token = store.open_room(QUESTIONS, seats=4)
    store.join(code, "A")
    rounds = RoomWhatIf(store)
    assert store.facilitator_view(code, token)["next"] == "start"
    rounds.push(code, token, statements, "WMT", "roa")
    rounds.reveal(code, token, statements)
    assert store.facilitator_view(code, token)["next"] == "start"
    for expected in ("next", "finish"):
        assert store.advance(code, token) == QUESTION
        store.reveal(code, token)
        assert store.facilitator_view(code, token)["next"] == expected
    rounds.push(code, token, statements, "TGT", "cash")
    rounds.reveal(code, token, statements)
    assert store.facilitator_view(code, token)["next"] == "finish"
    assert store.advance(code, token) == "closed"
    assert store.facilitator_view(code, token)["next"] is None
