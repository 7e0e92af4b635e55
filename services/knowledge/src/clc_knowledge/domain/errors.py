"""Every refusal the knowledge domain can give, one class per named rule.

Each error carries a stable SCREAMING_SNAKE ``code`` (what GraphQL ``userErrors`` return), a
``default_message`` a person can act on, and, where one input broke the rule, the ``field``::

    DomainError (eventkit)
    ├── RuleViolated
    │   ├── ArtefactAlreadyExists            an artefact with this id was already drafted
    │   ├── PublicArtefactNeedsCitation      a public-field artefact cites at least one source
    │   ├── CoConstructedNeedsProvenance     co-constructed knowledge names its enquiry or group
    │   ├── CoConstructedNeedsTwoContributors  ... and has two or more contributors
    │   ├── VisibilityNeedsScope             group/school/network visibility names that scope
    │   ├── CommonsOnlyByPublishing          the commons is reached only by publishing to it
    │   ├── StaleVersion                     a revision is of the current version (none lost)
    │   ├── RevisionChangesNothing           a revision changes something
    │   ├── ArtefactAlreadyPublished         an artefact is published once
    │   ├── ArtefactNotPublished             only published artefacts are adapted, endorsed,
    │   │                                    used, put in the commons or a published toolkit
    │   ├── ArtefactIsRetired                a retired artefact takes no further changes
    │   ├── AlreadyInCommons                 published to the commons once (until withdrawn)
    │   ├── NotInCommons                     only what is in the commons is withdrawn from it
    │   ├── SelfEndorsement                  contributors do not endorse their own artefact
    │   ├── AlreadyEndorsed                  one endorsement per person
    │   ├── BestPracticeNeedsPeerEndorsement  "best practice" after an endorsement from
    │   │                                    another school only
    │   ├── AlreadyBestPractice              claimed once
    │   ├── UseAlreadyRecorded               a use id is recorded once
    │   ├── DuplicateAttachmentId            an attachment id is used once
    │   ├── AttachmentTooLarge               attachments are at most 20 MB
    │   └── AttachmentTypeNotAllowed         PDF, DOCX and images only (by sniffed type)
    ├── NotAuthorized
    │   ├── NotInScope                       an artefact is placed only in the actor's own
    │   │                                    group, school or network
    │   ├── NotAnEditor                      contributors, the group's leaders or a tenant admin
    │   │                                    revise, publish, attach and retire
    │   └── NotACommonsPublisher             only a tenant admin or a network co-leader publishes
    │                                        to (and withdraws from) the commons
    └── NotFound
        ├── ArtefactNotFound
        └── AttachmentNotFound

A ``tenant_admin`` passes every ``NotAuthorized`` check; no one passes a ``RuleViolated`` one.
"""

from __future__ import annotations

from eventkit.errors import NotAuthorized, NotFound, RuleViolated

__all__ = [
    "MAX_ATTACHMENT_BYTES",
    "AlreadyBestPractice",
    "AlreadyEndorsed",
    "AlreadyInCommons",
    "ArtefactAlreadyExists",
    "ArtefactAlreadyPublished",
    "ArtefactIsRetired",
    "ArtefactNotFound",
    "ArtefactNotPublished",
    "AttachmentNotFound",
    "AttachmentTooLarge",
    "AttachmentTypeNotAllowed",
    "BestPracticeNeedsPeerEndorsement",
    "CoConstructedNeedsProvenance",
    "CoConstructedNeedsTwoContributors",
    "CommonsOnlyByPublishing",
    "DuplicateAttachmentId",
    "NotACommonsPublisher",
    "NotAnEditor",
    "NotInCommons",
    "NotInScope",
    "PublicArtefactNeedsCitation",
    "RevisionChangesNothing",
    "SelfEndorsement",
    "StaleVersion",
    "UseAlreadyRecorded",
    "VisibilityNeedsScope",
]

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


class ArtefactAlreadyExists(RuleViolated):
    code = "ARTEFACT_ALREADY_EXISTS"
    default_message = "An artefact with this id already exists"


class PublicArtefactNeedsCitation(RuleViolated):
    code = "PUBLIC_ARTEFACT_NEEDS_CITATION"
    default_message = "An artefact from the public field of knowledge cites at least one source"


