"""Deliveries are signed as Standard Webhooks specifies: our receiver helper and the reference
library (``standardwebhooks``) both accept them; a changed body, a wrong secret and an old
timestamp are refused."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from clc_webhooks.application.secrets import SecretBox, new_secret
from clc_webhooks.delivery.backoff import next_delay_s
from clc_webhooks.delivery.envelope import structured
from clc_webhooks.delivery.signing import InvalidSignature, signature_headers, verify
from clc_webhooks.domain import matches
from cryptography.exceptions import InvalidTag
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

BODY = b'{"id":"e1","data":{"x":1}}'


def test_our_signature_verifies_here_and_with_the_reference_library() -> None:
    secret = new_secret()
    headers = signature_headers([secret], "e1", BODY)
    assert verify(secret, headers, BODY) == "e1"
    Webhook(secret).verify(BODY, headers)  # raises if it does not verify


def test_tampering_a_wrong_secret_and_replays_are_refused() -> None:
    secret = new_secret()
    headers = signature_headers([secret], "e1", BODY)
    with pytest.raises(InvalidSignature):
        verify(secret, headers, BODY + b" ")
    with pytest.raises(InvalidSignature):
        verify(new_secret(), headers, BODY)
    old = signature_headers([secret], "e1", BODY, now=time.time() - 301)
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify(secret, old, BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(BODY, old)
    with pytest.raises(InvalidSignature):
        verify(secret, {"webhook-id": "e1"}, BODY)


def test_during_a_rotation_either_secret_verifies() -> None:
    new, previous = new_secret(), new_secret()
    headers = signature_headers([new, previous], "e1", BODY)
    assert len(headers["webhook-signature"].split(" ")) == 2
    assert verify(new, headers, BODY) == verify(previous, headers, BODY) == "e1"


def test_secrets_are_sealed_with_their_context() -> None:
    box = SecretBox("k1", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")
    sealed = box.seal("whsec_abc", "t1/sub/s1")
    assert b"whsec_abc" not in sealed.ciphertext
    assert box.open(sealed, "t1/sub/s1") == "whsec_abc"
    with pytest.raises(InvalidTag):
        box.open(sealed, "t2/sub/s1")  # copied to another tenant's row: does not decrypt
    rotated = SecretBox(
        "k2",
        "ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=",
        {"k1": "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="},
    )
    assert rotated.open(sealed, "t1/sub/s1") == "whsec_abc"


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    rng = random.Random(7)
    for attempt in range(1, 12):
        delay = next_delay_s(attempt, 5.0, 600.0, rng)
        step = min(600.0, 5.0 * 2 ** (attempt - 1))
        assert step / 2 <= delay <= step


def test_a_record_becomes_a_structured_cloudevent_with_nothing_added() -> None:
    headers = [
        ("ce_specversion", b"1.0"),
        ("ce_id", b"e1"),
        ("ce_type", b"clc.groups.MemberAdded"),
        ("ce_dataschema", b"http://x/events/schemas/groups/MemberAdded/v1.json"),
        ("ce_tenantid", b"t1"),
        ("content-type", b"application/json"),
        ("traceparent", b"00-abc-def-01"),
    ]
    event = json.loads(structured(b'{"member": "p1"}', headers))
    assert event == {
        "specversion": "1.0",
        "id": "e1",
        "type": "clc.groups.MemberAdded",
        "dataschema": "http://x/events/schemas/groups/MemberAdded/v1.json",
        "tenantid": "t1",
        "datacontenttype": "application/json",
        "traceparent": "00-abc-def-01",
        "data": {"member": "p1"},
    }


def test_types_match_exactly_or_by_glob() -> None:
    assert matches("clc.enquiry.EnquiryProposed", ["clc.enquiry.*"])
    assert matches("clc.groups.MemberAdded", ["clc.groups.MemberAdded"])
    assert not matches("clc.groups.MemberAdded", ["clc.enquiry.*", "clc.groups.Member"])
    assert matches("clc.groups.PractitionerErased", ["clc.*.PractitionerErased"])


def test_the_readme_verify_snippet_verifies_our_deliveries() -> None:
    readme = (Path(__file__).resolve().parents[3] / "README.md").read_text()
    section = readme[readme.index("### Webhooks") :]
    code = section[section.index("```python\n") + 10 :]
    code = code[: code.index("```")]
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # the documented receiver-side code, as a reader would paste it
    secret = new_secret()
    headers = signature_headers([secret], "e1", BODY)
    assert namespace["verify"](secret, headers, BODY) == "e1"
    with pytest.raises(ValueError, match="bad signature"):
        namespace["verify"](secret, headers, BODY + b"x")


def test_production_refuses_the_development_key_and_loopback_http() -> None:
    from clc_webhooks.settings import WebhooksSettings
    from pydantic import ValidationError

    production = {
        "environment": "production",
        "jwt_hs256_secret": "x" * 40,
        "app_role_password": "pw",
        "jwt_issuer": "iss",
        "jwt_audience": "aud",
        "metrics_token": "m",
        "command_fingerprint_key": "f" * 40,
    }
    with pytest.raises(ValidationError, match="SECRET_ENCRYPTION_KEY"):
        WebhooksSettings(**production)
    key = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="
    with pytest.raises(ValidationError, match="LOOPBACK"):
        WebhooksSettings(**production, secret_encryption_key=key, allow_http_loopback=True)
    assert WebhooksSettings(**production, secret_encryption_key=key).production
