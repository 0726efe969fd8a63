#!/usr/bin/env python3
"""Analyse a corpus with lagebild on Apache Spark and write the layers as
Parquet tables with exactly the schema of `lagebild export --format parquet`.

    lagebild_job.py --input PATH... --output DIR [--binary PATH] [--partitions N]

How it works: the driver lists the input files (directories recursively,
hidden files skipped, as `lagebild analyze` does) and splits large record
files (JSONL, CSV, TSV) into shards by record index. Spark distributes the
shards; each task runs one `lagebild worker` subprocess (the binary is
shipped with `SparkContext.addFile`) and streams requests into it. The
worker answers one line per record, so a record that crashes the worker is
known: the task restarts the worker past it and reports it. Each shard's
documents go through `lagebild export --from-analysed`, the same writer the
archive's export uses, so the schema cannot drift.

Output: `DIR/<table>/<key>.parquet` for each table of the export
(articles, entities, mentions, quotes, times, amounts), where `<key>` is a stable hash of the
input path plus the shard; `spark.read.parquet("DIR/articles")` or pyarrow
reads a table. A re-run overwrites the same files (and removes files of an
earlier, different sharding of the same input), so re-running after a
failure or on new input is safe. `DIR/_reports/<key>.json` says what each
shard did. Exit code 0 when every record went through, 1 when some failed
(reported, the rest written), 2 on a usage or setup error.
"""

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

# Extensions of inputs whose records can be split across tasks by index.
RECORD_EXTENSIONS = (".jsonl", ".ndjson", ".json", ".csv", ".tsv")
# Where --keep-analysed puts the analysed documents (JSONL per shard).
ANALYSED_DIR = "analysed"
# Characters of a crashed worker's standard error kept in the report.
STDERR_TAIL = 2000
# Crashes of one shard after which the worker itself is taken to be broken.
MAX_CRASHES_PER_SHARD = 100
# `lagebild` exits with 2 when it cannot start (bad arguments, models).
SETUP_ERROR_EXIT = 2
# Failures listed in the summary (all are in the reports).
FAILURES_SHOWN = 20


class InputError(Exception):
    """A command-line path that yields nothing to read."""


def input_files(paths):
    """The files below `paths` in the order `lagebild analyze` reads them:
    a file is itself, a directory every non-hidden file below it in name
    order. Paths are made absolute, so executors find them whatever their
    working directory (ids derived from the path carry the absolute path).
    A path that yields nothing raises, before any work starts."""
    files = []
    for path in map(os.path.abspath, paths):
        if os.path.isfile(path):
            files.append(path)
        elif os.path.isdir(path):
            found = list(files_below(path))
            if not found:
                raise InputError(f"{path}: directory holds no readable files (hidden files are skipped)")
            files.extend(found)
        else:
            raise InputError(f"{path}: no such file or directory — check the path")
    return files


def files_below(directory):
    """Non-hidden files below `directory`, entries in name order with
    subdirectories in place, as lagebild_ingest::expand_inputs orders them."""
    for entry in sorted(e for e in os.listdir(directory) if not e.startswith(".")):
        path = os.path.join(directory, entry)
        if os.path.isdir(path):
            yield from files_below(path)
        elif os.path.isfile(path):
            yield path


def shard_count(path, size, shard_bytes, max_shards):
    """How many tasks share one input: record files by size, single
    articles and WARC/HTML/feeds (not splittable by record) one."""
    name = path[:-3] if path.endswith(".gz") else path
    if not name.lower().endswith(RECORD_EXTENSIONS):
        return 1
    return max(1, min(max_shards, math.ceil(size / shard_bytes)))


def path_key(path):
    """Stable name part for an input: the same path always maps to the
    same output files, whichever machine runs it."""
    return hashlib.sha256(path.encode("utf-8")).hexdigest()[:16]


