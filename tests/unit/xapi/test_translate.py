"""The translator: which events make which statements, what a statement may say about people,
stable ids, and xAPI 1.0.3 validity (Learning Locker's validator, not our own checks)."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from clc_xapi.domain.translate import FeedPolicy, pseudonym, translate, translated_types
from clc_xapi.domain.vocabulary import ACTIVITY_TYPES, VERBS, Vocabulary
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.xapi_validator import validation_warnings
from tests.unit.xapi.events import AT, NAMES, as_source, one_of_each, registered

BASE = "https://lrs-feed.example.org/xapi"
POLICY = FeedPolicy(
    vocabulary=Vocabulary(BASE),
    home_page="https://clc.example.org",
    pseudonym_key=b"k" * 32,
)


def statements_of_each() -> list[dict[str, Any]]:
    return [s for e in one_of_each() for s in translate(as_source(e), POLICY)]


def test_every_selected_event_type_makes_statements_with_its_verb() -> None:
    made = {e.event_type: translate(as_source(e), POLICY) for e in one_of_each()}
    verbs = {t: [s["verb"]["id"] for s in ss] for t, ss in made.items()}
    assert verbs == {
        "SessionHeld": ["http://adlnet.gov/expapi/verbs/attended"] * 2,  # one per attendee
        "ReflectionRecorded": [f"{BASE}/verbs/reflected"],
        "IdeaProposed": [f"{BASE}/verbs/proposed"],
        "LearningClaimValidated": [f"{BASE}/verbs/validated"],
        "ArtefactPublished": ["http://adlnet.gov/expapi/verbs/shared"],
        "ArtefactAdapted": [f"{BASE}/verbs/adapted"],
        "ArtefactUseRecorded": [f"{BASE}/verbs/used"],
    }
    assert set(made) == translated_types()


def test_statements_are_valid_xapi_1_0_3_by_learning_lockers_validator() -> None:
    statements = statements_of_each()
    assert validation_warnings(statements) == [[] for _ in statements]


def test_the_validator_is_really_judging() -> None:
    broken = statements_of_each()[0] | {"id": "not-a-uuid"}
    (warnings,) = validation_warnings([broken])
    assert [w["path"] for w in warnings] == ["statement.id"]


def test_the_actor_is_an_opaque_account_and_no_name_email_or_person_id_appears() -> None:
    statements = statements_of_each()
    text = json.dumps(statements)
    for personal in (*NAMES, "p-ada", "p-grace", "Ask", "liked it"):
        assert personal not in text
    for s in statements:
        assert set(s["actor"]) == {"objectType", "account"}
        assert s["actor"]["account"]["homePage"] == "https://clc.example.org"
    names = {s["actor"]["account"]["name"] for s in statements}
    assert names == {pseudonym(b"k" * 32, "severn", p) for p in ("p-ada", "p-grace")}


def test_a_practitioners_registration_makes_no_statement() -> None:
    assert translate(as_source(registered()), POLICY) == []


def test_the_same_event_translated_again_gives_the_same_statements() -> None:
    event_id = uuid.uuid4()
    for e in one_of_each():
        first = translate(as_source(e, event_id=event_id), POLICY)
        assert translate(as_source(e, event_id=event_id), POLICY) == first


def test_statement_ids_are_unique_and_do_not_depend_on_the_pseudonym_key() -> None:
    statements = statements_of_each()
    assert len({s["id"] for s in statements}) == len(statements)
    rotated = FeedPolicy(POLICY.vocabulary, POLICY.home_page, pseudonym_key=b"new" * 11)
    event = as_source(one_of_each()[0])
    ids = [s["id"] for s in translate(event, POLICY)]
    again = translate(event, rotated)
    assert [s["id"] for s in again] == ids
    assert again[0]["actor"] != translate(event, POLICY)[0]["actor"]


def test_an_opted_out_tenant_gets_nothing() -> None:
    policy = FeedPolicy(POLICY.vocabulary, POLICY.home_page, b"k" * 32, frozenset({"severn"}))
    assert all(translate(as_source(e), policy) == [] for e in one_of_each())
    assert all(translate(as_source(e, tenant="wye"), policy) for e in one_of_each())


def test_an_unknown_schema_version_makes_no_statement() -> None:
    event = as_source(one_of_each()[1])
    newer = type(event)(**{**event.__dict__, "schema_version": 2})
    assert translate(newer, POLICY) == []


def test_context_names_the_group_enquiry_and_network_and_timestamp_is_the_event_time() -> None:
    by_verb = {s["verb"]["display"]["en"]: s for s in statements_of_each()}
    grouping = {
        verb: [
            a["id"].removeprefix(f"{BASE}/tenants/severn/")
            for a in s["context"]["contextActivities"].get("grouping", [])
        ]
        for verb, s in by_verb.items()
    }
    assert grouping == {
        "attended": ["groups/grp-1"],
        "reflected": ["enquiries/enq-1"],
        "proposed": ["enquiries/enq-1"],
        "validated": ["groups/grp-1", "networks/net-1"],
        "shared": [],
        "adapted": ["groups/grp-1", "networks/net-1"],
        "used": ["groups/grp-1"],
    }
    other = by_verb["adapted"]["context"]["contextActivities"]["other"][0]["id"]
    assert other.startswith(f"{BASE}/tenants/wye/artefacts/")  # adapted from the commons
    assert {s["timestamp"] for s in by_verb.values()} == {AT.isoformat().replace("+00:00", "Z")}
    # one registration per enquiry: its reflection and its idea share it
    assert (
        by_verb["reflected"]["context"]["registration"]
        == (by_verb["proposed"]["context"]["registration"])
    )


def test_every_iri_is_absolute_and_every_minted_one_is_under_the_base() -> None:
    for term in (*VERBS.values(), *ACTIVITY_TYPES.values()):
        iri = term.resolve(BASE)
        assert iri.startswith(("http://adlnet.gov/expapi/", f"{BASE}/"))


def test_ids_with_slashes_stay_inside_one_path_segment() -> None:
    activity = POLICY.vocabulary.activity("group", "a/b", "../x?y")
    assert activity["id"] == f"{BASE}/tenants/a%2Fb/groups/..%2Fx%3Fy"


people = st.text(min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(
    attendees=st.lists(people, min_size=1, max_size=6, unique=True),
    tenant=st.text(min_size=1, max_size=20),
    group=st.text(min_size=1, max_size=20),
)
def test_property_session_attendance(attendees: list[str], tenant: str, group: str) -> None:
    """Whatever the ids: one statement per attendee, ids stable and distinct, actors opaque."""
    event = one_of_each()[0].model_copy(
        update={"attendee_ids": tuple(sorted(attendees)), "group_id": group}
    )
    source = as_source(event, tenant=tenant)
    statements = translate(source, POLICY)
    assert translate(source, POLICY) == statements
    assert len(statements) == len(attendees)
    assert len({s["id"] for s in statements}) == len(attendees)
    assert {s["actor"]["account"]["name"] for s in statements} == {
        pseudonym(POLICY.pseudonym_key, tenant, a) for a in attendees
    }
    for s in statements:
        assert uuid.UUID(s["id"]).version == 5
        assert len(s["actor"]["account"]["name"]) == 32


@settings(max_examples=40, deadline=None)
@given(secret=st.text(min_size=4, max_size=40))
def test_property_free_text_never_reaches_a_statement(secret: str) -> None:
    """Text a person typed (a reflection, an idea, a claim's note) stays out of statements."""
    marker = f"\u2063{secret}\u2063"
    statements = []
    for e in one_of_each():
        fields = {f: marker for f in ("text", "note", "title", "body") if f in type(e).model_fields}
        statements += translate(as_source(e.model_copy(update=fields)), POLICY)
    assert marker not in json.dumps(statements, ensure_ascii=False)


@pytest.mark.parametrize("event", one_of_each(), ids=lambda e: e.event_type)
def test_each_statement_carries_the_tenant_as_an_extension(event: Any) -> None:
    for s in translate(as_source(event), POLICY):
        assert s["context"]["extensions"][f"{BASE}/extensions/tenant"] == "severn"


def test_the_readme_lists_every_verb_and_activity_type_with_its_iri() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    for kind, terms in (("verb", VERBS), ("activity type", ACTIVITY_TYPES)):
        for term in terms.values():
            iri = term.iri if "://" in term.iri else f"<base>/{term.iri}"
            assert f"| {kind} | {term.key} | `{iri}`" in readme, term
