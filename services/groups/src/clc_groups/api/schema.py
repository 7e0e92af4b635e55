"""The groups subgraph schema (Apollo Federation v2)."""

from __future__ import annotations

from servicekit.federation import FederationSchema
from strawberry.tools import merge_types

from clc_groups.roster.graphql import RosterMutation

from .mutations import Mutation
from .privacy import PersonalDataAudit, PersonalDataExport, PrivacyQueries
from .programmes import Programme
from .queries import Query
from .types import LearningGroup, Network, Organisation, Practitioner, School

__all__ = ["build_schema"]


def build_schema() -> FederationSchema:
    return FederationSchema(
        query=merge_types("Query", (Query, PrivacyQueries)),
        mutation=merge_types("Mutation", (Mutation, RosterMutation)),
        types=[
            School,
            Organisation,
            Practitioner,
            Network,
            LearningGroup,
            Programme,
            PersonalDataExport,
            PersonalDataAudit,
        ],
        federation_version="2.5",
    )
