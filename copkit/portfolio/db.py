"""The portfolio's tables in DuckDB (embedded, in memory): each table of `copkit export`
holding the rows of every CoP, its `cop` column the CoP's id in the portfolio (made unique
where two CoPs share one, by the folder's name). `write_dataset` copies the exports into one
hive-style folder, the same layout as `copkit export`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from copkit.portfolio.build import Done


@dataclass(frozen=True)
class Member:
    """A CoP of the portfolio: its export and its id there."""
    done: Done
    cop: str


def unique_ids(results: list[Done]) -> list[Member]:
    """The exported CoPs with ids unique across the portfolio: a second CoP with an id
    already taken gets its folder's name added (`-<folder>`), then a number."""
    from copkit.text import slugify

    taken: set[str] = set()
    out = []
    for done in results:
        if done.failure is not None:
            continue
        cop = done.cop
        if cop in taken:
            base = f"{done.cop}-{slugify(Path(done.folder).name) or 'cop'}"
            cop, n = base, 2
            while cop in taken:
                cop, n = f"{base}-{n}", n + 1
        taken.add(cop)
        out.append(Member(done, cop))
    return out


def part(member: Member, table: str) -> Path:
    return Path(member.done.export) / f"table={table}" / f"cop={member.done.cop}" / \
        "part-0.parquet"


def connect(members: list[Member]) -> Any:
    """An in-memory DuckDB with one table per export table, every CoP's rows in it."""
    import duckdb

    from copkit.export.schema import TABLES
    from copkit.export.write import arrow_type, columns

    db = duckdb.connect(":memory:")
    db.execute("CREATE TABLE portfolio_files (file VARCHAR, cop VARCHAR)")
    rows = [(str(part(m, t.name)), m.cop) for m in members for t in TABLES]  # file -> cop
    if rows:
        db.executemany("INSERT INTO portfolio_files VALUES (?, ?)", rows)
    for t in TABLES:
        # each file once: two CoPs at one commit (a copy) share their cached export
        files = sorted({str(part(m, t.name)) for m in members})
        kept = columns(t, contacts=False)  # a portfolio has no contact detail
        if not files:
            cols = ", ".join(f'"{c.name}" {_sql_type(arrow_type(c.type))}' for c in kept)
            db.execute(f'CREATE TABLE "{t.name}" ({cols})')
            continue
        names = ", ".join(f't."{c.name}"' for c in kept if c.name != "cop")
        db.execute(f'CREATE TABLE "{t.name}" AS SELECT f.cop, {names} FROM read_parquet('
                   f"$files, filename = true, union_by_name = true) t JOIN portfolio_files f "
                   "ON t.filename = f.file", {"files": files})
    db.execute("DROP TABLE portfolio_files")
    return db


def _sql_type(arrow: Any) -> str:
    text = str(arrow)
    return {"string": "VARCHAR", "int64": "BIGINT", "double": "DOUBLE", "date32[day]": "DATE",
            "bool": "BOOLEAN", "list<item: string>": "VARCHAR[]",
            "list<item: date32[day]>": "DATE[]"}[text]


def write_dataset(members: list[Member], out: Path, *, force: bool) -> list[Path]:
    """Every CoP's export copied into one hive-style folder `out`
    (`table=<name>/cop=<portfolio id>/part-0.parquet`) with its schema.json."""
    from copkit.export.schema import TABLES
    from copkit.export.write import schema_text
    from copkit.output.files import refuse_existing, write_outputs

    targets = [(part(m, t.name), out / f"table={t.name}" / f"cop={m.cop}" / "part-0.parquet")
               for m in members for t in TABLES]
    refuse_existing([dest for _, dest in targets], force)
    # all files or none (each atomically)
    write_outputs([(dest, src.read_bytes()) for src, dest in targets], force=force,
                  exists_hint="add --force to replace it, or choose another --out DIR")
    write_outputs([(out / "schema.json", schema_text())], force=True)
    return [dest for _, dest in targets]


def query(db: Any, sql: str, limit: int = 10_000) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The columns and rows (at most `limit`) of a query of the user's."""
    import duckdb

    from copkit.errors import CopkitError

    try:
        cursor = db.execute(sql)
    except duckdb.Error as e:
        raise CopkitError(f"the query failed: {str(e).splitlines()[0]}",
                          hint="tables: " + ", ".join(tables(db))) from None
    if cursor.description is None:
        return [], []
    cols = [d[0] for d in cursor.description]
    return cols, cursor.fetchmany(limit)


def tables(db: Any) -> list[str]:
    return [r[0] for r in db.execute("SELECT table_name FROM information_schema.tables "
                                     "ORDER BY table_name").fetchall()]