def plan_shards(files, shard_bytes, max_shards):
    """One unit of work per shard: (path, shard, shards, key)."""
    shards = []
    for path in files:
        count = shard_count(path, os.path.getsize(path), shard_bytes, max_shards)
        for shard in range(count):
            key = f"{path_key(path)}-{shard:04d}-of-{count:04d}"
            shards.append((path, shard, count, key))
    return shards


def process_cpu_seconds(pid):
    """CPU seconds (user + system) a process has used so far, read from
    /proc (a dead one until it is reaped); None where there is no /proc."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def children_cpu_seconds():
    """CPU seconds of this process's reaped children."""
    times = os.times()
    return times.children_user + times.children_system


class Worker:
    """One `lagebild worker` subprocess, restarted when it dies."""

    def __init__(self, binary, worker_args, scratch, cwd=None):
        self.command = [binary, "worker", *worker_args]
        self.scratch = scratch
        self.cwd = cwd
        self.process = None
        self.stderr_path = None
        # CPU seconds of workers that have ended; None once unknown.
        self.ended_cpu = 0.0

    def start(self):
        fd, self.stderr_path = tempfile.mkstemp(prefix="worker-stderr-", dir=self.scratch)
        stderr = os.fdopen(fd, "wb")
        self.process = subprocess.Popen(
            self.command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            cwd=self.cwd,
            text=True,
            encoding="utf-8",
            bufsize=1,
        )
        stderr.close()

    def replies(self, request):
        """Sends one request; yields its reply objects up to `done`, then
        None in place of `done` if the worker died first."""
        if self.process is None:
            self.start()
        try:
            self.process.stdin.write(json.dumps(request) + "\n")
            self.process.stdin.flush()
        except BrokenPipeError:
            yield None
            return
        for line in self.process.stdout:
            if not line.endswith("\n"):
                break  # cut off mid-line: the worker died writing it
            reply = json.loads(line)
            if "schema" not in reply and reply.get("worker") == "done":
                return
            yield (line, reply)
        yield None

    def reap(self):
        """Waits for a dead worker; returns (exit code, stderr tail)."""
        self.ended_cpu = add_known(self.ended_cpu, process_cpu_seconds(self.process.pid))
        code = self.process.wait()
        with open(self.stderr_path, encoding="utf-8", errors="replace") as f:
            tail = f.read()[-STDERR_TAIL:]
        self.close()
        return code, tail

    def cpu_seconds(self):
        """CPU seconds used by this worker and the ones it replaced."""
        if self.process is None:
            return self.ended_cpu
        return add_known(self.ended_cpu, process_cpu_seconds(self.process.pid))

    def close(self):
        """Ends the worker (standard input closed is its signal to stop)."""
        if self.process is None:
            return
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except BrokenPipeError:
                pass  # it died with a request unread
        self.process.wait()
        self.process = None


def add_known(a, b):
    """a + b, or None if either is unknown."""
    return None if a is None or b is None else a + b


def analyse_shard(worker, path, shard, shards, documents_out):
    """Streams one shard through the worker into `documents_out` (analysed
    JSONL). Returns (documents, failures); failures are dicts with path,
    record and message. A worker death costs the record it was on."""
    documents, failures, skip, crashes = 0, [], 0, 0
    while True:
        done_here = 0
        request = {"path": path, "shard": shard, "shards": shards, "skip": skip}
        crashed = False
        for item in worker.replies(request):
            if item is None:
                crashed = True
                break
            line, reply = item
            done_here += 1
            if "schema" in reply:
                documents_out.write(line)
                documents += 1
            else:
                failures.append({"path": path, "record": reply.get("record"), "message": reply.get("message")})
        if not crashed:
            return documents, failures
        code, stderr_tail = worker.reap()
        if code == SETUP_ERROR_EXIT:
            raise RuntimeError(f"lagebild worker cannot start (exit {code}): {stderr_tail}")
        crashes += 1
        if crashes > MAX_CRASHES_PER_SHARD:
            raise RuntimeError(f"lagebild worker died {crashes} times on {path}; last: {stderr_tail}")
        record = skip + done_here
        failures.append({
            "path": path,
            "record": record,
            "message": f"worker died on this record (exit {code}); restarted past it. stderr: {stderr_tail}",
        })
        skip = record + 1


