"""Reads for the organisation."""

from .models import OrganisationProfile


def organisation_profile() -> OrganisationProfile:
    """The centre's profile (created with defaults on first use)."""
    profile, _created = OrganisationProfile.objects.get_or_create(pk=1)
    return profile
