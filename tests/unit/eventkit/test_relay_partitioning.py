"""The relay builds its own record batches per partition: each event must land on the partition
the producer's ``send`` would have chosen (its default partitioner), or one aggregate's events
could be split across partitions and lose their order."""

from __future__ import annotations

from aiokafka.partitioner import DefaultPartitioner
from eventkit.cloudevents import kafka_key
from eventkit.relay import partition_for
from hypothesis import given
from hypothesis import strategies as st


@given(
    tenant=st.text(min_size=1, max_size=20),
    stream=st.text(min_size=1, max_size=60),
    count=st.integers(min_value=1, max_value=24),
)
def test_the_relay_picks_the_partition_send_would(tenant: str, stream: str, count: int) -> None:
    key = kafka_key(tenant, stream)
    partitions = list(range(count))
    assert partition_for(key, partitions) == DefaultPartitioner()(key, partitions, partitions)
    assert partition_for(key, partitions) == partition_for(key, partitions)  # cached: the same
