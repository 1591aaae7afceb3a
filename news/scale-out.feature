Several instances over one RelStorage database: `sanji.testing_cluster` starts real instances for tests and
benchmarks; a two-instance test of concurrent submissions, steps, sweeps and SMS; concurrent submissions no
longer conflict on the audit chain, a village's order list or modification date, or the full-text indexes;
`bench.intake` measures intake on one instance against two.
