#!/usr/bin/env python
"""The load generator: a separate process driving one scenario over loopback, printing JSON.

    python bench/load.py --base http://127.0.0.1:8101 --spec scenario.json --connections 8 --duration 15

A fixed number of keep-alive connections (one thread each, http.client) repeat the scenario for
`--duration` seconds after `--warmup` seconds; every operation's latency is recorded. An operation
is one request, except the form flows: GET the form (CSRF cookie and token, submission token) and
POST it, as a browser does. Output: operations, errors, throughput (operations/s) and latency
percentiles in milliseconds. Requests carry `X-Forwarded-Proto: https` and a same-origin Referer,
as they would behind the TLS-terminating proxy of a production deployment.

Scenario spec (JSON): {"kind": "get", "paths": [...], "cookie": "sessionid=…"}
                      {"kind": "post_json", "path": "/api/v1/reports", "bodies": [...], "expect": [201]}
                      {"kind": "form", "form_path": "/lapor/", "post_path": "/lapor/", "forms": [...],
                       "expect": [302]}
Standard library only, so any interpreter runs it.
"""

import argparse
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
from urllib.parse import urlencode, urlparse

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
HIDDEN = re.compile(rb'<input type="hidden" name="(submission_token)" value="([^"]+)"')


class Client:
    def __init__(self, base, cookie=""):
        url = urlparse(base)
        self.host, self.port = url.hostname, url.port
        self.origin = f"https://{url.hostname}:{url.port}"
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; ") if "=" in part)
        self.conn = None

    def request(self, method, path, body=None, headers=None):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        all_headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https",
                       "Referer": self.origin + path, "User-Agent": "baruga-bench", **(headers or {})}
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            self.conn.request(method, path, body=body, headers=all_headers)
            response = self.conn.getresponse()
            data = response.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = None
            raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, data


def operation(spec, client, rng):
    """Run one operation; returns True when every response had the expected status."""
    kind = spec["kind"]
    if kind == "get":
        status, _ = client.request("GET", rng.choice(spec["paths"]), headers=spec.get("headers"))
        return status in spec.get("expect", [200])
    if kind == "post_json":
        body = json.dumps(rng.choice(spec["bodies"])).encode()
        headers = {"Content-Type": "application/json", **spec.get("headers", {})}
        if spec.get("csrf"):
            headers["X-CSRFToken"] = client.cookies.get("csrftoken", "")
        status, _ = client.request("POST", spec["path"], body=body, headers=headers)
        return status in spec.get("expect", [201])
    if kind == "form":
        client.cookies = {k: v for k, v in client.cookies.items() if k in spec.get("keep_cookies", [])}
        status, page = client.request("GET", spec["form_path"])
        if status != 200:
            return False
        fields = dict(rng.choice(spec["forms"]))
        token = CSRF_INPUT.search(page)
        if token:
            fields["csrfmiddlewaretoken"] = token.group(1).decode()
        for name, value in HIDDEN.findall(page):
            fields[name.decode()] = value.decode()
        status, _ = client.request("POST", spec.get("post_path", spec["form_path"]), body=urlencode(fields).encode(),
                                   headers={"Content-Type": "application/x-www-form-urlencoded"})
        return status in spec.get("expect", [302])
    raise ValueError(kind)


def worker(index, spec, base, warmup_end, end, samples, errors, lock):
    rng = random.Random(index * 7919 + int(time.time()))
    client = Client(base, spec.get("cookie", ""))
    mine, failed = [], 0
    while True:
        started = time.perf_counter()
        if started >= end:
            break
        try:
            ok = operation(spec, client, rng)
        except Exception:  # a refused or reset connection counts as an error
            ok = False
        finished = time.perf_counter()
        if started >= warmup_end:
            if ok:
                mine.append(finished - started)
            else:
                failed += 1
    with lock:
        samples.extend(mine)
        errors.append(failed)


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", required=True)
    parser.add_argument("--spec", required=True, help="scenario spec (JSON file)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=float, default=15)
    parser.add_argument("--warmup", type=float, default=3)
    args = parser.parse_args()
    with open(args.spec) as handle:
        spec = json.load(handle)
    samples, errors, lock = [], [], threading.Lock()
    now = time.perf_counter()
    warmup_end, end = now + args.warmup, now + args.warmup + args.duration
    threads = [threading.Thread(target=worker, args=(i, spec, args.base, warmup_end, end, samples, errors, lock))
               for i in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ms = [s * 1000 for s in samples]
    result = {
        "operations": len(ms), "errors": sum(errors), "seconds": args.duration, "connections": args.connections,
        "throughput": len(ms) / args.duration,
        "p50": percentile(ms, 50), "p95": percentile(ms, 95), "p99": percentile(ms, 99),
        "mean": statistics.fmean(ms) if ms else None,
    }
    json.dump(result, sys.stdout)
    print()


if __name__ == "__main__":
    main()
