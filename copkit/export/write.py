"""The export's files in each format, as (path, bytes) to write all or none
(`copkit.output.files.write_outputs`):

- `parquet`: hive-style, one folder per table and per CoP,
  `table=<name>/cop=<id>/part-0.parquet`, typed (dates as dates, counts as 64-bit integers,
  money as doubles, lists as lists); the CoP's id is the partition, not a column of the file;
- `csv`: `<name>.csv` per table, the CoP's id as the first column, lists joined with "; ",
  cells a spreadsheet would run as a formula defused (`copkit.output.csvout`);
- `jsonl`: `<name>.jsonl` per table, one JSON object per row, dates as YYYY-MM-DD.

Every export also holds `schema.json` (`copkit.export.schema.json_schema`)."""

from __future__ import annotations

import datetime as _dt
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from copkit.export.schema import CONTACT_COLUMNS, Column, Table, json_schema

FORMATS = ("parquet", "csv", "jsonl")
Files = list[tuple[Path, str | bytes]]


def columns(table: Table, contacts: bool) -> list[Column]:
    """The table's columns as written: contact columns only with --include-contacts."""
    return [c for c in table.columns if contacts or c.name not in CONTACT_COLUMNS]


def parquet_path(out: Path, table: str, cop: str) -> Path:
    return out / f"table={table}" / f"cop={cop}" / "part-0.parquet"


def files(fmt: str, out: Path, cop: str, tables: Sequence[tuple[Table, list[dict[str, Any]]]],
          contacts: bool) -> Files:
    """The files of one CoP's export in `fmt`."""
    written: Files = [(out / "schema.json", schema_text().encode("utf-8"))]
    for table, rows in tables:
        cols = columns(table, contacts)
        if fmt == "parquet":
            written.append((parquet_path(out, table.name, cop), parquet_bytes(cols, rows)))
        elif fmt == "csv":
            written.append((out / f"{table.name}.csv", csv_bytes(cop, cols, rows)))
        else:
            written.append((out / f"{table.name}.jsonl", jsonl_bytes(cop, cols, rows)))
    return written


def schema_text() -> str:
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


def arrow_type(type_name: str) -> Any:
    import pyarrow as pa

    return {"string": pa.string(), "int": pa.int64(), "float": pa.float64(),
            "date": pa.date32(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string()),
            "list<date>": pa.list_(pa.date32())}[type_name]


def arrow_schema(cols: Sequence[Column]) -> Any:
    """The Parquet schema of a table's file: every column but the partition (`cop`), with
    its description as field metadata."""
    import pyarrow as pa

    return pa.schema([pa.field(c.name, arrow_type(c.type),
                               metadata={"description": c.description})
                      for c in cols if c.name != "cop"])


def parquet_bytes(cols: Sequence[Column], rows: list[dict[str, Any]]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(cols)
    data = {f.name: [r.get(f.name) for r in rows] for f in schema}
    table = pa.Table.from_pydict(data, schema=schema)
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


def csv_bytes(cop: str, cols: Sequence[Column], rows: list[dict[str, Any]]) -> bytes:
    from copkit.output.csvout import to_csv

    names = [c.name for c in cols]
    return to_csv(({**r, "cop": cop} for r in rows), names).encode("utf-8")


def _plain(value: Any) -> Any:
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def jsonl_bytes(cop: str, cols: Sequence[Column], rows: list[dict[str, Any]]) -> bytes:
    from copkit.text import printable_json

    names = [c.name for c in cols]
    lines = [printable_json(json.dumps({n: cop if n == "cop" else _plain(r.get(n))
                                        for n in names}, ensure_ascii=False))
             for r in rows]
    return ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8")
