"""The three-broker cluster's configuration, read from the files it writes (no JVM started):
three combined voters, replication 3 with ``min.insync.replicas=2``, and an ``EXTERNAL``
listener advertised at the caller's proxy ports."""

from __future__ import annotations

from pathlib import Path

from devstack.kafka_cluster import KafkaCluster


def _properties(path: Path) -> dict[str, str]:
    lines = path.read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if line)


def test_three_combined_voters_replicate_three_times_and_advertise_the_proxies(
    tmp_path: Path,
) -> None:
    cluster = KafkaCluster(3, cache=tmp_path, external_advertised=[41001, 41002, 41003])
    cluster.run_dir = tmp_path / "cluster"
    cluster.run_dir.mkdir()
    cluster._layout()
    nodes = [_properties(n.config) for n in cluster.nodes]

    voters = {n["controller.quorum.voters"] for n in nodes}
    assert len(voters) == 1 and voters.pop().count("@127.0.0.1:") == 3
    for index, node in enumerate(nodes):
        assert node["process.roles"] == "broker,controller"
        assert node["node.id"] == str(index + 1)
        assert node["default.replication.factor"] == "3"
        assert node["min.insync.replicas"] == "2"
        assert node["offsets.topic.replication.factor"] == "3"
        assert node["unclean.leader.election.enable"] == "false"
        assert f"EXTERNAL://127.0.0.1:{41001 + index}" in node["advertised.listeners"]
        real = cluster.nodes[index].external_port
        assert f"EXTERNAL://127.0.0.1:{real}" in node["listeners"]
    assert cluster.bootstrap_servers.count(",") == 2
