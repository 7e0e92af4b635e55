"""``clc`` by typer's CliRunner: what needs neither a database nor a broker."""

from __future__ import annotations

import jwt
from clc_cli.main import app
from devstack.services import DEV_JWT_SECRET
from typer.testing import CliRunner

runner = CliRunner()


def test_every_operator_command_is_listed() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("token", "supergraph", "projection", "topic", "dead-letters"):
        assert command in result.output


def test_a_dev_token_carries_tenant_person_and_roles() -> None:
    result = runner.invoke(
        app, ["token", "--tenant", "t9", "--person", "p9", "--role", "b", "--role", "a"]
    )
    assert result.exit_code == 0
    claims = jwt.decode(result.output.strip(), DEV_JWT_SECRET, algorithms=["HS256"])
    assert (claims["tid"], claims["sub"], claims["roles"]) == ("t9", "p9", ["a", "b"])


def test_a_token_is_signed_with_the_secret_given() -> None:
    result = runner.invoke(app, ["token", "--secret", "s" * 40, "--ttl", "60"])
    claims = jwt.decode(result.output.strip(), "s" * 40, algorithms=["HS256"])
    assert claims["exp"] - claims["iat"] == 60
    assert claims["roles"] == ["tenant_admin"]


def test_the_committed_supergraph_checks_clean() -> None:
    result = runner.invoke(app, ["supergraph", "check"])
    assert result.exit_code == 0, result.output
    assert "fresh" in result.output


def test_a_services_projections_are_listed_by_name() -> None:
    result = runner.invoke(app, ["projection", "list", "groups"])
    assert result.exit_code == 0
    assert "groups.networks" in result.output.split()


def test_an_unknown_service_or_projection_is_named() -> None:
    unknown = runner.invoke(app, ["projection", "list", "billing"])
    assert unknown.exit_code != 0
    assert "unknown service 'billing'" in unknown.output
    projection = runner.invoke(app, ["projection", "rebuild", "groups", "groups.nope"])
    assert projection.exit_code != 0
    assert "no projection 'groups.nope'" in projection.output


def test_replay_needs_all_or_ids() -> None:
    result = runner.invoke(app, ["dead-letters", "replay", "groups"])
    assert result.exit_code != 0
    assert "--all or at least one --id" in result.output


def test_a_broker_that_does_not_answer_is_named() -> None:
    # no broker answers on port 1: the command fails rather than hanging
    result = runner.invoke(app, ["topic", "tail", "nope", "--bootstrap", "127.0.0.1:1"])
    assert result.exit_code == 1
    assert "cannot reach Kafka at 127.0.0.1:1" in result.output
