"""The 4Calls benchmark: seeds a realistic organization through the server's own API, then
drives each scenario with wrk at 64 connections and reports medians of several runs, each
as a ratio to GET /health measured in the same run (the framework's ceiling here).
Run it through bench/run, which builds the release binary first."""
import base64
import json
import os
import platform
import random
import selectors
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BINARY = sys.argv[1]
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
CONNECTIONS = 64
SETTLE_SECONDS = 3
CONTACTS = int(os.environ.get("BENCH_CONTACTS", "100000"))
APPOINTMENTS = int(os.environ.get("BENCH_APPOINTMENTS", "10000"))
CALLS = int(os.environ.get("BENCH_CALLS", "50000"))
# The AI agent scenarios run on an organization of the size issue 5 names.
AGENT_CONTACTS = int(os.environ.get("BENCH_AGENT_CONTACTS", "10000"))
AGENT_APPOINTMENTS = int(os.environ.get("BENCH_AGENT_APPOINTMENTS", "5000"))
# Issue #23: a campaign's leasing with and without a suppression list of this size.
CAMPAIGN_AUDIENCE = int(os.environ.get("BENCH_CAMPAIGN_AUDIENCE", "1000"))
SUPPRESSIONS = int(os.environ.get("BENCH_SUPPRESSIONS", "10000"))
# Issue #24: the arms with and without 200 live streams alternate this many times (at least
# BENCH_RUNS): three pairs of p99s moved the ratio by more than the 10% it is checked against.
STREAM_ALTERNATIONS = max(RUNS, int(os.environ.get("BENCH_STREAM_ALTERNATIONS", "8")))
HERE = os.path.dirname(os.path.abspath(__file__))

# wrk prints its own summary; this prints the figures we keep as one JSON line.
WRK_REPORT = r"""
done = function(summary, latency, requests)
  io.write(string.format('{"requests": %d, "duration_us": %d, "errors": %d, "non2xx": %d, "timeouts": %d, "p50_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status, summary.errors.timeout, latency:percentile(50), latency:percentile(99)))
end
"""


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Server:
    APP_KEY = base64.b64encode(os.urandom(32)).decode()

    def __init__(self, database_url, work, limiter=True):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # Limits far above what 64 connections reach, so the limiter counts every request
        # without refusing any; limiter=False turns it off to measure its cost.
        huge = "1000000000"
        env = dict(os.environ, DATABASE_URL=database_url, PORT=str(self.port), LOG_LEVEL="warning",
                   WEBHOOK_ALLOW_PRIVATE_NETWORKS="true", APP_KEY=self.APP_KEY, RATE_LIMIT_STANDARD=huge, RATE_LIMIT_BULK=huge,
                   RATE_LIMIT_AI=huge, RATE_LIMIT_AUTH=huge, RATE_LIMIT_ENABLED="true" if limiter else "false")
        self.log = open(os.path.join(work, f"server-{self.port}.log"), "w")
        self.process = subprocess.Popen([BINARY, "serve"], env=env, stdout=self.log, stderr=subprocess.STDOUT)
        for _ in range(240):
            try:
                urllib.request.urlopen(self.base + "/ready", timeout=1)
                return
            except Exception:
                time.sleep(0.25)
        raise RuntimeError("server did not start")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            # A finding to report, not a reason to lose the sitting's other figures.
            print("WARNING: the server did not stop within 30 s of SIGTERM; killed it", file=sys.stderr, flush=True)
            self.process.kill()
            self.process.wait()

    def call(self, method, path, body=None, token=None, content_type="application/json"):
        conn = HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Content-Type": content_type}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        text = response.read()
        conn.close()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {text[:300]!r}")
        return json.loads(text) if text else None


