#!/usr/bin/env python3
"""Checks that the Spark job's output equals `lagebild export`:

    compare_parquet.py EXPORT_DIR JOB_DIR

EXPORT_DIR holds `<table>.parquet` from `lagebild export --format parquet`,
JOB_DIR the job's `<table>/*.parquet`. Equal means the same tables and,
per table, every job file has the export's Arrow schema (field names,
types, nullability, in order) and the job's rows are the export's rows as
a multiset (the order of rows across files is not part of the contract). Prints one line per table;
exit code 1 on any difference, naming a few differing rows.
"""

import collections
import glob
import os
import sys

import pyarrow.parquet as pq

# Folders of the job's output that are not tables.
NOT_TABLES = {"_reports", "analysed"}
# Differing rows shown per table, and characters shown per row.
SHOWN = 3
ROW_CHARS = 300


def hashable(value):
    """Lists (authors, aliases) become tuples so rows can be counted."""
    return tuple(value) if isinstance(value, list) else value


def row_multiset(table):
    return collections.Counter(tuple(hashable(v) for v in row.values()) for row in table.to_pylist())


def compare_table(name, export_dir, job_dir):
    """Returns a list of problems (empty when equal) and the row count."""
    expected = pq.read_table(os.path.join(export_dir, name + ".parquet"))
    files = sorted(glob.glob(os.path.join(job_dir, name, "*.parquet")))
    if not files:
        return [f"{name}: no files in {os.path.join(job_dir, name)}"], 0
    problems = []
    parts = []
    for path in files:
        part = pq.read_table(path)
        if not part.schema.equals(expected.schema, check_metadata=False):
            problems.append(f"{name}: {os.path.basename(path)} has schema\n{part.schema}\nnot\n{expected.schema}")
        parts.append(part)
    if problems:
        return problems, 0
    want, got = row_multiset(expected), collections.Counter()
    for part in parts:
        got.update(row_multiset(part))
    missing, extra = want - got, got - want
    for label, rows in (("missing from the job", missing), ("only in the job", extra)):
        if rows:
            examples = "; ".join(str(row)[:ROW_CHARS] for row in list(rows)[:SHOWN])
            problems.append(f"{name}: {sum(rows.values())} row(s) {label}, e.g. {examples}")
    return problems, expected.num_rows


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    export_dir, job_dir = argv
    tables = sorted(f.removesuffix(".parquet") for f in os.listdir(export_dir) if f.endswith(".parquet"))
    job_tables = sorted(d for d in os.listdir(job_dir) if d not in NOT_TABLES)
    failed = job_tables != tables
    if failed:
        print(f"DIFFERENT tables: the export has {tables}, the job {job_tables}")
    for name in tables:
        problems, rows = compare_table(name, export_dir, job_dir)
        if problems:
            failed = True
            for problem in problems:
                print(f"DIFFERENT {problem}")
        else:
            print(f"equal     {name}: {rows} rows, same schema")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
