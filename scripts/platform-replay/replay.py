"""Plays each voice platform's recorded sequence (the fixtures in Tests/Fixtures/platforms)
against a live 4Calls server, as the platforms deliver it: Vapi tool calls and an end-of-call
report delivered three times plus twice at once; Retell call_inbound, call_started,
call_analyzed before call_ended, call_ended again, signed with the agent's Retell key;
ElevenLabs post_call_transcription twice, signed with the webhook secret; then one bad
signature of each. Checks the call log: one call per platform call, the statuses, summaries
and durations the reports gave, and the events fired once.
Usage: replay.py BASE_URL USER_TOKEN ORG_ID API_KEY RETELL_KEY ELEVENLABS_SECRET"""
import concurrent.futures
import datetime
import hashlib
import hmac
import json
import os
import sys
import time
import urllib.request

BASE, TOKEN, ORG, KEY, RETELL_KEY, ELEVEN_SECRET = sys.argv[1:7]
FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "Fixtures", "platforms")
failures = 0


def fixture(name, **values):
    text = open(os.path.join(FIXTURES, name)).read()
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def post(path, body, headers=None):
    request = urllib.request.Request(BASE + path, data=body.encode(), method="POST",
                                     headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read().decode() or "null")


def get(path):
    request = urllib.request.Request(BASE + path, headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read().decode())


def check(condition, message):
    global failures
    print(f"platform replay: {'ok' if condition else 'FAILED'} {message}")
    if not condition:
        failures += 1


def retell_signature(body):
    stamp = str(int(time.time() * 1000))
    return f"v={stamp},d=" + hmac.new(RETELL_KEY.encode(), (body + stamp).encode(), hashlib.sha256).hexdigest()


def eleven_signature(body):
    stamp = str(int(time.time()))
    return f"t={stamp},v0=" + hmac.new(ELEVEN_SECRET.encode(), f"{stamp}.{body}".encode(), hashlib.sha256).hexdigest()


tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()

# Vapi: tool calls, then the end-of-call report five times (three in a row, two at once).
status, answer = post("/api/internal/ai/vapi", fixture("vapi-tool-calls.json", date=tomorrow, phone="+15550102030"), {"X-Vapi-Secret": KEY})
check(status == 200 and [r["toolCallId"] for r in answer["results"]] == [f"call_VaPi000{i}" for i in range(1, 6)],
      f"vapi tool-calls: {status}, {len(answer['results']) if answer else 0} results in order")
report = fixture("vapi-end-of-call-report.json", callID="replay-vapi-1", reason="customer-ended-call", summary="Booked a cleaning.")
statuses = [post("/api/internal/ai/vapi", report, {"Authorization": f"Bearer {KEY}"})[0] for _ in range(3)]
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    statuses += list(pool.map(lambda _: post("/api/internal/ai/vapi", report, {"Authorization": f"Bearer {KEY}"})[0], range(2)))
check(statuses == [200] * 5, f"vapi end-of-call-report delivered 5 times: {statuses}")

# Retell: inbound variables, then the call's events out of order and repeated, signed.
inbound = fixture("retell-call-inbound.json")
status, answer = post(f"/api/internal/ai/retell/webhook?key={KEY}", inbound, {"X-Retell-Signature": retell_signature(inbound)})
check(status == 200 and answer["call_inbound"]["dynamic_variables"]["business_name"] == "Replay Dental", f"retell call_inbound: {status} {answer}")
for event in ["call_started", "call_analyzed", "call_ended", "call_ended"]:
    body = fixture("retell-call-event.json", event=event, callID="replay-retell-1")
    status, _ = post(f"/api/internal/ai/retell/webhook?key={KEY}", body, {"X-Retell-Signature": retell_signature(body)})
    check(status == 204, f"retell {event}: {status}")
forged = fixture("retell-call-event.json", event="call_ended", callID="replay-retell-forged")
status, _ = post(f"/api/internal/ai/retell/webhook?key={KEY}", forged, {"X-Retell-Signature": "v=1,d=00"})
check(status == 401, f"retell with a bad signature: {status}")

# ElevenLabs: the post-call transcription twice, signed; a bad signature once.
body = fixture("elevenlabs-post-call-transcription.json", callID="replay-eleven-1")
for attempt in range(2):
    status, _ = post(f"/api/internal/ai/elevenlabs/webhook?key={KEY}", body, {"ElevenLabs-Signature": eleven_signature(body)})
    check(status == 204, f"elevenlabs post_call_transcription #{attempt + 1}: {status}")
forged = fixture("elevenlabs-post-call-transcription.json", callID="replay-eleven-forged")
status, _ = post(f"/api/internal/ai/elevenlabs/webhook?key={KEY}", forged, {"ElevenLabs-Signature": "t=1,v0=00"})
check(status == 401, f"elevenlabs with a bad signature: {status}")

# The call log: one call per platform call, as the reports said.
calls = get(f"/api/coordinator/organizations/{ORG}/calls?per_page=100")["data"]
by_id = {c["metadata"].get("platform_call_id"): c for c in calls}
check(sorted(by_id) == ["replay-eleven-1", "replay-retell-1", "replay-vapi-1"], f"call log: {sorted(by_id)}")
vapi, retell, eleven = by_id.get("replay-vapi-1", {}), by_id.get("replay-retell-1", {}), by_id.get("replay-eleven-1", {})
check(vapi.get("summary") == "Booked a cleaning." and vapi.get("duration_seconds") == 185 and vapi.get("status") == "completed",
      f"vapi call: {vapi.get('status')}, {vapi.get('duration_seconds')} s, {vapi.get('summary')!r}")
check(retell.get("summary") == "The caller moved a cleaning." and retell.get("duration_seconds") == 150,
      f"retell call (analyzed before ended): {retell.get('status')}, {retell.get('duration_seconds')} s, {retell.get('summary')!r}")
check(eleven.get("summary") == "Asked about Friday." and eleven.get("duration_seconds") == 95,
      f"elevenlabs call: {eleven.get('status')}, {eleven.get('duration_seconds')} s, {eleven.get('summary')!r}")
check(len({c.get("contact_id") for c in calls}) == 1, "the same caller is one contact")
print(f"platform replay: {'passed' if failures == 0 else f'{failures} failed'}")
sys.exit(1 if failures else 0)