class CoConstructedNeedsProvenance(RuleViolated):
    code = "CO_CONSTRUCTED_NEEDS_PROVENANCE"
    default_message = "Co-constructed knowledge names the enquiry or group it came from"


class CoConstructedNeedsTwoContributors(RuleViolated):
    code = "CO_CONSTRUCTED_NEEDS_TWO_CONTRIBUTORS"
    default_message = "Co-constructed knowledge has two or more contributors"


class VisibilityNeedsScope(RuleViolated):
    code = "VISIBILITY_NEEDS_SCOPE"
    default_message = (
        "Group, school or network visibility needs the artefact's group, school or network"
    )


class CommonsOnlyByPublishing(RuleViolated):
    code = "COMMONS_ONLY_BY_PUBLISHING"
    default_message = (
        "The commons is reached only by publishing the artefact to it (publishArtefactToCommons)"
    )


class StaleVersion(RuleViolated):
    code = "STALE_VERSION"
    default_message = "The artefact has a newer version: revise that one (versions are kept)"


class RevisionChangesNothing(RuleViolated):
    code = "REVISION_CHANGES_NOTHING"
    default_message = "The revision is the same as the current version"


class ArtefactAlreadyPublished(RuleViolated):
    code = "ARTEFACT_ALREADY_PUBLISHED"
    default_message = "The artefact is already published"


class ArtefactNotPublished(RuleViolated):
    code = "ARTEFACT_NOT_PUBLISHED"
    default_message = "Only a published artefact can be adapted, endorsed, used or shared"


class ArtefactIsRetired(RuleViolated):
    code = "ARTEFACT_IS_RETIRED"
    default_message = "The artefact is retired and takes no further changes"


class AlreadyInCommons(RuleViolated):
    code = "ALREADY_IN_COMMONS"
    default_message = "The artefact is already in the commons"


class NotInCommons(RuleViolated):
    code = "NOT_IN_COMMONS"
    default_message = "The artefact is not in the commons"


class SelfEndorsement(RuleViolated):
    code = "SELF_ENDORSEMENT"
    default_message = "Contributors cannot endorse their own artefact"


class AlreadyEndorsed(RuleViolated):
    code = "ALREADY_ENDORSED"
    default_message = "You have already endorsed this artefact"


class BestPracticeNeedsPeerEndorsement(RuleViolated):
    code = "BEST_PRACTICE_NEEDS_PEER_ENDORSEMENT"
    default_message = (
        "Best practice is claimed only after an endorsement from another school (peer validation)"
    )


class AlreadyBestPractice(RuleViolated):
    code = "ALREADY_BEST_PRACTICE"
    default_message = "The artefact is already claimed as best practice"


class UseAlreadyRecorded(RuleViolated):
    code = "USE_ALREADY_RECORDED"
    default_message = "This use of the artefact is already recorded"


class DuplicateAttachmentId(RuleViolated):
    code = "DUPLICATE_ATTACHMENT_ID"
    default_message = "This id is already used by another attachment"


class AttachmentTooLarge(RuleViolated):
    code = "ATTACHMENT_TOO_LARGE"
    default_message = "An attachment is at most 20 MB"


class AttachmentTypeNotAllowed(RuleViolated):
    code = "ATTACHMENT_TYPE_NOT_ALLOWED"
    default_message = "Attachments are PDF, DOCX or images (the content decides, not the name)"


class NotInScope(NotAuthorized):
    code = "NOT_IN_SCOPE"
    default_message = "An artefact is placed only in your own group, school or network"


class NotAnEditor(NotAuthorized):
    code = "NOT_AN_EDITOR"
    default_message = (
        "Only the artefact's contributors, its group's leaders or a tenant admin can change it"
    )


class NotACommonsPublisher(NotAuthorized):
    code = "NOT_A_COMMONS_PUBLISHER"
    default_message = "Only a tenant admin or a network co-leader publishes to the commons"


class ArtefactNotFound(NotFound):
    code = "ARTEFACT_NOT_FOUND"
    default_message = "No such artefact"


class AttachmentNotFound(NotFound):
    code = "ATTACHMENT_NOT_FOUND"
    default_message = "No such attachment"
