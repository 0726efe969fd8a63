"""Unit tests of the Spark job's task logic, without Spark: restarting a
crashed worker past the record that killed it, refusing a worker that
cannot start, sharding and the removal of stale output.

    python -m unittest discover -s scripts/spark -p 'test_*.py'
"""

import io
import json
import os
import stat
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lagebild_job  # noqa: E402

# A stand-in for `lagebild worker` that speaks its protocol over a JSONL
# file of {"id", "text"} records: a text "CRASH" kills it the way an abort
# would (no reply), "FAIL" yields an error line, "CUT" dies mid-line, and
# the environment variable SETUP_FAILS makes it exit 2 at start.
FAKE_WORKER = r'''
import json, os, sys
if os.environ.get("SETUP_FAILS"):
    sys.stderr.write("error: cannot load the models\n")
    sys.exit(2)
for line in sys.stdin:
    request = json.loads(line)
    with open(request["path"]) as f:
        records = [json.loads(l) for l in f]
    selected = [r for i, r in enumerate(records) if i % request["shards"] == request["shard"]]
    done = 0
    for index, record in enumerate(selected):
        if index < request["skip"]:
            continue
        done += 1
        if record["text"] == "CRASH":
            os._exit(134)
        if record["text"] == "CUT":
            sys.stdout.write('{"schema": "lagebild/1", "id": ')
            sys.stdout.flush()
            os._exit(137)
        if record["text"] == "FAIL":
            reply = {"worker": "error", "path": request["path"], "record": index, "message": "bad record"}
        else:
            reply = {"schema": "lagebild/1", "id": record["id"], "text": record["text"]}
        print(json.dumps(reply), flush=True)
    print(json.dumps({"worker": "done", "path": request["path"], "records": done, "failed": 0}), flush=True)
'''


class TaskLogic(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.binary = os.path.join(self.dir.name, "fake-lagebild")
        with open(self.binary, "w") as f:
            f.write(f"#!{sys.executable}\n{FAKE_WORKER}")
        os.chmod(self.binary, stat.S_IRWXU)

    def tearDown(self):
        os.environ.pop("SETUP_FAILS", None)
        self.dir.cleanup()

    def corpus(self, texts):
        path = os.path.join(self.dir.name, "corpus.jsonl")
        with open(path, "w") as f:
            for i, text in enumerate(texts):
                f.write(json.dumps({"id": f"a{i}", "text": text}) + "\n")
        return path

    def analyse(self, path, shard=0, shards=1):
        worker = lagebild_job.Worker(self.binary, [], self.dir.name)
        out = io.StringIO()
        try:
            documents, failures = lagebild_job.analyse_shard(worker, path, shard, shards, out)
        finally:
            worker.close()
        ids = [json.loads(line)["id"] for line in out.getvalue().splitlines()]
        return documents, failures, ids

    def test_crashes_cost_only_the_crashing_records(self):
        path = self.corpus(["ok", "CRASH", "ok", "FAIL", "CUT", "ok", "CRASH"])
        documents, failures, ids = self.analyse(path)
        self.assertEqual(ids, ["a0", "a2", "a5"])
        self.assertEqual(documents, 3)
        self.assertEqual([f["record"] for f in failures], [1, 3, 4, 6])
        self.assertIn("worker died on this record (exit 134)", failures[0]["message"])
        self.assertEqual(failures[1]["message"], "bad record")

    def test_crash_inside_a_shard_resumes_in_that_shard(self):
        path = self.corpus(["ok", "ok", "ok", "CRASH", "ok", "ok"])
        documents, failures, ids = self.analyse(path, shard=1, shards=2)
        self.assertEqual(ids, ["a1", "a5"])
        self.assertEqual([f["record"] for f in failures], [1])

    def test_worker_that_cannot_start_fails_the_task(self):
        os.environ["SETUP_FAILS"] = "1"
        path = self.corpus(["ok"])
        with self.assertRaisesRegex(RuntimeError, "cannot start.*cannot load the models"):
            self.analyse(path)

    def test_inputs_expand_like_analyze(self):
        corpus = os.path.join(self.dir.name, "corpus")
        os.makedirs(os.path.join(corpus, "b", ".hidden"))
        for name in ["z.txt", "b/a.html", "b/.hidden/x.txt", ".dot.txt"]:
            open(os.path.join(corpus, name), "w").close()
        files = lagebild_job.input_files([corpus])
        self.assertEqual(files, [os.path.join(corpus, "b/a.html"), os.path.join(corpus, "z.txt")])
        with self.assertRaisesRegex(lagebild_job.InputError, "no such file"):
            lagebild_job.input_files([os.path.join(corpus, "missing")])
        os.makedirs(os.path.join(self.dir.name, "empty", "sub"))
        with self.assertRaisesRegex(lagebild_job.InputError, "no readable files"):
            lagebild_job.input_files([os.path.join(self.dir.name, "empty")])

    def test_record_files_are_sharded_and_articles_are_not(self):
        shards = lagebild_job.plan_shards([self.corpus(["x" * 100] * 30)], 1000, 8)
        self.assertEqual([s[1:3] for s in shards], [(0, 4), (1, 4), (2, 4), (3, 4)])
        self.assertEqual(lagebild_job.shard_count("page.html.gz", 10**9, 1000, 8), 1)
        self.assertEqual(lagebild_job.shard_count("big.jsonl.gz", 10**9, 1000, 8), 8)
        self.assertEqual(len({s[3] for s in shards}), 4)

    def test_rerun_with_other_sharding_removes_only_stale_files_of_its_inputs(self):
        output = os.path.join(self.dir.name, "out")
        path = self.corpus(["x" * 100] * 30)
        old = lagebild_job.plan_shards([path], 1000, 8)
        new = lagebild_job.plan_shards([path], 2000, 8)
        other_input = lagebild_job.path_key("/elsewhere.csv") + "-0000-of-0001"
        os.makedirs(os.path.join(output, "quotes"))
        for key in [s[3] for s in old + new] + [other_input]:
            open(os.path.join(output, "quotes", key + ".parquet"), "w").close()
        os.makedirs(os.path.join(output, "analysed"))
        open(os.path.join(output, "analysed", new[0][3] + ".jsonl"), "w").close()
        lagebild_job.remove_stale(output, [s[3] for s in new], keep_analysed=False)
        left = sorted(n.split(".")[0] for n in os.listdir(os.path.join(output, "quotes")))
        self.assertEqual(left, sorted([s[3] for s in new] + [other_input]))
        self.assertEqual(os.listdir(os.path.join(output, "analysed")), [])


if __name__ == "__main__":
    unittest.main()
