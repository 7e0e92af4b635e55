"""The enquiry subgraph's edges that need no database: tokens, read-backs not ready, ids."""

from __future__ import annotations

import base64

import pytest
from clc_enquiry.api.base import valid_id
from clc_enquiry.api.context import EnquiryContext, decode_token, encode_token
from clc_enquiry.api.payloads import EnquiryPayload
from eventkit.errors import ConsistencyTimeout
from eventkit.principal import Principal
from graphql import GraphQLError
from servicekit import consistency
from servicekit.ids import InvalidId, validate_id
from servicekit.runtime import Services


class NeverCaughtUp:
    async def wait_for(self, position: int, timeout_s: float) -> None:
        raise ConsistencyTimeout(position, timeout_s)


def a_context() -> EnquiryContext:
    services = Services(pool=None, commands=None, runner=NeverCaughtUp(), consistency_wait_s=0.01)  # type: ignore[arg-type]
    return EnquiryContext(services, Principal(tenant_id="t", person_id="p"), None)


def test_the_consistency_token_is_an_opaque_string_that_round_trips() -> None:
    token = encode_token(42)
    assert isinstance(token, str)
    assert decode_token(token) == 42
    assert decode_token(None) is None and encode_token(None) is None
    assert decode_token(consistency.encode_token({"groups": 9})) is None  # not ours: no wait
    forged_texts = ("enquiry:", "enquiry:-1", "enquiry:" + "9" * 40, ":3", "")
    forged = [
        "42",
        "groups:42",
        *(base64.urlsafe_b64encode(t.encode()).decode() for t in forged_texts),
    ]
    for forged_token in forged:
        with pytest.raises(GraphQLError) as bad:
            decode_token(forged_token or "=")
        assert bad.value.extensions == {"code": "BAD_CONSISTENCY_TOKEN"}


async def test_a_read_the_read_model_has_not_caught_up_with_is_an_error_with_a_code() -> None:
    with pytest.raises(GraphQLError) as not_yet:
        await a_context().consistent(encode_token(7))
    assert not_yet.value.extensions == {"code": "NOT_YET_CONSISTENT"}
    await a_context().consistent(None)  # no token: nothing to wait for


def test_a_written_entity_not_yet_readable_is_an_error_not_a_null() -> None:
    pending = EnquiryPayload(
        user_errors=[], consistency_token=encode_token(7), entity_id="e1", readable=False
    )
    with pytest.raises(GraphQLError) as not_yet:
        pending._ready()
    assert not_yet.value.extensions == {"code": "NOT_YET_CONSISTENT"}
    refused = EnquiryPayload(user_errors=[], consistency_token=None)
    assert refused._ready() is None


@pytest.mark.parametrize(
    "good", ["g1", "6f1c0b9e-1111-4aaa-8bbb-123456789abc", "a.b_c:d-e", "x" * 200]
)
def test_well_formed_ids_pass(good: str) -> None:
    assert validate_id(good) == good == valid_id(good)


@pytest.mark.parametrize("bad", ["", " g1", "g 1", "g\u0000", "-g", "x" * 201, "é"])
def test_malformed_ids_are_refused_naming_the_argument(bad: str) -> None:
    with pytest.raises(InvalidId):
        validate_id(bad)
    with pytest.raises(GraphQLError) as refused:
        valid_id(bad, "groupId")
    assert refused.value.extensions == {"code": "INVALID_ID", "field": "groupId"}
