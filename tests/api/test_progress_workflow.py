"""A figure's way through the API: draft → submitted → approved, returned with a reason, revised."""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import IndicatorEvaluation, ProgressEntry
from tests.api.conftest import approved, draft, error_fields, errors, submitted

pytestmark = pytest.mark.django_db

URL = "/api/v1/progress/"


def test_a_reporter_creates_and_submits_and_the_office_approves(api, world):
    alice, office = api("alice"), api("office")
    response = alice.post(
        URL, {"indicator": world.science_indicator.pk, "year": 2022, "value": "12.5"}, format="json"
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert (created["state"], created["value"], created["version"], created["created_by"]) == (
        "draft",
        "12.5",
        1,
        "alice",
    )
    assert response["ETag"] == '"v1"'
    entry_url = f"{URL}{created['id']}/"

    response = alice.post(f"{entry_url}submit/", {}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["submitted_by"], response["ETag"]) == (
        "submitted",
        "alice",
        '"v2"',
    )

    response = office.post(f"{entry_url}approve/", {"version": 2}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["reviewed_by"]) == ("approved", "office")
    stored = IndicatorEvaluation.objects.get(indicator=world.science_indicator, year=2022)
    assert stored.actual == Decimal("12.5")


def test_returned_with_a_reason_then_corrected_and_resubmitted(api, world):
    entry = submitted(world)
    office, alice = api("office"), api("alice")
    url = f"{URL}{entry.pk}/"
    response = office.post(f"{url}return/", {"reason": "  "}, format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"return_reason": "invalid"}
    assert office.post(f"{url}return/", {}, format="json").status_code == 400  # reason missing
    response = office.post(f"{url}return/", {"reason": "数据口径不一致"}, format="json")
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["return_reason"]) == ("returned", "数据口径不一致")

    response = alice.patch(url, {"value": "12.4"}, format="json", HTTP_IF_MATCH='"v3"')
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["value"], response.json()["version"]) == (
        "returned",
        "12.4",
        4,
    )
    assert alice.post(f"{url}submit/", {}, format="json", HTTP_IF_MATCH='"v4"').json()["state"] == "submitted"


def test_only_drafts_and_returned_entries_are_edited(api, world):
    entry = submitted(world)
    response = api("alice").patch(f"{URL}{entry.pk}/", {"value": "1", "version": 2}, format="json")
    assert response.status_code == 400
    assert errors(response)[0]["message"] == "只能修改草稿或已退回的填报。"
    assert ProgressEntry.objects.get(pk=entry.pk).value == Decimal("14")


@pytest.mark.parametrize(
    ("action", "state"),
    [("approve", "draft"), ("return", "draft"), ("revise", "submitted"), ("submit", "approved")],
)
def test_transitions_from_the_wrong_state_are_refused(api, world, action, state):
    entry = {"draft": draft, "submitted": submitted, "approved": approved}[state](world)
    client = api("alice" if action == "submit" else "office")
    response = client.post(f"{URL}{entry.pk}/{action}/", {"reason": "x"}, format="json")
    assert response.status_code == 400
    assert ProgressEntry.objects.get(pk=entry.pk).state == state


