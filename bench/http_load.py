"""The load tools of bench/http_vs_bare.py: wrk (closed loop, a Lua script that sends the body and
token and counts non-2xx answers) and an open-loop loader at a fixed rate (wrk has no fixed-rate
mode and wrk2 is not in Debian; latency is measured from the moment each request was due)."""

import http.client
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


@dataclass
class Result:
    requests: int = 0
    rps: float = 0.0
    p50: float = 0.0
    p99: float = 0.0
    non2xx: int = 0
    errors: int = 0
    dropped: int = 0
    first_bad: str = ""


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        print("wrk is missing: apt-get install -y wrk", flush=True)
        if subprocess.run(["apt-get", "install", "-y", "wrk"]).returncode != 0:
            subprocess.run(["apt-get", "update"], check=False)
            subprocess.run(["apt-get", "install", "-y", "wrk"], check=True)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit("This benchmark needs wrk: install it with `sudo apt-get install -y wrk` and run it again.")


LUA = """
wrk.method = "{method}"
{body}
{headers}
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0; first_bad = "" end
function response(status, headers, body)
  if status < 200 or status > 299 then
    bad = bad + 1
    if first_bad == "" then first_bad = status .. " " .. string.sub(body or "", 1, 300) end
  end
end
function done(summary, latency, requests)
  local total, first = 0, ""
  for _, t in ipairs(threads) do
    total = total + t:get("bad")
    if first == "" then first = t:get("first_bad") end
  end
  local e = summary.errors
  io.write(string.format("RESULT requests=%d duration_us=%d p50_us=%d p99_us=%d non2xx=%d errors=%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), total,
    e.connect + e.read + e.write + e.timeout))
  io.write("FIRSTBAD " .. string.gsub(first, "\\n", " ") .. "\\n")
end
"""


def lua_string(text: str) -> str:
    return json.dumps(text)  # a JSON string literal is a valid Lua string literal for ASCII text


def run_wrk(
    wrk: str,
    workdir: Path,
    name: str,
    port: int,
    method: str,
    path: str,
    headers: dict,
    body: str | None,
    args,
) -> Result:
    script = workdir / f"{name}.lua"
    script.write_text(
        LUA.format(
            method=method,
            body=f"wrk.body = {lua_string(body)}" if body is not None else "",
            headers="\n".join(f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()),
        )
    )
    argv = [
        wrk,
        f"-t{args.threads}",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        f"http://{HOST}:{port}{path}",
    ]
    finished = subprocess.run(argv, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        sys.exit(f"wrk exited with {finished.returncode}:\n{finished.stderr}{finished.stdout}")
    output = finished.stdout
    values: dict[str, str] = {}
    first_bad = ""
    for line in output.splitlines():
        if line.startswith("RESULT "):
            values = dict(part.split("=", 1) for part in line.split()[1:])
        elif line.startswith("FIRSTBAD "):
            first_bad = line[len("FIRSTBAD ") :].strip()
    if not values:
        sys.exit(f"wrk printed no result:\n{output}")
    requests = int(values["requests"])
    return Result(
        requests=requests,
        rps=requests / (int(values["duration_us"]) / 1e6),
        p50=int(values["p50_us"]) / 1000,
        p99=int(values["p99_us"]) / 1000,
        non2xx=int(values["non2xx"]),
        errors=int(values["errors"]),
        first_bad=first_bad,
    )


def fixed_rate(
    port: int,
    method: str,
    path: str,
    headers: dict,
    body: str | None,
    rate: float,
    seconds: float,
    concurrency: int = 24,
    grace: float = 5.0,
) -> Result:
    """Open loop: request i is due at start + i/rate; its latency counts from then, not from when a
    free connection picked it up. `concurrency` threads, each with one keep-alive connection. A server
    that cannot keep up is not waited for: requests not yet sent `grace` seconds after the last one
    was due are dropped and counted (`dropped`), so the run ends after about seconds + grace."""
    from bench.dental import percentile

    count = int(rate * seconds)
    start = time.perf_counter() + 0.5
    due: queue.Queue[float] = queue.Queue()
    for i in range(count):
        due.put(start + i / rate)
    samples: list[tuple[float, int, float]] = []
    bad: list[str] = []
    lock = threading.Lock()
    payload = body.encode() if body is not None else None
    deadline = start + seconds + grace
    dropped = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        while True:
            try:
                at = due.get_nowait()
            except queue.Empty:
                conn.close()
                return
            wait = at - time.perf_counter()
            if time.perf_counter() > deadline:
                with lock:
                    dropped[0] += 1
                continue
            if wait > 0:
                time.sleep(wait)
            try:
                conn.request(method, path, payload, headers)
                response = conn.getresponse()
                content = response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=30)
                status, content = 0, str(exc).encode()
            finished = time.perf_counter()
            with lock:
                samples.append(((finished - at) * 1000, status, finished))
                if not 200 <= status < 300 and not bad:
                    bad.append(f"{status} {content[:300].decode(errors='replace')}")

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies = [s[0] for s in samples]
    elapsed = max(s[2] for s in samples) - start
    non2xx = sum(1 for s in samples if not 200 <= s[1] < 300)
    return Result(
        requests=len(samples),
        rps=len(samples) / elapsed,
        p50=percentile(latencies, 0.5),
        p99=percentile(latencies, 0.99),
        non2xx=non2xx,
        dropped=dropped[0],
        first_bad=bad[0] if bad else "",
    )


# ---------------------------------------------------------------------------------------------


def commit_latency(server: str, database: str) -> str:
    """What one durable commit costs on this server (p10 / p50 / p90 of 200 one-row INSERTs, each
    committed): every request that writes (a create, and a read with its access-log event) waits for
    it, and a bare app that only reads never does. On a virtual disk it can be several milliseconds."""
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/{database}") as conn:
        conn.execute("CREATE TABLE tm_commit_probe (x int)")
        conn.commit()
        times = []
        for _ in range(200):
            started = time.perf_counter()
            conn.execute("INSERT INTO tm_commit_probe VALUES (1)")
            conn.commit()
            times.append((time.perf_counter() - started) * 1000)
        conn.execute("DROP TABLE tm_commit_probe")
        conn.commit()
    times.sort()
    return f"p10 {times[20]:.2f} / p50 {times[100]:.2f} / p90 {times[180]:.2f} ms"
