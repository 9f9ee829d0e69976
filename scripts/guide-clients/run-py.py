#!/usr/bin/env python3
"""Runs the guide's Python client (as extract.py wrote it out of the guide) against a running
server with `requests`, calls every method of its class with the guide's example data and
checks every answer. One line per call: "PASS py ..." or "FAIL py ...".
    python3 run-py.py WORKDIR BASE_URL TOKEN

requests.Session.send is wrapped to record each request the guide's code makes (method,
URL, status, body), so the exact status codes can be checked; the requests are untouched.
"""
import json
import re
import runpy
import sys
from pathlib import Path

import requests

workdir, base, token = sys.argv[1:4]
api = f"{base}/api/coordinator"
bodies = json.loads((Path(workdir) / "bodies.json").read_text())
failures = 0

exchanges = []
_send = requests.Session.send


def recording_send(self, request, **kwargs):
    response = _send(self, request, **kwargs)
    exchanges.append((request.method, request.url, response.status_code, response.text))
    return response


requests.Session.send = recording_send


class Mismatch(Exception):
    pass


def eq(actual, expected, what):
    if json.dumps(actual, sort_keys=True) != json.dumps(expected, sort_keys=True):
        raise Mismatch(f"{what}: expected {json.dumps(expected)}, got {json.dumps(actual)}")


def ok(cond, what):
    if not cond:
        raise Mismatch(what)


UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def is_uuid(v, what):
    ok(isinstance(v, str) and UUID.match(v), f"{what}: expected a lowercase UUID, got {v!r}")


def is_time(v, what):
    ok(isinstance(v, str) and TIMESTAMP.match(v), f"{what}: expected an RFC 3339 UTC timestamp, got {v!r}")


def same_fields(actual, expected, what):
    for k, v in expected.items():
        eq((actual or {}).get(k), v, f"{what}.{k}")


def calls(made, expected):
    eq(len(made), len(expected), "number of requests (" + ", ".join(f"{m} {u}" for m, u, _, _ in made) + ")")
    for i, ((method, url, status, text), (want_method, pattern, want_status)) in enumerate(zip(made, expected)):
        p = url.replace(base, "").split("?")[0]
        ok(method == want_method and re.search(pattern, p), f"request {i + 1}: expected {want_method} {pattern}, made {method} {p}")
        eq(status, want_status, f"{method} {p} status (body {text[:300]})")


def step(label, fn):
    global failures
    start = len(exchanges)
    try:
        detail = fn(lambda: exchanges[start:])
        print(f"PASS py  {label}" + (f" — {detail}" if detail else ""), flush=True)
        return True
    except Exception as error:  # a Mismatch, or what the guide's code raised
        failures += 1
        prefix = "" if isinstance(error, Mismatch) else f"the guide code raised {type(error).__name__}: "
        print(f"FAIL py  {label} — {prefix}{error}", flush=True)
        for method, url, status, text in exchanges[start:]:
            print(f"           {method} {url.replace(base, '')} -> {status}" + (f" {text[:300]}" if status >= 300 else ""))
        return False


def direct(method, path, body=None):
    """Setup the guide's client has no method for, and reading back (not guide code)."""
    response = requests.request(method, f"{api}{path}", json=body, headers={"Authorization": f"Bearer {token}"})
    if not response.ok:
        raise Mismatch(f"setup {method} {path} -> {response.status_code} {response.text[:300]}")
    return response.json()


me = requests.get(f"{base}/api/auth/me", headers={"Authorization": f"Bearer {token}"}).json()
user_id = me.get("id") or (me.get("user") or {}).get("id")
del exchanges[:]
guide = {}


def usage(made):
    guide.update(runpy.run_path(str(Path(workdir) / "py" / "fourcalls_client.py")))
    org, contact = guide["org"], guide["contact"]
    calls(made(), [("POST", r"^/api/coordinator/organizations$", 201), ("POST", r"/organizations/[^/]+/contacts$", 201)])
    is_uuid(org.get("id"), "organization.id")
    same_fields(org, {"name": "Acme Corporation", "industry": "Technology", "timezone": "America/New_York", "user_id": user_id}, "organization")
    is_time(org.get("created_at"), "organization.created_at")
    is_uuid(contact.get("id"), "contact.id")
    same_fields(contact, {"name": "John Doe", "email": "john@example.com", "phone": "+1234567890"}, "contact")
    return f"organization {org['id']}, contact {contact['id']}"


if not step("guide usage (CODE EXAMPLES): FourCallsIntegration(...), create_organization, create_contact", usage):
    sys.exit(1)
