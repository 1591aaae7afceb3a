The portal installs and starts with `make start` (Plone 6.2 Classic UI, Simplified Chinese first) and publishes
the sample Suning county's service catalog: 12 departments, 59 service items with guides, blank forms and
online forms, townships, villages and demo staff. `make test` runs the whole suite.
