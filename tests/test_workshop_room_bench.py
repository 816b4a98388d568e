"""The pure helpers of bench/workshop_room.py and its websocket client (no server)."""

import json
import math

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.streamlit_client import widget_key, widgets_in
from bench.workshop_room import json_line, secs


def button_delta(widget_id: str, disabled: bool, fragment_id: str = "") -> ForwardMsg:
    msg = ForwardMsg()
    msg.delta.new_element.button.id = widget_id
    msg.delta.new_element.button.label = "B) Collect faster"
    msg.delta.new_element.button.disabled = disabled
    msg.delta.fragment_id = fragment_id
    return ForwardMsg.FromString(msg.SerializeToString())


def test_widget_key_is_the_user_key_at_the_end_of_the_id() -> None:
    assert widget_key("$$ID-c8470bd291d922f8d181902b3e5a2145-_room_join") == "_room_join"
    assert widget_key("$$ID-c8470bd291d922f8d181902b3e5a2145-None") is None
    assert widget_key("") is None


def test_widgets_in_a_delta_give_key_id_disabled_and_fragment() -> None:
    widget_id = "$$ID-9bb4be857fffc704612b82f9b23b6869-_room_choice_1_B"
    found = list(widgets_in(button_delta(widget_id, True, "frag1")))
    assert found == [("_room_choice_1_B", widget_id, "button", True, "frag1")]
    text = ForwardMsg()
    text.delta.new_element.markdown.body = "Room ABCDEF"
    assert list(widgets_in(text)) == []


def test_json_line_puts_the_issue_keys_first_and_is_valid_json() -> None:
    result = {
        "participants": 30,
        "answer_p50_s": 0.8,
        "answer_p95_s": 1.2,
        "reveal_p50_s": 0.5,
        "reveal_p95_s": secs(math.nan),
        "lost_answers": 0,
        "errors": 0,
        "server_peak_rss_mb": 250.0,
    }
    line = json_line(result)
    assert list(json.loads(line))[:6] == [
        "participants",
        "answer_p95_s",
        "reveal_p95_s",
        "lost_answers",
        "errors",
        "server_peak_rss_mb",
    ]
    assert json.loads(line)["reveal_p95_s"] is None