def post_many(server, token, items):
    """POSTs (path, body) items over 8 keep-alive connections; each must answer 201."""
    local = threading.local()

    def one(item):
        if not hasattr(local, "conn"):
            local.conn = HTTPConnection("127.0.0.1", server.port, timeout=60)
        path, body = item
        local.conn.request("POST", path, body=json.dumps(body).encode(),
                           headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
        response = local.conn.getresponse()
        response.read()
        if response.status != 201:
            raise RuntimeError(f"seed {path}: {response.status}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(one, items))


def iso(seconds):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def seed(server):
    """An organization with CONTACTS contacts (CSV import, timed), APPOINTMENTS appointments and CALLS calls."""
    token = server.call("POST", "/api/auth/register", {"name": "Bench", "email": "bench@example.com", "password": "benchmark1"})["token"]
    org = server.call("POST", "/api/coordinator/organizations", {"name": "Bench Dental", "timezone": "America/New_York"}, token)["id"]
    base = f"/api/coordinator/organizations/{org}"
    lines = ["name,email,phone,company,tags"] + [
        f"Person {i},person{i}@example.com,+1555{i:07d},Company {i % 500},t{i % 7};t{i % 11}" for i in range(CONTACTS)]
    started = time.perf_counter()
    report = server.call("POST", base + "/contacts/import", "\n".join(lines).encode(), token, "text/csv")
    import_seconds = time.perf_counter() - started
    assert report["created"] == CONTACTS, report
    contact_ids = [c["id"] for c in server.call("GET", base + "/contacts?per_page=100", token=token)["data"]]
    start = int(time.time() // 1800 * 1800) - 1800 * (APPOINTMENTS // 2)
    post_many(server, token, [(base + "/appointments", {"contact_id": contact_ids[i % len(contact_ids)], "scheduled_at": iso(start + 1800 * i)})
                              for i in range(APPOINTMENTS)])
    rng = random.Random(4)
    statuses = ["completed"] * 6 + ["missed", "voicemail", "failed"]
    now = time.time()
    post_many(server, token, [(base + "/calls", {"direction": rng.choice(["inbound", "outbound"]), "status": rng.choice(statuses),
                                                  "duration_seconds": rng.randint(10, 900), "contact_id": contact_ids[i % len(contact_ids)],
                                                  "started_at": iso(now - rng.randint(0, 90 * 86400))})
                              for i in range(CALLS)])
    return token, base, org, contact_ids[0], import_seconds


def seed_agent_business(server, token):
    """A second organization, AGENT_CONTACTS contacts and AGENT_APPOINTMENTS appointments, open
    all week, and an AI agent's access token and API key: what the agent scenarios call."""
    hours = {day: {"start": "08:00", "end": "20:00"} for day in
             ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]}
    org = server.call("POST", "/api/coordinator/organizations",
                      {"name": "Bench Agents Clinic", "timezone": "America/New_York", "business_hours": hours}, token)["id"]
    base = f"/api/coordinator/organizations/{org}"
    lines = ["name,email,phone"] + [f"Caller {i},caller{i}@example.com,+1666{i:07d}" for i in range(AGENT_CONTACTS)]
    server.call("POST", base + "/contacts/import", "\n".join(lines).encode(), token, "text/csv")
    contact_ids = [c["id"] for c in server.call("GET", base + "/contacts?per_page=100", token=token)["data"]]
    # Every 30 minutes around the clock, from about two months ago to two months ahead.
    start = int(time.time() // 1800 * 1800) - 1800 * (AGENT_APPOINTMENTS // 2)
    post_many(server, token, [(base + "/appointments", {"contact_id": contact_ids[i % len(contact_ids)], "scheduled_at": iso(start + 1800 * i)})
                              for i in range(AGENT_APPOINTMENTS)])
    agent = server.call("POST", base + "/ai-agents", {"name": "bench agent"}, token)
    agent_token = server.call("POST", "/api/internal/ai/auth", {"agent_id": agent["agent_id"], "api_key": agent["api_key"]})["access_token"]
    return org, agent_token, agent["api_key"]


def wrk(server, path, token, method="GET", body=None):
    script = WRK_REPORT
    if method != "GET":
        script = f'wrk.method = "{method}"\nwrk.body = {json.dumps(json.dumps(body))}\nwrk.headers["Content-Type"] = "application/json"\n' + script
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(script)
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-s", f.name]
    if token:
        command += ["-H", f"Authorization: Bearer {token}"]
    peak = [0]
    stop = threading.Event()

    def sample():
        while not stop.is_set():
            peak[0] = max(peak[0], rss_kb(server.process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample)
    sampler.start()
    output = subprocess.run(command + [server.base + path], capture_output=True, text=True).stdout
    stop.set()
    sampler.join()
    os.unlink(f.name)
    # wrk stops with requests still queued in the server (seconds of them after the slow
    # scenarios): let them drain, or the next scenario's first requests wait behind them.
    time.sleep(SETTLE_SECONDS)
    result = json.loads([line for line in output.splitlines() if line.startswith("{")][-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["rss_kb"] = peak[0]
    return result


def webhook_delivery(server, token, base):
    """Delivered events per second for a burst of 2,000, and the median latency of single events."""
    port = free_port()
    received = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            with lock:
                received.append(time.time())
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    class Receiver(ThreadingHTTPServer):
        # socketserver's default listen backlog is 5: a batch of concurrent deliveries
        # overflowed it and waited out TCP's one-second SYN retransmits.
        request_queue_size = 1024
        daemon_threads = True

    httpd = Receiver(("127.0.0.1", port), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    server.call("POST", base + "/webhooks", {"name": "bench", "url": f"http://127.0.0.1:{port}/hook", "events": ["contact.created"]}, token)
    burst = 2000
    csv = "name,email\n" + "\n".join(f"Hook {i},hook{i}@example.com" for i in range(burst))
    t0 = time.time()
    server.call("POST", base + "/contacts/import", csv.encode(), token, "text/csv")
    deadline = time.time() + 300
    while len(received) < burst and time.time() < deadline:
        time.sleep(0.05)
    rate = len(received) / (max(received) - t0) if received else 0
    latencies = []
    for i in range(40):
        before = len(received)
        t = time.time()
        server.call("POST", base + "/contacts", {"name": f"Latency {i}"}, token)
        while len(received) == before and time.time() < t + 30:
            time.sleep(0.002)
        latencies.append((received[-1] - t) * 1000)
    httpd.shutdown()
    return {"events_per_second": rate, "median_latency_ms": statistics.median(latencies), "events": len(received)}


def campaign_business(server, token, name, suppressions):
    """An organization that may call around the clock (the benchmark runs at any hour), a
    contact list of CAMPAIGN_AUDIENCE contacts, `suppressions` suppressed numbers (none of
    the audience's), and an agent's access token."""
    org = server.call("POST", "/api/coordinator/organizations",
                      {"name": name, "timezone": "America/New_York", "allow_calls_outside_quiet_hours": True,
                       "max_daily_attempts_per_contact": 20}, token)["id"]
    base = f"/api/coordinator/organizations/{org}"
    lines = ["name,phone"] + [f"Lead {i},+1777{i:07d}" for i in range(CAMPAIGN_AUDIENCE)]
    server.call("POST", base + "/contacts/import", "\n".join(lines).encode(), token, "text/csv")
    ids, page = [], 1
    while True:
        listed = server.call("GET", f"{base}/contacts?per_page=100&page={page}", token=token)
        ids += [c["id"] for c in listed["data"]]
        if page >= listed["last_page"]:
            break
        page += 1
    list_id = server.call("POST", base + "/contact-lists", {"name": "Leads"}, token)["id"]
    for i in range(0, len(ids), 500):
        server.call("POST", f"{base}/contact-lists/{list_id}/contacts", {"contact_ids": ids[i:i + 500]}, token)
    if suppressions:
        csv = "phone,reason\n" + "\n".join(f"+1888{i:07d},bench" for i in range(suppressions))
        report = server.call("POST", base + "/suppressions/import", csv.encode(), token, "text/csv")
        assert report["created"] == suppressions, report
    agent = server.call("POST", base + "/ai-agents", {"name": "dialer"}, token)
    agent_token = server.call("POST", "/api/internal/ai/auth", {"agent_id": agent["agent_id"], "api_key": agent["api_key"]})["access_token"]
    return org, base, list_id, agent_token


def lease_all(server, token, org, base, list_id, agent_token, round_name):
    """Starts a campaign over the list and has 8 agents' connections lease and report every
    call: leases per second and the median lease latency."""
    campaign = server.call("POST", base + "/campaigns", {
        "name": round_name, "contact_list_ids": [list_id], "max_concurrent_calls": 100,
        "calling_window": {"start": "00:00", "end": "24:00"}}, token)["id"]
    server.call("POST", f"{base}/campaigns/{campaign}/start", None, token)
    latencies, lock = [], threading.Lock()
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {agent_token}"}

    def agent(_):
        conn = HTTPConnection("127.0.0.1", server.port, timeout=60)
        while True:
            t = time.perf_counter()
            conn.request("POST", f"/api/internal/ai/campaigns/{org}/calls/next", body=json.dumps({"campaign_id": campaign}).encode(), headers=headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - t
            if response.status == 204:
                return
            if response.status != 200:
                raise RuntimeError(f"lease: {response.status} {body[:200]!r}")
            with lock:
                latencies.append(elapsed)
            report = {"interaction_type": "call", "campaign_call_id": json.loads(body)["campaign_call_id"], "status": "completed", "duration_seconds": 30}
            conn.request("POST", f"/api/internal/ai/interactions/{org}", body=json.dumps(report).encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 201:
                raise RuntimeError(f"report: {response.status}")

    t0 = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(agent, range(8)))
    seconds = time.perf_counter() - t0
    if len(latencies) != CAMPAIGN_AUDIENCE:
        raise RuntimeError(f"{round_name}: {len(latencies)} leases for {CAMPAIGN_AUDIENCE} contacts")
    return {"leases_per_second": len(latencies) / seconds, "lease_p50_ms": statistics.median(latencies) * 1000}


def campaign_leasing(server, token):
    """Issue #23: leasing (each call reported at once) from an organization without a
    suppression list and from one with SUPPRESSIONS numbers on it, in alternating order, RUNS
    times each; the ratio of the medians."""
    plain = campaign_business(server, token, "Bench Dialer", 0)
    listed = campaign_business(server, token, "Bench Dialer Suppressed", SUPPRESSIONS)
    runs = {"without": [], "with": []}
    for run in range(RUNS):
        order = [("without", plain), ("with", listed)]
        for name, business in (order if run % 2 == 0 else order[::-1]):
            result = lease_all(server, token, *business, f"Round {run} {name}")
            runs[name].append(result)
            print(f"  campaign leasing, {name} a suppression list: {result['leases_per_second']:.0f} leases/s, p50 {result['lease_p50_ms']:.1f} ms", flush=True)
    summary = {name: {"leases_per_second": round(statistics.median(r["leases_per_second"] for r in results), 1),
                      "lease_p50_ms": round(statistics.median(r["lease_p50_ms"] for r in results), 2)} for name, results in runs.items()}
    summary["ratio"] = round(summary["with"]["leases_per_second"] / summary["without"]["leases_per_second"], 3)
    summary["audience"], summary["suppressions"] = CAMPAIGN_AUDIENCE, SUPPRESSIONS
    return summary


def bench(engine, database_url):
    work = tempfile.mkdtemp(prefix="fourcalls-bench-")
    server = Server(database_url, work)
    try:
        return measure(engine, database_url, work, server)
    finally:
        # A failed run must not leave its server holding the port and the database.
        if server.process.poll() is None:
            server.stop()


class EventStreams:
    """`count` open live event streams of one organization, drained by one thread: what the
    console's browsers hold open while the API serves everyone else."""

    def __init__(self, server, token, base, count):
        self.selector = selectors.DefaultSelector()
        self.events = 0
        self.stop_flag = threading.Event()
        request = (f"GET {base}/events/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                   f"Authorization: Bearer {token}\r\n\r\n").encode()
        for _ in range(count):
            sock = socket.create_connection(("127.0.0.1", server.port))
            sock.sendall(request)
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ)
        self.thread = threading.Thread(target=self.drain)
        self.thread.start()

    def drain(self):
        while not self.stop_flag.is_set():
            for key, _ in self.selector.select(timeout=0.2):
                try:
                    data = key.fileobj.recv(65536)
                except BlockingIOError:
                    continue
                self.events += data.count(b"\nevent: ")

    def close(self):
        self.stop_flag.set()
        self.thread.join()
        for key in list(self.selector.get_map().values()):
            self.selector.unregister(key.fileobj)
            key.fileobj.close()


def event_stream_load(server, token, base, contact_id, streams=200):
    """Issue #24: the API's p99 with `streams` live event streams open on the organization
    against none, alternately (STREAM_ALTERNATIONS pairs) in one sitting, while a contact is
    created every 100 ms (so the streams carry events) in both arms. The ratio is of the two
    arms' median p99s; the median of the pairs' own ratios is reported beside it."""
    trickle_stop = threading.Event()

    def trickle():
        n = 0
        while not trickle_stop.is_set():
            n += 1
            server.call("POST", f"{base}/contacts", {"name": f"Stream {n}", "phone": f"+1777{n:07d}"}, token)
            time.sleep(0.1)

    feeder = threading.Thread(target=trickle)
    feeder.start()
    arms = {"without": [], "with": []}
    delivered = 0
    try:
        for _ in range(STREAM_ALTERNATIONS):
            arms["without"].append(wrk(server, f"{base}/contacts/{contact_id}", token))
            open_streams = EventStreams(server, token, base, streams)
            time.sleep(1)
            arms["with"].append(wrk(server, f"{base}/contacts/{contact_id}", token))
            open_streams.close()
            delivered += open_streams.events
    finally:
        trickle_stop.set()
        feeder.join()
    result = {"streams": streams, "events_received_by_streams": delivered}
    for arm, runs in arms.items():
        result[arm] = {"rps": round(statistics.median(r["rps"] for r in runs)),
                       "p99_ms": round(statistics.median(r["p99_us"] for r in runs) / 1000, 2),
                       "errors": sum(r["errors"] + r["non2xx"] for r in runs)}
    result["alternations"] = STREAM_ALTERNATIONS
    result["p99_ratio"] = round(result["with"]["p99_ms"] / result["without"]["p99_ms"], 3) if result["without"]["p99_ms"] else None
    result["pair_p99_ratio_median"] = round(statistics.median(
        w["p99_us"] / wo["p99_us"] for w, wo in zip(arms["with"], arms["without"]) if wo["p99_us"]), 3)
    return result


def measure(engine, database_url, work, server):
    wanted = [w.strip() for w in os.environ.get("BENCH_SCENARIOS", "").split(",") if w.strip()]
    if wanted == ["streams"]:  # the live streams' cost alone, on a small organization
        token = server.call("POST", "/api/auth/register", {"name": "Bench", "email": "bench@example.com", "password": "benchmark1"})["token"]
        org = server.call("POST", "/api/coordinator/organizations", {"name": "Streams"}, token)["id"]
        base = f"/api/coordinator/organizations/{org}"
        contact = server.call("POST", f"{base}/contacts", {"name": "Read Me", "phone": "+15550001111"}, token)["id"]
        print(f"[{engine}] event streams: 200 open against none ...", flush=True)
        return {"engine": engine, "event_streams": event_stream_load(server, token, base, contact)}
    if wanted == ["campaign"]:  # the campaign leasing alone, without the large seed
        token = server.call("POST", "/api/auth/register", {"name": "Bench", "email": "bench@example.com", "password": "benchmark1"})["token"]
        print(f"[{engine}] campaign leasing: {CAMPAIGN_AUDIENCE} contacts, {SUPPRESSIONS} suppressed numbers ...", flush=True)
        return {"engine": engine, "campaign_leasing": campaign_leasing(server, token)}
    print(f"[{engine}] seeding {CONTACTS} contacts, {APPOINTMENTS} appointments, {CALLS} calls ...", flush=True)
    token, base, org, contact_id, import_seconds = seed(server)
    print(f"[{engine}] seeding the agent business: {AGENT_CONTACTS} contacts, {AGENT_APPOINTMENTS} appointments ...", flush=True)
    agent_org, agent_token, agent_key = seed_agent_business(server, token)
    # Tomorrow, among the seeded appointments: a day with bookings every half hour.
    busy_day = time.strftime("%Y-%m-%d", time.gmtime(time.time() + 86400))
    # Idle means idle for a while: the server gives freed memory back every 10 s, once the
    # heaps are no longer held by the burst's last small objects (about 30 s after it).
    time.sleep(35)
    idle_rss = rss_kb(server.process.pid)
    scenarios = [
        ("GET /health", "/health", None, "GET", None),
        ("get contact by id", f"{base}/contacts/{contact_id}", token, "GET", None),
        ("list contacts, search", f"{base}/contacts?search=person%204242", token, "GET", None),
        ("create contact", f"{base}/contacts", token, "POST", {"name": "Load Test", "email": "load@example.com", "phone": "+15550000000"}),
        ("calls stats", f"{base}/calls/stats", token, "GET", None),
        ("dashboard metrics", f"{base}/dashboard/metrics", token, "GET", None),
        ("agent: availability", f"/api/internal/ai/calendar/{agent_org}/availability?date={busy_day}", agent_token, "GET", None),
        ("agent: lookup by phone", f"/api/internal/ai/crm/{agent_org}/customers/lookup?phone=%2B16660004242", agent_token, "GET", None),
        ("agent: context packet", f"/api/internal/ai/context/{agent_org}", agent_token, "GET", None),
        # Issue #19: what a voice platform calls with its API key while a caller waits.
        ("agent: call-start packet", f"/api/internal/ai/call-context/{agent_org}?phone=%2B16660004242", agent_key, "GET", None),
        ("agent: MCP tools/call check_availability", "/api/internal/ai/mcp", agent_key, "POST",
         {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "check_availability", "arguments": {"date": busy_day}}}),
        # Issue #20: Vapi's envelope around the same tool.
        ("agent: Vapi tool-calls check_availability", "/api/internal/ai/vapi", agent_key, "POST",
         {"message": {"type": "tool-calls", "toolCallList": [
             {"id": "call_1", "type": "function", "function": {"name": "check_availability", "arguments": {"date": busy_day}}}]}}),
    ]
    # BENCH_SCENARIOS=contact,dashboard keeps the scenarios whose names hold one of the words
    # (GET /health always stays: the baseline); for quick looks while working, not for the README.
    if wanted:
        scenarios = [s for s in scenarios if s[0] == "GET /health" or any(w in s[0] for w in wanted)]
    rows = {}
    for run in range(RUNS):
        for name, path, tok, method, body in scenarios:
            result = wrk(server, path, tok, method, body)
            rows.setdefault(name, []).append(result)
            print(f"[{engine}] run {run + 1}/{RUNS} {name}: {result['rps']:.0f} req/s, p99 {result['p99_us'] / 1000:.1f} ms", flush=True)
    hooks = webhook_delivery(server, token, base)
    leasing = campaign_leasing(server, token)
    # BENCH_STREAMS=0 leaves it out (a binary from before the stream existed).
    streams = event_stream_load(server, token, base, contact_id) if os.environ.get("BENCH_STREAMS") != "0" else None
    server.stop()
    # The limiter's cost: the same read with the limiter off, on the same database.
    unlimited = Server(database_url, work, limiter=False)
    for run in range(RUNS):
        rows.setdefault("get contact by id, limiter off", []).append(wrk(unlimited, f"{base}/contacts/{contact_id}", token))
        rows.setdefault("GET /health, limiter off run", []).append(wrk(unlimited, "/health", None))
    unlimited.stop()
    health_runs = [r["rps"] for r in rows["GET /health"]]
    health_off_runs = [r["rps"] for r in rows.pop("GET /health, limiter off run")]
    table = []
    for name, results in rows.items():
        rps = statistics.median(r["rps"] for r in results)
        # The limiter-off run had its own /health baseline: scale to this one.
        baselines = health_off_runs if name.endswith("limiter off") else health_runs
        # Run by run, each scenario against the /health of its own run: on a shared machine
        # whose speed drifts between runs, a steadier ratio than one of two medians.
        by_run = statistics.median(r["rps"] / baseline for r, baseline in zip(results, baselines))
        table.append({
            "scenario": name, "rps": round(rps), "p50_ms": round(statistics.median(r["p50_us"] for r in results) / 1000, 2),
            "p99_ms": round(statistics.median(r["p99_us"] for r in results) / 1000, 2),
            "ratio_to_health": round(rps / statistics.median(baselines), 3), "ratio_to_health_by_run": round(by_run, 3),
            "errors": sum(r["errors"] + r["non2xx"] for r in results), "timeouts": sum(r.get("timeouts", 0) for r in results), "peak_rss_mb": round(max(r["rss_kb"] for r in results) / 1024, 1)})
    return {"engine": engine, "import_contacts": CONTACTS, "import_seconds": round(import_seconds, 2),
            "idle_rss_mb": round(idle_rss / 1024, 1), "scenarios": table, "webhooks": {k: round(v, 1) for k, v in hooks.items()},
            "campaign_leasing": leasing, **({"event_streams": streams} if streams else {}),
            "seed": {"contacts": CONTACTS, "appointments": APPOINTMENTS, "calls": CALLS,
                     "agent_business": {"contacts": AGENT_CONTACTS, "appointments": AGENT_APPOINTMENTS}}}


def main():
    engines = [("sqlite", f"sqlite://{tempfile.mkdtemp(prefix='fourcalls-bench-db-')}/bench.sqlite")]
    if os.environ.get("BENCH_SQLITE") == "0":  # a PostgreSQL pass alone, for quick looks
        engines = []
    if os.environ.get("BENCH_DATABASE_URL"):
        engines.append(("postgres", os.environ["BENCH_DATABASE_URL"]))
    memory_gib = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)
    results = {"date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()}, {os.cpu_count()} cores, {memory_gib} GiB, {platform.platform()}",
               "connections": CONNECTIONS, "runs": RUNS, "duration_seconds": DURATION,
               "results": [bench(engine, url) for engine, url in engines]}
    os.makedirs(os.path.join(HERE, "results"), exist_ok=True)
    with open(os.path.join(HERE, "results", "latest.json"), "w") as f:
        json.dump(results, f, indent=2)
    for result in results["results"]:
        if "event_streams" in result:
            streams = result["event_streams"]
            print(f"\n{result['engine']}: get contact by id with {streams['streams']} live event streams open: p99 {streams['with']['p99_ms']} ms "
                  f"({streams['with']['rps']} req/s) against {streams['without']['p99_ms']} ms ({streams['without']['rps']} req/s) without: "
                  f"ratio {streams['p99_ratio']} over {streams['alternations']} alternations (median of the pairs' ratios {streams['pair_p99_ratio_median']}); the streams received {streams['events_received_by_streams']} events")
        if "campaign_leasing" not in result:
            continue
        leasing = result["campaign_leasing"]
        print(f"\n{result['engine']}: campaign leasing {leasing['without']['leases_per_second']} leases/s without a suppression list, "
              f"{leasing['with']['leases_per_second']} with {leasing['suppressions']} numbers on it: ratio {leasing['ratio']} "
              f"(lease p50 {leasing['without']['lease_p50_ms']} / {leasing['with']['lease_p50_ms']} ms)")
        if "scenarios" not in result:
            continue
        print(f"{result['engine']}: {result['import_contacts']} contacts imported by CSV in {result['import_seconds']} s; idle RSS {result['idle_rss_mb']} MB")
        print("| scenario | req/s | p50 ms | p99 ms | vs /health | vs /health, run by run | errors | timeouts | peak RSS MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for row in result["scenarios"]:
            print(f"| {row['scenario']} | {row['rps']} | {row['p50_ms']} | {row['p99_ms']} | {row['ratio_to_health']} | {row['ratio_to_health_by_run']} | {row['errors']} | {row['timeouts']} | {row['peak_rss_mb']} |")
        hooks = result["webhooks"]
        print(f"webhooks: {hooks['events_per_second']} delivered events/s (burst of 2000), median event-to-delivery {hooks['median_latency_ms']} ms")
    if any("scenarios" in result for result in results["results"]):
        print("'limiter off' rows come from a second server with RATE_LIMIT_ENABLED=false, as a ratio to its own /health")
        print("'vs /health' divides the medians; 'run by run' is the median of each run's ratio to that run's /health")
        print(f"\nmedians of {RUNS} runs of {DURATION} s at {CONNECTIONS} connections; written to bench/results/latest.json")
    else:
        print(f"\nmedians of {RUNS} runs each; written to bench/results/latest.json")


if __name__ == "__main__":
    main()
