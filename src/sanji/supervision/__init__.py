"""Electronic supervision (电子监察): the sweep, yellow and red cards, the dashboard and public statistics.

sweep: runs every ISweepTask (``sanji-sweep``, ``@@sanji-sweep``); cards: the task ``10-cards``;
thresholds and settings: when a case earns a yellow card; indexers: what the figures aggregate;
figures: the one place the numbers come from (dashboard, export, public page, ``@supervision``).
Everything reads the catalog; only the cases that get a card, and the twenty public ones, are woken.
"""