def export_tables(binary, analysed_path, tables_dir):
    """Writes the shard's Parquet tables with the archive's exporter."""
    result = subprocess.run(
        [binary, "export", "--from-analysed", analysed_path, "--format", "parquet", tables_dir],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"lagebild export --from-analysed failed (exit {result.returncode}): {result.stderr[-STDERR_TAIL:]}")


def publish(local_path, output, relative):
    """Moves a finished file into the output under its final name, never
    leaving a half-written file under that name: a local rename, or
    pyarrow's file system for object-storage URLs."""
    if "://" not in output:
        target = os.path.join(output, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        partial = os.path.join(os.path.dirname(target), "." + os.path.basename(target) + ".partial")
        shutil.copyfile(local_path, partial)
        os.replace(partial, target)
        return
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(output)
    target = f"{root.rstrip('/')}/{relative}"
    filesystem.create_dir(os.path.dirname(target), recursive=True)
    with open(local_path, "rb") as source, filesystem.open_output_stream(target) as sink:
        shutil.copyfileobj(source, sink)


def stage_input(staging, url, content):
    """Writes a fetched input where the worker, running in `staging`, finds
    it under its URL as a relative path (`s3a://b/k` is `s3a:/b/k` to the
    file system), so ids and sources name the URL, not a temporary file."""
    local = os.path.normpath(os.path.join(staging, url))
    if not local.startswith(staging + os.sep):
        raise ValueError(f"{url}: not a URL that names a file below its bucket")
    os.makedirs(os.path.dirname(local), exist_ok=True)
    with open(local, "wb") as f:
        f.write(content)
    return local


def run_shards(items, binary, worker_args, output, keep_analysed=False):
    """Analyses shards with one worker and publishes their tables and
    reports; yields one report per shard. An item is (path, shard, shards,
    key, content): content is None for a file every executor can read, or
    the bytes Spark fetched for a URL. With `keep_analysed` the analysed
    documents are published too, as `analysed/<key>.jsonl`. Runs inside a
    Spark task (and in the tests, without Spark)."""
    scratch = tempfile.mkdtemp(prefix="lagebild-spark-")
    staging = os.path.join(scratch, "inputs")
    os.makedirs(staging)
    worker = Worker(binary, worker_args, scratch, cwd=staging)
    try:
        for path, shard, count, key, content in items:
            started, worker_cpu = time.monotonic(), worker.cpu_seconds()
            fetched = None if content is None else stage_input(staging, path, content)
            analysed = os.path.join(scratch, key + ".jsonl")
            with open(analysed, "w", encoding="utf-8") as documents_out:
                documents, failures = analyse_shard(worker, path, shard, count, documents_out)
            worker_cpu = add_known(worker.cpu_seconds(), None if worker_cpu is None else -worker_cpu)
            tables_dir = os.path.join(scratch, key)
            export_cpu = children_cpu_seconds()
            export_tables(binary, analysed, tables_dir)
            export_cpu = children_cpu_seconds() - export_cpu
            # Every table the exporter writes, so a table added to
            # `lagebild export` needs no change here.
            for table_file in sorted(os.listdir(tables_dir)):
                table = table_file.removesuffix(".parquet")
                publish(os.path.join(tables_dir, table_file), output, f"{table}/{key}.parquet")
            if keep_analysed:
                publish(analysed, output, f"{ANALYSED_DIR}/{key}.jsonl")
            report = {
                "key": key,
                "path": path,
                "shard": shard,
                "shards": count,
                "documents": documents,
                "failures": failures,
                "seconds": round(time.monotonic() - started, 3),
                "cpu_seconds": None if worker_cpu is None else round(worker_cpu + export_cpu, 3),
            }
            report_path = os.path.join(scratch, key + ".report.json")
            with open(report_path, "w", encoding="utf-8") as f:
                json.dump(report, f, ensure_ascii=False)
            publish(report_path, output, f"_reports/{key}.json")
            shutil.rmtree(tables_dir)
            os.remove(analysed)
            if fetched is not None:
                os.remove(fetched)
            yield report
    finally:
        worker.close()
        shutil.rmtree(scratch, ignore_errors=True)


def stale_files(names_by_directory, keys, keep_analysed):
    """The files an earlier run wrote for the inputs of `keys` (this run's
    shards) that this run did not write: another sharding of the same
    input, or analysed documents no longer asked for. Deleting them leaves
    each input's rows in the output exactly once."""
    prefixes = {key.split("-")[0] + "-" for key in keys}
    stale = []
    for directory, names in names_by_directory.items():
        keep = set(keys) if directory != ANALYSED_DIR or keep_analysed else set()
        for name in names:
            key = name.split(".")[0]
            if key[:17] in prefixes and key not in keep:
                stale.append(f"{directory}/{name}")
    return stale


def remove_stale(output, keys, keep_analysed):
    """Deletes `stale_files` from a local output or, for a URL, through
    pyarrow's file system."""
    if "://" not in output:
        directories = [d for d in os.listdir(output) if os.path.isdir(os.path.join(output, d))]
        listing = {d: os.listdir(os.path.join(output, d)) for d in directories}
        for relative in stale_files(listing, keys, keep_analysed):
            os.remove(os.path.join(output, relative))
        return
    from pyarrow import fs

    filesystem, root = fs.FileSystem.from_uri(output)
    root = root.rstrip("/")
    directories = [i.base_name for i in filesystem.get_file_info(fs.FileSelector(root)) if i.type == fs.FileType.Directory]
    listing = {d: [i.base_name for i in filesystem.get_file_info(fs.FileSelector(f"{root}/{d}"))] for d in directories}
    for relative in stale_files(listing, keys, keep_analysed):
        filesystem.delete_file(f"{root}/{relative}")


def worker_arguments(args):
    """The reading options passed through to every worker."""
    out = []
    if args.verbatim:
        out.append("--verbatim")
    if args.lang:
        out += ["--lang", args.lang]
    if args.published:
        out += ["--published", args.published]
    for mapping in args.map or []:
        out += ["--map", mapping]
    return out


def default_binary():
    """`target/release/lagebild` of this checkout (CARGO_TARGET_DIR honoured)."""
    repo = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(repo, "target"))
    return os.path.join(target, "release", "lagebild")


