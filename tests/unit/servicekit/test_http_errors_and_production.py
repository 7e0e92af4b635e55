"""What clients see when things go wrong, and what production mode switches off."""

from __future__ import annotations

import json
import logging
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from servicekit.commands import build_command

from tests.unit.servicekit.harness import SECRET, ShopSettings, bearer, client, shop_app, token
from tests.unit.servicekit.test_commands_and_context import ALICE, OpenShop

INTROSPECTION = "{ __schema { queryType { name } } }"


def production(**overrides: object) -> ShopSettings:
    values: dict[str, object] = {
        "environment": "production",
        "jwt_hs256_secret": SECRET,
        "app_role_password": "given",
        "jwt_issuer": "https://idp.example",
        "jwt_audience": "clc",
        "metrics_token": "scrape-me",
        "command_fingerprint_key": "k" * 40,
    }
    return ShopSettings(**{**values, **overrides})  # type: ignore[arg-type]


def production_token(**claims: object) -> str:
    now = int(time.time())
    base = {"sub": "alice", "tid": "t1", "iat": now, "exp": now + 600}
    base |= {"iss": "https://idp.example", "aud": "clc"}
    return jwt.encode({**base, **claims}, SECRET, algorithm="HS256")


@pytest.mark.parametrize("body", [b"{not json", b"[1, 2]", b'"query"', b'{"query": 3}', b"{}"])
async def test_a_body_that_is_not_a_graphql_request_is_400(body: bytes) -> None:
    async with client(shop_app()) as http:
        response = await http.post(
            "/graphql", content=body, headers={**bearer(), "content-type": "application/json"}
        )
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


async def test_an_unexpected_error_is_masked_with_a_correlation_id_that_is_logged(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async with client(shop_app()) as http:
        response = await http.post("/graphql", json={"query": "{ broken }"}, headers=bearer())
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    correlation = error["extensions"]["correlationId"]
    assert correlation in error["message"]
    assert "does not exist" not in error["message"] and "enquiry" not in error["message"]
    logged = [r for r in caplog.records if getattr(r, "correlation_id", None) == correlation]
    assert logged and logged[0].levelno == logging.ERROR and logged[0].exc_info


async def test_a_variable_a_scalar_cannot_parse_is_the_clients_error_not_masked() -> None:
    async with client(shop_app()) as http:
        response = await http.post(
            "/graphql",
            json={"query": "query($d: Date!) { weekday(day: $d) }", "variables": {"d": "soon"}},
            headers=bearer(),
        )
    error = response.json()["errors"][0]
    assert "$d" in error["message"] and "correlationId" not in error.get("extensions", {})


async def test_a_pydantic_error_names_the_graphql_field_not_the_python_one() -> None:
    async with client(shop_app()) as http:
        response = await http.post("/graphql", json={"query": "{ invalid }"}, headers=bearer())
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"].startswith("enquiryId: ")
    assert "enquiry_id" not in str(error)


def test_an_invalid_command_input_message_names_the_camel_case_field() -> None:
    from pydantic import Field

    class RenameShop(OpenShop):
        new_name: str = Field(max_length=2)

    with pytest.raises(Exception, match=r"^newName: ") as raised:
        build_command(RenameShop, ALICE, shop_id="s1", name="Oak", new_name="Too long")
    assert "new_name" not in str(raised.value)


async def test_an_auth_failure_is_logged_at_info_without_a_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO)
    async with client(shop_app()) as http:
        response = await http.post(
            "/graphql", json={"query": "{ whoami }"}, headers=bearer("not-a-token")
        )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    records = [r for r in caplog.records if r.name == "servicekit.http"]
    assert records and all(r.levelno == logging.INFO and not r.exc_info for r in records)


async def test_sdl_needs_a_token_too() -> None:
    async with client(shop_app()) as http:
        anonymous = await http.post("/graphql", json={"query": "{ _service { sdl } }"})
        known = await http.post(
            "/graphql", json={"query": "{ _service { sdl } }"}, headers=bearer()
        )
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert "type School" in known.json()["data"]["_service"]["sdl"]


