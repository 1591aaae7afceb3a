"""Named vocabularies: tiers, item types, material forms, departments."""
