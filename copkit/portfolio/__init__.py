"""`copkit portfolio`: many CoPs read as one. Each CoP (a folder, or a git URL cloned
shallowly into copkit's cache) is exported with `copkit.export`, in parallel processes and
cached by the commit its records are at; the tables are loaded into DuckDB (embedded, in
memory); the portfolio report (md, html, pdf) puts the CoPs side by side.

- `sources`: folders and URLs, the LIST file, the refusals, the shallow clone;
- `build`: the exports, in processes, and their cache; `db`: DuckDB and the combined
  dataset; `summary`: the report's data (headline figures, health, outliers, totals);
- `run`: the whole, for the command.
"""