async def test_an_es256_token_against_an_rsa_jwks_is_unauthenticated_not_500() -> None:
    public = rsa.generate_private_key(public_exponent=65537, key_size=2048).public_key()
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(public, as_dict=True) | {"kid": "k1"}
    settings = ShopSettings(jwt_hs256_secret=None, jwks=f'{{"keys": [{json.dumps(jwk)}]}}')
    app = shop_app(settings)
    forged = jwt.encode(
        {"sub": "a", "tid": "t1", "exp": int(time.time()) + 60},
        ec.generate_private_key(ec.SECP256R1()),
        algorithm="ES256",
        headers={"kid": "k1"},
    )
    async with client(app) as http:
        response = await http.post("/graphql", json={"query": "{ whoami }"}, headers=bearer(forged))
    assert response.status_code == 200
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_development_serves_introspection_graphiql_and_docs() -> None:
    async with client(shop_app()) as http:
        introspection = await http.post("/graphql", json={"query": INTROSPECTION}, headers=bearer())
        assert introspection.json()["data"]["__schema"]["queryType"]["name"] == "Query"
        assert (await http.get("/graphql")).status_code == 200
        assert (await http.get("/docs")).status_code == 200
        assert (await http.get("/metrics")).status_code == 200


async def test_production_switches_off_introspection_graphiql_and_docs() -> None:
    async with client(shop_app(production())) as http:
        introspection = await http.post(
            "/graphql", json={"query": INTROSPECTION}, headers=bearer(production_token())
        )
        assert introspection.json()["errors"][0]["extensions"]["code"] == (
            "GRAPHQL_VALIDATION_FAILED"
        )
        assert (await http.get("/graphql")).status_code == 405
        for path in ("/docs", "/redoc", "/openapi.json"):
            assert (await http.get(path)).status_code == 404


async def test_production_metrics_need_the_metrics_token() -> None:
    async with client(shop_app(production())) as http:
        assert (await http.get("/metrics")).status_code == 401
        assert (await http.get("/metrics", headers=bearer("wrong"))).status_code == 401
        scraped = await http.get("/metrics", headers=bearer("scrape-me"))
    assert scraped.status_code == 200
    assert "shop_graphql_request_duration_seconds" in scraped.text


@pytest.mark.parametrize(
    "claims",
    [{"iss": None}, {"aud": None}, {"iss": "https://evil"}, {"aud": "other"}],
    ids=["no-iss", "no-aud", "wrong-iss", "wrong-aud"],
)
async def test_production_requires_issuer_and_audience(claims: dict[str, object]) -> None:
    minted = production_token(**{k: v for k, v in claims.items() if v is not None})
    if None in claims.values():
        decoded = jwt.decode(minted, SECRET, algorithms=["HS256"], options={"verify_aud": False})
        for key in claims:
            decoded.pop(key)
        minted = jwt.encode(decoded, SECRET, algorithm="HS256")
    async with client(shop_app(production())) as http:
        refused = await http.post("/graphql", json={"query": "{ whoami }"}, headers=bearer(minted))
        accepted = await http.post(
            "/graphql", json={"query": "{ whoami }"}, headers=bearer(production_token())
        )
    assert refused.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    assert accepted.json()["data"] == {"whoami": "alice"}


async def test_production_refuses_a_token_living_longer_than_the_maximum() -> None:
    now = int(time.time())
    settings = production(jwt_max_lifetime_s=3600)
    async with client(shop_app(settings)) as http:
        long_lived = production_token(iat=now, exp=now + 7 * 86400)
        response = await http.post(
            "/graphql", json={"query": "{ whoami }"}, headers=bearer(long_lived)
        )
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "missing", ["jwt_issuer", "jwt_audience", "metrics_token", "jwt_max_lifetime_s"]
)
def test_production_refuses_to_start_without(missing: str) -> None:
    with pytest.raises(ValueError, match=missing.removesuffix("_s")):
        production(**{missing: None})


def test_the_dev_token_helper_still_works_in_development() -> None:
    assert token()
