"""`copkit export`: a CoP's records as tidy tables with a versioned schema, in Parquet
(hive-style folders that DuckDB, Spark, Trino or a warehouse read as one dataset), CSV or
JSON Lines; `copkit portfolio` (`copkit.portfolio`) reads many of them.

- `schema`: the tables, their columns, types and descriptions (`TABLES`, `json_schema`);
- `rows`: each table's rows from a loaded CoP; `events`: the `practice_events` table (the
  records' dates first, git's where they say nothing);
- `pseudo`: the keyed hashes of --pseudonymise and of a person's email (key from
  COPKIT_EXPORT_KEY, never stored);
- `write`: the files of each format; `run`: one CoP's export, start to end.
"""
