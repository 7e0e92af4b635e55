from __future__ import annotations

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from eventkit.errors import AuthenticationFailed
from eventkit.principal import JwtVerifier, issue_dev_token

SECRET = "dev-secret-for-tests-only-0123456789"


def test_a_dev_token_yields_the_principal_with_tenant_person_and_roles() -> None:
    token = issue_dev_token(SECRET, tenant_id="t1", person_id="p1", roles=["tenant_admin"])
    principal = JwtVerifier(hs256_secret=SECRET).verify(token)
    assert (principal.tenant_id, principal.person_id) == ("t1", "p1")
    assert principal.has_role("tenant_admin")
    assert principal.actor().tenant_id == "t1"


def test_a_token_signed_with_another_secret_is_refused() -> None:
    token = issue_dev_token("another-secret-0123456789-abcdefgh", tenant_id="t1", person_id="p1")
    with pytest.raises(AuthenticationFailed):
        JwtVerifier(hs256_secret=SECRET).verify(token)


def test_an_expired_token_is_refused() -> None:
    token = issue_dev_token(SECRET, tenant_id="t1", person_id="p1", ttl_s=-120)
    with pytest.raises(AuthenticationFailed):
        JwtVerifier(hs256_secret=SECRET).verify(token)


def test_a_token_without_a_tenant_is_refused() -> None:
    token = jwt.encode({"sub": "p1", "exp": int(time.time()) + 60}, SECRET, algorithm="HS256")
    with pytest.raises(AuthenticationFailed, match="tenant"):
        JwtVerifier(hs256_secret=SECRET).verify(token)


def test_a_missing_bearer_header_is_refused() -> None:
    with pytest.raises(AuthenticationFailed):
        JwtVerifier(hs256_secret=SECRET).verify_header(None)


def test_an_es256_token_verifies_against_a_jwks() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    jwk = jwt.algorithms.ECAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": "k1", "alg": "ES256", "use": "sig"})
    claims = {"sub": "p9", "tid": "t9", "roles": ["teacher"], "exp": int(time.time()) + 60}
    token = jwt.encode(claims, key, algorithm="ES256", headers={"kid": "k1"})
    principal = JwtVerifier(jwks={"keys": [jwk]}).verify(token)
    assert principal.tenant_id == "t9" and principal.roles == frozenset({"teacher"})


def test_an_unsigned_token_is_refused() -> None:
    token = jwt.encode(
        {"sub": "p1", "tid": "t1", "exp": int(time.time()) + 60}, None, algorithm="none"
    )
    with pytest.raises(AuthenticationFailed):
        JwtVerifier(hs256_secret=SECRET).verify(token)


def _rsa_jwks() -> dict[str, object]:
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key(), as_dict=True)
    jwk.update({"kid": "k1", "alg": "RS256", "use": "sig"})
    return {"keys": [jwk]}


def test_an_es256_header_against_an_rsa_jwk_is_unauthenticated_not_a_crash() -> None:
    ec_key = ec.generate_private_key(ec.SECP256R1())
    claims = {"sub": "p1", "tid": "t1", "exp": int(time.time()) + 60}
    token = jwt.encode(claims, ec_key, algorithm="ES256", headers={"kid": "k1"})
    with pytest.raises(AuthenticationFailed):
        JwtVerifier(jwks=_rsa_jwks()).verify(token)


@pytest.mark.parametrize(
    "token",
    ["", "x", "a.b.c", "eyJhbGciOiJIUzI1NiJ9.e30.", "eyJhbGciOiJFUzI1NiIsImtpZCI6MX0.e30.AAAA"],
)
def test_garbage_tokens_are_unauthenticated(token: str) -> None:
    for verifier in (JwtVerifier(hs256_secret=SECRET), JwtVerifier(jwks=_rsa_jwks())):
        with pytest.raises(AuthenticationFailed):
            verifier.verify(token)


def test_issuer_and_audience_are_required_when_configured() -> None:
    verifier = JwtVerifier(hs256_secret=SECRET, issuer="https://idp", audience="clc")
    base = {"sub": "p1", "tid": "t1", "exp": int(time.time()) + 60}
    for claims in (base, {**base, "iss": "https://idp"}, {**base, "aud": "clc"}):
        with pytest.raises(AuthenticationFailed):
            verifier.verify(jwt.encode(claims, SECRET, algorithm="HS256"))
    good = jwt.encode({**base, "iss": "https://idp", "aud": "clc"}, SECRET, algorithm="HS256")
    assert verifier.verify(good).tenant_id == "t1"


def test_a_token_living_longer_than_the_maximum_is_refused() -> None:
    verifier = JwtVerifier(hs256_secret=SECRET, max_lifetime_s=3600)
    assert verifier.verify(issue_dev_token(SECRET, tenant_id="t", person_id="p", ttl_s=3600))
    with pytest.raises(AuthenticationFailed, match="longer"):
        verifier.verify(issue_dev_token(SECRET, tenant_id="t", person_id="p", ttl_s=30 * 86400))
    no_iat = {"sub": "p", "tid": "t", "exp": int(time.time()) + 30 * 86400}
    with pytest.raises(AuthenticationFailed, match="longer"):
        verifier.verify(jwt.encode(no_iat, SECRET, algorithm="HS256"))


def test_a_verified_token_is_remembered_but_not_past_its_expiry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    verifier = JwtVerifier(hs256_secret=SECRET, leeway_s=0, cache_ttl_s=600)
    token = issue_dev_token(SECRET, tenant_id="t1", person_id="p1", ttl_s=60)
    assert verifier.verify(token).person_id == "p1"
    calls: list[str] = []
    real = verifier._verify
    monkeypatch.setattr(verifier, "_verify", lambda t: calls.append(t) or real(t))
    assert verifier.verify(token).person_id == "p1"
    assert calls == []  # remembered
    later = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: later)
    verifier.verify(token)  # past its expiry the token is verified again (PyJWT's own clock)
    assert calls == [token]


def test_a_refused_token_is_not_remembered() -> None:
    verifier = JwtVerifier(hs256_secret=SECRET)
    forged = issue_dev_token("another-secret-0123456789-abcdefgh", tenant_id="t", person_id="p")
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            verifier.verify(forged)
