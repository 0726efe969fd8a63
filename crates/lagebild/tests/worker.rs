//! `lagebild worker` answers each request while its standard input stays
//! open (the Spark job depends on that to stream), with the documents
//! `analyze --json` prints for the same input.

mod analyze_support;

use analyze_support::{documents, lagebild, repo_root, stderr};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};

#[test]
fn replies_stream_per_request_and_match_analyze() {
    let mut worker = Command::new(env!("CARGO_BIN_EXE_lagebild"))
        .arg("worker")
        .current_dir(repo_root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the lagebild binary runs");
    let mut requests = worker.stdin.take().expect("stdin is piped");
    let mut replies = BufReader::new(worker.stdout.take().expect("stdout is piped")).lines();
    let mut ask = |request: &str| -> Vec<Value> {
        writeln!(requests, "{request}").expect("the worker reads requests");
        requests.flush().expect("the request is sent");
        let mut answer = Vec::new();
        loop {
            let line = replies
                .next()
                .expect("the worker replies before its input ends")
                .expect("replies are text");
            let reply: Value = serde_json::from_str(&line).expect("every reply is JSON");
            let done = reply["worker"] == "done";
            answer.push(reply);
            if done {
                return answer;
            }
        }
    };

    let articles = ask(r#"{"path": "examples/articles.jsonl"}"#);
    let analysed = lagebild(&["analyze", "--json", "examples/articles.jsonl"], None);
    assert_eq!(analysed.status.code(), Some(0), "{}", stderr(&analysed));
    let expected = documents(&analysed);
    assert_eq!(&articles[..articles.len() - 1], &expected[..]);
    assert_eq!(articles.last().unwrap()["records"], expected.len());

    let second = ask(r#"{"path": "examples/articles.jsonl", "shard": 1, "shards": 2}"#);
    assert_eq!(second.len() - 1, expected.len() / 2);
    assert_eq!(second[0]["id"], expected[1]["id"]);

    let missing = ask(r#"{"path": "examples/no-such-file.txt"}"#);
    assert_eq!(missing[0]["worker"], "error");
    assert!(missing[0]["message"]
        .as_str()
        .is_some_and(|m| m.contains("examples/no-such-file.txt: cannot open")));
    assert_eq!(missing[1]["failed"], 1);

    drop(requests);
    let status = worker.wait().expect("the worker ends");
    assert_eq!(
        status.code(),
        Some(0),
        "closing its input ends the worker cleanly"
    );
}
