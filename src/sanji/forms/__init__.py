"""The item forms: the online form (collective.easyform) used at the station and the blank form to print."""
