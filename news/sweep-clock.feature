An instance that runs alone sweeps by itself every ten minutes (`SANJI_SWEEP_INTERVAL`); the chart turns the local clock off where its CronJob sweeps.