def parse_arguments(argv):
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Example (local mode, 2 cores):\n"
        "  python scripts/spark/lagebild_job.py --master 'local[2]' \\\n"
        "      --input ../shared/data/corpus/10kgnad/articles_dev.csv --output out/10kgnad\n"
        "Then: spark.read.parquet('out/10kgnad/quotes'), or pyarrow/pandas/DuckDB on the same folder.",
    )
    parser.add_argument("--input", nargs="+", required=True, metavar="PATH", help="files or directories (recursive); URLs (s3a://, hdfs://, file://) are listed and fetched by Spark")
    parser.add_argument("--output", required=True, metavar="DIR", help="output directory (local, or a URL pyarrow can write)")
    parser.add_argument("--binary", default=default_binary(), metavar="PATH", help="the lagebild binary to ship (default: target/release/lagebild)")
    parser.add_argument("--partitions", type=int, metavar="N", help="Spark tasks for the files (default: one per core; more balance uneven shards, each costs a model load)")
    parser.add_argument("--shard-mb", type=float, default=1.0, metavar="MB", help="split record files (JSONL/CSV/TSV) into shards of about this size (default 1)")
    parser.add_argument("--keep-analysed", action="store_true", help="also write the analysed documents as DIR/analysed/*.jsonl (all layers; `lagebild ingest --analysed` loads them into a store)")
    parser.add_argument("--master", metavar="URL", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])")
    parser.add_argument("--verbatim", action="store_true", help="as `lagebild analyze --verbatim`")
    parser.add_argument("--lang", choices=["de", "en"], help="as `lagebild analyze --lang`")
    parser.add_argument("--published", metavar="DATE", help="as `lagebild analyze --published`")
    parser.add_argument("--map", action="append", metavar="FIELD=SOURCE,...", help="as `lagebild analyze --map`")
    args = parser.parse_args(argv)
    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        parser.error(f"{args.binary}: no lagebild binary there — build it (cargo build --release) or pass --binary")
    if args.partitions is not None and args.partitions < 1:
        parser.error("--partitions must be at least 1")
    if args.shard_mb <= 0:
        parser.error("--shard-mb must be positive")
    return args


