"""Export every CoP of a portfolio, in parallel processes, each export cached by its folder's
tree at the commit its records are at (two CoPs in one repository share a commit, never a
tree): a CoP whose folder has changes not committed (or record files not yet in git) is
exported again every time; one already exported (with the same options, on the same day)
is read from the cache. A source that is not a CoP, or a URL that cannot be cloned, is a failure
the caller lists; the others go on."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path

from copkit.portfolio.sources import Source

DONE = "export.json"  # written last in a cached export: what it holds


@dataclass(frozen=True)
class Settings:
    """What every export of the portfolio shares (picklable: sent to the processes)."""
    cache: Path
    start: _dt.date
    end: _dt.date
    label: str
    kind: str
    today: _dt.date
    pseudonymise: bool = False
    key_id: str = ""       # a fingerprint of the export key (never the key)


@dataclass
class Done:
    """One source's export, or why there is none (`failure`)."""
    index: int
    source: str
    folder: str = ""
    cop: str = ""          # the CoP's own id (from its charter's name)
    name: str = ""
    errors: int = 0
    commit: str | None = None
    export: str = ""       # the folder of its Parquet export
    cached: bool = False
    temporary: bool = False
    warnings: list[str] = field(default_factory=list)
    failure: str | None = None
    hint: str | None = None


def key_id(key: bytes | None) -> str:
    return "" if key is None else hashlib.sha256(b"fingerprint:" + key).hexdigest()[:16]


def _cache_key(settings: Settings, tree: str) -> str:
    from copkit import __version__
    from copkit.export.schema import SCHEMA_VERSION, TABLES

    # the tables and their columns too: a table or column added within a schema version (or
    # by a development build of the same copkit version) makes the cached exports stale
    layout = repr([(t.name, [(c.name, c.type) for c in t.columns]) for t in TABLES])
    parts = [tree, __version__, str(SCHEMA_VERSION), layout, settings.start.isoformat(),
             settings.end.isoformat(), settings.label, settings.today.isoformat(),
             str(settings.pseudonymise), settings.key_id]
    return hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]


def export_one(index: int, source: Source, settings: Settings) -> Done:
    """Clone (a URL) and export one source into the cache; a failure as a `Done` too."""
    from copkit.errors import CopkitError

    done = Done(index, source.given)
    try:
        folder = _folder(source, settings)
        done.folder = str(folder)
        _export(folder, settings, done)
    except CopkitError as e:
        done.failure, done.hint = e.message, e.hint
    except OSError as e:  # a folder that cannot be read, a full disk
        done.failure = f"{e.filename or source.given}: {e.strerror or e}"
    return done


def _folder(source: Source, settings: Settings) -> Path:
    from copkit.errors import NotACopError
    from copkit.portfolio.sources import clone

    folder = clone(settings.cache, source.url) if source.url else \
        Path(source.folder or source.given)
    if not folder.is_dir():
        raise NotACopError(f"{source.given}: not a folder", hint="give a CoP folder or URL")
    if not (folder / "charter.yaml").is_file():
        raise NotACopError(f"{source.given}: not a CoP (no charter.yaml)",
                           hint="give the folder holding charter.yaml")
    return folder


def _export(folder: Path, settings: Settings, done: Done) -> None:
    from copkit.export.run import commit_of, tree_of

    done.commit = commit_of(folder)
    # keyed by the folder's tree, not the commit: two CoPs in one repository share a commit
    tree = tree_of(folder) if done.commit is not None else None
    if tree is not None:
        target = settings.cache / "exports" / _cache_key(settings, tree)
        if _read_done(target, done):
            done.cached = True
            return
    else:
        target = settings.cache / "exports" / f"tmp-{uuid.uuid4().hex}"
        done.temporary = True
    _write(folder, settings, target, done)


def _read_done(target: Path, done: Done) -> bool:
    try:
        meta = json.loads((target / DONE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    done.cop, done.name, done.errors = meta["cop"], meta["name"], meta["errors"]
    done.warnings, done.export = list(meta["warnings"]), str(target)
    return True


def _write(folder: Path, settings: Settings, target: Path, done: Done) -> None:
    from copkit.export.run import Options, export_tables, write_export
    from copkit.periods import Period

    period = Period(settings.start, settings.end, settings.label, settings.kind)
    exported = export_tables(folder, Options(period, settings.today, settings.pseudonymise,
                                             commit=done.commit))
    staging = target.with_name(f"{target.name}.part-{uuid.uuid4().hex[:8]}")
    write_export(exported, "parquet", staging, force=True, contacts=False, staging=True)
    name = next(rows[0]["name"] for t, rows in exported.tables if t.name == "cop")
    meta = {"cop": exported.cop, "name": name, "errors": exported.errors,
            "warnings": exported.warnings, "commit": done.commit}
    (staging / DONE).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    try:
        os.replace(staging, target)
    except OSError:  # another run cached it meanwhile: keep theirs
        shutil.rmtree(staging, ignore_errors=True)
    done.cop, done.name, done.errors, done.warnings = (
        exported.cop, str(name), exported.errors, exported.warnings)
    done.export = str(target)


def run_all(sources: list[Source], settings: Settings, jobs: int,
            progress: Callable[[Done], None] | None = None) -> list[Done]:
    """Every source exported (in `jobs` processes when more than one), in the order given."""
    results: list[Done] = []
    for done in _each(sources, settings, jobs):
        results.append(done)
        if progress is not None:
            progress(done)
    return sorted(results, key=lambda d: d.index)


def _each(sources: list[Source], settings: Settings, jobs: int) -> Iterator[Done]:
    if jobs <= 1 or len(sources) <= 1:
        for n, source in enumerate(sources):
            yield export_one(n, source, settings)
        return
    import multiprocessing

    preload()

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    with ProcessPoolExecutor(max_workers=min(jobs, len(sources)),
                             mp_context=context) as pool:
        futures: list[Future[Done]] = [pool.submit(export_one, n, source, settings)
                                       for n, source in enumerate(sources)]
        for future in as_completed(futures):
            yield future.result()


def preload() -> None:
    """Import what every export needs once, before the processes fork: each starts with it
    (some 0.6 s of imports a process would otherwise pay)."""
    import importlib

    for name in ("pyarrow", "pyarrow.parquet", "copkit.export.run", "copkit.export.events",
                 "copkit.export.write", "copkit.output.report", "copkit.output.report_history",
                 "copkit.model.load", "copkit.indicators", "copkit.indicators.health",
                 "copkit.indicators.registry"):
        importlib.import_module(name)


def discard_temporary(results: list[Done]) -> None:
    """Remove the exports of folders with uncommitted changes (never reused)."""
    for done in results:
        if done.temporary and done.export:
            shutil.rmtree(done.export, ignore_errors=True)


def as_dict(done: Done) -> dict[str, object]:
    return asdict(done)
