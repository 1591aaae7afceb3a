"""The case workflow: routing between tiers, guards, local roles, and what happens on each step.

The states and transitions themselves are GenericSetup XML in
profiles/default/workflows/sanji_application_workflow, with a plain-language SPEC.md beside it.
"""
