"""Console scripts: instance configuration, site creation, maintenance."""
