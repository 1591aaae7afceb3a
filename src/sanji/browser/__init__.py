"""Public pages of the portal: the service catalog and the guides."""
