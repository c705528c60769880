"""The policy form and the TOML file the page writes: every parameter with its default,
range and source; only changed values written; the file read back by the command
line's own reader gives the same policy."""

from __future__ import annotations

from pathlib import Path

from rotation_planner import api
from rotation_planner.policy import Policy, parameter_table
from rotation_planner.web import views
from tests.web.conftest import SAMPLE


def test_the_form_lists_every_parameter_with_default_range_and_source() -> None:
    form = views.policy_form(Policy(), "zh")
    assert [p.key for p in form] == [key for key, *_ in parameter_table()]
    q1 = next(p for p in form if p.key == "Q1.min_share")
    shown = (q1.value, q1.default, q1.low, q1.high, q1.unit)
    assert shown == ("0.1", "0.1", "0", "1", "比例（0–1）")
    assert q1.rule == "派出校最低交流比例" and q1.source and not q1.changed
    title = next(p for p in form if p.key == "E4.min_title")
    assert title.kind == "choice" and title.value == "一级" and "高级" in title.choices


def test_only_changed_values_are_written_and_read_back_alike(tmp_path: Path) -> None:
    roster = api.read_roster(SAMPLE)
    shown = views.policy_form(roster.policy, "zh")
    form = [(p.key, p.value) for p in shown if p.kind != "bool" or p.value == "true"]
    assert views.form_overrides(form, roster.policy, "zh") == {}  # nothing changed
    edited = [
        (k, {"Q1.min_share": "0.12", "P4.max_km": "45", "E4.min_title": "高级"}.get(k, v))
        for k, v in form
        if k != "R3.enabled"  # an unticked box sends nothing
    ]
    overrides = views.form_overrides(edited, roster.policy, "zh")
    assert overrides == {
        "Q1.min_share": 0.12, "P4.max_km": 45, "E4.min_title": "高级", "R3.enabled": False,
    }  # fmt: skip
    toml = tmp_path / "policy.toml"
    toml.write_text(views.toml_text(overrides), encoding="utf-8")
    again = api.read_roster(SAMPLE, toml).policy
    assert again == roster.policy.with_overrides(overrides)
    assert again.Q1.min_share == 0.12 and not again.R3.enabled and again.P4.max_km == 45