def test_nobody_approves_what_they_entered(api, world):
    entry = submitted(world, user=world.office)
    response = api("office").post(f"{URL}{entry.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert "不能审核" in errors(response)[0]["message"]


def test_the_office_revises_an_approved_figure_with_a_reason(api, world):
    entry = approved(world)
    office = api("office")
    url = f"{URL}{entry.pk}/revise/"
    assert error_fields(office.post(url, {"reason": "", "value": "13"}, format="json")) == {
        "reason": "invalid"
    }
    assert error_fields(office.post(url, {"value": "13"}, format="json")) == {"reason": "required"}
    assert error_fields(office.post(url, {"reason": "x", "state": "draft"}, format="json")) == {
        "state": "unknown_field"
    }
    response = office.post(url, {"reason": "统计局年报修订", "value": "13", "version": 3}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["state"], response.json()["value"], response.json()["version"]) == (
        "approved",
        "13",
        4,
    )
    assert IndicatorEvaluation.objects.get(indicator=world.science_indicator, year=2022).actual == 13
    assert api("alice").post(url, {"reason": "x", "value": "1"}, format="json").status_code == 403


def test_history_tells_who_when_what_and_why(api, world):
    entry = approved(world)
    office = api("office")
    office.post(f"{URL}{entry.pk}/revise/", {"reason": "统计局年报修订", "value": "13"}, format="json")
    response = api("viewer").get(f"{URL}{entry.pk}/history/")
    assert response.status_code == 200
    history = response.json()
    assert [(h["action"], h["state"], h["version"], h["user"]["username"]) for h in history] == [
        ("created", "draft", 1, "alice"),
        ("changed", "submitted", 2, "alice"),
        ("changed", "approved", 3, "office"),
        ("changed", "approved", 4, "office"),
    ]
    assert {"field": "value", "old": None, "new": "14"} in history[0]["changes"]
    last = history[-1]
    assert last["reason"] == "统计局年报修订"
    assert {"field": "value", "old": "14", "new": "13"} in last["changes"]
    assert last["at"]


def test_history_of_a_return_keeps_the_reason(api, world):
    entry = submitted(world)
    api("office").post(f"{URL}{entry.pk}/return/", {"reason": "请补充说明"}, format="json")
    last = api("alice").get(f"{URL}{entry.pk}/history/").json()[-1]
    assert (last["state"], last["reason"]) == ("returned", "请补充说明")
    assert {"field": "state", "old": "submitted", "new": "returned"} in last["changes"]


class TestVersions:
    def test_a_stale_if_match_answers_409_with_the_current_entry(self, api, world):
        entry = draft(world)
        alice = api("alice")
        url = f"{URL}{entry.pk}/"
        assert alice.get(url)["ETag"] == '"v1"'
        assert alice.patch(url, {"value": "15"}, format="json", HTTP_IF_MATCH='"v1"').status_code == 200
        response = alice.patch(url, {"value": "99"}, format="json", HTTP_IF_MATCH='"v1"')
        assert response.status_code == 409
        body = response.json()
        assert error_fields(response) == {"version": "conflict"}
        assert (body["current"]["value"], body["current"]["version"], response["ETag"]) == ("15", 2, '"v2"')
        assert ProgressEntry.objects.get(pk=entry.pk).value == Decimal("15")

    def test_a_stale_body_version_answers_409_too(self, api, world):
        entry = draft(world)
        alice = api("alice")
        alice.patch(f"{URL}{entry.pk}/", {"value": "15", "version": 1}, format="json")
        response = alice.put(f"{URL}{entry.pk}/", {"value": "16", "version": 1}, format="json")
        assert response.status_code == 409
        assert response.json()["current"]["version"] == 2

    def test_a_stale_action_answers_409(self, api, world):
        entry = submitted(world)
        response = api("office").post(f"{URL}{entry.pk}/approve/", {"version": 1}, format="json")
        assert response.status_code == 409
        assert response.json()["current"]["state"] == "submitted"

    def test_updates_must_state_a_version(self, api, world):
        entry = draft(world)
        response = api("alice").patch(f"{URL}{entry.pk}/", {"value": "15"}, format="json")
        assert response.status_code == 400
        assert error_fields(response) == {"version": "required"}

    @pytest.mark.parametrize("header", ["v1", '"1"', '"v1", "v2"', "W/"])
    def test_a_malformed_if_match_is_a_400(self, api, world, header):
        entry = draft(world)
        response = api("alice").patch(
            f"{URL}{entry.pk}/", {"value": "15"}, format="json", HTTP_IF_MATCH=header
        )
        assert response.status_code == 400
        assert error_fields(response) == {"If-Match": "invalid"}

    def test_header_and_body_must_agree(self, api, world):
        entry = draft(world)
        response = api("alice").patch(
            f"{URL}{entry.pk}/", {"value": "15", "version": 2}, format="json", HTTP_IF_MATCH='"v1"'
        )
        assert error_fields(response) == {"version": "invalid"}

    def test_a_weak_etag_and_a_star_are_accepted(self, api, world):
        entry = draft(world)
        alice = api("alice")
        assert (
            alice.patch(
                f"{URL}{entry.pk}/", {"value": "15"}, format="json", HTTP_IF_MATCH='W/"v1"'
            ).status_code
            == 200
        )
        assert alice.post(f"{URL}{entry.pk}/submit/", {}, format="json", HTTP_IF_MATCH="*").status_code == 200

    def test_put_empties_what_it_leaves_out(self, api, world):
        entry = draft(world)
        alice = api("alice")
        alice.patch(f"{URL}{entry.pk}/", {"explanation": "快报", "version": 1}, format="json")
        response = alice.put(f"{URL}{entry.pk}/", {"value": "15", "version": 2}, format="json")
        assert (response.json()["explanation"], response.json()["value"]) == ("", "15")