def main(argv=None):
    args = parse_arguments(argv)
    urls = [path for path in args.input if "://" in path]
    try:
        files = input_files([path for path in args.input if "://" not in path])
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    from pyspark import SparkFiles
    from pyspark.sql import SparkSession

    # Started by plain python (not spark-submit), Spark runs here: let its
    # executors use this Python, which has pyarrow. Under spark-submit the
    # cluster's setting holds.
    if "PYSPARK_GATEWAY_PORT" not in os.environ:
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("lagebild").config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    started = time.monotonic()
    try:
        max_shards = max(1, 2 * sc.defaultParallelism)
        shards = plan_shards(files, args.shard_mb * 1024 * 1024, max_shards)
        # A task loads the models once (about 2 CPU seconds): by default
        # one task per core, each taking its share of the shards.
        partitions = args.partitions or max(1, min(len(shards), sc.defaultParallelism))
        binary_name = os.path.basename(args.binary)
        sc.addFile(os.path.abspath(args.binary))
        worker_args = worker_arguments(args)
        output, keep_analysed = args.output, args.keep_analysed

        def run_partition(partition):
            binary = SparkFiles.get(binary_name)
            if not os.access(binary, os.X_OK):
                os.chmod(binary, 0o755)
            return run_shards(list(partition), binary, worker_args, output, keep_analysed)

        items = sc.parallelize([(*shard, None) for shard in shards], numSlices=partitions)
        if urls:
            # Spark lists and fetches URLs (directories recursively; Hadoop
            # skips names starting with . or _); one shard per file.
            sc._jsc.hadoopConfiguration().set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
            fetched = sc.binaryFiles(",".join(urls)).map(
                lambda named: (named[0], 0, 1, f"{path_key(named[0])}-0000-of-0001", named[1])
            )
            items = items.union(fetched)
        reports = items.mapPartitions(run_partition).collect()
        remove_stale(output, [report["key"] for report in reports], keep_analysed)
    finally:
        spark.stop()
    return summarise(reports, time.monotonic() - started)


def summarise(reports, seconds):
    """Prints what the run did; the exit code says whether anything failed."""
    documents = sum(r["documents"] for r in reports)
    failures = [f for r in reports for f in r["failures"]]
    cpu = sum(r["cpu_seconds"] for r in reports) if all(r["cpu_seconds"] is not None for r in reports) else None
    summary = {
        "inputs": len({r["path"] for r in reports}),
        "shards": len(reports),
        "documents": documents,
        "failed_records": len(failures),
        "seconds": round(seconds, 2),
        "documents_per_second": round(documents / seconds, 2) if seconds > 0 else None,
        # lagebild's own CPU time (workers and exports), whatever the load.
        "cpu_seconds": None if cpu is None else round(cpu, 2),
        "documents_per_cpu_second": round(documents / cpu, 2) if cpu else None,
    }
    for failure in failures[:FAILURES_SHOWN]:
        print(f"failed: {failure['path']} record {failure['record']}: {failure['message']}", file=sys.stderr)
    if len(failures) > FAILURES_SHOWN:
        print(f"… {len(failures) - FAILURES_SHOWN} more failures in _reports/", file=sys.stderr)
    print(json.dumps(summary))
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
