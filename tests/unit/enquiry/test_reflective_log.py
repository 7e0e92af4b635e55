"""A personal reflective log: private by default, shared entry by entry with a group, withdrawn."""

from __future__ import annotations

from clc_enquiry.domain import (
    REFLECTIVE_LOG_DECIDER,
    AlreadySharedWithGroup,
    NotSharedWithGroup,
    NotYourReflectiveLog,
    ReflectiveLogEntryAlreadyExists,
    ReflectiveLogEntryNotFound,
    ReflectiveLogEntryShared,
    ReflectiveLogEntryWritten,
    ReflectiveLogShareWithdrawn,
    ShareOnlyWithYourGroup,
    ShareReflectiveLogEntry,
    WithdrawReflectiveLogShare,
    WriteReflectiveLogEntry,
)
from eventkit.domain import Actor

from tests.support.scenario import given

from .builders import (
    GROUP,
    MEMBER,
    MEMBER_2,
    OUTSIDER,
    WRITTEN_AT,
    admin,
    as_actor,
    membership,
    uid,
)

ENTRY = uid("log-entry-1")
TEXT = "I talked over the quiet ones again today"


def write(by: str | Actor = MEMBER) -> WriteReflectiveLogEntry:
    return WriteReflectiveLogEntry(
        actor=as_actor(by), entry_id=ENTRY, text=TEXT, written_at=WRITTEN_AT
    )


def written(by: str = MEMBER) -> ReflectiveLogEntryWritten:
    return ReflectiveLogEntryWritten(entry_id=ENTRY, author_id=by, text=TEXT, written_at=WRITTEN_AT)


def share(by: str | Actor = MEMBER) -> ShareReflectiveLogEntry:
    return ShareReflectiveLogEntry(actor=as_actor(by), entry_id=ENTRY, membership=membership())


def shared(by: str = MEMBER) -> ReflectiveLogEntryShared:
    return ReflectiveLogEntryShared(entry_id=ENTRY, author_id=by, group_id=GROUP)


def withdraw(by: str | Actor = MEMBER) -> WithdrawReflectiveLogShare:
    return WithdrawReflectiveLogShare(actor=as_actor(by), entry_id=ENTRY, group_id=GROUP)


def withdrawn(by: str = MEMBER) -> ReflectiveLogShareWithdrawn:
    return ReflectiveLogShareWithdrawn(entry_id=ENTRY, author_id=by, group_id=GROUP)


def test_a_practitioner_writes_an_entry_of_their_own_log() -> None:
    state = given(REFLECTIVE_LOG_DECIDER).when(write()).then(written())
    assert state.shared_with == frozenset()  # private by default


def test_an_entry_id_is_used_once() -> None:
    given(REFLECTIVE_LOG_DECIDER, written()).when(write()).then_refused(
        ReflectiveLogEntryAlreadyExists, field="entry_id"
    )


def test_the_writer_shares_an_entry_with_their_group() -> None:
    state = given(REFLECTIVE_LOG_DECIDER, written()).when(share()).then(shared())
    assert state.shared_with == {GROUP}


def test_only_the_writer_shares_it() -> None:
    given(REFLECTIVE_LOG_DECIDER, written()).when(share(MEMBER_2)).then_refused(
        NotYourReflectiveLog
    )


def test_not_even_a_tenant_admin_shares_someone_elses_entry() -> None:
    given(REFLECTIVE_LOG_DECIDER, written()).when(share(admin())).then_refused(NotYourReflectiveLog)


def test_an_entry_is_shared_only_with_a_group_of_the_writer() -> None:
    given(REFLECTIVE_LOG_DECIDER, written(OUTSIDER)).when(share(OUTSIDER)).then_refused(
        ShareOnlyWithYourGroup, field="group_id"
    )


def test_an_entry_is_shared_once_with_a_group() -> None:
    given(REFLECTIVE_LOG_DECIDER, written(), shared()).when(share()).then_refused(
        AlreadySharedWithGroup, field="group_id"
    )


def test_the_writer_withdraws_a_share() -> None:
    state = given(REFLECTIVE_LOG_DECIDER, written(), shared()).when(withdraw()).then(withdrawn())
    assert state.shared_with == frozenset()


def test_a_share_that_does_not_exist_is_not_withdrawn() -> None:
    given(REFLECTIVE_LOG_DECIDER, written()).when(withdraw()).then_refused(
        NotSharedWithGroup, field="group_id"
    )


def test_only_the_writer_withdraws_a_share() -> None:
    given(REFLECTIVE_LOG_DECIDER, written(), shared()).when(withdraw(MEMBER_2)).then_refused(
        NotYourReflectiveLog
    )


def test_a_withdrawn_share_may_be_given_again() -> None:
    history = [written(), shared(), withdrawn()]
    given(REFLECTIVE_LOG_DECIDER, *history).when(share()).then(shared())


def test_an_unwritten_entry_is_not_found() -> None:
    given(REFLECTIVE_LOG_DECIDER).when(share()).then_refused(
        ReflectiveLogEntryNotFound, field="entry_id"
    )
