"""The neutral label shown instead of an erased practitioner's name, in every service."""

ERASED_LABEL = "Former practitioner"
