#!/usr/bin/env python3
"""Where a search request's CPU goes: the store's query against the server's
own part (HTTP, routing, JSON, runtime), over the load test's query mix.

Sends every search in scripts/serve/queries.txt, one at a time over one
kept-alive connection, ROUNDS times, and sums the `Server-Timing` header
the server puts on each answer (`store-cpu`: CPU of the archive query on
its thread). With --pid it also reads the server process's CPU time over
the same requests, so the difference is what the server adds around the
store call. One request at a time, so the figures do not depend on how
busy the machine is (CPU time, not wall time).

    scripts/serve/search_cost.py http://127.0.0.1:8080 --pid $(pgrep -n lagebild)

Exit 1 when the server cannot be reached or an answer is not 200.
"""

import argparse
import http.client
import os
import statistics
import sys
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))


def search_paths(path):
    """The load test's searches (same file and format as search_load.lua)."""
    paths = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            pairs = [tuple(pair.split("=", 1)) for pair in line.split("&")]
            if any(len(pair) != 2 for pair in pairs):
                raise SystemExit(f"not key=value&…: {line!r} in {path}")
            paths.append("/api/search?" + urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote))
    if not paths:
        raise SystemExit(f"no queries in {path}")
    return paths


def server_timing(value):
    """`queue;dur=0.1, store;dur=5.2, …` as {name: milliseconds}."""
    metrics = {}
    for metric in (value or "").split(","):
        name, _, duration = metric.strip().partition(";dur=")
        if duration:
            metrics[name] = float(duration)
    return metrics


def cpu_ms(pid):
    """The process's CPU time (user + system) in milliseconds."""
    with open(f"/proc/{pid}/stat") as stat:
        # Fields after the command name, which may hold spaces.
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", help="server URL, e.g. http://127.0.0.1:8080")
    parser.add_argument("--pid", type=int, help="the server's process id, to compare its whole CPU time")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query list (default 5)")
    parser.add_argument("--queries", default=os.path.join(HERE, "queries.txt"))
    parser.add_argument("--top", type=int, default=5, help="most expensive queries to list")
    args = parser.parse_args()

    url = urllib.parse.urlsplit(args.base)
    connection = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=60)
    paths = search_paths(args.queries)
    store_cpu = {path: [] for path in paths}
    own_wall, body_bytes = [], []
    try:
        cpu_before = cpu_ms(args.pid) if args.pid else None
        for _ in range(args.rounds):
            for path in paths:
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200:
                    sys.exit(f"{path}: HTTP {response.status}: {body[:200]!r}")
                timing = server_timing(response.getheader("Server-Timing"))
                if "store-cpu" not in timing:
                    sys.exit(f"{path}: no Server-Timing store-cpu in the answer; is this lagebild serve?")
                store_cpu[path].append(timing["store-cpu"])
                own_wall.append(timing["app"] - timing["queue"] - timing["store"])
                body_bytes.append(len(body))
        cpu_after = cpu_ms(args.pid) if args.pid else None
    except OSError as error:
        sys.exit(f"cannot reach {args.base}: {error}")

    requests = len(own_wall)
    store_per_request = sum(sum(v) for v in store_cpu.values()) / requests
    print(f"search cost over {requests} requests ({len(paths)} queries x {args.rounds}, one at a time), "
          f"answers {statistics.mean(body_bytes) / 1024:.1f} KiB on average")
    print(f"  store CPU (Server-Timing store-cpu): {store_per_request:.2f} ms per request")
    print(f"  server wall time outside the store call (app - queue - store): "
          f"{statistics.mean(own_wall):.3f} ms mean, {max(own_wall):.3f} ms max")
    if cpu_before is not None:
        # The process clock ticks in 10 ms steps: a few hundred requests
        # make that error small.
        server_per_request = (cpu_after - cpu_before) / requests
        own = server_per_request - store_per_request
        print(f"  server process CPU: {server_per_request:.2f} ms per request, of which the store "
              f"{store_per_request:.2f} ms and the rest (HTTP, routing, JSON, runtime, kernel) "
              f"{own:.2f} ms ({100 * own / server_per_request:.0f}%)")
    print(f"  most expensive queries (median store CPU, ms):")
    by_cost = sorted(paths, key=lambda p: statistics.median(store_cpu[p]), reverse=True)
    for path in by_cost[: args.top]:
        print(f"    {statistics.median(store_cpu[path]):7.2f}  {urllib.parse.unquote(path)}")


if __name__ == "__main__":
    main()