four_calls, org, contact = guide["four_calls"], guide["org"], guide["contact"]
setup = {}


def prepare(made):
    setup["role"] = direct("GET", "/role-templates")["data"][0]
    setup["persona"] = direct("GET", "/persona-templates")["data"][0]
    setup["type"] = direct("POST", f"/organizations/{org['id']}/appointment-types", {"name": "Follow-up call", "duration_minutes": 30})


if not step("setup (not guide code): role and persona templates, an appointment type", prepare):
    sys.exit(1)


def coordinator(made):
    body = dict(bodies["coordinator"], role_template_id=setup["role"]["id"], persona_template_id=setup["persona"]["id"])
    c = four_calls.create_coordinator(org["id"], body)
    calls(made(), [("POST", r"/organizations/[^/]+/coordinators$", 201)])
    is_uuid(c.get("id"), "coordinator.id")
    same_fields(c, {"organization_id": org["id"], "display_name": body["display_name"], "status": "active", "voice_id": body["voice_id"],
                    "custom_greeting": body["custom_greeting"], "custom_prompts": body["custom_prompts"],
                    "availability": body["availability"]}, "coordinator")
    eq((c.get("role_template") or {}).get("id"), setup["role"]["id"], "coordinator.role_template.id")
    eq((c.get("persona_template") or {}).get("id"), setup["persona"]["id"], "coordinator.persona_template.id")
    is_time(c.get("created_at"), "coordinator.created_at")
    return f"coordinator {c['id']}, status {c['status']}"


step('four_calls.create_coordinator(org["id"], <guide "Create Coordinator" body>)', coordinator)


def appointment(made):
    body = dict(bodies["appointment"], contact_id=contact["id"], appointment_type_id=setup["type"]["id"])
    a = four_calls.create_appointment(org["id"], body)
    calls(made(), [("POST", r"/organizations/[^/]+/appointments$", 201)])
    is_uuid(a.get("id"), "appointment.id")
    same_fields(a, {"contact_id": contact["id"], "appointment_type_id": setup["type"]["id"], "scheduled_at": body["scheduled_at"],
                    "duration_minutes": body["duration_minutes"], "ends_at": "2026-01-25T14:30:00Z", "notes": body["notes"],
                    "status": "scheduled", "metadata": body["metadata"]}, "appointment")
    eq((a.get("contact") or {}).get("id"), contact["id"], "appointment.contact.id")
    return f"appointment {a['id']}, {a['scheduled_at']}..{a['ends_at']}"


step('four_calls.create_appointment(org["id"], <guide "Create Appointment" body>)', appointment)


def full_contact(made):
    c = four_calls.create_contact(org["id"], bodies["contact"])
    calls(made(), [("POST", r"/organizations/[^/]+/contacts$", 201)])
    same_fields(c, bodies["contact"], "contact")
    return f"contact {c['id']}, tags {c['tags']}"


step('four_calls.create_contact(org["id"], <guide "Create Contact" body>)', full_contact)


def raises(made):
    bad = guide["FourCallsIntegration"](four_calls.base_url, "1|not-a-valid-token-at-all-xxxxxxxxxxxxxxxxxxxxxxxx")
    try:
        bad.create_organization({"name": "Nope"})
    except requests.HTTPError as error:
        eq(error.response.status_code, 401, "status")
        body = error.response.json()
        eq(body.get("code"), "UNAUTHENTICATED", "error code")
        ok(isinstance(body.get("error"), str), "error message")
        return "HTTPError 401 UNAUTHENTICATED"
    raise Mismatch("no HTTPError for a wrong token")


step("the class's raise_for_status() with a wrong token (guide ERROR HANDLING)", raises)


def query_encoding(made):
    """requests writes params= as a form (space -> '+', '+' -> '%2B'); the server reads them so."""
    found = []
    for search in ["John Doe", "+1234567", "john@example"]:
        response = requests.get(f"{api}/organizations/{org['id']}/contacts", params={"search": search},
                                headers={"Authorization": f"Bearer {token}"})
        eq(response.status_code, 200, f"search {search!r}")
        names = sorted({c["name"] for c in response.json()["data"]})
        eq(names, ["John Doe"], f"search {search!r} ({response.request.url.split('?')[1]})")
        found.append(response.request.url.split("?")[1])
    return "found with " + ", ".join(found)


step("requests' params= encoding of a contact search with a space and a plus (CONTRACT section 1; not guide code)", query_encoding)
sys.exit(1 if failures else 0)
