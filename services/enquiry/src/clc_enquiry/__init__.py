"""The enquiry service."""
