"""The small internal API that views, services and subscribers call: logic lives here, not in views."""
