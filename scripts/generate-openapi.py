"""Generates Sources/FourCalls/Resources/openapi.json, the OpenAPI 3.1 document of the API.
Edit this file, then run: python3 scripts/generate-openapi.py
(OpenAPIDocumentTests checks that every route is documented and nothing else.)
"""
import json

def ref(kind, name): return {"$ref": f"#/components/{kind}/{name}"}
def sref(name): return ref("schemas", name)
def rref(name): return ref("responses", name)
def pref(name): return ref("parameters", name)
def json_content(schema, example=None, examples=None):
    c = {"schema": schema}
    if example is not None: c["example"] = example
    if examples is not None: c["examples"] = examples
    return {"application/json": c}

SEC = [{"userToken": []}]
TIME_PATTERN = "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
STD_HOURS = {d: {"start": "09:00", "end": "17:00"} for d in WEEKDAYS[:5]}
UUID = {"type": "string", "format": "uuid"}
TS = {"type": "string", "format": "date-time"}

EX_USER = {
    "id": "9b2f7c1e-4d3a-4f6b-8a1e-2c5d7e9f0a1b",
    "name": "Jane Doe",
    "email": "jane@example.com",
    "created_at": "2026-01-20T10:00:00Z",
    "updated_at": "2026-01-20T10:00:00Z",
}
EX_TOKEN_PLAIN = "0e4b6a2c-5f1d-4c3b-9a8e-7d6c5b4a3f2e|Xq3vN8pL2rT7kW9mB4cF6hJ1sD5gA0zYeU8iO3pQ"
EX_ORG = {
    "id": "3f1c2b4a-6d5e-4a7b-9c8d-0e1f2a3b4c5d",
    "name": "Acme Corporation",
    "industry": "Technology",
    "timezone": "America/New_York",
    "country_code": "1",
    "business_hours": STD_HOURS,
    "booking_capacity": 1,
    "allow_calls_outside_quiet_hours": False,
    "max_daily_attempts_per_contact": 3,
    "metadata": {"website": "https://acme.com", "phone": "+1234567890"},
    "user_id": EX_USER["id"],
    "role": "owner",
    "created_at": "2026-01-20T10:00:00Z",
    "updated_at": "2026-01-20T10:00:00Z",
}
EX_INVITATION = {
    "id": "5c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "email": "john@example.com", "role": "member", "status": "pending",
    "expires_at": "2026-01-27T10:00:00Z", "created_at": "2026-01-20T10:00:00Z",
}
EX_MEMBER = {
    "user_id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d",
    "name": "John Smith",
    "email": "john@example.com",
    "role": "member",
    "created_at": "2026-01-21T09:30:00Z",
    "updated_at": "2026-01-21T09:30:00Z",
}
EX_TOKEN = {
    "id": "0e4b6a2c-5f1d-4c3b-9a8e-7d6c5b4a3f2e",
    "name": "CRM sync",
    "abilities": ["read"],
    "expires_at": "2027-01-01T00:00:00Z",
    "created_at": "2026-01-20T10:05:00Z",
}

QUIET_HOURS_DESC = ("Whether campaigns may call outside quiet hours (08:00 to 21:00 in the contact's time zone, else the organization's). "
                    "False: a call starts only inside quiet hours, whatever the campaign's calling window says.")
DAILY_CAP_DESC = ("How many times one contact may be leased a campaign call per local calendar day of the contact, across all campaigns; "
                  "a call over the cap waits for the contact's next local day.")

def page_schema(item, desc):
    return {
        "description": desc,
        "allOf": [
            sref("PageMeta"),
            {
                "type": "object",
                "required": ["data"],
                "properties": {"data": {"type": "array", "items": sref(item)}},
            },
        ],
    }

ERROR_CODES = [
    "UNAUTHENTICATED", "INVALID_CREDENTIALS", "FORBIDDEN", "NOT_FOUND", "METHOD_NOT_ALLOWED",
    "CONFLICT", "SLOT_UNAVAILABLE", "BAD_REQUEST", "IDEMPOTENCY_KEY_IN_USE", "PAYLOAD_TOO_LARGE",
    "VALIDATION_ERROR", "IDEMPOTENCY_KEY_REUSED", "RATE_LIMITED", "INTERNAL_ERROR", "SERVICE_UNAVAILABLE",
]

schemas = {
    "Error": {
        "type": "object",
        "description": "The body of every error response.",
        "required": ["error", "code"],
        "properties": {
            "error": {"type": "string", "description": "A human-readable message.", "examples": ["Unauthenticated."]},
            "code": {"type": "string", "enum": ERROR_CODES, "description": "A stable, machine-readable error code."},
            "errors": {
                "type": "object",
                "description": "Per-field validation messages, keyed by field path (e.g. `business_hours.monday.start`). Present only on 422 `VALIDATION_ERROR`.",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
    "User": {
        "type": "object",
        "required": ["id", "name", "email", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_USER,
    },
    "AuthResult": {
        "type": "object",
        "description": "What register and login return: a new personal access token and its user.",
        "required": ["token", "user"],
        "properties": {
            "token": {"type": "string", "description": "Personal access token `{id}|{secret}`; send it as `Authorization: Bearer {token}`.", "examples": [EX_TOKEN_PLAIN]},
            "user": sref("User"),
        },
    },
    "TokenAbility": {
        "type": "string",
        "enum": ["*", "read", "write"],
        "description": "`*` allows everything; a token with only `read` is refused (403) on every write.",
    },
    "Token": {
        "type": "object",
        "description": "A personal access token. The secret (`token`) appears only in the response that creates it.",
        "required": ["id", "name", "abilities", "expires_at", "created_at"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "abilities": {"type": "array", "items": sref("TokenAbility")},
            "expires_at": {"type": ["string", "null"], "format": "date-time", "description": "When the token stops working; null when it never expires."},
            "created_at": TS,
            "token": {"type": "string", "description": "The plain-text token `{id}|{secret}`. Only in the create response: store it, it is never shown again."},
        },
        "example": EX_TOKEN,
    },
    "LocalTime": {
        "type": "string",
        "pattern": TIME_PATTERN,
        "description": "A 24-hour local time `HH:mm`, from `00:00` to `24:00`.",
        "examples": ["09:00"],
    },
    "DayHours": {
        "type": "object",
        "description": "Opening hours of one day; `end` must be after `start`.",
        "required": ["start", "end"],
        "additionalProperties": False,
        "properties": {"start": sref("LocalTime"), "end": sref("LocalTime")},
    },
    "BusinessHours": {
        "type": "object",
        "description": "Weekly opening hours in the organization's time zone, keyed by lowercase English day name. A day that is absent (or, in a request, `null`) is closed.",
        "additionalProperties": False,
        "properties": {d: {"anyOf": [sref("DayHours"), {"type": "null"}]} for d in WEEKDAYS},
        "example": STD_HOURS,
    },
    "Role": {
        "type": "string",
        "enum": ["owner", "admin", "member", "viewer"],
        "description": "A member's role: `owner` (the creator) deletes the organization; `admin` and up manage members and update the organization; `member` and up write records; every member reads.",
    },
    "AssignableRole": {
        "type": "string",
        "enum": ["admin", "member", "viewer"],
        "description": "A role that can be given through the members API (ownership is not transferred).",
    },
    "Organization": {
        "type": "object",
        "required": ["id", "name", "industry", "timezone", "country_code", "business_hours", "booking_capacity", "allow_calls_outside_quiet_hours",
                     "max_daily_attempts_per_contact", "metadata", "user_id", "role", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "industry": {"type": ["string", "null"]},
            "timezone": {"type": "string", "description": "IANA time zone name.", "examples": ["America/New_York"]},
            "country_code": {"type": "string", "pattern": "^[1-9][0-9]{0,2}$", "description": "Telephone country calling code (digits only) applied to phone numbers written without `+`.", "examples": ["1"]},
            "business_hours": sref("BusinessHours"),
            "booking_capacity": {"type": "integer", "minimum": 1, "description": "How many appointments may overlap at one time."},
            "allow_calls_outside_quiet_hours": {"type": "boolean", "description": QUIET_HOURS_DESC},
            "max_daily_attempts_per_contact": {"type": "integer", "minimum": 1, "maximum": 20, "description": DAILY_CAP_DESC},
            "metadata": {"type": "object", "description": "Free-form JSON object.", "additionalProperties": True},
            "user_id": {"type": ["string", "null"], "format": "uuid", "description": "The creator (owner)."},
            "role": {"allOf": [sref("Role")], "description": "The caller's role in this organization."},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_ORG,
    },
    "OrganizationInput": {
        "type": "object",
        "description": "Organization fields. On create `name` is required and the others take their defaults; on update (`PUT`) every field is optional and fields left out keep their values. Unknown fields are ignored.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create."},
            "industry": {"type": ["string", "null"]},
            "timezone": {"type": "string", "description": "IANA time zone name.", "default": "America/New_York"},
            "country_code": {
                "description": "Telephone country calling code, 1 to 3 digits, as a string (optionally with a leading `+`) or an integer.",
                "oneOf": [
                    {"type": "string", "pattern": "^\\+?[1-9][0-9]{0,2}$"},
                    {"type": "integer", "minimum": 1, "maximum": 999},
                ],
                "default": "1",
            },
            "business_hours": {"allOf": [sref("BusinessHours")], "default": STD_HOURS},
            "booking_capacity": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 1},
            "allow_calls_outside_quiet_hours": {"type": "boolean", "default": False,
                                                "description": QUIET_HOURS_DESC + " Anything but a boolean is a 422 on this field."},
            "max_daily_attempts_per_contact": {"type": "integer", "minimum": 1, "maximum": 20, "default": 3,
                                               "description": DAILY_CAP_DESC + " Out of range (or not an integer) is a 422 on this field."},
            "metadata": {"type": "object", "description": "Free-form JSON object.", "additionalProperties": True},
        },
        "example": {
            "name": "Acme Corporation",
            "industry": "Technology",
            "timezone": "America/New_York",
            "allow_calls_outside_quiet_hours": False,
            "max_daily_attempts_per_contact": 3,
            "metadata": {"website": "https://acme.com", "phone": "+1234567890"},
        },
    },
    "Invitation": {
        "type": "object",
        "description": "A pending invitation. `invite_token` appears in the create response only.",
        "required": ["id", "email", "role", "status", "expires_at", "created_at"],
        "properties": {
            "id": UUID, "email": {"type": "string", "format": "email"}, "role": sref("AssignableRole"),
            "status": {"type": "string", "enum": ["pending"]}, "expires_at": TS, "created_at": TS,
            "invite_token": {"type": "string", "description": "Shown once: give it to the invitee."},
        },
    },
    "ReceivedInvitation": {
        "type": "object",
        "required": ["id", "organization", "email", "role", "status", "expires_at", "created_at"],
        "properties": {
            "id": UUID,
            "organization": {"type": "object", "required": ["id", "name"], "properties": {"id": UUID, "name": {"type": "string"}}},
            "email": {"type": "string", "format": "email"}, "role": sref("AssignableRole"),
            "status": {"type": "string", "enum": ["pending"]}, "expires_at": TS, "created_at": TS,
        },
    },
    "Member": {
        "type": "object",
        "required": ["user_id", "name", "email", "role", "created_at", "updated_at"],
        "properties": {
            "user_id": UUID,
            "name": {"type": "string"},
            "email": {"type": "string", "format": "email"},
            "role": sref("Role"),
            "created_at": {"type": "string", "format": "date-time", "description": "When the user joined the organization."},
            "updated_at": TS,
        },
        "example": EX_MEMBER,
    },
    "PageMeta": {
        "type": "object",
        "description": "Pagination fields of every list response.",
        "required": ["current_page", "per_page", "total", "last_page"],
        "properties": {
            "current_page": {"type": "integer", "minimum": 1},
            "per_page": {"type": "integer", "minimum": 1, "maximum": 100},
            "total": {"type": "integer", "minimum": 0, "description": "Number of items across all pages."},
            "last_page": {"type": "integer", "minimum": 1},
        },
    },
    "OrganizationPage": page_schema("Organization", "A page of organizations."),
    "MemberPage": page_schema("Member", "A page of members."),
    "TokenPage": page_schema("Token", "A page of personal access tokens (never their secrets)."),
    "Status": {
        "type": "object",
        "required": ["status"],
        "properties": {"status": {"type": "string"}},
    },
}

def err_resp(desc, code, message, extra=None):
    ex = {"error": message, "code": code}
    if extra: ex.update(extra)
    return {"description": desc, "content": json_content(sref("Error"), example=ex)}

responses = {
    "BadRequest": err_resp("Malformed JSON, a body that is not a JSON object, or a `Content-Type` other than `application/json` (`BAD_REQUEST`).", "BAD_REQUEST", "The request body is not valid JSON."),
    "Unauthenticated": err_resp("Missing, invalid, revoked or expired token (`UNAUTHENTICATED`).", "UNAUTHENTICATED", "Unauthenticated."),
    "Forbidden": err_resp("The caller's role is too low for this action, or the token is read-only (`FORBIDDEN`).", "FORBIDDEN", "This action is unauthorized."),
    "NotFound": err_resp("No such resource, or one the caller may not see (`NOT_FOUND`).", "NOT_FOUND", "Resource not found."),
    "MethodNotAllowed": {
        "description": "The path exists but not with this method (`METHOD_NOT_ALLOWED`); the `Allow` header lists the methods it has.",
        "headers": {"Allow": {"description": "The methods the path accepts.", "schema": {"type": "string"}}},
        "content": json_content(sref("Error"), example={"error": "Method not allowed.", "code": "METHOD_NOT_ALLOWED"}),
    },
    "PayloadTooLarge": err_resp("The request body is over 1 MiB (`PAYLOAD_TOO_LARGE`).", "PAYLOAD_TOO_LARGE", "The request body is too large."),
    "ValidationError": err_resp(
        "A field is missing or invalid (`VALIDATION_ERROR`); `errors` lists the messages per field.",
        "VALIDATION_ERROR", "The name field is required.", {"errors": {"name": ["The name field is required."]}}),
}

parameters = {
    "page": {"name": "page", "in": "query", "required": False, "description": "Page number, from 1 (at most 10,000,000).", "schema": {"type": "integer", "minimum": 1, "maximum": 10000000, "default": 1}},
    "per_page": {"name": "per_page", "in": "query", "required": False, "description": "Items per page, 1 to 100.", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 25}},
    "orgId": {"name": "orgId", "in": "path", "required": True, "description": "Organization id.", "schema": UUID},
    "userId": {"name": "userId", "in": "path", "required": True, "description": "The member's user id.", "schema": UUID},
    "tokenId": {"name": "tokenId", "in": "path", "required": True, "description": "Token id (the part before `|`).", "schema": UUID},
}

def op(op_id, tag, summary, description=None, auth=True, body=None, responses=None, params=None, body_required=True, security=None):
    o = {"operationId": op_id, "tags": [tag], "summary": summary}
    if description: o["description"] = description
    if params: o["parameters"] = params
    if auth: o["security"] = security or SEC
    if body is not None:
        o["requestBody"] = {"required": body_required, "content": body}
    o["responses"] = responses
    return o

def create_of(name, *required):
    """The body of a create operation: the shared `name` input schema (whose fields are all optional, for `PUT`),
    with the fields a create must have."""
    return {"allOf": [sref(name)], "required": list(required)}

def ok(desc, schema, example=None):
    return {"description": desc, "content": json_content(schema, example=example)}

NO_CONTENT = {"description": "Done; no body."}
BODY_ERRS = {"400": rref("BadRequest"), "413": rref("PayloadTooLarge"), "422": rref("ValidationError")}
PAGE_ERRS = {"422": rref("ValidationError")}  # out-of-range page / per_page
A401 = {"401": rref("Unauthenticated")}
A403 = {"403": rref("Forbidden")}
A404 = {"404": rref("NotFound")}

def merged(*ds):
    out = {}
    for d in ds: out.update(d)
    return dict(sorted(out.items()))

PAGING = [pref("page"), pref("per_page")]

register_body = {
    "type": "object",
    "required": ["name", "email", "password"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "email": {"type": "string", "format": "email", "description": "Unique, compared case-insensitively."},
        "password": {"type": "string", "minLength": 8, "maxLength": 72, "format": "password", "description": "8 characters to 72 UTF-8 bytes, no control characters."},
    },
}
login_body = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {
        "email": {"type": "string", "format": "email"},
        "password": {"type": "string", "minLength": 1, "format": "password"},
    },
}
token_body = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "abilities": {"type": "array", "minItems": 1, "items": sref("TokenAbility"),
                      "description": "Default: the abilities of the token in use. No wider than them (every token reads; `write` and `*` write): a wider one is a 422."},
        "expires_at": {"type": "string", "format": "date-time",
                       "description": "Must be in the future and not later than the token in use (422). Omitted: the token in use's expiry (none for a token that never expires)."},
    },
}
add_member_body = {
    "type": "object",
    "required": ["email", "role"],
    "properties": {
        "email": {"type": "string", "format": "email", "maxLength": 254, "description": "The address to invite, registered or not."},
        "role": sref("AssignableRole"),
    },
}
role_body = {"type": "object", "required": ["role"], "properties": {"role": sref("AssignableRole")}}

paths = {
    "/health": {"get": op("getHealth", "System", "Liveness check", "The process is up.", auth=False,
        responses={"200": ok("The server is up.", sref("Status"), {"status": "ok"})})},
    "/ready": {"get": op("getReady", "System", "Readiness check", "The database is reachable.", auth=False,
        responses={
            "200": ok("Ready to serve.", sref("Status"), {"status": "ready"}),
            "503": {"description": "The database is not reachable (`SERVICE_UNAVAILABLE`).",
                    "content": json_content(sref("Error"), example={"error": "The database is not reachable.", "code": "SERVICE_UNAVAILABLE"})},
        })},
    "/metrics": {"get": op("getMetrics", "System", "Prometheus metrics",
        "Prometheus text exposition (format 0.0.4): request counts and latency histograms by route, method and status "
        "(`hb_requests`, `hb_request_errors`, `http_server_request_duration`), database operation and pool-wait timings "
        "(`fourcalls_db_operation_duration_seconds`, `fourcalls_db_pool_wait_seconds`, `fourcalls_db_operation_errors_total`), "
        "webhook attempts by outcome and the queue depth (`fourcalls_webhook_attempts_total`, `fourcalls_webhook_queue_depth`), "
        "campaign leases (`fourcalls_campaign_leases_total`) and rate-limit rejections (`fourcalls_rate_limit_rejections_total`). "
        "Like `/health`, it is unauthenticated: expose the port to your scraper only.", auth=False,
        responses={"200": {"description": "The metrics.",
                           "content": {"text/plain": {"schema": {"type": "string"},
                                                      "example": "# TYPE fourcalls_campaign_leases_total counter\nfourcalls_campaign_leases_total{result=\"leased\"} 12\n"}}}})},
    "/api/docs": {"get": op("getApiDocsPage", "System", "This document as an HTML page",
        "A readable page of this document, rendered by the server: every operation grouped by resource, with its fields, "
        "an example request and example responses. Self-contained (no scripts, fonts or styles from elsewhere).", auth=False,
        responses={"200": {"description": "The HTML page.",
                           "content": {"text/html": {"schema": {"type": "string"}}}}})},
    "/api/docs/openapi.json": {"get": op("getOpenApiDocument", "System", "This OpenAPI document", auth=False,
        responses={"200": {"description": "The OpenAPI 3.1 document of the API.",
                           "content": {"application/json": {"schema": {"type": "object"}}}}})},

    "/api/auth/register": {"post": op("register", "Auth", "Register a user",
        "Creates a user and returns a first personal access token (abilities `[\"*\"]`). An e-mail already taken (compared case-insensitively) is a 422.", auth=False,
        body=json_content(register_body, example={"name": "Jane Doe", "email": "jane@example.com", "password": "correct horse battery"}),
        responses=merged({"201": ok("Registered.", sref("AuthResult"), {"token": EX_TOKEN_PLAIN, "user": EX_USER})}, BODY_ERRS))},
    "/api/auth/login": {"post": op("login", "Auth", "Log in", "Checks the credentials and issues a new personal access token.", auth=False,
        body=json_content(login_body, example={"email": "jane@example.com", "password": "correct horse battery"}),
        responses=merged(
            {"200": ok("Logged in.", sref("AuthResult"), {"token": EX_TOKEN_PLAIN, "user": EX_USER}),
             "401": {"description": "Wrong e-mail or password (`INVALID_CREDENTIALS`).",
                     "content": json_content(sref("Error"), example={"error": "These credentials do not match our records.", "code": "INVALID_CREDENTIALS"})}},
            BODY_ERRS))},
    "/api/auth/logout": {"post": op("logout", "Auth", "Log out", "Revokes the token the request is made with.",
        responses=merged({"204": NO_CONTENT}, A401))},
    "/api/auth/logout-all": {"post": op("logoutAll", "Auth", "Sign out everywhere", "Revokes every token of the caller, the one in use included. A read-only token cannot (403).",
        responses=merged({"204": NO_CONTENT}, A401, A403))},
    "/api/auth/password": {"put": op("changePassword", "Auth", "Change the password",
        "Checks `current_password` (422 on it when wrong), stores `password` (8 characters to 72 UTF-8 bytes, no control characters) and revokes every other token of the user; the token in use keeps working. A read-only token cannot (403).",
        body=json_content({"type": "object", "required": ["current_password", "password"], "properties": {
            "current_password": {"type": "string", "format": "password", "minLength": 1},
            "password": {"type": "string", "format": "password", "minLength": 8, "maxLength": 72}}},
            example={"current_password": "correct horse", "password": "battery staple"}),
        responses=merged({"204": NO_CONTENT}, A401, A403, BODY_ERRS))},
    "/api/auth/invitations": {"get": op("listMyInvitations", "Auth", "My pending invitations",
        "Pending invitations addressed to the caller's e-mail, with their organizations.", params=PAGING,
        responses=merged({"200": ok("A page of invitations.", page_schema("ReceivedInvitation", "A page of the caller's invitations."))}, A401, PAGE_ERRS))},
    "/api/auth/invitations/accept": {"post": op("acceptInvitation", "Auth", "Accept an invitation",
        "Joins the invitation's organization with its role. The caller must be signed in with the invited address; an unknown, used, "
        "revoked or expired token, or one for another address, is 404. 409 when already a member. A read-only token cannot (403).",
        body=json_content({"type": "object", "required": ["token"], "properties": {"token": {"type": "string", "minLength": 1, "description": "The `invite_token`."}}},
                          example={"token": "k3Jd9sPq0vX2LmN8tR5wY7zA1bC4eF6gH0iJ2kL4mN6pQ8"}),
        responses=merged({"200": ok("The organization joined, with the caller's role.", sref("Organization")),
                          "409": {"description": "Already a member (`CONFLICT`).", "content": json_content(sref("Error"))}}, A401, A403, A404, BODY_ERRS))},
    "/api/auth/me": {"get": op("getCurrentUser", "Auth", "The current user",
        responses=merged({"200": ok("The user the token belongs to.", sref("User"))}, A401))},
    "/api/auth/tokens": {
        "get": op("listTokens", "Auth", "List personal access tokens", "The caller's tokens, without their secrets.", params=PAGING,
            responses=merged({"200": ok("A page of tokens.", sref("TokenPage"))}, A401, PAGE_ERRS)),
        "post": op("createToken", "Auth", "Create a personal access token",
            "Issues another token for the caller. The plain-text `token` is in this response only. A read-only token cannot create tokens (403).",
            body=json_content(token_body, example={"name": "CRM sync", "abilities": ["read"], "expires_at": "2027-01-01T00:00:00Z"}),
            responses=merged({"201": ok("Created; `token` holds the secret, shown once.", sref("Token"), dict(EX_TOKEN, token=EX_TOKEN_PLAIN))},
                             A401, A403, BODY_ERRS)),
    },
    "/api/auth/tokens/{tokenId}": {
        "parameters": [pref("tokenId")],
        "delete": op("revokeToken", "Auth", "Revoke a personal access token", "Revokes one of the caller's tokens. A read-only token cannot revoke tokens (403).",
            responses=merged({"204": NO_CONTENT}, A401, A403, A404)),
    },

    "/api/coordinator/organizations": {
        "get": op("listOrganizations", "Organizations", "List organizations", "The organizations the caller is a member of, oldest first.", params=PAGING,
            responses=merged({"200": ok("A page of organizations.", sref("OrganizationPage"))}, A401, PAGE_ERRS)),
        "post": op("createOrganization", "Organizations", "Create an organization",
            "Creates an organization owned by the caller. A read-only token is refused (403).",
            body=json_content(create_of("OrganizationInput", "name"), example={
                "name": "Acme Corporation", "industry": "Technology", "timezone": "America/New_York",
                "allow_calls_outside_quiet_hours": False, "max_daily_attempts_per_contact": 3,
                "metadata": {"website": "https://acme.com", "phone": "+1234567890"}}),
            responses=merged({"201": ok("Created; the caller is its owner.", sref("Organization"), EX_ORG)}, A401, A403, BODY_ERRS)),
    },
    "/api/coordinator/organizations/{orgId}": {
        "parameters": [pref("orgId")],
        "get": op("getOrganization", "Organizations", "Show an organization", "404 when the caller is not a member.",
            responses=merged({"200": ok("The organization.", sref("Organization"), EX_ORG)}, A401, A404)),
        "put": op("updateOrganization", "Organizations", "Update an organization",
            "Partial update: fields left out keep their values. Admins and the owner only (403 otherwise, or for a read-only token).",
            body=json_content(sref("OrganizationInput"), example={"booking_capacity": 2, "business_hours": dict(STD_HOURS, saturday={"start": "10:00", "end": "14:00"})}),
            responses=merged({"200": ok("The updated organization.", sref("Organization"))}, A401, A403, A404, BODY_ERRS)),
        "delete": op("deleteOrganization", "Organizations", "Delete an organization",
            "The owner only (403 otherwise, or for a read-only token).",
            responses=merged({"204": NO_CONTENT}, A401, A403, A404)),
    },

    "/api/coordinator/organizations/{orgId}/members": {
        "parameters": [pref("orgId")],
        "get": op("listMembers", "Members", "List members", "Any member may list the members.", params=PAGING,
            responses=merged({"200": ok("A page of members.", sref("MemberPage"))}, A401, A404, PAGE_ERRS)),
        "post": op("addMember", "Members", "Invite a member",
            "Nobody is made a member without accepting: this creates an invitation for the address with the role and answers it with its "
            "`invite_token` (shown once, valid 7 days), the same way whether or not the address has an account. The invitee, signed in with "
            "that address, joins with `POST /api/auth/invitations/accept`. A pending invitation of the same address is replaced. Admins and "
            "the owner only (403 otherwise, or for a read-only token). 409 when the address already belongs to a member.",
            body=json_content(add_member_body, example={"email": "john@example.com", "role": "member"}),
            responses=merged({
                "201": ok("Invited.", sref("Invitation"), dict(EX_INVITATION, invite_token="k3Jd9sPq0vX2LmN8tR5wY7zA1bC4eF6gH0iJ2kL4mN6pQ8")),
                "409": {"description": "The address already belongs to a member (`CONFLICT`).",
                        "content": json_content(sref("Error"), example={"error": "This address already belongs to a member of the organization.", "code": "CONFLICT"})},
            }, A401, A403, A404, BODY_ERRS)),
    },
    "/api/coordinator/organizations/{orgId}/invitations": {
        "parameters": [pref("orgId")],
        "get": op("listInvitations", "Members", "List pending invitations", "Any member may list them; tokens are never shown again.", params=PAGING,
            responses=merged({"200": ok("A page of pending invitations.", page_schema("Invitation", "A page of pending invitations."))}, A401, A404, PAGE_ERRS)),
    },
    "/api/coordinator/organizations/{orgId}/invitations/{invitationId}": {
        "parameters": [pref("orgId"), {"name": "invitationId", "in": "path", "required": True, "schema": UUID}],
        "delete": op("revokeInvitation", "Members", "Revoke an invitation", "Admins and the owner only. Its token stops working.",
            responses=merged({"204": NO_CONTENT}, A401, A403, A404)),
    },
    "/api/coordinator/organizations/{orgId}/members/{userId}": {
        "parameters": [pref("orgId"), pref("userId")],
        "put": op("updateMember", "Members", "Change a member's role",
            "Admins and the owner only. The owner's role cannot be changed (403).",
            body=json_content(role_body, example={"role": "admin"}),
            responses=merged({"200": ok("The member with the new role.", sref("Member"), dict(EX_MEMBER, role="admin"))}, A401, A403, A404, BODY_ERRS)),
        "delete": op("removeMember", "Members", "Remove a member",
            "Admins and the owner remove anyone; any member may remove themself. The owner cannot be removed (403).",
            responses=merged({"204": NO_CONTENT}, A401, A403, A404)),
    },
}

# ---------------------------------------------------------------------------
# CRM: templates, coordinators, contacts, contact lists, appointment types,
# appointments, calls, dashboard, FAQs and polls (all under /api/coordinator).
# ---------------------------------------------------------------------------

def nullable(t, **kw):
    d = {"type": [t, "null"]}
    d.update(kw)
    return d

def nullable_ref(name, desc=None):
    d = {"oneOf": [sref(name), {"type": "null"}]}
    if desc: d["description"] = desc
    return d

JSON_OBJECT = {"type": "object", "description": "Free-form JSON object.", "additionalProperties": True}
ORG_BASE = "/api/coordinator/organizations/{orgId}"

EX_ORG_ID = EX_ORG["id"]
EX_ROLE_ID = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f"
EX_PERSONA_ID = "d2e3f4a5-b6c7-4d8e-9f0a-1b2c3d4e5f6a"
EX_COORD_ID = "e3f4a5b6-c7d8-4e9f-8a1b-2c3d4e5f6a7b"
EX_CONTACT_ID = "f4a5b6c7-d8e9-4f0a-9b2c-3d4e5f6a7b8c"
EX_CONTACT_ID2 = "a5b6c7d8-e9f0-4a1b-8c3d-4e5f6a7b8c9d"
EX_LIST_ID = "b6c7d8e9-f0a1-4b2c-9d4e-5f6a7b8c9d0e"
EX_TYPE_ID = "c7d8e9f0-a1b2-4c3d-8e5f-6a7b8c9d0e1f"
EX_APPT_ID = "d8e9f0a1-b2c3-4d4e-9f6a-7b8c9d0e1f2a"
EX_CALL_ID = "e9f0a1b2-c3d4-4e5f-8a7b-8c9d0e1f2a3b"
EX_FAQ_ID = "f0a1b2c3-d4e5-4f6a-9b8c-9d0e1f2a3b4c"
EX_POLL_ID = "0a1b2c3d-e4f5-4a6b-8c9d-0e1f2a3b4c5d"
EX_LIST_ID2 = "0ac2b03c-f65f-41da-8cb1-4565ca4c06a3"
EX_CAMPAIGN_ID = "75312520-9208-4b6b-b76d-f4c8b4eff1b9"
EX_CAMPAIGN_CALL_ID = "064db024-6c31-4877-b988-6e7ac846b34b"
EX_CAMPAIGN_CALL_RECORD_ID = "7c7101f0-abc3-49d5-8f81-0d5fe6bf1ffb"
T0 = "2026-01-20T10:00:00Z"

EX_ROLE = {
    "id": EX_ROLE_ID,
    "slug": "receptionist",
    "name": "Receptionist",
    "description": "Answers every inbound call for the business, helps callers with common questions, and routes or books them so no call goes unanswered.",
    "goals": [
        "Answer promptly and identify who is calling and why",
        "Answer common questions from the business information on file (hours, location, services)",
        "Book, move, or cancel appointments when the caller asks",
        "Take a clear message and arrange a human callback when the request needs staff",
        "Keep every call short, polite, and accurate",
    ],
    "default_prompts": {
        "system": "You are {coordinator_name}, the virtual receptionist for {business_name}, answering inbound phone calls on the business's behalf. ...",
        "greeting": "Thank you for calling {business_name}, this is {coordinator_name}. How can I help you today?",
        "closing": "Thanks for calling {business_name}. Is there anything else I can help with? Have a great day.",
    },
}
EX_PERSONA = {
    "id": EX_PERSONA_ID,
    "slug": "friendly_professional",
    "name": "Friendly Professional",
    "description": "Approachable and polished: warm enough to put callers at ease, businesslike enough to get things done. A safe default for most businesses.",
    "tone": "warm, polished, clear",
    "example_greeting": "Thank you for calling {business_name}, this is {coordinator_name}. How can I help you today?",
    "traits": [
        "Greets callers warmly and uses their name",
        "Speaks clearly in plain language",
        "Stays focused on solving the caller's request",
        "Polite without being stiff",
    ],
}
EX_COORD_INPUT = {
    "role_template_id": EX_ROLE_ID,
    "persona_template_id": EX_PERSONA_ID,
    "display_name": "Sarah - Sales Assistant",
    "voice_id": "voice_123",
    "custom_greeting": "Hello! I'm Sarah, your sales assistant.",
    "custom_prompts": {"system": "You are a helpful sales assistant..."},
    "availability": {
        "monday": {"start": "09:00", "end": "17:00"},
        "tuesday": {"start": "09:00", "end": "17:00"},
    },
}
EX_COORD = {
    "id": EX_COORD_ID,
    "organization_id": EX_ORG_ID,
    "role_template_id": EX_ROLE_ID,
    "persona_template_id": EX_PERSONA_ID,
    "display_name": "Sarah - Sales Assistant",
    "voice_id": "voice_123",
    "custom_greeting": "Hello! I'm Sarah, your sales assistant.",
    "custom_prompts": {"system": "You are a helpful sales assistant..."},
    "availability": EX_COORD_INPUT["availability"],
    "status": "active",
    "metadata": {},
    "role_template": EX_ROLE,
    "persona_template": EX_PERSONA,
    "created_at": T0,
    "updated_at": T0,
}
EX_CONTACT_INPUT = {
    "name": "John Doe",
    "email": "john@example.com",
    "phone": "+1234567890",
    "company": "Acme Corp",
    "tags": ["client", "priority"],
    "metadata": {"source": "external_app", "source_id": "contact_123"},
}
EX_CONTACT = {
    "id": EX_CONTACT_ID,
    "organization_id": EX_ORG_ID,
    "name": "John Doe",
    "email": "john@example.com",
    "phone": "+1234567890",
    "company": "Acme Corp",
    "timezone": None,
    "consent_at": None,
    "status": "active",
    "notes": None,
    "tags": ["client", "priority"],
    "metadata": {"source": "external_app", "source_id": "contact_123"},
    "created_at": T0,
    "updated_at": T0,
}
EX_CONTACT_SUMMARY = {"id": EX_CONTACT_ID, "name": "John Doe", "email": "john@example.com", "phone": "+1234567890"}
EX_LIST = {
    "id": EX_LIST_ID,
    "organization_id": EX_ORG_ID,
    "name": "Q1 leads",
    "description": "Leads from the January trade show",
    "contact_count": 2,
    "created_at": T0,
    "updated_at": T0,
}
EX_TYPE = {
    "id": EX_TYPE_ID,
    "organization_id": EX_ORG_ID,
    "name": "Consultation",
    "duration_minutes": 30,
    "buffer_before_minutes": 5,
    "buffer_after_minutes": 10,
    "created_at": T0,
    "updated_at": T0,
}
EX_APPT_INPUT = {
    "contact_id": EX_CONTACT_ID,
    "appointment_type_id": EX_TYPE_ID,
    "scheduled_at": "2026-01-25T14:00:00Z",
    "duration_minutes": 30,
    "notes": "Follow-up call",
    "metadata": {"source": "external_app", "source_id": "appointment_123"},
}
EX_APPT = {
    "id": EX_APPT_ID,
    "organization_id": EX_ORG_ID,
    "contact_id": EX_CONTACT_ID,
    "appointment_type_id": EX_TYPE_ID,
    "coordinator_id": None,
    "scheduled_at": "2026-01-25T14:00:00Z",
    "ends_at": "2026-01-25T14:30:00Z",
    "duration_minutes": 30,
    "status": "scheduled",
    "notes": "Follow-up call",
    "cancellation_reason": None,
    "metadata": {"source": "external_app", "source_id": "appointment_123"},
    "contact": EX_CONTACT_SUMMARY,
    "created_at": T0,
    "updated_at": T0,
}
EX_CALL_INPUT = {
    "coordinator_id": EX_COORD_ID,
    "contact_id": EX_CONTACT_ID,
    "direction": "inbound",
    "status": "completed",
    "from_number": "+1234567890",
    "to_number": "+15551234567",
    "started_at": "2026-01-20T15:04:05Z",
    "duration_seconds": 185,
    "summary": "Caller booked a consultation for Sunday.",
    "outcome": "appointment_booked",
    "recording_url": "https://recordings.example.com/calls/abc123.mp3",
}
EX_CALL = {
    "id": EX_CALL_ID,
    "organization_id": EX_ORG_ID,
    "coordinator_id": EX_COORD_ID,
    "contact_id": EX_CONTACT_ID,
    "direction": "inbound",
    "status": "completed",
    "from_number": "+1234567890",
    "to_number": "+15551234567",
    "started_at": "2026-01-20T15:04:05Z",
    "duration_seconds": 185,
    "transcript": None,
    "summary": "Caller booked a consultation for Sunday.",
    "outcome": "appointment_booked",
    "recording_url": "https://recordings.example.com/calls/abc123.mp3",
    "metadata": {},
    "created_at": "2026-01-20T15:07:10Z",
}
EX_CALL_STATS = {
    "total_calls": 150,
    "completed_calls": 120,
    "missed_calls": 20,
    "voicemails": 10,
    "failed_calls": 0,
    "average_duration_seconds": 180,
    "calls_by_date": {"2026-01-19": 70, "2026-01-20": 80},
}
EX_DASHBOARD = {
    "total_calls": 150,
    "today_calls": 10,
    "total_appointments": 50,
    "today_appointments": 5,
    "total_contacts": 200,
    "active_coordinators": 3,
}
EX_FAQ = {
    "id": EX_FAQ_ID,
    "organization_id": EX_ORG_ID,
    "question": "Where can I park?",
    "answer": "Free parking is available behind the building.",
    "category": "visiting",
    "keywords": ["parking", "car"],
    "created_at": T0,
    "updated_at": T0,
}
EX_POLL = {
    "id": EX_POLL_ID,
    "organization_id": EX_ORG_ID,
    "question": "How did you hear about us?",
    "options": ["Search engine", "Friend", "Advertisement"],
    "active": True,
    "created_at": T0,
    "updated_at": T0,
}

PHONE_DESC = (
    "Phone number, normalized to E.164: spaces, dashes, dots and parentheses are dropped; the result is `+` and 8 to 15 digits. "
    "A number written with `+` (or the international prefix `00`) is kept as written; a national number written without `+` "
    "takes the organization's `country_code` (so `(234) 567-8901` becomes `+12345678901` with the default code `1`; with code `1`, "
    "an 11-digit number starting with `1` is read as already carrying it). Lookups and de-duplication compare normalized numbers."
)
CONSENT_DESC = "When the contact agreed to automated calls; campaigns with `require_consent` call only contacts that have it"
OPT_OUTCOMES = "`opt_out` (also `opt-out`, `opted_out` or `do_not_call`, compared case-insensitively)"
OPT_OUT_DESC = (
    "**Opt-out.** A call whose `outcome` is " + OPT_OUTCOMES + " suppresses the contact's phone, else the call's number (`to_number` "
    "outbound, `from_number` inbound), with reason `opt_out`, recording the call and the contact on the entry (a phone already "
    "suppressed keeps its entry; see `GET .../suppressions`), and marks the contact `do_not_contact`, which fires `contact.updated`.")
CONTACT_IDS = {
    "type": "array", "minItems": 1, "maxItems": 1000, "items": UUID,
    "description": "1 to 1000 contact ids.",
}

def page_of(name, desc):
    schemas[name + "Page"] = page_schema(name, desc)
    return sref(name + "Page")

schemas.update({
    # Templates ------------------------------------------------------------
    "RoleTemplate": {
        "type": "object",
        "description": "A role a coordinator plays: what it is for and how it is prompted. Prompts may use the placeholders `{business_name}` and `{coordinator_name}`.",
        "required": ["id", "slug", "name", "description", "goals", "default_prompts"],
        "properties": {
            "id": UUID,
            "slug": {"type": "string", "description": "Stable machine name.", "examples": ["receptionist"]},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "goals": {"type": "array", "items": {"type": "string"}},
            "default_prompts": {
                "type": "object",
                "required": ["system", "greeting", "closing"],
                "properties": {"system": {"type": "string"}, "greeting": {"type": "string"}, "closing": {"type": "string"}},
            },
        },
        "example": EX_ROLE,
    },
    "PersonaTemplate": {
        "type": "object",
        "description": "A personality a coordinator speaks with.",
        "required": ["id", "slug", "name", "description", "tone", "example_greeting", "traits"],
        "properties": {
            "id": UUID,
            "slug": {"type": "string", "description": "Stable machine name.", "examples": ["friendly_professional"]},
            "name": {"type": "string"},
            "description": {"type": "string"},
            "tone": {"type": "string"},
            "example_greeting": {"type": "string"},
            "traits": {"type": "array", "items": {"type": "string"}},
        },
        "example": EX_PERSONA,
    },

    # Coordinators ---------------------------------------------------------
    "CoordinatorStatus": {"type": "string", "enum": ["active", "paused", "inactive"], "description": "New coordinators are `active`."},
    "Coordinator": {
        "type": "object",
        "description": "An AI virtual assistant of the organization, with its role and persona templates embedded.",
        "required": ["id", "organization_id", "role_template_id", "persona_template_id", "display_name", "voice_id", "custom_greeting",
                     "custom_prompts", "availability", "status", "metadata", "role_template", "persona_template", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "role_template_id": UUID,
            "persona_template_id": UUID,
            "display_name": {"type": "string"},
            "voice_id": nullable("string"),
            "custom_greeting": nullable("string"),
            "custom_prompts": JSON_OBJECT,
            "availability": {"allOf": [sref("BusinessHours")], "description": "The weekly hours it takes calls and bookings, in the organization's time zone."},
            "status": sref("CoordinatorStatus"),
            "metadata": JSON_OBJECT,
            "role_template": nullable_ref("RoleTemplate"),
            "persona_template": nullable_ref("PersonaTemplate"),
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_COORD,
    },
    "CoordinatorInput": {
        "type": "object",
        "description": "Coordinator fields. On create `role_template_id`, `persona_template_id` and `display_name` are required; on update (`PUT`) every field is optional and fields left out keep their values. A template id that names no template is a 422.",
        "properties": {
            "role_template_id": {"type": "string", "format": "uuid", "description": "Required on create; must name a role template."},
            "persona_template_id": {"type": "string", "format": "uuid", "description": "Required on create; must name a persona template."},
            "display_name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create."},
            "voice_id": nullable("string", maxLength=255, description="`null` clears it."),
            "custom_greeting": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8. `null` clears it."),
            "custom_prompts": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object (e.g. `system`).", "default": {}},
            "availability": {"allOf": [sref("BusinessHours")], "description": "Weekly hours in the organization's time zone; on create defaults to the organization's `business_hours`."},
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object.", "default": {}},
        },
        "example": EX_COORD_INPUT,
    },

    # Contacts -------------------------------------------------------------
    "ContactStatus": {"type": "string", "enum": ["active", "do_not_contact"], "description": "Whether the contact may be called."},
    "Contact": {
        "type": "object",
        "required": ["id", "organization_id", "name", "email", "phone", "company", "timezone", "consent_at", "status", "notes", "tags", "metadata",
                     "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "name": {"type": "string"},
            "email": nullable("string", format="email"),
            "phone": nullable("string", pattern="^\\+[0-9]{8,15}$", description=PHONE_DESC),
            "company": nullable("string"),
            "timezone": nullable("string", description="IANA time zone; campaigns call inside the contact's local window (the organization's zone when null)."),
            "consent_at": nullable("string", format="date-time", description=CONSENT_DESC + "; null when unknown."),
            "status": sref("ContactStatus"),
            "notes": nullable("string"),
            "tags": {"type": "array", "items": {"type": "string"}, "description": "Sorted."},
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object; `metadata.source` and `metadata.source_id` are indexed (see the `source` and `source_id` filters)."},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_CONTACT,
    },
    "ContactSummary": {
        "type": "object",
        "description": "A contact embedded in another resource.",
        "required": ["id", "name", "email", "phone"],
        "properties": {
            "id": UUID,
            "name": {"type": "string"},
            "email": nullable("string", format="email"),
            "phone": nullable("string", description="E.164."),
        },
        "example": EX_CONTACT_SUMMARY,
    },
    "ContactInput": {
        "type": "object",
        "description": "Contact fields. On create `name` is required; `PUT` is a partial update: fields left out keep their values, `null` clears an optional field, and `tags` replaces the contact's tags.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create; cannot be emptied."},
            "email": nullable("string", format="email", maxLength=254),
            "phone": nullable("string", maxLength=40, description=PHONE_DESC + " Anything that does not normalize is a 422."),
            "company": nullable("string", maxLength=255),
            "timezone": nullable("string", maxLength=64, description="IANA time zone name."),
            "consent_at": nullable("string", format="date-time", maxLength=64,
                                   description=CONSENT_DESC + ": RFC 3339 with any offset (anything else is a 422). `null` clears it."),
            "status": {"allOf": [sref("ContactStatus")], "default": "active"},
            "notes": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64},
                     "description": "Trimmed; blanks and duplicates are dropped. On update the list replaces the contact's tags."},
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object; `source` and `source_id` are indexed.", "default": {}},
        },
        "example": EX_CONTACT_INPUT,
    },
    "BulkTagInput": {
        "type": "object",
        "required": ["contact_ids", "tags"],
        "properties": {
            "contact_ids": CONTACT_IDS,
            "tags": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1, "maxLength": 64},
                     "description": "At least one non-blank tag; trimmed, duplicates dropped."},
        },
        "example": {"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2], "tags": ["tag1", "tag2"]},
    },
    "ContactIdsInput": {
        "type": "object",
        "required": ["contact_ids"],
        "properties": {"contact_ids": CONTACT_IDS},
        "example": {"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2]},
    },
    "BulkUpdated": {
        "type": "object",
        "required": ["updated"],
        "properties": {"updated": {"type": "integer", "minimum": 0, "description": "How many of the ids named contacts of the organization (others are ignored)."}},
        "example": {"updated": 2},
    },
    "ContactImportStarted": {
        "type": "object", "required": ["id", "status"],
        "properties": {"id": UUID, "status": {"type": "string", "enum": ["running"]}},
        "example": {"id": "3b0c6f5e-2a4d-4e8f-9c1b-7d5e3f2a1c0b", "status": "running"},
    },
    "ContactImport": {
        "type": "object",
        "description": "A background CSV import (`?async=true`) and where it stands: the counts and errors so far, updated after every chunk of 500 rows.",
        "required": ["id", "status", "rows_processed", "created", "updated", "failed", "errors", "error", "created_at", "updated_at", "finished_at"],
        "properties": {
            "id": UUID,
            "status": {"type": "string", "enum": ["running", "done", "failed"]},
            "rows_processed": {"type": "integer", "minimum": 0, "description": "Rows read so far (the header aside)."},
            "created": {"type": "integer", "minimum": 0}, "updated": {"type": "integer", "minimum": 0}, "failed": {"type": "integer", "minimum": 0},
            "errors": {"type": "array", "maxItems": 1000, "items": {"type": "object", "required": ["row", "errors"], "properties": {
                "row": {"type": "integer"}, "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}}}}},
            "error": {"type": ["string", "null"], "description": "Why the import stopped (`failed`); the chunks before it stay imported."},
            "created_at": TS, "updated_at": TS, "finished_at": {"type": ["string", "null"], "format": "date-time"},
        },
    },
    "BulkDeleted": {
        "type": "object",
        "required": ["deleted"],
        "properties": {"deleted": {"type": "integer", "minimum": 0, "description": "How many contacts were deleted (ids of no contact of the organization are ignored)."}},
        "example": {"deleted": 2},
    },
    "ImportReport": {
        "type": "object",
        "description": "What a CSV import did. Rows with errors are skipped and listed (the first 1,000; the counts stay exact); the good rows are written in chunks of 500 rows, each in a transaction of its own.",
        "required": ["created", "updated", "failed", "errors"],
        "properties": {
            "created": {"type": "integer", "minimum": 0},
            "updated": {"type": "integer", "minimum": 0, "description": "Rows that matched an existing contact by e-mail or phone; their tags are added to the contact's."},
            "failed": {"type": "integer", "minimum": 0},
            "errors": {
                "type": "array", "maxItems": 1000,
                "items": {
                    "type": "object",
                    "required": ["row", "errors"],
                    "properties": {
                        "row": {"type": "integer", "minimum": 2, "description": "Line number in the CSV file (the header is line 1)."},
                        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}, "description": "Messages per field."},
                    },
                },
            },
        },
        "example": {"created": 2, "updated": 1, "failed": 1,
                    "errors": [{"row": 5, "errors": {"email": ["The email field must be a valid email address."]}}]},
    },

    # Contact lists --------------------------------------------------------
    "ContactList": {
        "type": "object",
        "required": ["id", "organization_id", "name", "description", "contact_count", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "name": {"type": "string"},
            "description": nullable("string"),
            "contact_count": {"type": "integer", "minimum": 0},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_LIST,
    },
    "ContactListInput": {
        "type": "object",
        "description": "On create `name` is required; on update fields left out keep their values.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create; cannot be emptied."},
            "description": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8. `null` clears it."),
        },
        "example": {"name": "Q1 leads", "description": "Leads from the January trade show"},
    },

    # Appointment types ----------------------------------------------------
    "AppointmentType": {
        "type": "object",
        "required": ["id", "organization_id", "name", "duration_minutes", "buffer_before_minutes", "buffer_after_minutes", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "name": {"type": "string"},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440},
            "buffer_before_minutes": {"type": "integer", "minimum": 0, "maximum": 240, "description": "Time kept free before each appointment of this type."},
            "buffer_after_minutes": {"type": "integer", "minimum": 0, "maximum": 240, "description": "Time kept free after each appointment of this type."},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_TYPE,
    },
    "AppointmentTypeInput": {
        "type": "object",
        "description": "On create `name` is required; on update fields left out keep their values.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440, "default": 30},
            "buffer_before_minutes": {"type": "integer", "minimum": 0, "maximum": 240, "default": 0},
            "buffer_after_minutes": {"type": "integer", "minimum": 0, "maximum": 240, "default": 0},
        },
        "example": {"name": "Consultation", "duration_minutes": 30, "buffer_before_minutes": 5, "buffer_after_minutes": 10},
    },

    # Appointments ---------------------------------------------------------
    "AppointmentStatus": {
        "type": "string",
        "enum": ["scheduled", "confirmed", "completed", "cancelled", "no_show"],
        "description": "Flow: `scheduled` → `confirmed` (from scheduled only); `completed`, `cancelled` and `no_show` from scheduled or confirmed.",
    },
    "Appointment": {
        "type": "object",
        "required": ["id", "organization_id", "contact_id", "appointment_type_id", "coordinator_id", "scheduled_at", "ends_at", "duration_minutes",
                     "status", "notes", "cancellation_reason", "metadata", "contact", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "contact_id": UUID,
            "appointment_type_id": nullable("string", format="uuid"),
            "coordinator_id": nullable("string", format="uuid"),
            "scheduled_at": TS,
            "ends_at": {"type": "string", "format": "date-time", "description": "`scheduled_at` plus `duration_minutes` (buffers not included)."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440},
            "status": sref("AppointmentStatus"),
            "notes": nullable("string"),
            "cancellation_reason": nullable("string"),
            "metadata": JSON_OBJECT,
            "contact": nullable_ref("ContactSummary", "The contact, embedded."),
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_APPT,
    },
    "AppointmentInput": {
        "type": "object",
        "description": "A booking. `contact_id`, `appointment_type_id` and `coordinator_id` must name records of the organization (422 otherwise). The time, widened by the type's buffers, must fit the organization's `booking_capacity` (409 `SLOT_UNAVAILABLE` otherwise). New appointments are `scheduled`.",
        "required": ["contact_id", "scheduled_at"],
        "properties": {
            "contact_id": UUID,
            "appointment_type_id": nullable("string", format="uuid"),
            "coordinator_id": nullable("string", format="uuid"),
            "scheduled_at": {"type": "string", "format": "date-time", "description": "RFC 3339 with any offset."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440, "description": "Defaults to the appointment type's duration, else 30."},
            "notes": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object.", "default": {}},
        },
        "example": EX_APPT_INPUT,
    },
    "AppointmentUpdate": {
        "type": "object",
        "description": "Reschedule or edit a `scheduled` or `confirmed` appointment; every field is optional and fields left out keep their values. `null` clears `appointment_type_id`, `coordinator_id` or `notes`. When the type changes and `duration_minutes` is left out, the new type's duration (else 30) applies. A new time is checked like a new booking (409 `SLOT_UNAVAILABLE`).",
        "properties": {
            "scheduled_at": {"type": "string", "format": "date-time", "description": "RFC 3339 with any offset; cannot be null."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440},
            "appointment_type_id": nullable("string", format="uuid"),
            "coordinator_id": nullable("string", format="uuid"),
            "notes": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Replaces the metadata."},
        },
        "example": {"scheduled_at": "2026-01-26T15:00:00Z", "duration_minutes": 45},
    },
    "AppointmentCancelInput": {
        "type": "object",
        "description": "The body is optional.",
        "properties": {"reason": nullable("string", maxLength=65536, description="Stored as `cancellation_reason`. At most 64 KB of UTF-8.")},
        "example": {"reason": "Client requested reschedule"},
    },

    # Calls ----------------------------------------------------------------
    "CallDirection": {"type": "string", "enum": ["inbound", "outbound"]},
    "CallStatus": {"type": "string", "enum": ["completed", "missed", "voicemail", "failed"]},
    "Call": {
        "type": "object",
        "required": ["id", "organization_id", "coordinator_id", "contact_id", "direction", "status", "from_number", "to_number", "started_at",
                     "duration_seconds", "transcript", "summary", "outcome", "recording_url", "metadata", "created_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "coordinator_id": nullable("string", format="uuid"),
            "contact_id": nullable("string", format="uuid"),
            "direction": sref("CallDirection"),
            "status": sref("CallStatus"),
            "from_number": nullable("string", description="E.164."),
            "to_number": nullable("string", description="E.164."),
            "started_at": TS,
            "duration_seconds": {"type": "integer", "minimum": 0, "maximum": 86400},
            "transcript": nullable("string"),
            "summary": nullable("string"),
            "outcome": nullable("string"),
            "recording_url": nullable("string", format="uri"),
            "metadata": JSON_OBJECT,
            "created_at": TS,
        },
        "example": EX_CALL,
    },
    "CallInput": {
        "type": "object",
        "description": "A call to log. `contact_id` and `coordinator_id` must name records of the organization (422 otherwise).",
        "required": ["direction", "status"],
        "properties": {
            "coordinator_id": nullable("string", format="uuid"),
            "contact_id": nullable("string", format="uuid"),
            "direction": sref("CallDirection"),
            "status": sref("CallStatus"),
            "from_number": nullable("string", maxLength=40, description="Normalized to E.164 like a contact's phone (national numbers take the organization's `country_code`)."),
            "to_number": nullable("string", maxLength=40, description="Normalized to E.164 like a contact's phone (national numbers take the organization's `country_code`)."),
            "started_at": {"type": "string", "format": "date-time", "description": "RFC 3339 with any offset; defaults to now."},
            "duration_seconds": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 0},
            "transcript": nullable("string", maxLength=1048576, description="At most 1 MB of UTF-8 (within the 1 MiB body limit)."),
            "summary": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8."),
            "outcome": nullable("string", maxLength=255, description="Free text; " + OPT_OUTCOMES + " opts the contact out (see **Opt-out** in the operation)."),
            "recording_url": nullable("string", format="uri", maxLength=2048, description="An http or https URL."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object.", "default": {}},
        },
        "example": EX_CALL_INPUT,
    },
    "CallStats": {
        "type": "object",
        "description": "Call statistics over the calls the filters select.",
        "required": ["total_calls", "completed_calls", "missed_calls", "voicemails", "failed_calls", "average_duration_seconds", "calls_by_date"],
        "properties": {
            "total_calls": {"type": "integer", "minimum": 0, "description": "Every status, `failed` included."},
            "completed_calls": {"type": "integer", "minimum": 0},
            "missed_calls": {"type": "integer", "minimum": 0},
            "voicemails": {"type": "integer", "minimum": 0},
            "failed_calls": {"type": "integer", "minimum": 0},
            "average_duration_seconds": {"type": "number", "minimum": 0, "description": "Mean `duration_seconds` of completed calls only, rounded to 2 decimals; 0 when there are none."},
            "calls_by_date": {
                "type": "object",
                "description": "`YYYY-MM-DD` (a day in the organization's time zone) → number of calls that started that day. Days without calls are absent.",
                "propertyNames": {"pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "additionalProperties": {"type": "integer", "minimum": 1},
            },
        },
        "example": EX_CALL_STATS,
    },

    # Dashboard ------------------------------------------------------------
    "DashboardMetrics": {
        "type": "object",
        "description": "\"Today\" is the current day in the organization's time zone; cancelled appointments are not counted.",
        "required": ["total_calls", "today_calls", "total_appointments", "today_appointments", "total_contacts", "active_coordinators"],
        "properties": {
            "total_calls": {"type": "integer", "minimum": 0},
            "today_calls": {"type": "integer", "minimum": 0, "description": "Calls that started today."},
            "total_appointments": {"type": "integer", "minimum": 0, "description": "Appointments not cancelled."},
            "today_appointments": {"type": "integer", "minimum": 0, "description": "Appointments not cancelled scheduled to start today."},
            "total_contacts": {"type": "integer", "minimum": 0},
            "active_coordinators": {"type": "integer", "minimum": 0, "description": "Coordinators with status `active`."},
        },
        "example": EX_DASHBOARD,
    },

    # Knowledge ------------------------------------------------------------
    "FAQ": {
        "type": "object",
        "required": ["id", "organization_id", "question", "answer", "category", "keywords", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "question": {"type": "string"},
            "answer": {"type": "string"},
            "category": nullable("string"),
            "keywords": {"type": "array", "items": {"type": "string"}},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_FAQ,
    },
    "FAQInput": {
        "type": "object",
        "description": "On create `question` and `answer` are required; on update fields left out keep their values (`question` and `answer` cannot be emptied).",
        "properties": {
            "question": {"type": "string", "minLength": 1, "maxLength": 1000, "description": "Required on create."},
            "answer": {"type": "string", "minLength": 1, "maxLength": 65536, "description": "Required on create. At most 64 KB of UTF-8."},
            "category": nullable("string", maxLength=100, description="`null` clears it."),
            "keywords": {"type": ["array", "null"], "items": {"type": "string", "minLength": 1, "maxLength": 100},
                         "description": "Trimmed; duplicates (compared case-insensitively) dropped. Replaces the list; `null` or `[]` clears it.", "default": []},
        },
        "example": {"question": "Where can I park?", "answer": "Free parking is available behind the building.", "category": "visiting", "keywords": ["parking", "car"]},
    },
    "Poll": {
        "type": "object",
        "description": "A question with fixed answers that AI agents ask on calls; only active polls are offered.",
        "required": ["id", "organization_id", "question", "options", "active", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "question": {"type": "string"},
            "options": {"type": "array", "items": {"type": "string"}, "minItems": 2, "maxItems": 20},
            "active": {"type": "boolean"},
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_POLL,
    },
    "PollInput": {
        "type": "object",
        "description": "On create `question` and `options` are required; on update fields left out keep their values and none may be emptied or null.",
        "properties": {
            "question": {"type": "string", "minLength": 1, "maxLength": 1000, "description": "Required on create."},
            "options": {"type": "array", "minItems": 2, "maxItems": 20, "uniqueItems": True, "items": {"type": "string", "minLength": 1, "maxLength": 200},
                        "description": "Required on create. Trimmed; no two the same (compared case-insensitively). Replaces the list."},
            "active": {"type": "boolean", "default": True},
        },
        "example": {"question": "How did you hear about us?", "options": ["Search engine", "Friend", "Advertisement"]},
    },
})

COORD_PAGE = page_of("Coordinator", "A page of coordinators.")
CONTACT_PAGE = page_of("Contact", "A page of contacts.")
LIST_PAGE = page_of("ContactList", "A page of contact lists.")
TYPE_PAGE = page_of("AppointmentType", "A page of appointment types.")
APPT_PAGE = page_of("Appointment", "A page of appointments.")
CALL_PAGE = page_of("Call", "A page of calls.")
FAQ_PAGE = page_of("FAQ", "A page of FAQs.")
POLL_PAGE = page_of("Poll", "A page of polls.")

responses.update({
    "Conflict": err_resp("The appointment's status does not allow this change (`CONFLICT`).", "CONFLICT",
                         "An appointment that is cancelled cannot become confirmed."),
    "SlotUnavailable": err_resp(
        "The time (widened by the type's buffers) overlaps `scheduled` or `confirmed` appointments beyond the organization's `booking_capacity` (`SLOT_UNAVAILABLE`).",
        "SLOT_UNAVAILABLE", "The requested time is not available: it overlaps other appointments."),
})

def path_param(name, desc, schema=None, example=None):
    """A path parameter component: a UUID id by default; with `schema`, that schema and `desc` as it is."""
    parameters[name] = {"name": name, "in": "path", "required": True,
                        "description": desc if schema else desc + " A value that is not a UUID names nothing (404).", "schema": schema or UUID}
    if example is not None: parameters[name]["example"] = example

path_param("templateId", "Template id.")
path_param("coordinatorId", "Coordinator id.")
path_param("contactId", "Contact id.")
path_param("listId", "Contact list id.")
path_param("typeId", "Appointment type id.")
path_param("appointmentId", "Appointment id.")
path_param("callId", "Call id.")
path_param("faqId", "FAQ id.")
path_param("pollId", "Poll id.")

def qparam(name, desc, schema):
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}

DATE_PARAMS = [
    qparam("start_date", "First day (inclusive), `YYYY-MM-DD` in the organization's time zone.", {"type": "string", "format": "date"}),
    qparam("end_date", "Last day (inclusive), `YYYY-MM-DD` in the organization's time zone; not before `start_date`.", {"type": "string", "format": "date"}),
]
CALL_FILTERS = DATE_PARAMS + [
    qparam("status", "Only calls with this status.", sref("CallStatus")),
    qparam("direction", "Only calls in this direction.", sref("CallDirection")),
    qparam("coordinator_id", "Only calls of this coordinator.", UUID),
    qparam("contact_id", "Only calls with this contact.", UUID),
]

# Error sets.
responses["OrganizationNotFound"] = err_resp(
    "The organization does not exist or the caller is not a member of it, or (on a path with a second id) no such resource in it (`NOT_FOUND`).",
    "NOT_FOUND", "Organization not found.")
NF_ORG = {"404": rref("OrganizationNotFound")}
READ = merged(A401, NF_ORG)
LIST_READ = merged(A401, NF_ORG, PAGE_ERRS)
WRITE = merged(A401, A403, NF_ORG)
WRITE_BODY = merged(WRITE, BODY_ERRS)

ADMIN = " Admins and the owner only (403 otherwise, or for a read-only token)."
MEMBER = " Members and up (403 for viewers, or for a read-only token)."

def coll(p):
    return ORG_BASE + p

crm_paths = {
    # Templates --------------------------------------------------------------
    "/api/coordinator/role-templates": {
        "get": op("listRoleTemplates", "Templates", "List role templates", "The catalogue, paginated like every list. Any signed-in user.",
                  params=PAGING,
                  responses=merged({"200": ok("A page of role templates.", page_of("RoleTemplate", "A page of role templates."),
                                              {"data": [EX_ROLE], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})}, A401, PAGE_ERRS)),
    },
    "/api/coordinator/role-templates/{templateId}": {
        "parameters": [pref("templateId")],
        "get": op("getRoleTemplate", "Templates", "Show a role template",
                  responses=merged({"200": ok("The role template.", sref("RoleTemplate"), EX_ROLE)}, A401, A404)),
    },
    "/api/coordinator/persona-templates": {
        "get": op("listPersonaTemplates", "Templates", "List persona templates", "The catalogue, paginated like every list. Any signed-in user.",
                  params=PAGING,
                  responses=merged({"200": ok("A page of persona templates.", page_of("PersonaTemplate", "A page of persona templates."),
                                              {"data": [EX_PERSONA], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})}, A401, PAGE_ERRS)),
    },
    "/api/coordinator/persona-templates/{templateId}": {
        "parameters": [pref("templateId")],
        "get": op("getPersonaTemplate", "Templates", "Show a persona template",
                  responses=merged({"200": ok("The persona template.", sref("PersonaTemplate"), EX_PERSONA)}, A401, A404)),
    },

    # Coordinators -------------------------------------------------------------
    coll("/coordinators"): {
        "parameters": [pref("orgId")],
        "get": op("listCoordinators", "Coordinators", "List coordinators", "Oldest first. Any member.",
                  params=PAGING + [qparam("status", "Only coordinators with this status.", sref("CoordinatorStatus"))],
                  responses=merged({"200": ok("A page of coordinators.", COORD_PAGE)}, LIST_READ)),
        "post": op("createCoordinator", "Coordinators", "Create a coordinator",
                   "New coordinators are `active`; `availability` defaults to the organization's business hours." + ADMIN,
                   body=json_content(create_of("CoordinatorInput", "role_template_id", "persona_template_id", "display_name"), example=EX_COORD_INPUT),
                   responses=merged({"201": ok("Created.", sref("Coordinator"), EX_COORD)}, WRITE_BODY)),
    },
    coll("/coordinators/{coordinatorId}"): {
        "parameters": [pref("orgId"), pref("coordinatorId")],
        "get": op("getCoordinator", "Coordinators", "Show a coordinator",
                  responses=merged({"200": ok("The coordinator.", sref("Coordinator"), EX_COORD)}, READ)),
        "put": op("updateCoordinator", "Coordinators", "Update a coordinator", "Partial update: fields left out keep their values." + ADMIN,
                  body=json_content(sref("CoordinatorInput"), example={"display_name": "Sarah", "custom_greeting": None}),
                  responses=merged({"200": ok("The updated coordinator.", sref("Coordinator"))}, WRITE_BODY)),
        "delete": op("deleteCoordinator", "Coordinators", "Delete a coordinator", ADMIN.strip(),
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
    coll("/coordinators/{coordinatorId}/activate"): {
        "parameters": [pref("orgId"), pref("coordinatorId")],
        "post": op("activateCoordinator", "Coordinators", "Activate a coordinator", "Sets `status` to `active` (no change when it already is)." + ADMIN,
                   responses=merged({"200": ok("The coordinator.", sref("Coordinator"), EX_COORD)}, WRITE)),
    },
    coll("/coordinators/{coordinatorId}/pause"): {
        "parameters": [pref("orgId"), pref("coordinatorId")],
        "post": op("pauseCoordinator", "Coordinators", "Pause a coordinator", "Sets `status` to `paused` (no change when it already is)." + ADMIN,
                   responses=merged({"200": ok("The coordinator.", sref("Coordinator"), dict(EX_COORD, status="paused"))}, WRITE)),
    },

    # Contacts -----------------------------------------------------------------
    coll("/contacts"): {
        "parameters": [pref("orgId")],
        "get": op("listContacts", "Contacts", "List contacts", "Oldest first. Any member.",
                  params=PAGING + [
                      qparam("search", "Case-insensitive substring of the name, e-mail or phone (for the phone, only the digits of the search are compared when it has any).", {"type": "string"}),
                      qparam("tags", "Comma-separated tags: only contacts carrying all of them.", {"type": "string", "examples": ["client,priority"]}),
                      qparam("status", "Only contacts with this status.", sref("ContactStatus")),
                      qparam("source_id", "Only contacts whose `metadata.source_id` is exactly this.", {"type": "string"}),
                      qparam("source", "Only contacts whose `metadata.source` is exactly this.", {"type": "string"}),
                  ],
                  responses=merged({"200": ok("A page of contacts.", CONTACT_PAGE)}, LIST_READ)),
        "post": op("createContact", "Contacts", "Create a contact", "Phones are normalized to E.164 with the organization's `country_code`." + MEMBER,
                   body=json_content(create_of("ContactInput", "name"), example=EX_CONTACT_INPUT),
                   responses=merged({"201": ok("Created.", sref("Contact"), EX_CONTACT)}, WRITE_BODY)),
    },
    coll("/contacts/{contactId}"): {
        "parameters": [pref("orgId"), pref("contactId")],
        "get": op("getContact", "Contacts", "Show a contact",
                  responses=merged({"200": ok("The contact.", sref("Contact"), EX_CONTACT)}, READ)),
        "put": op("updateContact", "Contacts", "Update a contact",
                  "Partial update: fields left out keep their values, `null` clears an optional field, and `tags` replaces the tags." + MEMBER,
                  body=json_content(sref("ContactInput"), example={"status": "do_not_contact", "tags": ["client"]}),
                  responses=merged({"200": ok("The updated contact.", sref("Contact"))}, WRITE_BODY)),
        "delete": op("deleteContact", "Contacts", "Delete a contact", MEMBER.strip(),
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
    coll("/contacts/bulk-tag"): {
        "parameters": [pref("orgId")],
        "post": op("bulkTagContacts", "Contacts", "Add tags to contacts",
                   "Adds the tags to each contact of the organization among `contact_ids` (ids of other contacts are ignored)." + MEMBER,
                   body=json_content(sref("BulkTagInput"), example={"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2], "tags": ["tag1", "tag2"]}),
                   responses=merged({"200": ok("How many contacts were updated.", sref("BulkUpdated"), {"updated": 2})}, WRITE_BODY)),
    },
    coll("/contacts/bulk-untag"): {
        "parameters": [pref("orgId")],
        "post": op("bulkUntagContacts", "Contacts", "Remove tags from contacts",
                   "Removes the tags from each contact of the organization among `contact_ids` (ids of other contacts are ignored)." + MEMBER,
                   body=json_content(sref("BulkTagInput"), example={"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2], "tags": ["tag1"]}),
                   responses=merged({"200": ok("How many contacts were updated.", sref("BulkUpdated"), {"updated": 2})}, WRITE_BODY)),
    },
    coll("/contacts/bulk-delete"): {
        "parameters": [pref("orgId")],
        "post": op("bulkDeleteContacts", "Contacts", "Delete contacts",
                   "Deletes the contacts of the organization among `contact_ids` (ids of other contacts are ignored)." + MEMBER,
                   body=json_content(sref("ContactIdsInput"), example={"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2]}),
                   responses=merged({"200": ok("How many contacts were deleted.", sref("BulkDeleted"), {"deleted": 2})}, WRITE_BODY)),
    },
    coll("/contacts/import"): {
        "parameters": [pref("orgId")],
        "post": op("importContacts", "Contacts", "Import contacts from CSV",
                   "The request body is the CSV file itself (RFC 4180, `Content-Type: text/csv`; `text/plain` and `application/csv` are accepted too), up to 50 MiB. "
                   "The header row names the columns: `name` (required), `email`, `phone`, `company`, `tags`, and optionally `timezone`, `status`, `notes`, `consent_at` (RFC 3339); other columns are ignored. "
                   "Tags in a cell are separated by `;`, `|` or `,`. Each row is validated like a created contact and upserted by e-mail, else phone (normalized): "
                   "a match is updated and the row's tags are added to its tags; otherwise a contact is created. Rows with errors are skipped and reported. "
                   "The file is read as it arrives and written in chunks of 500 rows, each in a transaction of its own, so other writes go on meanwhile; "
                   "a failure leaves the chunks before it imported. With `?async=true` the file is kept and the answer is 202 `{id, status}` at once; "
                   "`GET .../contacts/imports/{id}` follows the import." + MEMBER,
                   params=[{"name": "async", "in": "query", "required": False, "schema": {"type": "boolean", "default": False},
                            "description": "Run the import as a background job and answer 202 at once."}],
                   body={"text/csv": {"schema": {"type": "string"},
                                      "example": "name,email,phone,company,tags\nJohn Doe,john@example.com,+1234567890,Acme Corp,client;priority\nJane Roe,jane@example.com,(234) 567-8901,,lead\n"}},
                   responses=merged({
                       "200": ok("The import report.", sref("ImportReport")),
                       "202": ok("Started as a job (`?async=true`).", sref("ContactImportStarted")),
                       "400": err_resp("The `Content-Type` is not CSV (`BAD_REQUEST`).", "BAD_REQUEST",
                                       "Send the CSV file as the request body with Content-Type: text/csv."),
                       "413": err_resp("The CSV file is over 50 MiB (`PAYLOAD_TOO_LARGE`).", "PAYLOAD_TOO_LARGE", "The request body is too large."),
                       "422": err_resp("The file is empty or its header row has no `name` column (`VALIDATION_ERROR`, on the field `file`).",
                                       "VALIDATION_ERROR", "The header row must name a name column (name,email,phone,company,tags).",
                                       {"errors": {"file": ["The header row must name a name column (name,email,phone,company,tags)."]}}),
                   }, WRITE)),
    },

    coll("/contacts/imports/{importId}"): {
        "parameters": [pref("orgId"), {"name": "importId", "in": "path", "required": True, "schema": UUID}],
        "get": op("getContactImport", "Contacts", "Show a background import", "Its status, rows processed so far, counts and errors. Any member.",
                  responses=merged({"200": ok("The import.", sref("ContactImport"))}, READ, A404)),
    },

    # Contact lists --------------------------------------------------------------
    coll("/contact-lists"): {
        "parameters": [pref("orgId")],
        "get": op("listContactLists", "Contact lists", "List contact lists", "Oldest first. Any member.", params=PAGING,
                  responses=merged({"200": ok("A page of contact lists.", LIST_PAGE)}, LIST_READ)),
        "post": op("createContactList", "Contact lists", "Create a contact list", MEMBER.strip(),
                   body=json_content(create_of("ContactListInput", "name"), example={"name": "Q1 leads", "description": "Leads from the January trade show"}),
                   responses=merged({"201": ok("Created (with `contact_count` 0).", sref("ContactList"), dict(EX_LIST, contact_count=0))}, WRITE_BODY)),
    },
    coll("/contact-lists/{listId}"): {
        "parameters": [pref("orgId"), pref("listId")],
        "get": op("getContactList", "Contact lists", "Show a contact list",
                  responses=merged({"200": ok("The contact list.", sref("ContactList"), EX_LIST)}, READ)),
        "put": op("updateContactList", "Contact lists", "Update a contact list", "Partial update." + MEMBER,
                  body=json_content(sref("ContactListInput"), example={"description": None}),
                  responses=merged({"200": ok("The updated list.", sref("ContactList"))}, WRITE_BODY)),
        "delete": op("deleteContactList", "Contact lists", "Delete a contact list", "The contacts themselves are kept." + MEMBER,
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
    coll("/contact-lists/{listId}/contacts"): {
        "parameters": [pref("orgId"), pref("listId")],
        "get": op("listContactListContacts", "Contact lists", "List the contacts of a list", "In the order they were added. Any member.", params=PAGING,
                  responses=merged({"200": ok("A page of contacts.", CONTACT_PAGE)}, LIST_READ)),
        "post": op("addContactsToList", "Contact lists", "Add contacts to a list",
                   "Adds the contacts (ones already in the list stay). Every id must name a contact of the organization (422 on `contact_ids.N` otherwise)." + MEMBER,
                   body=json_content(sref("ContactIdsInput"), example={"contact_ids": [EX_CONTACT_ID, EX_CONTACT_ID2]}),
                   responses=merged({"200": ok("The list with its new `contact_count`.", sref("ContactList"), EX_LIST)}, WRITE_BODY)),
        "delete": op("removeContactsFromList", "Contact lists", "Remove contacts from a list",
                     "Removes the contacts from the list (they are not deleted). Every id must name a contact of the organization (422 on `contact_ids.N` otherwise)." + MEMBER,
                     body=json_content(sref("ContactIdsInput"), example={"contact_ids": [EX_CONTACT_ID2]}),
                     responses=merged({"200": ok("The list with its new `contact_count`.", sref("ContactList"), dict(EX_LIST, contact_count=1))}, WRITE_BODY)),
    },

    # Appointment types ------------------------------------------------------------
    coll("/appointment-types"): {
        "parameters": [pref("orgId")],
        "get": op("listAppointmentTypes", "Appointments", "List appointment types", "Oldest first. Any member.", params=PAGING,
                  responses=merged({"200": ok("A page of appointment types.", TYPE_PAGE)}, LIST_READ)),
        "post": op("createAppointmentType", "Appointments", "Create an appointment type", ADMIN.strip(),
                   body=json_content(create_of("AppointmentTypeInput", "name"), example={"name": "Consultation", "duration_minutes": 30, "buffer_before_minutes": 5, "buffer_after_minutes": 10}),
                   responses=merged({"201": ok("Created.", sref("AppointmentType"), EX_TYPE)}, WRITE_BODY)),
    },
    coll("/appointment-types/{typeId}"): {
        "parameters": [pref("orgId"), pref("typeId")],
        "get": op("getAppointmentType", "Appointments", "Show an appointment type",
                  responses=merged({"200": ok("The appointment type.", sref("AppointmentType"), EX_TYPE)}, READ)),
        "put": op("updateAppointmentType", "Appointments", "Update an appointment type",
                  "Partial update. Appointments already booked keep their duration and buffers." + ADMIN,
                  body=json_content(sref("AppointmentTypeInput"), example={"duration_minutes": 45}),
                  responses=merged({"200": ok("The updated type.", sref("AppointmentType"))}, WRITE_BODY)),
        "delete": op("deleteAppointmentType", "Appointments", "Delete an appointment type", ADMIN.strip(),
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },

    # Appointments --------------------------------------------------------------------
    coll("/appointments"): {
        "parameters": [pref("orgId")],
        "get": op("listAppointments", "Appointments", "List appointments", "By `scheduled_at`, earliest first. Any member.",
                  params=PAGING + DATE_PARAMS + [
                      qparam("status", "Only appointments with this status.", sref("AppointmentStatus")),
                      qparam("contact_id", "Only appointments with this contact.", UUID),
                      qparam("coordinator_id", "Only appointments of this coordinator.", UUID),
                  ],
                  responses=merged({"200": ok("A page of appointments.", APPT_PAGE)}, LIST_READ)),
        "post": op("createAppointment", "Appointments", "Book an appointment",
                   "Books a `scheduled` appointment. `duration_minutes` defaults to the type's, else 30. The busy time (the type's buffers included) "
                   "may overlap other `scheduled` or `confirmed` appointments only up to the organization's `booking_capacity`; beyond it the answer is 409 `SLOT_UNAVAILABLE`." + MEMBER,
                   body=json_content(sref("AppointmentInput"), example=EX_APPT_INPUT),
                   responses=merged({"201": ok("Booked.", sref("Appointment"), EX_APPT), "409": rref("SlotUnavailable")}, WRITE_BODY)),
    },
    coll("/appointments/{appointmentId}"): {
        "parameters": [pref("orgId"), pref("appointmentId")],
        "get": op("getAppointment", "Appointments", "Show an appointment",
                  responses=merged({"200": ok("The appointment.", sref("Appointment"), EX_APPT)}, READ)),
        "put": op("updateAppointment", "Appointments", "Reschedule or edit an appointment",
                  "Only `scheduled` or `confirmed` appointments can be changed (409 `CONFLICT` otherwise). A new time is checked like a booking (409 `SLOT_UNAVAILABLE`)." + MEMBER,
                  body=json_content(sref("AppointmentUpdate"), example={"scheduled_at": "2026-01-26T15:00:00Z", "duration_minutes": 45}),
                  responses=merged({
                      "200": ok("The updated appointment.", sref("Appointment")),
                      "409": {"description": "`CONFLICT` when the appointment is not `scheduled` or `confirmed`; `SLOT_UNAVAILABLE` when the new time does not fit the booking capacity.",
                              "content": json_content(sref("Error"), examples={
                                  "conflict": {"value": {"error": "Only scheduled or confirmed appointments can be changed (this one is cancelled).", "code": "CONFLICT"}},
                                  "slotUnavailable": {"value": {"error": "The requested time is not available: it overlaps other appointments.", "code": "SLOT_UNAVAILABLE"}},
                              })},
                  }, WRITE_BODY)),
    },
    coll("/appointments/{appointmentId}/cancel"): {
        "parameters": [pref("orgId"), pref("appointmentId")],
        "post": op("cancelAppointment", "Appointments", "Cancel an appointment",
                   "From `scheduled` or `confirmed` (409 `CONFLICT` otherwise). The body and its `reason` are optional." + MEMBER,
                   body=json_content(sref("AppointmentCancelInput"), example={"reason": "Client requested reschedule"}), body_required=False,
                   responses=merged({"200": ok("The cancelled appointment.", sref("Appointment"),
                                               dict(EX_APPT, status="cancelled", cancellation_reason="Client requested reschedule")),
                                     "409": rref("Conflict")}, WRITE_BODY)),
    },
    coll("/appointments/{appointmentId}/confirm"): {
        "parameters": [pref("orgId"), pref("appointmentId")],
        "post": op("confirmAppointment", "Appointments", "Confirm an appointment", "From `scheduled` only (409 `CONFLICT` otherwise). No body." + MEMBER,
                   responses=merged({"200": ok("The confirmed appointment.", sref("Appointment"), dict(EX_APPT, status="confirmed")),
                                     "409": rref("Conflict")}, WRITE)),
    },
    coll("/appointments/{appointmentId}/complete"): {
        "parameters": [pref("orgId"), pref("appointmentId")],
        "post": op("completeAppointment", "Appointments", "Complete an appointment", "From `scheduled` or `confirmed` (409 `CONFLICT` otherwise). No body." + MEMBER,
                   responses=merged({"200": ok("The completed appointment.", sref("Appointment"), dict(EX_APPT, status="completed")),
                                     "409": rref("Conflict")}, WRITE)),
    },
    coll("/appointments/{appointmentId}/no-show"): {
        "parameters": [pref("orgId"), pref("appointmentId")],
        "post": op("markAppointmentNoShow", "Appointments", "Mark an appointment as a no-show", "From `scheduled` or `confirmed` (409 `CONFLICT` otherwise). No body." + MEMBER,
                   responses=merged({"200": ok("The appointment, now `no_show`.", sref("Appointment"), dict(EX_APPT, status="no_show")),
                                     "409": rref("Conflict")}, WRITE)),
    },

    # Calls ----------------------------------------------------------------------------
    coll("/calls"): {
        "parameters": [pref("orgId")],
        "get": op("listCalls", "Calls", "List calls", "Newest first (by `started_at`). Any member.", params=PAGING + CALL_FILTERS,
                  responses=merged({"200": ok("A page of calls.", CALL_PAGE)}, LIST_READ)),
        "post": op("logCall", "Calls", "Log a call", "Records a call; phone numbers are normalized to E.164." + MEMBER + "\n\n" + OPT_OUT_DESC,
                   body=json_content(sref("CallInput"), example=EX_CALL_INPUT),
                   responses=merged({"201": ok("Logged.", sref("Call"), EX_CALL)}, WRITE_BODY)),
    },
    coll("/calls/stats"): {
        "parameters": [pref("orgId")],
        "get": op("getCallStats", "Calls", "Call statistics", "Counts by status, the mean duration of completed calls and calls per day, over the calls the filters select. Any member.",
                  params=CALL_FILTERS,
                  responses=merged({"200": ok("The statistics.", sref("CallStats"), EX_CALL_STATS), "422": rref("ValidationError")}, READ)),
    },
    coll("/calls/{callId}"): {
        "parameters": [pref("orgId"), pref("callId")],
        "get": op("getCall", "Calls", "Show a call",
                  responses=merged({"200": ok("The call.", sref("Call"), EX_CALL)}, READ)),
    },

    # Dashboard --------------------------------------------------------------------------
    coll("/dashboard/metrics"): {
        "parameters": [pref("orgId")],
        "get": op("getDashboardMetrics", "Dashboard", "Dashboard metrics",
                  "Six counts; \"today\" is the current day in the organization's time zone; cancelled appointments are not counted. Any member.",
                  responses=merged({"200": ok("The metrics.", sref("DashboardMetrics"), EX_DASHBOARD)}, READ)),
    },

    # FAQs ----------------------------------------------------------------------------------
    coll("/faqs"): {
        "parameters": [pref("orgId")],
        "get": op("listFaqs", "Knowledge", "List FAQs", "Oldest first. Any member.",
                  params=PAGING + [
                      qparam("category", "Only FAQs in this category (exact match).", {"type": "string"}),
                      qparam("search", "Case-insensitive substring of the question or the answer.", {"type": "string"}),
                  ],
                  responses=merged({"200": ok("A page of FAQs.", FAQ_PAGE)}, LIST_READ)),
        "post": op("createFaq", "Knowledge", "Create an FAQ", ADMIN.strip(),
                   body=json_content(create_of("FAQInput", "question", "answer"), example={"question": "Where can I park?", "answer": "Free parking is available behind the building.",
                                                                "category": "visiting", "keywords": ["parking", "car"]}),
                   responses=merged({"201": ok("Created.", sref("FAQ"), EX_FAQ)}, WRITE_BODY)),
    },
    coll("/faqs/{faqId}"): {
        "parameters": [pref("orgId"), pref("faqId")],
        "get": op("getFaq", "Knowledge", "Show an FAQ",
                  responses=merged({"200": ok("The FAQ.", sref("FAQ"), EX_FAQ)}, READ)),
        "put": op("updateFaq", "Knowledge", "Update an FAQ", "Partial update; `keywords` replaces the list." + ADMIN,
                  body=json_content(sref("FAQInput"), example={"answer": "Free parking is available behind the building and on Main Street."}),
                  responses=merged({"200": ok("The updated FAQ.", sref("FAQ"))}, WRITE_BODY)),
        "delete": op("deleteFaq", "Knowledge", "Delete an FAQ", ADMIN.strip(),
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },

    # Polls -----------------------------------------------------------------------------------
    coll("/polls"): {
        "parameters": [pref("orgId")],
        "get": op("listPolls", "Knowledge", "List polls", "Oldest first. Any member.",
                  params=PAGING + [qparam("active", "Only active (`true`) or only inactive (`false`) polls; `1` and `0` are accepted too.", {"type": "boolean"})],
                  responses=merged({"200": ok("A page of polls.", POLL_PAGE)}, LIST_READ)),
        "post": op("createPoll", "Knowledge", "Create a poll", "New polls are active unless `active` is false." + ADMIN,
                   body=json_content(create_of("PollInput", "question", "options"), example={"question": "How did you hear about us?", "options": ["Search engine", "Friend", "Advertisement"]}),
                   responses=merged({"201": ok("Created.", sref("Poll"), EX_POLL)}, WRITE_BODY)),
    },
    coll("/polls/{pollId}"): {
        "parameters": [pref("orgId"), pref("pollId")],
        "get": op("getPoll", "Knowledge", "Show a poll",
                  responses=merged({"200": ok("The poll.", sref("Poll"), EX_POLL)}, READ)),
        "put": op("updatePoll", "Knowledge", "Update a poll", "Partial update; `options` replaces the list." + ADMIN,
                  body=json_content(sref("PollInput"), example={"active": False}),
                  responses=merged({"200": ok("The updated poll.", sref("Poll"), dict(EX_POLL, active=False))}, WRITE_BODY)),
        "delete": op("deletePoll", "Knowledge", "Delete a poll", ADMIN.strip(),
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
}
paths.update(crm_paths)

CRM_TAGS = [
    {"name": "Templates", "description": "The read-only catalogue of role and persona templates coordinators are built from."},
    {"name": "Coordinators", "description": "AI virtual assistants of an organization. Any member reads; admins and the owner manage."},
    {"name": "Contacts", "description": "People an organization talks to: CRUD, filters, bulk tagging and CSV import. Any member reads; members and up write."},
    {"name": "Contact lists", "description": "Named groups of contacts (campaigns call lists). Any member reads; members and up write."},
    {"name": "Appointments", "description": "Appointment types (admins manage) and appointments (members and up book and change) under the booking-capacity rule."},
    {"name": "Calls", "description": "Call log and statistics. Any member reads; members and up log calls."},
    {"name": "Dashboard", "description": "Summary counts of an organization."},
    {"name": "Knowledge", "description": "FAQs the AI agents answer and polls they ask. Any member reads; admins and the owner manage."},
]

# ---------------------------------------------------------------------------
# Webhooks and the event log (CONTRACT section 6): endpoints, deliveries,
# attempts and events, all under /api/coordinator/organizations/{orgId}.
# ---------------------------------------------------------------------------

EVENT_NAMES = [
    "organization.created", "coordinator.created", "coordinator.activated", "contact.created", "contact.updated",
    "appointment.created", "appointment.confirmed", "appointment.cancelled", "call.completed", "call.missed",
    "campaign.started", "campaign.completed", "ai_interaction.logged",
]
EX_WEBHOOK_ID = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e"
EX_DELIVERY_ID = "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f"
EX_EVENT_ID = "3d4e5f6a-7b8c-4d9e-8f1a-2b3c4d5e6f7a"
EX_TEST_EVENT_ID = "4e5f6a7b-8c9d-4e0f-9a1b-3c4d5e6f7a8b"
EX_TEST_DELIVERY_ID = "5f6a7b8c-9d0e-4f1a-8b2c-4d5e6f7a8b9c"
EX_GENERATED_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw4tZ0JRvtR6A="
# The guide's register example, as written in the guide
# (the guide's own "your_secret_key" has 15 and is refused with a 422).
EX_WEBHOOK_INPUT = {
    "name": "My App Webhook",
    "url": "https://myapp.com/webhooks/4calls",
    "secret": "your_secret_key",
    "events": ["contact.created", "appointment.created", "call.completed"],
}
EX_WEBHOOK = {
    "id": EX_WEBHOOK_ID,
    "organization_id": EX_ORG_ID,
    "name": "My App Webhook",
    "url": "https://myapp.com/webhooks/4calls",
    "events": ["contact.created", "appointment.created", "call.completed"],
    "active": True,
    "disabled_reason": None,
    "created_at": T0,
    "updated_at": T0,
}
EX_EVENT = {
    "id": EX_EVENT_ID,
    "event": "contact.created",
    "organization_id": EX_ORG_ID,
    "data": EX_CONTACT,
    "created_at": T0,
}
EX_DELIVERY = {
    "id": EX_DELIVERY_ID,
    "webhook_id": EX_WEBHOOK_ID,
    "event_id": EX_EVENT_ID,
    "event": "contact.created",
    "status": "delivered",
    "attempts": 1,
    "next_attempt_at": None,
    "last_status_code": 200,
    "last_error": None,
    "delivered_at": "2026-01-20T10:00:01Z",
    "created_at": T0,
    "updated_at": "2026-01-20T10:00:01Z",
}
EX_DELIVERY_RETRYING = dict(
    EX_DELIVERY, status="pending", attempts=2, next_attempt_at="2026-01-20T10:05:06Z", last_status_code=None,
    last_error="The connection was refused.", delivered_at=None, updated_at="2026-01-20T10:00:06Z",
    attempt_log=[
        {"attempted_at": "2026-01-20T10:00:01Z", "status_code": 503, "duration_ms": 212,
         "response_body": "{\"error\":\"maintenance\"}", "error": None},
        {"attempted_at": "2026-01-20T10:00:06Z", "status_code": None, "duration_ms": 3,
         "response_body": None, "error": "The connection was refused."},
    ])
EX_TEST_DELIVERY = dict(
    EX_DELIVERY, id=EX_TEST_DELIVERY_ID, event_id=EX_TEST_EVENT_ID, event="webhook.test", status="pending", attempts=0,
    next_attempt_at="2026-01-20T11:00:00Z", last_status_code=None, delivered_at=None,
    created_at="2026-01-20T11:00:00Z", updated_at="2026-01-20T11:00:00Z")
EX_REDELIVERED = dict(
    EX_DELIVERY, status="pending", attempts=0, next_attempt_at="2026-01-21T09:00:00Z", delivered_at=None,
    updated_at="2026-01-21T09:00:00Z")
EX_PAYLOAD = {
    "event": "contact.created",
    "timestamp": T0,
    "organization_id": EX_ORG_ID,
    "data": {"id": EX_CONTACT_ID, "name": "John Doe", "email": "john@example.com", "phone": "+1234567890"},
}

WEBHOOK_EVENT_OR_TEST = {
    "anyOf": [sref("EventName"), {"type": "string", "enum": ["webhook.test"]}],
    "description": "An event of the guide's list, or `webhook.test` for a delivery made by `POST .../webhooks/{webhookId}/test`.",
}
SUBSCRIPTION = {
    "anyOf": [sref("EventName"), {"type": "string", "enum": ["*"], "description": "Every event of the list, including ones added later."}],
}
URL_RULE = (
    "`http` or `https`. Unless the server runs with `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` (local development, tests), every address the host "
    "resolves to must be public: loopback, private, carrier-grade NAT, link-local (cloud metadata such as `169.254.169.254` included), multicast, "
    "documentation and other reserved addresses are refused with a 422 on `url`, and so is a host that does not resolve. "
    "The check is made again before every attempt, since DNS answers can change."
)

schemas.update({
    "EventName": {
        "type": "string",
        "enum": EVENT_NAMES,
        "description": "The events of the integration guide's list: what webhooks subscribe to and what the event log records. Each carries as `data` "
                       "the resource as the API shows it: `organization.created` the `Organization`; `coordinator.*` the `Coordinator`; `contact.*` the "
                       "`Contact`; `appointment.*` the `Appointment`; `call.*` the `Call`; `campaign.started` and `campaign.completed` the `Campaign`, "
                       "with its `stats` as they stood at that moment; `ai_interaction.logged` the `Interaction`.",
    },
    "Webhook": {
        "type": "object",
        "description": "An endpoint that receives the organization's events. The signing secret is stored encrypted and returned only by the request that creates the endpoint.",
        "required": ["id", "organization_id", "name", "url", "events", "active", "disabled_reason", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "name": {"type": "string"},
            "url": {"type": "string", "format": "uri"},
            "events": {"type": "array", "items": SUBSCRIPTION, "description": "The subscribed events, or `[\"*\"]` for all."},
            "active": {"type": "boolean", "description": "Only active endpoints get deliveries."},
            "disabled_reason": nullable("string", description="Why the server disabled the endpoint (a `410 Gone` answer, or 5 days of failed attempts); null otherwise. Setting `active` to true clears it."),
            "created_at": TS,
            "updated_at": TS,
            "secret": {"type": "string", "description": "The signing secret: the one sent, or a generated `whsec_...` one. Only in the create response: store it, it is never shown again."},
        },
        "example": EX_WEBHOOK,
    },
    "WebhookInput": {
        "type": "object",
        "description": "Endpoint fields. On create `name`, `url` and `events` are required. `PUT` is a partial update: fields left out keep their values; `name`, `url` and `events` cannot be null or emptied.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create. Trimmed."},
            "url": {"type": "string", "format": "uri", "maxLength": 2048, "description": "Required on create. " + URL_RULE},
            "secret": {"type": "string", "minLength": 8, "maxLength": 255, "format": "password",
                       "description": "The signing secret, kept exactly as sent (not trimmed). Optional: when absent on create, a Standard Webhooks secret `whsec_` + base64 of 32 random bytes is generated. Either way it is returned once, in the create response. On update a new secret replaces the old one and is not echoed."},
            "events": {"type": "array", "minItems": 1, "items": SUBSCRIPTION,
                       "description": "Required on create: names from the guide's list, or `\"*\"` for every event (an unknown name is a 422 on `events.N`). Duplicates are dropped; on update the list replaces the old one."},
            "active": {"type": "boolean", "default": True,
                       "description": "False pauses deliveries. Setting it to true on an inactive endpoint clears `disabled_reason` and restarts the 5-day failure count."},
        },
        "example": EX_WEBHOOK_INPUT,
    },
    "DeliveryStatus": {
        "type": "string",
        "enum": ["pending", "delivered", "failed"],
        "description": "`pending`: waiting for its next attempt (or being attempted); `delivered`: an attempt got a 2xx answer; `failed`: every retry failed, the endpoint answered `410 Gone`, or the endpoint was disabled.",
    },
    "Attempt": {
        "type": "object",
        "description": "One HTTP attempt of a delivery.",
        "required": ["attempted_at", "status_code", "duration_ms", "response_body", "error"],
        "properties": {
            "attempted_at": {"type": "string", "format": "date-time", "description": "When the attempt ended."},
            "status_code": nullable("integer", description="The HTTP status of the answer; null when no answer came (see `error`)."),
            "duration_ms": {"type": "integer", "minimum": 0, "description": "How long the attempt took, in milliseconds."},
            "response_body": nullable("string", maxLength=1024, description="The first 1024 characters of the answer's body; null when no answer came (or its body was over 64 KiB)."),
            "error": nullable("string", maxLength=1024, description="Why no answer came: a timeout (10 s), a connection or TLS error, or a URL refused by the address check; null when an answer came."),
        },
        "example": EX_DELIVERY_RETRYING["attempt_log"][0],
    },
    "Delivery": {
        "type": "object",
        "description": "One event on its way to one endpoint. Its `id` is the Standard Webhooks `webhook-id` header, the same on every attempt and redelivery.",
        "required": ["id", "webhook_id", "event_id", "event", "status", "attempts", "next_attempt_at", "last_status_code", "last_error",
                     "delivered_at", "created_at", "updated_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "The delivery id, sent as the `webhook-id` header."},
            "webhook_id": UUID,
            "event_id": {"type": "string", "format": "uuid", "description": "The event, as listed by `GET .../events` (`webhook.test` events are not listed)."},
            "event": WEBHOOK_EVENT_OR_TEST,
            "status": sref("DeliveryStatus"),
            "attempts": {"type": "integer", "minimum": 0, "maximum": 8, "description": "Attempts made since the delivery was created or last redelivered (at most 8: the first and 7 retries)."},
            "next_attempt_at": nullable("string", format="date-time", description="When the next attempt is due; only while `pending`, null otherwise."),
            "last_status_code": nullable("integer", description="The HTTP status of the last answer; null before any answer."),
            "last_error": nullable("string", description="Why the last attempt got no answer, or why the delivery was abandoned (endpoint disabled or deleted); null otherwise."),
            "delivered_at": nullable("string", format="date-time", description="When an attempt got a 2xx answer."),
            "created_at": TS,
            "updated_at": TS,
            "attempt_log": {"type": "array", "items": sref("Attempt"),
                            "description": "Every attempt, oldest first, redeliveries included. Only in `GET .../deliveries/{deliveryId}`."},
        },
        "example": EX_DELIVERY,
    },
    "Event": {
        "type": "object",
        "description": "A recorded event of the organization. Every event of the guide's list is recorded, in the same transaction as the change that caused it, whether or not a webhook subscribed to it.",
        "required": ["id", "event", "organization_id", "data", "created_at"],
        "properties": {
            "id": UUID,
            "event": sref("EventName"),
            "organization_id": UUID,
            "data": {"type": "object", "additionalProperties": True,
                     "description": "The resource as the API showed it when the event happened: the `data` of the webhook body (see `EventName`; for `campaign.started` and `campaign.completed`, the `Campaign` with its `stats`)."},
            "created_at": {"type": "string", "format": "date-time", "description": "When the event happened: the `timestamp` of the webhook body."},
        },
        "example": EX_EVENT,
    },
    "WebhookPayload": {
        "type": "object",
        "description": "The body of every webhook request: exactly these four keys, in this order, serialized compactly (no spaces, no escaped slashes, non-ASCII as is, integers without `.0`), so that `JSON.stringify(JSON.parse(body)) === body`.",
        "required": ["event", "timestamp", "organization_id", "data"],
        "additionalProperties": False,
        "properties": {
            "event": WEBHOOK_EVENT_OR_TEST,
            "timestamp": {"type": "string", "format": "date-time", "description": "When the event happened (RFC 3339, UTC); the same on every attempt."},
            "organization_id": UUID,
            "data": {"type": "object", "additionalProperties": True,
                     "description": "The resource as the API shows it (for `contact.created`, the contact; for `campaign.started` and `campaign.completed`, "
                                    "the `Campaign` with its `stats`; see `EventName`); for `webhook.test`, `{\"webhook_id\", \"message\"}`."},
        },
        "example": EX_PAYLOAD,
    },
})

WEBHOOK_PAGE = page_of("Webhook", "A page of webhook endpoints (never their secrets).")
DELIVERY_PAGE = page_of("Delivery", "A page of deliveries (without their attempt logs).")
EVENT_PAGE = page_of("Event", "A page of events.")

path_param("webhookId", "Webhook endpoint id.")
path_param("deliveryId", "Delivery id (the `webhook-id` header of its requests); it must be a delivery of that endpoint.")

ADMIN_READ = " Admins and the owner only (403 otherwise)."
ADMIN_READ_ERRS = merged(A401, A403, NF_ORG)

def webhook_422(desc, examples):
    return {"description": desc, "content": json_content(sref("Error"), examples=examples)}

WEBHOOK_BODY_422 = webhook_422(
    "A field is missing or invalid (`VALIDATION_ERROR`): e.g. a `secret` under 8 characters, an unknown event name (on `events.N`), "
    "or a `url` that is not http(s), does not resolve, or resolves to a loopback, private, link-local or reserved address.",
    {
        "required": {"value": {"error": "The events field is required.", "code": "VALIDATION_ERROR",
                               "errors": {"events": ["The events field is required."], "name": ["The name field is required."],
                                          "url": ["The url field is required."]}}},
        "unknownEvent": {"value": {"error": "Unknown event 'contact.deleted'. Use the guide's event names or \"*\".", "code": "VALIDATION_ERROR",
                                   "errors": {"events.0": ["Unknown event 'contact.deleted'. Use the guide's event names or \"*\"."]}}},
        "shortSecret": {"value": {"error": "The secret field must be at least 8 characters.", "code": "VALIDATION_ERROR",
                                  "errors": {"secret": ["The secret field must be at least 8 characters."]}}},
        "privateAddress": {"value": {"error": "The url resolves to 127.0.0.1, a loopback, private, link-local or reserved address, which webhooks may not target.",
                                     "code": "VALIDATION_ERROR",
                                     "errors": {"url": ["The url resolves to 127.0.0.1, a loopback, private, link-local or reserved address, which webhooks may not target."]}}},
    })
WEBHOOK_WRITE_BODY = merged(WRITE_BODY, {"422": WEBHOOK_BODY_422})

webhook_paths = {
    coll("/webhooks"): {
        "parameters": [pref("orgId")],
        "get": op("listWebhooks", "Webhooks", "List webhook endpoints", "Oldest first; secrets are never shown." + ADMIN_READ, params=PAGING,
                  responses=merged({"200": ok("A page of endpoints.", WEBHOOK_PAGE)}, ADMIN_READ_ERRS, PAGE_ERRS)),
        "post": op("createWebhook", "Webhooks", "Register a webhook endpoint",
                   "Registers an endpoint for the events it lists (or `\"*\"`); it is active unless `active` is false. "
                   "`secret` is optional: when absent a `whsec_...` secret is generated. Either way the secret is in this response only "
                   "(it is stored encrypted and never shown again). `url`: " + URL_RULE + ADMIN,
                   body=json_content(create_of("WebhookInput", "name", "url", "events"), example=EX_WEBHOOK_INPUT),
                   responses=merged({
                       "201": {"description": "Registered; `secret` holds the signing secret, shown once.",
                               "content": json_content(sref("Webhook"), examples={
                                   "secretSent": {"summary": "With the secret of the request", "value": dict(EX_WEBHOOK, secret=EX_WEBHOOK_INPUT["secret"])},
                                   "secretGenerated": {"summary": "Without `secret` in the request", "value": dict(EX_WEBHOOK, secret=EX_GENERATED_SECRET)},
                               })},
                   }, WEBHOOK_WRITE_BODY)),
    },
    coll("/webhooks/{webhookId}"): {
        "parameters": [pref("orgId"), pref("webhookId")],
        "get": op("getWebhook", "Webhooks", "Show a webhook endpoint", "Without its secret." + ADMIN_READ,
                  responses=merged({"200": ok("The endpoint.", sref("Webhook"), EX_WEBHOOK)}, ADMIN_READ_ERRS)),
        "put": op("updateWebhook", "Webhooks", "Update a webhook endpoint",
                  "Partial update: fields left out keep their values; `events` replaces the list; a new `secret` replaces the old one (it is not echoed); "
                  "a new `url` is checked as on create. Setting `active` to true on an inactive endpoint (for example one the server disabled) "
                  "clears `disabled_reason` and restarts the 5-day failure count." + ADMIN,
                  body=json_content(sref("WebhookInput"), example={"active": True}),
                  responses=merged({"200": ok("The updated endpoint.", sref("Webhook"), EX_WEBHOOK)}, WEBHOOK_WRITE_BODY)),
        "delete": op("deleteWebhook", "Webhooks", "Delete a webhook endpoint",
                     "Deletes the endpoint with its deliveries and their attempt logs; pending deliveries are not sent. The events stay in the event log." + ADMIN,
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
    coll("/webhooks/{webhookId}/test"): {
        "parameters": [pref("orgId"), pref("webhookId")],
        "post": op("testWebhook", "Webhooks", "Send a test event",
                   "Records a `webhook.test` event (data `{\"webhook_id\", \"message\"}`) and queues one delivery of it to this endpoint alone, "
                   "whatever its `events`; other endpoints do not receive it and the event log does not list it. The request is signed like any other. "
                   "Answers at once with the pending delivery; follow it with `GET .../deliveries/{deliveryId}`. No body." + ADMIN,
                   responses=merged({"202": ok("Queued: the new delivery.", sref("Delivery"), EX_TEST_DELIVERY),
                                     "409": {"description": "The endpoint is disabled (`CONFLICT`): turn it on with `active: true` first.",
                                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}, WRITE)),
    },
    coll("/webhooks/{webhookId}/deliveries"): {
        "parameters": [pref("orgId"), pref("webhookId")],
        "get": op("listWebhookDeliveries", "Webhooks", "List an endpoint's deliveries",
                  "Newest first, without attempt logs." + ADMIN_READ,
                  params=PAGING + [qparam("status", "Only deliveries with this status (anything else is a 422 on `status`).", sref("DeliveryStatus"))],
                  responses=merged({"200": ok("A page of deliveries.", DELIVERY_PAGE)}, ADMIN_READ_ERRS, {
                      "422": err_resp("An out-of-range `page` or `per_page`, or an unknown `status` (`VALIDATION_ERROR`).", "VALIDATION_ERROR",
                                      "The selected status is invalid. Allowed: pending, delivered, failed.",
                                      {"errors": {"status": ["The selected status is invalid. Allowed: pending, delivered, failed."]}})})),
    },
    coll("/webhooks/{webhookId}/deliveries/{deliveryId}"): {
        "parameters": [pref("orgId"), pref("webhookId"), pref("deliveryId")],
        "get": op("getWebhookDelivery", "Webhooks", "Show a delivery with its attempt log",
                  "The delivery and `attempt_log`, every attempt oldest first (status code, duration, the first 1024 characters of the answer, or the error)." + ADMIN_READ,
                  responses=merged({"200": ok("The delivery.", sref("Delivery"), EX_DELIVERY_RETRYING)}, ADMIN_READ_ERRS)),
    },
    coll("/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver"): {
        "parameters": [pref("orgId"), pref("webhookId"), pref("deliveryId")],
        "post": op("redeliverWebhookDelivery", "Webhooks", "Redeliver a delivery",
                   "Sends the delivery again, whatever its status: it becomes `pending` with `attempts` 0 and a fresh retry schedule, and its first attempt "
                   "is due at once. It keeps its id, so the receiver sees the same `webhook-id` and the same body (a new `webhook-timestamp` and signatures); "
                   "earlier attempts stay in `attempt_log`. A delivery to an inactive endpoint ends `failed` without an attempt. No body." + ADMIN,
                   responses=merged({"202": ok("Queued again: the delivery.", sref("Delivery"), EX_REDELIVERED)}, WRITE)),
    },
    coll("/events"): {
        "parameters": [pref("orgId")],
        "get": op("listEvents", "Events", "List events",
                  "The organization's event log, newest first: every event of the guide's list, recorded with the change that caused it, "
                  "whether or not a webhook subscribed to it (`organization.created` included); `webhook.test` events are not listed. Any member.",
                  params=PAGING + [qparam("event", "Only events with this name; a name not in the guide's list is a 422 on `event`.", sref("EventName"))],
                  responses=merged({"200": ok("A page of events.", EVENT_PAGE, {"data": [EX_EVENT], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})},
                                   READ, {
                      "422": err_resp("An out-of-range `page` or `per_page`, or an unknown `event` (`VALIDATION_ERROR`).", "VALIDATION_ERROR",
                                      "Unknown event 'contact.deleted'.", {"errors": {"event": ["Unknown event 'contact.deleted'."]}})})),
    },
}
paths.update(webhook_paths)

WEBHOOK_TAGS = [
    {"name": "Webhooks", "description": "Endpoints that receive the organization's events, their deliveries and attempt logs. Every member reads them (secrets are shown once, at creation); admins and the owner manage them. "
                                        "See **Webhook deliveries** in the introduction, and the `event` entry under `webhooks`, for what each request carries."},
    {"name": "Events", "description": "The organization's event log, readable by any member."},
]

WEBHOOK_DESCRIPTION = """

**Webhook deliveries.** Admins register endpoints with `POST /api/coordinator/organizations/{orgId}/webhooks` for events of the guide's list (`EventName`) or `"*"`. Each event is stored in the same transaction as the change that caused it (it also appears in `GET .../events`), with one delivery per active endpoint subscribed to it; delivery is asynchronous, durable (it survives a restart) and at least once, so use `webhook-id` to drop duplicates. Every delivery is a `POST` with `Content-Type: application/json` (the `event` entry under `webhooks` in this document describes it):

- **Body**: exactly `{"event", "timestamp", "organization_id", "data"}` — `timestamp` is when the event happened, `data` the resource as the API shows it — serialized compactly (no spaces, no escaped slashes, non-ASCII as is, integers without `.0`), so that `JSON.stringify(JSON.parse(body)) === body`. Example: `EXAMPLE_BODY`.
- **`X-4Calls-Event`**: the event name.
- **`X-4Calls-Signature`**: lowercase hex HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes of the endpoint's secret. The guide's `verifyWebhook(payload, signature, secret)` computes `JSON.stringify(payload)` itself, so call it with the *parsed* body (for example with `express.json()`): `verifyWebhook(req.body, req.headers['x-4calls-signature'], secret)`. The guide's Pattern 4 passes `JSON.stringify(req.body)`, which `verifyWebhook` stringifies a second time, so no signature can ever match it; use the corrected call above (or compute the HMAC over the raw body bytes).
- **Standard Webhooks headers**, so receivers can reject replays: `webhook-id` (the delivery id, the same on every retry and redelivery), `webhook-timestamp` (Unix seconds of the attempt), and `webhook-signature`: `v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`. A `whsec_...` secret (the form the server generates) is keyed with the base64-decoded bytes after `whsec_` (when they are valid base64), as Standard Webhooks libraries do; any other secret with its UTF-8 bytes.

**Retries.** A 2xx answer delivers. Any other status, a timeout (10 s per attempt), a connection error, or a redirect (redirects are not followed) fails the attempt, which is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h (each with ±10% jitter; a longer `Retry-After`, in seconds or as an HTTP date, is honoured, up to 10 h); after the eighth failed attempt the delivery is `failed`. A `410 Gone` answer fails the delivery and disables the endpoint at once; an endpoint whose attempts have all failed for 5 days is disabled too. A disabled endpoint has `active: false` and a `disabled_reason`; it gets no new deliveries and its pending ones end `failed`; `PUT` it with `"active": true` to turn it back on. The URL is checked against loopback, private, link-local, multicast and metadata addresses when it is saved and again before every attempt (unless the server runs with `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true`). Every attempt is logged (`GET .../webhooks/{webhookId}/deliveries/{deliveryId}`), and any delivery can be sent again with `POST .../redeliver`."""

WEBHOOK_DESCRIPTION = WEBHOOK_DESCRIPTION.replace("EXAMPLE_BODY", json.dumps(EX_PAYLOAD, separators=(",", ":"), ensure_ascii=False))

STD_HEADER = lambda name, desc, schema, example: {"name": name, "in": "header", "required": True, "description": desc, "schema": schema, "example": example}
outgoing_webhooks = {
    "event": {
        "post": {
            "operationId": "receiveWebhookEvent",
            "tags": ["Webhooks"],
            "summary": "An event, as 4Calls posts it to a webhook endpoint",
            "description": "The request 4Calls sends to each subscribed endpoint (and, for `webhook.test`, to the tested endpoint only). "
                           "Verify `X-4Calls-Signature` or `webhook-signature`, reject stale `webhook-timestamp`s, drop repeated `webhook-id`s, and answer 2xx quickly. "
                           "See **Webhook deliveries** in the introduction. The header examples are the real values for the example body, secret `your_secret_key` and `webhook-id` `" + EX_DELIVERY_ID + "`.",
            "parameters": [
                STD_HEADER("X-4Calls-Event", "The event name.", WEBHOOK_EVENT_OR_TEST, "contact.created"),
                STD_HEADER("X-4Calls-Signature", "Lowercase hex HMAC-SHA256 of the raw body, keyed with the UTF-8 bytes of the secret. "
                           "The guide's `verifyWebhook(req.body, req.headers['x-4calls-signature'], secret)` accepts it when given the parsed body.",
                           {"type": "string", "pattern": "^[0-9a-f]{64}$"}, "c2e67b3e283f4a869fc921382154f46a7338fe2275a1701671ac6bed842759c4"),
                STD_HEADER("webhook-id", "The delivery id: the same on every retry and redelivery of this event to this endpoint.", UUID, EX_DELIVERY_ID),
                STD_HEADER("webhook-timestamp", "Unix time of this attempt, in seconds.", {"type": "string", "pattern": "^[0-9]+$"}, "1768903201"),
                STD_HEADER("webhook-signature", "`v1,` + base64 HMAC-SHA256 of `{webhook-id}.{webhook-timestamp}.{body}`; a `whsec_` secret is keyed with its base64-decoded bytes, any other secret with its UTF-8 bytes.",
                           {"type": "string", "pattern": "^v1,[A-Za-z0-9+/]+=*$"}, "v1,n1hVIWuyEse38diUvNT4FFeh6Ll3ilpicglgkXrL73c="),
            ],
            "requestBody": {"required": True, "content": json_content(sref("WebhookPayload"), example=EX_PAYLOAD)},
            "responses": {
                "2XX": {"description": "Delivered. The body is kept (first 1024 characters) in the attempt log."},
                "410": {"description": "Gone: the delivery fails and the endpoint is disabled."},
                "default": {"description": "Any other status, a timeout (10 s) or a redirect fails the attempt; it is retried on the schedule (`Retry-After` is honoured)."},
            },
        }
    }
}

# ---------------------------------------------------------------------------
# AI agents (CONTRACT section 7): agents and their API keys (admins), poll
# results, and the internal API under /api/internal/ai that AI voice agents
# call during live calls, with one-hour agent access tokens.
# ---------------------------------------------------------------------------

AGENT_SEC = [{"agentToken": []}, {"agentKey": []}]
AI_BASE = "/api/internal/ai"
EX_SPEAKABLE = {"start": "2027-03-16T18:30:00Z", "start_local": "2027-03-16T14:30:00-04:00", "spoken": "Tuesday, March 16 at 2:30 PM"}
EX_SPEAKABLE_2 = {"start": "2027-03-16T19:00:00Z", "start_local": "2027-03-16T15:00:00-04:00", "spoken": "Tuesday, March 16 at 3:00 PM"}
EX_SPEAKABLE_3 = {"start": "2027-03-16T20:30:00Z", "start_local": "2027-03-16T16:30:00-04:00", "spoken": "Tuesday, March 16 at 4:30 PM"}
EX_REFUSAL = {"error": "The requested time is not available: it overlaps other appointments.", "code": "SLOT_UNAVAILABLE",
              "message": "Tuesday, March 16 at 2:30 PM is taken; I have 3:00 PM or 4:30 PM.", "alternatives": [EX_SPEAKABLE_2, EX_SPEAKABLE_3]}
EX_AGENT_ID = "6a7b8c9d-0e1f-4a2b-9c3d-5e6f7a8b9c0d"
EX_API_KEY = "fc_ak_Vb7Kq2Ld9Wm4Xn8Rp3Ts6Yc1Hf5Gj0Zk2Bq7Nw4Me9Ua3Sx6"
EX_AGENT_TOKEN = "7b8c9d0e-1f2a-4b3c-8d4e-6f7a8b9c0d1e|Pz4Rt8Wq1Ys6Ub3Vn7Xm2Kc5Lf9Jd0Hg4Ae8Sb1Tq6Nz3Mw7"
EX_INTERACTION_ID = "8c9d0e1f-2a3b-4c4d-9e5f-7a8b9c0d1e2f"
EX_AGENT_CALL_ID = "9d0e1f2a-3b4c-4d5e-8f6a-8b9c0d1e2f3a"
EX_LEAD_ID = "ad0e1f2a-3b4c-4d5e-9f6a-9b0c1d2e3f4a"
assert len(EX_API_KEY) == len("fc_ak_") + 48 and len(EX_AGENT_TOKEN.split("|")[1]) == 48

EX_AGENT = {
    "id": EX_AGENT_ID,
    "agent_id": EX_AGENT_ID,
    "organization_id": EX_ORG_ID,
    "name": "Front desk voice",
    "vapi_assistant_id": None,
    "has_retell_api_key": False,
    "has_elevenlabs_webhook_secret": False,
    "created_at": T0,
    "updated_at": T0,
}
EX_AGENT_AUTH = {"agent_id": EX_AGENT_ID, "api_key": EX_API_KEY}
EX_AGENT_TOKEN_RESPONSE = {"access_token": EX_AGENT_TOKEN, "expires_in": 3600, "token_type": "Bearer"}
EX_CONTEXT = {
    "business_id": EX_ORG_ID,
    "business_name": "Acme Corporation",
    "timezone": "America/New_York",
    "current_time": "2026-01-20T05:00:00-05:00",
    "business_hours": STD_HOURS,
    "booking_capacity": 1,
    "contacts": [EX_CONTACT],
    "appointments": [EX_APPT],
    "faqs": [EX_FAQ],
    "polls": [EX_POLL],
    "coordinators": [EX_COORD],
    "appointment_types": [EX_TYPE],
    "last_updated": T0,
}
EX_ETAG = "W/\"5f2b9c0e7a41d36b8e0c94f1a27d5b63\""

def utc_slots(first_hour, first_minute, count, skip=()):
    """Half-hour slots of 30 minutes on 2026-01-26, in UTC, from first_hour:first_minute."""
    out = []
    for i in range(count):
        start = first_hour * 60 + first_minute + 30 * i
        end = start + 30
        if i in skip: continue
        out.append({"start": "2026-01-26T%02d:%02d:00Z" % (start // 60, start % 60),
                    "end": "2026-01-26T%02d:%02d:00Z" % (end // 60, end % 60)})
    return out

# Monday 09:00–17:00 EST is 14:00–22:00 UTC: 16 slots, the 15:00Z one taken.
EX_AVAILABILITY = {
    "business_id": EX_ORG_ID, "date": "2026-01-26", "timezone": "America/New_York", "duration_minutes": 30,
    "slots": utc_slots(14, 0, 16, skip={2}),
}
# A business open 00:00–04:00 on Sundays, on the spring-forward day: 3 real hours, 6 slots;
# 01:30 EST (06:30Z) is followed by 03:00 EDT (07:00Z).
EX_AVAILABILITY_DST = {
    "business_id": EX_ORG_ID, "date": "2026-03-08", "timezone": "America/New_York", "duration_minutes": 30,
    "slots": [{"start": "2026-03-08T%02d:%02d:00Z" % (5 + i // 2, 30 * (i % 2)),
               "end": "2026-03-08T%02d:%02d:00Z" % (5 + (i + 1) // 2, 30 * ((i + 1) % 2))} for i in range(6)],
}
EX_BOOKING_INPUT = {
    "contact_id": EX_CONTACT_ID,
    "appointment_type_id": EX_TYPE_ID,
    "scheduled_at": "2026-01-25T14:00:00Z",
    "duration_minutes": 30,
}
EX_BOOKING_BY_CALLER = {
    "name": "John Doe",
    "phone": "(234) 567-8901",
    "appointment_type_id": EX_TYPE_ID,
    "scheduled_at": "2026-01-26T15:00:00Z",
}
EX_AGENT_APPT = dict(EX_APPT, notes=None, metadata={})
EX_LEAD_INPUT = {
    "name": "John Doe",
    "email": "john@example.com",
    "phone": "+1234567890",
    "notes": "Interested in product demo",
}
EX_LEAD = dict(EX_CONTACT, id=EX_LEAD_ID, company=None, notes="Interested in product demo", tags=["lead"], metadata={"source": "ai_agent"})
EX_INTERACTION_INPUT = {
    "interaction_type": "call",
    "contact_id": EX_CONTACT_ID,
    "duration_seconds": 180,
    "transcript": "Call transcript...",
    "outcome": "appointment_scheduled",
    "metadata": {},
}
EX_INTERACTION_POLL_INPUT = {
    "interaction_type": "call",
    "contact_id": EX_CONTACT_ID,
    "coordinator_id": EX_COORD_ID,
    "status": "missed",
    "direction": "outbound",
    "duration_seconds": 0,
    "summary": "No answer; left no message.",
    "poll_responses": [{"poll_id": EX_POLL_ID, "answer": "friend"}],
}
EX_INTERACTION = {
    "id": EX_INTERACTION_ID,
    "organization_id": EX_ORG_ID,
    "agent_id": EX_AGENT_ID,
    "interaction_type": "call",
    "contact_id": EX_CONTACT_ID,
    "coordinator_id": None,
    "campaign_call_id": None,
    "call_id": EX_AGENT_CALL_ID,
    "status": None,
    "duration_seconds": 180,
    "transcript": "Call transcript...",
    "outcome": "appointment_scheduled",
    "metadata": {},
    "created_at": "2026-01-20T15:07:10Z",
}
# A campaign call's first attempt (leased at 13:00:05Z, see EX_CAMPAIGN_LEASE) reported as a voicemail.
EX_INTERACTION_CAMPAIGN_INPUT = {
    "interaction_type": "call",
    "campaign_call_id": EX_CAMPAIGN_CALL_ID,
    "status": "voicemail",
    "duration_seconds": 35,
    "summary": "No answer; left a voicemail about the Q1 follow-up.",
    "outcome": "voicemail_left",
}
EX_INTERACTION_CAMPAIGN = dict(
    EX_INTERACTION, id="0091c062-030d-4505-b518-2c84945e7f42", coordinator_id=EX_COORD_ID, campaign_call_id=EX_CAMPAIGN_CALL_ID,
    call_id=EX_CAMPAIGN_CALL_RECORD_ID, status="voicemail", duration_seconds=35, transcript=None, outcome="voicemail_left",
    created_at="2026-01-25T13:01:00Z")
EX_LOOKUP_FOUND = {
    "found": True,
    "customer": EX_CONTACT,
    "upcoming_appointments": [EX_APPT],
    "recent_calls": [EX_CALL],
}
EX_LOOKUP_MISSING = {"found": False, "customer": None, "upcoming_appointments": [], "recent_calls": []}
EX_POLL_RESULTS = {
    "poll_id": EX_POLL_ID,
    "question": "How did you hear about us?",
    "total_responses": 5,
    "results": [{"option": "Search engine", "count": 3}, {"option": "Friend", "count": 2}, {"option": "Advertisement", "count": 0}],
}

schemas.update({
    "AIAgent": {
        "type": "object",
        "description": "An AI voice agent of the organization. Only a SHA-256 hash of its API key is stored: the key itself is in the create response only.",
        "required": ["id", "agent_id", "organization_id", "name", "vapi_assistant_id", "has_retell_api_key", "has_elevenlabs_webhook_secret",
                     "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "agent_id": {"type": "string", "format": "uuid", "description": "The same as `id`, under the name `POST /api/internal/ai/auth` takes."},
            "organization_id": {"type": "string", "format": "uuid", "description": "The organization: the only `business_id` the agent may act for."},
            "name": {"type": "string"},
            "vapi_assistant_id": {"type": ["string", "null"], "description": "The Vapi assistant that takes this agent's calls (answer to `assistant-request`)."},
            "has_retell_api_key": {"type": "boolean", "description": "Whether a Retell API key is set: Retell's webhooks must then carry a matching `X-Retell-Signature`. The key is never returned."},
            "has_elevenlabs_webhook_secret": {"type": "boolean", "description": "Whether an ElevenLabs webhook secret is set: its webhooks must then carry a matching `ElevenLabs-Signature`. The secret is never returned."},
            "created_at": TS,
            "updated_at": TS,
            "api_key": {"type": "string", "pattern": "^fc_ak_[A-Za-z0-9]{48}$",
                        "description": "The agent's API key, to exchange for access tokens at `POST /api/internal/ai/auth`. Only in the create response: store it, it is never shown again."},
        },
        "example": EX_AGENT,
    },
    "AIAgentInput": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Trimmed."},
            "vapi_assistant_id": {"type": ["string", "null"], "maxLength": 255, "description": "The Vapi assistant that takes this agent's calls."},
            "retell_api_key": {"type": ["string", "null"], "format": "password", "minLength": 8, "maxLength": 255,
                               "description": "Retell's API key, which signs its webhooks. Stored encrypted, never returned."},
            "elevenlabs_webhook_secret": {"type": ["string", "null"], "format": "password", "minLength": 8, "maxLength": 255,
                                          "description": "ElevenLabs' webhook secret. Stored encrypted, never returned."},
        },
        "example": {"name": "Front desk voice"},
    },
    "AIAgentUpdate": {
        "type": "object",
        "description": "Every field is optional; fields left out keep their values, `null` clears a setting.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Trimmed."},
            "vapi_assistant_id": {"type": ["string", "null"], "maxLength": 255},
            "retell_api_key": {"type": ["string", "null"], "format": "password", "minLength": 8, "maxLength": 255},
            "elevenlabs_webhook_secret": {"type": ["string", "null"], "format": "password", "minLength": 8, "maxLength": 255},
        },
        "example": {"vapi_assistant_id": "asst_front_desk", "retell_api_key": "key_2f1c7e9a"},
    },
    "AgentAuthInput": {
        "type": "object",
        "description": "An agent's credentials, from the response that created it.",
        "required": ["agent_id", "api_key"],
        "properties": {
            "agent_id": {"type": "string", "format": "uuid", "description": "The agent's id. A value that is not a UUID names no agent: 401 like a wrong key."},
            "api_key": {"type": "string", "format": "password", "minLength": 1, "maxLength": 255, "description": "The agent's API key (`fc_ak_...`), exactly as received."},
        },
        "example": EX_AGENT_AUTH,
    },
    "AgentToken": {
        "type": "object",
        "description": "A new access token of the agent. Every call issues a new one; earlier ones stay valid until they expire.",
        "required": ["access_token", "expires_in", "token_type"],
        "properties": {
            "access_token": {"type": "string", "description": "`{id}|{secret}`; send it as `Authorization: Bearer {access_token}` on the other `/api/internal/ai` paths."},
            "expires_in": {"type": "integer", "const": 3600, "description": "Seconds until the token expires (one hour)."},
            "token_type": {"type": "string", "const": "Bearer"},
        },
        "example": EX_AGENT_TOKEN_RESPONSE,
    },
    "ContextPacket": {
        "type": "object",
        "description": "Everything an agent needs at the start of a call: the guide's context packet (`business_id`, `business_name`, `contacts`, "
                       "`appointments`, `faqs`, `polls`, `last_updated`) plus the fields of CONTRACT section 7.",
        "required": ["business_id", "business_name", "timezone", "current_time", "business_hours", "booking_capacity", "contacts", "appointments",
                     "faqs", "polls", "coordinators", "appointment_types", "last_updated"],
        "properties": {
            "business_id": {"type": "string", "format": "uuid", "description": "The organization's id."},
            "business_name": {"type": "string", "description": "The organization's name."},
            "timezone": {"type": "string", "description": "The business's IANA time zone.", "examples": ["America/New_York"]},
            "current_time": {"type": "string", "format": "date-time",
                             "description": "Now, in the business's time zone: RFC 3339 with its UTC offset (not `Z`), e.g. `2026-01-20T05:00:00-05:00`. Not covered by the `ETag`."},
            "business_hours": sref("BusinessHours"),
            "booking_capacity": {"type": "integer", "minimum": 1, "description": "How many appointments may overlap at one time."},
            "contacts": {"type": "array", "items": sref("Contact"),
                         "description": "The most recently updated contacts first, `contacts_limit` of them (default 50)."},
            "appointments": {"type": "array", "items": sref("Appointment"),
                             "description": "`scheduled` or `confirmed` appointments starting from now to 14 days from now, earliest first, each with its contact."},
            "faqs": {"type": "array", "items": sref("FAQ"), "description": "The FAQs, oldest first (up to 1000)."},
            "polls": {"type": "array", "items": sref("Poll"), "description": "The active polls, oldest first (up to 1000): ask them and send the answers with `POST .../interactions/{business_id}`."},
            "coordinators": {"type": "array", "items": sref("Coordinator"), "description": "Every coordinator, with its templates, oldest first (up to 1000)."},
            "appointment_types": {"type": "array", "items": sref("AppointmentType"), "description": "The appointment types, oldest first (up to 1000)."},
            "last_updated": {"type": "string", "format": "date-time",
                             "description": "The latest `updated_at` among the organization and the records of the packet."},
        },
        "example": EX_CONTEXT,
    },
    "Slot": {
        "type": "object",
        "description": "A free time, as UTC instants; `end` is `start` plus `duration_minutes` (buffers not included).",
        "required": ["start", "end"],
        "properties": {"start": TS, "end": TS},
        "example": {"start": "2026-01-26T14:00:00Z", "end": "2026-01-26T14:30:00Z"},
    },
    "Availability": {
        "type": "object",
        "required": ["business_id", "date", "timezone", "duration_minutes", "slots"],
        "properties": {
            "business_id": UUID,
            "date": {"type": "string", "format": "date", "description": "The day asked for, in the business's time zone."},
            "timezone": {"type": "string", "description": "The business's IANA time zone, in which `date` and the opening hours are read."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440, "description": "The slot length used: the one asked for, else the appointment type's, else 30."},
            "slots": {"type": "array", "items": sref("Slot"), "description": "Free slots in time order; empty when the business (or coordinator) is closed that day or fully booked."},
        },
        "example": EX_AVAILABILITY,
    },
    "BookingInput": {
        "type": "object",
        "description": "The guide's body (`contact_id`, `appointment_type_id`, `scheduled_at`, `duration_minutes`), or the caller's `name` with a `phone` or `email` "
                       "instead of `contact_id`: the contact with that e-mail (compared case-insensitively), else that phone (normalized to E.164), is used, "
                       "or a new contact is created from the contact fields of the body (`name`, `email`, `phone`, and `company`, `timezone`, `status`, `tags`, "
                       "`notes` and `metadata` when given; they are validated as for `POST .../contacts`). When `contact_id` is given the caller fields are ignored. "
                       "`contact_id`, `appointment_type_id` and `coordinator_id` must name records of the business (422 otherwise).",
        "required": ["scheduled_at"],
        "properties": {
            "contact_id": {"type": "string", "format": "uuid", "description": "Required unless `name` with `phone` or `email` is given."},
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "The caller's name; required when `contact_id` is absent and `phone` or `email` is given."},
            "phone": {"type": "string", "maxLength": 40, "description": "The caller's phone, in any common format (normalized like a contact's phone). With no `contact_id`, `phone` or `email` is required."},
            "email": {"type": "string", "format": "email", "maxLength": 254, "description": "The caller's e-mail."},
            "appointment_type_id": nullable("string", format="uuid", description="Its duration is the default `duration_minutes`; its buffers are kept free around the appointment."),
            "coordinator_id": nullable("string", format="uuid", description="The appointment must then lie inside this coordinator's weekly `availability` instead of the business hours."),
            "scheduled_at": {"type": "string", "format": "date-time", "description": "RFC 3339 with any offset. It need not be one of the offered slot starts."},
            "duration_minutes": {"type": "integer", "minimum": 5, "maximum": 1440, "description": "Defaults to the appointment type's duration, else 30."},
            "notes": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object.", "default": {}},
        },
        "example": EX_BOOKING_INPUT,
    },
    "LeadInput": {
        "type": "object",
        "description": "A contact to capture (the guide's body): `name` and a `phone` or `email` are required; the other fields are those of `ContactInput`, validated the same way.",
        "required": ["name"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255},
            "email": nullable("string", format="email", maxLength=254, description="`phone` or `email` is required."),
            "phone": nullable("string", maxLength=40, description=PHONE_DESC + " `phone` or `email` is required."),
            "company": nullable("string", maxLength=255),
            "timezone": nullable("string", maxLength=64, description="IANA time zone name."),
            "consent_at": nullable("string", format="date-time", maxLength=64, description=CONSENT_DESC + " (RFC 3339)."),
            "status": {"allOf": [sref("ContactStatus")], "default": "active"},
            "notes": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "tags": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 64}, "description": "Extra tags; `lead` is always added."},
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object; its `source` is set to `ai_agent`."},
        },
        "example": EX_LEAD_INPUT,
    },
    "CustomerLookup": {
        "type": "object",
        "required": ["found", "customer", "upcoming_appointments", "recent_calls"],
        "properties": {
            "found": {"type": "boolean"},
            "customer": nullable_ref("Contact", "The contact; null when none matched."),
            "upcoming_appointments": {"type": "array", "maxItems": 10, "items": sref("Appointment"),
                                      "description": "The contact's `scheduled` or `confirmed` appointments from now on, earliest first (up to 10); empty when not found."},
            "recent_calls": {"type": "array", "maxItems": 10, "items": sref("Call"),
                             "description": "The contact's calls, newest first by `started_at` (up to 10); empty when not found."},
        },
        "example": EX_LOOKUP_FOUND,
    },
    "PollAnswerInput": {
        "type": "object",
        "required": ["poll_id", "answer"],
        "properties": {
            "poll_id": {"type": "string", "format": "uuid", "description": "A poll of the business (active or not); 422 on `poll_responses.N.poll_id` otherwise."},
            "answer": {"type": "string", "minLength": 1,
                       "description": "One of the poll's `options`, compared case-insensitively and stored with the poll's spelling; 422 on `poll_responses.N.answer` otherwise."},
        },
        "example": {"poll_id": EX_POLL_ID, "answer": "friend"},
    },
    "InteractionInput": {
        "type": "object",
        "description": "The guide's body, plus optional `campaign_call_id`, `coordinator_id`, `status`, `direction`, `summary` and `poll_responses`.",
        "required": ["interaction_type"],
        "properties": {
            "interaction_type": {"type": "string", "minLength": 1, "maxLength": 50,
                                 "description": "What happened, e.g. `call` or `sms`. A `call`, and any report with `campaign_call_id`, also creates a call record (see the operation)."},
            "contact_id": nullable("string", format="uuid", description="Must name a contact of the business (422 otherwise). With `campaign_call_id`, defaults to the campaign call's contact."),
            "coordinator_id": nullable("string", format="uuid",
                                       description="On a `call` (or with `campaign_call_id`), must name a coordinator of the business (422 otherwise). With `campaign_call_id`, defaults to the campaign's coordinator."),
            "campaign_call_id": nullable("string", format="uuid",
                                         description="Reports the result of a campaign call: the `campaign_call_id` of `POST /api/internal/ai/campaigns/{business_id}/calls/next`. "
                                                     "It must name a campaign call of the business (422 on `campaign_call_id` otherwise) that does not have its final result yet "
                                                     "(409 `CONFLICT` otherwise); `status` is the attempt's result. See **Campaign calls** in the operation."),
            "status": {"allOf": [sref("CallStatus")],
                       "description": "The call's outcome; a `call` without it is recorded as `completed`. With `campaign_call_id` it is the attempt's result "
                                      "(`completed` when absent), retried as the campaign's `retry_rules` say for it; without a rule, `missed` and "
                                      "`voicemail` are retried after `retry_delay_minutes` until `max_attempts` attempts were made, and `completed` and "
                                      "`failed` are final (the last attempt's result is then final)."},
            "direction": {"allOf": [sref("CallDirection")], "description": "For a `call`; defaults to `inbound` (`outbound` with `campaign_call_id`)."},
            "duration_seconds": {"type": "integer", "minimum": 0, "maximum": 86400, "default": 0},
            "transcript": nullable("string", maxLength=1048576, description="At most 1 MB of UTF-8 (within the 1 MiB body limit)."),
            "summary": nullable("string", maxLength=65536, description="Stored on the call record of a `call` (the interaction has no summary). At most 64 KB of UTF-8; tabs and line breaks are its only control characters."),
            "outcome": nullable("string", maxLength=255, description="Free text; " + OPT_OUTCOMES + " opts the contact out (see **Opt-out** in the operation)."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object.", "default": {}},
            "poll_responses": {"type": "array", "items": sref("PollAnswerInput"), "description": "Answers to the business's polls given during the interaction."},
        },
        "example": EX_INTERACTION_INPUT,
    },
    "Interaction": {
        "type": "object",
        "description": "Something an AI agent did with a contact: a call, a message. The `data` of `ai_interaction.logged`.",
        "required": ["id", "organization_id", "agent_id", "interaction_type", "contact_id", "coordinator_id", "campaign_call_id", "call_id",
                     "status", "duration_seconds", "transcript", "outcome", "metadata", "created_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "agent_id": nullable("string", format="uuid", description="The agent that logged it; null once the agent is deleted."),
            "interaction_type": {"type": "string"},
            "contact_id": nullable("string", format="uuid"),
            "coordinator_id": nullable("string", format="uuid"),
            "campaign_call_id": nullable("string", format="uuid", description="The campaign call whose result this interaction reported; null for other interactions."),
            "call_id": nullable("string", format="uuid", description="The call record a `call`, or a campaign call's report, created (`GET .../calls/{callId}`); null otherwise."),
            "status": {"oneOf": [sref("CallStatus"), {"type": "null"}], "description": "The `status` sent; null when none was."},
            "duration_seconds": {"type": "integer", "minimum": 0, "maximum": 86400},
            "transcript": nullable("string"),
            "outcome": nullable("string"),
            "metadata": JSON_OBJECT,
            "created_at": TS,
        },
        "example": EX_INTERACTION,
    },
    "PollResults": {
        "type": "object",
        "required": ["poll_id", "question", "total_responses", "results"],
        "properties": {
            "poll_id": UUID,
            "question": {"type": "string"},
            "total_responses": {"type": "integer", "minimum": 0, "description": "The sum of the counts."},
            "results": {
                "type": "array",
                "description": "One entry per option, in the poll's option order, options nobody chose included (count 0). Answers to options since removed from the poll are not counted.",
                "items": {"type": "object", "required": ["option", "count"],
                          "properties": {"option": {"type": "string"}, "count": {"type": "integer", "minimum": 0}}},
            },
        },
        "example": EX_POLL_RESULTS,
    },
})

AGENT_PAGE = page_of("AIAgent", "A page of AI agents (never their API keys).")

path_param("agentId", "AI agent id.")
parameters["business_id"] = {
    "name": "business_id", "in": "path", "required": True,
    "description": "The business: the organization's id. It must be the agent's own organization; any other value (another organization, an unknown id, "
                   "something that is not a UUID) is a 403.",
    "schema": UUID,
}

responses.update({
    "AgentUnauthenticated": err_resp(
        "No `Authorization: Bearer` agent access token, or one that is unknown, expired (after one hour) or revoked (its agent was deleted); "
        "a user token is refused too (`UNAUTHENTICATED`).", "UNAUTHENTICATED", "Unauthenticated."),
    "BusinessForbidden": err_resp(
        "`business_id` is not the agent's own organization (`FORBIDDEN`).", "FORBIDDEN", "This agent may not act for this business."),
})

AGENT_ERRS = {"401": rref("AgentUnauthenticated"), "403": rref("BusinessForbidden")}
AGENT_BODY_ERRS = merged(AGENT_ERRS, BODY_ERRS)
BUSINESS = [pref("business_id")]

def agent_422(desc, message, errors):
    return err_resp(desc + " (`VALIDATION_ERROR`).", "VALIDATION_ERROR", message, {"errors": errors})

AVAILABILITY_DESCRIPTION = (
    "Free start times for an appointment on one day (`date`, in the business's time zone). The day's opening window is the business's "
    "`business_hours` for that weekday or, with `coordinator_id`, that coordinator's weekly `availability` instead; a day without hours has no slots. "
    "Slots of `duration_minutes` (default: the appointment type's duration, else 30) start at the opening time and then every 30 minutes "
    "(the server's `slot_interval_minutes`), and must end by the closing time. A slot is offered only when:\n\n"
    "- it starts at or after now (plus `minimum_notice_minutes`): past times of today are never offered;\n"
    "- widened by the appointment type's `buffer_before_minutes` and `buffer_after_minutes`, it overlaps the busy time of `scheduled` or "
    "`confirmed` appointments (their own buffers included) fewer than `booking_capacity` times at every instant.\n\n"
    "`start` and `end` are UTC instants.\n\n"
    "**Daylight-saving time.** Opening and closing times are wall-clock times in the business's time zone, turned into real instants for that "
    "date; slots then step through the window in real elapsed time. So a 23-hour day (spring forward) and a 25-hour day (fall back) get exactly the "
    "slots that fit in them: a business open all day gets 46 half-hour slots on the spring-forward day and 50 on the fall-back day, not 48. No slot "
    "starts at a wall-clock time the change skips: in New York on 2026-03-08, `01:30` EST (`06:30Z`) is followed by `03:00` EDT (`07:00Z`), and an "
    "opening or closing time that falls in the skipped hour is taken as a time after the change. In the repeated hour of a fall-back day both "
    "occurrences are offered, as distinct UTC instants. Weekdays are those of the local date."
)

agent_paths = {
    coll("/ai-agents"): {
        "parameters": [pref("orgId")],
        "get": op("listAiAgents", "AI agents", "List AI agents", "Oldest first; API keys are never shown." + ADMIN_READ, params=PAGING,
                  responses=merged({"200": ok("A page of agents.", AGENT_PAGE, {"data": [EX_AGENT], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})},
                                   ADMIN_READ_ERRS, PAGE_ERRS)),
        "post": op("createAiAgent", "AI agents", "Create an AI agent",
                   "Creates an agent of the organization and its API key (`fc_ak_` and 48 random characters). The key is in this response only "
                   "(only its hash is stored): give `agent_id` and `api_key` to the voice agent, which exchanges them at `POST /api/internal/ai/auth` "
                   "for one-hour access tokens." + ADMIN,
                   body=json_content(sref("AIAgentInput"), example={"name": "Front desk voice"}),
                   responses=merged({"201": ok("Created; `api_key` holds the key, shown once.", sref("AIAgent"), dict(EX_AGENT, api_key=EX_API_KEY))},
                                    WRITE_BODY)),
    },
    coll("/ai-agents/{agentId}"): {
        "parameters": [pref("orgId"), pref("agentId")],
        "get": op("getAiAgent", "AI agents", "Show an AI agent", "Without its API key." + ADMIN_READ,
                  responses=merged({"200": ok("The agent.", sref("AIAgent"), EX_AGENT)}, ADMIN_READ_ERRS)),
        "put": op("updateAiAgent", "AI agents", "Update an AI agent",
                  "Its name and voice platform settings: `vapi_assistant_id`, `retell_api_key`, `elevenlabs_webhook_secret` (`null` clears one). "
                  "Secrets are stored encrypted and never returned; `has_retell_api_key` and `has_elevenlabs_webhook_secret` say whether they are set." + ADMIN,
                  body=json_content(sref("AIAgentUpdate"), example={"vapi_assistant_id": "asst_front_desk", "retell_api_key": "key_2f1c7e9a"}),
                  responses=merged({"200": ok("The agent.", sref("AIAgent"), dict(EX_AGENT, vapi_assistant_id="asst_front_desk", has_retell_api_key=True))},
                                   WRITE_BODY, A404)),
        "delete": op("deleteAiAgent", "AI agents", "Delete an AI agent",
                     "Deletes the agent and revokes its access tokens at once: requests made with them get 401 from then on, and its key no longer "
                     "authenticates. Interactions it logged stay, with `agent_id` null." + ADMIN,
                     responses=merged({"204": NO_CONTENT}, WRITE)),
    },
    coll("/polls/{pollId}/results"): {
        "parameters": [pref("orgId"), pref("pollId")],
        "get": op("getPollResults", "Knowledge", "Poll results",
                  "How many times each option was answered by AI agents (`poll_responses` of `POST /api/internal/ai/interactions/{business_id}`), "
                  "in the poll's option order, options nobody chose included. Any member.",
                  responses=merged({"200": ok("The counts.", sref("PollResults"), EX_POLL_RESULTS)}, READ)),
    },

    AI_BASE + "/auth": {
        "post": op("authenticateAgent", "Agent API", "Get an agent access token",
                   "Exchanges an agent's `agent_id` and `api_key` (from `POST /api/coordinator/organizations/{orgId}/ai-agents`) for an access token valid "
                   "one hour (`expires_in` 3600). Send it as `Authorization: Bearer {access_token}` on the other `/api/internal/ai` paths, for the agent's "
                   "own organization only; authenticate again when it expires. No token is needed here.",
                   auth=False,
                   body=json_content(sref("AgentAuthInput"), example=EX_AGENT_AUTH),
                   responses=merged({
                       "200": ok("A new access token.", sref("AgentToken"), EX_AGENT_TOKEN_RESPONSE),
                       "401": {"description": "No agent has this id (or it is not a UUID), or the key is wrong (`INVALID_CREDENTIALS`).",
                               "content": json_content(sref("Error"), example={"error": "These credentials do not match our records.", "code": "INVALID_CREDENTIALS"})},
                       "422": agent_422("`agent_id` or `api_key` is missing (or not a string)", "The agent id field is required.",
                                        {"agent_id": ["The agent id field is required."], "api_key": ["The api key field is required."]}),
                   }, {"400": rref("BadRequest"), "413": rref("PayloadTooLarge")})),
    },
    AI_BASE + "/context/{business_id}": {
        "parameters": BUSINESS,
        "get": op("getAgentContext", "Agent API", "Get the context packet",
                  "Everything an agent needs at the start of a call, in one request: the business (`business_id`, `business_name`, `timezone`, "
                  "`business_hours`, `booking_capacity`), `current_time` (now, RFC 3339 with the business's UTC offset), the `contacts_limit` most recently "
                  "updated `contacts` (default 50), the soonest `appointments_limit` `scheduled` or `confirmed` `appointments` of the next 14 days (default "
                  "100), the FAQs, the active polls, the coordinators and the appointment types (the first 100 of each, oldest first), and `last_updated`. "
                  "The packet is encoded once per version and reused while nothing in it changes, so it stays cheap under load.\n\n"
                  "**Caching.** The response has a weak `ETag`, computed over the whole packet except `current_time`, and `Cache-Control: private, no-cache`. "
                  "Send the `ETag` back in `If-None-Match`: when the packet is the same (apart from `current_time`) the answer is 304 with no body, "
                  "however much time has passed.",
                  security=AGENT_SEC,
                  params=[
                      qparam("contacts_limit", "How many contacts to include, 0 to 500 (anything else is a 422).", {"type": "integer", "minimum": 0, "maximum": 500, "default": 50}),
                      qparam("appointments_limit", "How many appointments to include (the soonest), 0 to 500 (anything else is a 422).",
                             {"type": "integer", "minimum": 0, "maximum": 500, "default": 100}),
                      {"name": "If-None-Match", "in": "header", "required": False,
                       "description": "An `ETag` from an earlier answer, exactly as received (`W/\"...\"`); several may be given, separated by commas.",
                       "schema": {"type": "string"}, "example": EX_ETAG},
                  ],
                  responses=merged({
                      "200": {"description": "The context packet.",
                              "headers": {
                                  "ETag": {"description": "Weak validator of the packet (without `current_time`).", "schema": {"type": "string", "pattern": "^W/\"[0-9a-f]{32}\"$"}, "example": EX_ETAG},
                                  "Cache-Control": {"description": "`private, no-cache`.", "schema": {"type": "string"}},
                              },
                              "content": json_content(sref("ContextPacket"), example=EX_CONTEXT)},
                      "304": {"description": "Not modified: the `If-None-Match` tag is still current. No body.",
                              "headers": {
                                  "ETag": {"description": "The current tag (the one sent).", "schema": {"type": "string"}, "example": EX_ETAG},
                                  "Cache-Control": {"description": "`private, no-cache`.", "schema": {"type": "string"}},
                              }},
                      "422": agent_422("`contacts_limit` is not an integer from 0 to 500", "The contacts limit must be an integer between 0 and 500.",
                                       {"contacts_limit": ["The contacts limit must be an integer between 0 and 500."]}),
                  }, AGENT_ERRS)),
    },
    AI_BASE + "/calendar/{business_id}/availability": {
        "parameters": BUSINESS,
        "get": op("getAgentAvailability", "Agent API", "Get free slots for a day", AVAILABILITY_DESCRIPTION,
                  security=AGENT_SEC,
                  params=[
                      {"name": "date", "in": "query", "required": True, "description": "The day, `YYYY-MM-DD`, in the business's time zone.",
                       "schema": {"type": "string", "format": "date"}, "example": "2026-01-26"},
                      qparam("duration_minutes", "Slot length, 5 to 1440 minutes. Defaults to the appointment type's duration, else 30.",
                             {"type": "integer", "minimum": 5, "maximum": 1440}),
                      qparam("appointment_type_id", "An appointment type of the business: its duration is the default and its buffers are kept free around each slot.", UUID),
                      qparam("coordinator_id", "A coordinator of the business: its weekly `availability` replaces the business hours.", UUID),
                      qparam("minimum_notice_minutes", "Slots start at least this long after now, 0 to 10080 minutes.", {"type": "integer", "minimum": 0, "maximum": 10080, "default": 0}),
                  ],
                  responses=merged({
                      "200": {"description": "The free slots.", "content": json_content(sref("Availability"), examples={
                          "normalDay": {"summary": "Monday 09:00–17:00 EST, one appointment at 15:00Z", "value": EX_AVAILABILITY},
                          "springForward": {"summary": "A business open 00:00–04:00 on Sundays, on the spring-forward day: 3 real hours, 6 slots", "value": EX_AVAILABILITY_DST},
                      })},
                      "422": agent_422("`date` is missing or not a real `YYYY-MM-DD` date, `duration_minutes` or `minimum_notice_minutes` is out of range, "
                                       "or `appointment_type_id` or `coordinator_id` is not a UUID or names no record of the business",
                                       "The date field is required.", {"date": ["The date field is required."]}),
                  }, AGENT_ERRS)),
    },
    AI_BASE + "/calendar/{business_id}/bookings": {
        "parameters": BUSINESS,
        "post": op("createAgentBooking", "Agent API", "Book an appointment",
                   "Books a `scheduled` appointment for the caller, found by `contact_id` or by the caller's details (see `BookingInput`; a contact created "
                   "here fires `contact.created`). Stricter than `POST /api/coordinator/organizations/{orgId}/appointments`, which also records past "
                   "appointments synced from other systems: the appointment must start in the future, lie entirely inside the opening hours of the local day "
                   "it starts on (the business's `business_hours`, or the coordinator's `availability` when `coordinator_id` is given), and, widened by the "
                   "appointment type's buffers, fit the `booking_capacity` among `scheduled` and `confirmed` appointments; otherwise the answer is 409 "
                   "`SLOT_UNAVAILABLE` and nothing is created. Fires `appointment.created`.",
                   security=AGENT_SEC,
                   body=json_content(sref("BookingInput"), examples={
                       "guide": {"summary": "The guide's body (2026-01-25 is a Sunday: the business must be open then)", "value": EX_BOOKING_INPUT},
                       "byCaller": {"summary": "By the caller's details instead of contact_id", "value": EX_BOOKING_BY_CALLER},
                   }),
                   responses=merged(AGENT_BODY_ERRS, {
                       "201": ok("Booked: the appointment, with its contact.", sref("Appointment"), EX_AGENT_APPT),
                       "409": {"description": "The time is in the past, outside the opening hours (or the coordinator's availability), or taken (`SLOT_UNAVAILABLE`). "
                                              "The body adds `message`, a sentence an agent can say, and `alternatives`: the next free slots after the time asked "
                                              "for (up to 3, within 14 days), as speakable times.",
                               "content": json_content(sref("Error"), examples={
                                   "past": {"value": {"error": "The requested time is in the past.", "code": "SLOT_UNAVAILABLE",
                                                      "message": "Monday, March 15 at 2:30 PM has already passed; I have 3:00 PM or 4:30 PM.",
                                                      "alternatives": [EX_SPEAKABLE_2, EX_SPEAKABLE_3]}},
                                   "outsideHours": {"value": {"error": "The requested time is outside business hours.", "code": "SLOT_UNAVAILABLE",
                                                              "message": "Tuesday, March 16 at 8:00 PM is outside business hours; I have Wednesday, March 17 at 9:00 AM.",
                                                              "alternatives": [{"start": "2027-03-17T13:00:00Z", "start_local": "2027-03-17T09:00:00-04:00", "spoken": "Wednesday, March 17 at 9:00 AM"}]}},
                                   "taken": {"value": EX_REFUSAL},
                               })},
                       "422": agent_422("A field is invalid, neither `contact_id` nor the caller's `name` with a `phone` or `email` is given, or an id names "
                                        "no record of the business", "The contact id field is required (or the caller's name with a phone or email).",
                                        {"contact_id": ["The contact id field is required (or the caller's name with a phone or email)."]}),
                   })),
    },
    AI_BASE + "/crm/{business_id}/customers/lookup": {
        "parameters": BUSINESS,
        "get": op("lookupCustomer", "Agent API", "Look up a caller",
                  "Finds the contact by `email` (compared case-insensitively) when given, else (or when no contact has it) by `phone`, in any common "
                  "format: it is normalized to E.164 like contacts' phones, national numbers taking the business's `country_code`, so `+15550102000`, "
                  "`(555) 010-2000`, `555.010.2000` and `1-555-010-2000` all find the same contact (a phone that does not normalize matches nothing). "
                  "Found: the contact, its next appointments and its last calls. Not found: 200 with `found` false, `customer` null and empty lists. "
                  "Neither parameter (or both empty) is a 422.",
                  security=AGENT_SEC,
                  params=[
                      qparam("phone", "The caller's phone, in any common format.", {"type": "string"}),
                      qparam("email", "The caller's e-mail.", {"type": "string"}),
                  ],
                  responses=merged({
                      "200": {"description": "Whether a contact matched, and what is known about it.",
                              "content": json_content(sref("CustomerLookup"), examples={
                                  "found": {"value": EX_LOOKUP_FOUND},
                                  "notFound": {"value": EX_LOOKUP_MISSING},
                              })},
                      "422": agent_422("Neither `phone` nor `email` is given", "Give a phone or an email to look up.",
                                       {"email": ["Give a phone or an email to look up."], "phone": ["Give a phone or an email to look up."]}),
                  }, AGENT_ERRS)),
    },
    AI_BASE + "/crm/{business_id}/leads": {
        "parameters": BUSINESS,
        "post": op("createLead", "Agent API", "Capture a lead",
                   "Creates a contact from the caller's details: tagged `lead` (with any `tags` given) and with `metadata.source` `ai_agent` (over any "
                   "`source` given); it fires `contact.created`. When a contact of the business already has that e-mail (compared case-insensitively) or "
                   "that phone (normalized to E.164), it is returned unchanged with 200 instead of creating a duplicate.",
                   security=AGENT_SEC,
                   body=json_content(sref("LeadInput"), example=EX_LEAD_INPUT),
                   responses=merged(AGENT_BODY_ERRS, {
                       "201": ok("Created: the new contact.", sref("Contact"), EX_LEAD),
                       "200": ok("A contact with this e-mail or phone already existed: that contact, unchanged.", sref("Contact"), EX_CONTACT),
                       "422": agent_422("`name` is missing, neither `phone` nor `email` is given, or a field is invalid", "Give the lead's phone or email.",
                                        {"phone": ["Give the lead's phone or email."]}),
                   })),
    },
    AI_BASE + "/interactions/{business_id}": {
        "parameters": BUSINESS,
        "post": op("logInteraction", "Agent API", "Log an interaction",
                   "Records something the agent did. A `call` (`interaction_type` `call`) also creates a call record, returned as `call_id` and listed "
                   "under `GET .../calls`: `direction` defaults to `inbound` and `status` to `completed`, `started_at` is now minus `duration_seconds`, and "
                   "`transcript`, `summary`, `outcome` and `metadata` are copied to it; it fires `call.completed` (status `completed`) or `call.missed` "
                   "(`missed` or `voicemail`; a `failed` call fires neither). `contact_id` (and, on a `call`, `coordinator_id`) must name a record of the "
                   "business. `poll_responses` records answers to the business's polls, counted by `GET .../polls/{pollId}/results`. Every interaction "
                   "fires `ai_interaction.logged`, with the interaction as its data.\n\n"
                   + OPT_OUT_DESC + " An interaction that creates a call record opts out through it; any other interaction with such an "
                   "`outcome` suppresses the phone of its contact (`contact_id`) and marks the contact `do_not_contact` the same way.\n\n"
                   "**Campaign calls.** With `campaign_call_id` (from `POST /api/internal/ai/campaigns/{business_id}/calls/next`) the interaction reports "
                   "the result of that campaign call's attempt, in `status` (`completed` when absent). An outcome with a rule in the campaign's "
                   "`retry_rules` is retried after the rule's `delay_minutes` (the call is `pending` again, due at `next_attempt_at`) while the call "
                   "has had fewer attempts than the rule's `max_attempts`; without a rule, `missed` and `voicemail` are retried after "
                   "`retry_delay_minutes` until `max_attempts` attempts were made, and `completed` and `failed` are final. Once no retry is left the "
                   "last attempt's result is final. Each report creates an outbound call record (whatever "
                   "the `interaction_type`; `direction` defaults to `outbound`, `to_number` is the contact's phone, `contact_id` defaults to the campaign "
                   "call's contact and `coordinator_id` to the campaign's coordinator), which fires `call.completed` or `call.missed` as above and is listed "
                   "in the campaign call's `calls`. A report that comes after the lease expired is still accepted while the call has no final result (it "
                   "counts as an attempt), as are reports for a paused or cancelled campaign. The report that gives a running campaign's last call its final "
                   "result completes the campaign (`campaign.completed`). 409 `CONFLICT` when the campaign call already has its final result; 422 on "
                   "`campaign_call_id` when it names no campaign call of the business. Nothing is recorded in either case.",
                   security=AGENT_SEC,
                   body=json_content(sref("InteractionInput"), examples={
                       "guide": {"summary": "The guide's body", "value": EX_INTERACTION_INPUT},
                       "missedCallWithPoll": {"summary": "A missed outbound call with a poll answer", "value": EX_INTERACTION_POLL_INPUT},
                       "campaignCallResult": {"summary": "The result of a campaign call: a voicemail, retried later", "value": EX_INTERACTION_CAMPAIGN_INPUT},
                   }),
                   responses=merged(AGENT_BODY_ERRS, {
                       "201": {"description": "Logged.", "content": json_content(sref("Interaction"), examples={
                           "guide": {"summary": "The guide's body", "value": EX_INTERACTION},
                           "campaignCallResult": {"summary": "A campaign call's result, with the call record it created", "value": EX_INTERACTION_CAMPAIGN},
                       })},
                       "409": err_resp("The campaign call (`campaign_call_id`) already has its final result (`CONFLICT`).", "CONFLICT",
                                       "This campaign call already has its final result (completed)."),
                       "422": {"description": "`interaction_type` is missing, a field is invalid, an id names no record of the business (`campaign_call_id` "
                                              "no campaign call of it), or a poll answer is not one of the poll's options (`VALIDATION_ERROR`).",
                               "content": json_content(sref("Error"), examples={
                                   "pollAnswer": {"value": {"error": "The answer must be one of the poll's options: Search engine, Friend, Advertisement.",
                                                            "code": "VALIDATION_ERROR",
                                                            "errors": {"poll_responses.0.answer": ["The answer must be one of the poll's options: Search engine, Friend, Advertisement."]}}},
                                   "campaignCall": {"value": {"error": "The selected campaign call id is invalid.", "code": "VALIDATION_ERROR",
                                                              "errors": {"campaign_call_id": ["The selected campaign call id is invalid."]}}},
                               })},
                   })),
    },
}
paths.update(agent_paths)

AGENT_TAGS = [
    {"name": "AI agents", "description": "The organization's AI voice agents and their API keys. Every member reads them (keys are shown once, at creation); admins and the owner create and delete them."},
    {"name": "Agent API", "description": "The internal API AI voice agents call during live calls (`/api/internal/ai`), with an agent access token "
                                         "(`agentToken`) for their own organization. See **AI agents** in the introduction."},
]

AGENT_DESCRIPTION = """

**AI agents.** An admin creates an agent with `POST /api/coordinator/organizations/{orgId}/ai-agents` and keeps its `agent_id` and `api_key` (shown once). The voice agent exchanges them at `POST /api/internal/ai/auth` for an access token valid one hour, and sends it as `Authorization: Bearer {access_token}` on the other `/api/internal/ai` paths, whose `business_id` is the organization's id: an agent acts only for its own organization (403 `FORBIDDEN` for any other `business_id`). User tokens are refused on the internal API (401), and agent tokens on `/api/coordinator` (401). Deleting an agent revokes its tokens. The internal API is not aliased under `/api/v1`. Its times are UTC like everywhere else, except the context packet's `current_time`, which carries the business's UTC offset.

**Voice platforms and MCP.** Voice platforms store one static secret, so on every `/api/internal/ai` path an agent may also send its API key directly (`Authorization: Bearer fc_ak_...`, security scheme `agentKey`); deleting the agent stops the key at once. One tool catalogue (`get_call_context`, `check_availability`, `find_customer`, `book_appointment`, `reschedule_appointment`, `cancel_appointment`, `create_lead`, `log_interaction`) is served by an MCP server (`POST /api/internal/ai/mcp`), by plain calls (`POST /api/internal/ai/tools/{name}`) and as each platform's tool definitions (`GET /api/internal/ai/tools?format=`). Tools return times as `start` (UTC), `start_local` (with the business's offset) and `spoken` ("Tuesday, March 16 at 2:30 PM"). A refused booking or move is 409 `SLOT_UNAVAILABLE` with `message` (a sentence to say) and up to 3 `alternatives`, on the REST booking too. Every `/api/internal/ai` response carries `Server-Timing` (`db;dur=`, `total;dur=` in milliseconds)."""

# ---------------------------------------------------------------------------
# Campaigns (CONTRACT section 5): outbound calling campaigns over contact lists
# (under /api/coordinator/organizations/{orgId}), and the dialing protocol of AI
# agents: lease the next due call, report its result as an interaction.
# ---------------------------------------------------------------------------

CAMPAIGN_STATUSES = ["draft", "scheduled", "running", "paused", "completed", "cancelled"]
CAMPAIGN_CALL_STATUSES = ["pending", "in_progress", "completed", "missed", "voicemail", "failed", "skipped"]
SHORT_DAYS = [d[:3] for d in WEEKDAYS]

EX_CALLING_WINDOW = {"start": "08:00", "end": "21:00", "days": SHORT_DAYS}
EX_CAMPAIGN_STATS_EMPTY = {
    "total_contacts": 0, "calls_made": 0, "calls_completed": 0, "calls_missed": 0, "voicemails_left": 0, "completion_rate": 0,
    "skipped": 0, "pending": 0, "in_progress": 0, "failed": 0,
}
# The guide's example, with the remaining counts.
EX_CAMPAIGN_STATS = {
    "total_contacts": 100, "calls_made": 75, "calls_completed": 60, "calls_missed": 10, "voicemails_left": 5, "completion_rate": 0.8,
    "skipped": 0, "pending": 25, "in_progress": 0, "failed": 0,
}
# The guide's create body (2026-01-25 is a Sunday), with real-looking ids.
EX_CAMPAIGN_INPUT = {
    "name": "Q1 Follow-up Campaign",
    "description": "Follow up with Q1 leads",
    "contact_list_ids": [EX_LIST_ID, EX_LIST_ID2],
    "coordinator_id": EX_COORD_ID,
    "script": "Hello, this is a follow-up call...",
    "scheduled_start": "2026-01-25T09:00:00Z",
    "metadata": {"source": "external_app", "source_id": "campaign_123"},
}
EX_CAMPAIGN = {
    "id": EX_CAMPAIGN_ID,
    "organization_id": EX_ORG_ID,
    "name": "Q1 Follow-up Campaign",
    "description": "Follow up with Q1 leads",
    "contact_list_ids": [EX_LIST_ID, EX_LIST_ID2],
    "coordinator_id": EX_COORD_ID,
    "script": "Hello, this is a follow-up call...",
    "scheduled_start": "2026-01-25T09:00:00Z",
    "status": "draft",
    "max_concurrent_calls": 5,
    "max_attempts": 3,
    "retry_delay_minutes": 60,
    "calling_window": EX_CALLING_WINDOW,
    "require_consent": False,
    "retry_rules": {},
    "metadata": {"source": "external_app", "source_id": "campaign_123"},
    "stats": EX_CAMPAIGN_STATS_EMPTY,
    "started_at": None,
    "completed_at": None,
    "cancelled_at": None,
    "created_at": T0,
    "updated_at": T0,
}
# Started at T0, before its scheduled_start: the audience is snapshotted, the campaign waits.
EX_CAMPAIGN_SCHEDULED = dict(EX_CAMPAIGN, status="scheduled", stats=dict(EX_CAMPAIGN_STATS_EMPTY, total_contacts=100, pending=100),
                             updated_at="2026-01-20T10:05:00Z")
EX_CAMPAIGN_RUNNING = dict(EX_CAMPAIGN, status="running", stats=EX_CAMPAIGN_STATS, started_at="2026-01-25T09:00:00Z",
                           updated_at="2026-01-25T09:00:00Z")
EX_CAMPAIGN_PAUSED = dict(EX_CAMPAIGN_RUNNING, status="paused", updated_at="2026-01-25T16:30:00Z")
EX_CAMPAIGN_CANCELLED = dict(EX_CAMPAIGN_RUNNING, status="cancelled", cancelled_at="2026-01-25T16:30:00Z", updated_at="2026-01-25T16:30:00Z")
EX_CAMPAIGN_CALL_RECORD = dict(
    EX_CALL, id=EX_CAMPAIGN_CALL_RECORD_ID, coordinator_id=EX_COORD_ID, direction="outbound", status="voicemail", from_number=None,
    to_number="+1234567890", started_at="2026-01-25T13:00:25Z", duration_seconds=35,
    summary="No answer; left a voicemail about the Q1 follow-up.", outcome="voicemail_left", recording_url=None,
    created_at="2026-01-25T13:01:00Z")
# After the voicemail of its first attempt: pending again, retried 60 minutes later.
EX_CAMPAIGN_CALL = {
    "id": EX_CAMPAIGN_CALL_ID,
    "campaign_id": EX_CAMPAIGN_ID,
    "contact_id": EX_CONTACT_ID,
    "contact": EX_CONTACT_SUMMARY,
    "status": "pending",
    "skip_reason": None,
    "attempts": 1,
    "outcome": "voicemail",
    "next_attempt_at": "2026-01-25T14:01:00Z",
    "leased_until": None,
    "completed_at": None,
    "calls": [EX_CAMPAIGN_CALL_RECORD],
    "created_at": "2026-01-20T10:05:00Z",
    "updated_at": "2026-01-25T13:01:00Z",
}
EX_CAMPAIGN_LEASE = {
    "campaign_call_id": EX_CAMPAIGN_CALL_ID,
    "attempt": 1,
    "max_attempts": 3,
    "lease_expires_at": "2026-01-25T13:15:05Z",
    "script": "Hello, this is a follow-up call...",
    "campaign": {
        "id": EX_CAMPAIGN_ID,
        "name": "Q1 Follow-up Campaign",
        "description": "Follow up with Q1 leads",
        "script": "Hello, this is a follow-up call...",
        "metadata": {"source": "external_app", "source_id": "campaign_123"},
    },
    "contact": EX_CONTACT,
    "coordinator": EX_COORD,
}

EXCLUSION_REASONS = ["do_not_contact", "no_phone", "invalid_phone", "suppressed", "duplicate_phone", "no_consent", "contact_deleted"]
SCREENED_REASONS = EXCLUSION_REASONS[:-1]  # what preflight counts (`contact_deleted` only happens after the start)
EX_RETRY_RULES = {"missed": {"max_attempts": 2, "delay_minutes": 30}, "voicemail": {"max_attempts": 3, "delay_minutes": 240}}
# EX_CAMPAIGN as a draft: its scheduled_start (04:00 in New York) is before quiet hours open at 08:00 EST (13:00Z).
EX_PREFLIGHT = {
    "total_contacts": 100, "would_call": 91,
    "excluded": {"do_not_contact": 3, "no_phone": 2, "invalid_phone": 1, "suppressed": 1, "duplicate_phone": 2, "no_consent": 0},
    "first_call_at": "2026-01-25T13:00:00Z",
}
assert EX_PREFLIGHT["total_contacts"] == EX_PREFLIGHT["would_call"] + sum(EX_PREFLIGHT["excluded"].values())
QUIET_HOURS_RULE = ("only inside quiet hours, 08:00 to 21:00 in the contact's time zone (intersected with the campaign's calling window), unless the "
                    "organization sets `allow_calls_outside_quiet_hours`")
SKIPPED_RULE = ("not called: excluded at the start for any `ExclusionReason` but `contact_deleted` (see `GET .../preflight`), or, when its "
                "turn comes, deleted, marked `do_not_contact`, suppressed, without a diallable phone, or (with `require_consent`) without "
                "`consent_at`; `skip_reason` says why")
RETRY_RULE = {
    "type": "object",
    "description": "The retries of one outcome.",
    "required": ["max_attempts", "delay_minutes"],
    "additionalProperties": False,
    "properties": {
        "max_attempts": {"type": "integer", "minimum": 1, "maximum": 10,
                         "description": "A call whose latest attempt had this outcome is retried while it has had fewer attempts than this (counting every attempt)."},
        "delay_minutes": {"type": "integer", "minimum": 1, "maximum": 10080, "description": "How long after such an attempt the contact is called again (up to 7 days)."},
    },
}

COUNT = {"type": "integer", "minimum": 0}

def count(desc): return dict(COUNT, description=desc)

schemas.update({
    "CampaignStatus": {
        "type": "string",
        "enum": CAMPAIGN_STATUSES,
        "description": "Flow: `draft` → (`POST .../start`) `running`, or `scheduled` until a `scheduled_start` still ahead, then `running` by itself → "
                       "`completed` once every call of the audience has its final result. `paused` (from `scheduled` or `running`) hands out no calls "
                       "until `POST .../resume`; `cancelled` (from any status but `completed`) ends the campaign for good.",
    },
    "CallingWindow": {
        "type": "object",
        "description": "When a campaign may call: from `start` (inclusive) to `end` (exclusive), on the listed `days`, read in each contact's own time zone "
                       "(the contact's `timezone` when the campaign started; the organization's when it had none), so each contact is called in its own "
                       "local hours. Default: `08:00` to `21:00`, every day. Calls start " + QUIET_HOURS_RULE + ": a window entirely outside "
                       "quiet hours calls nobody.",
        "required": ["start", "end", "days"],
        "properties": {
            "start": sref("LocalTime"),
            "end": {"allOf": [sref("LocalTime")], "description": "After `start`."},
            "days": {"type": "array", "minItems": 1, "maxItems": 7, "uniqueItems": True, "items": {"type": "string", "enum": SHORT_DAYS},
                     "description": "The local days of the week it may call, in week order (Monday first)."},
        },
        "example": EX_CALLING_WINDOW,
    },
    "CallingWindowInput": {
        "type": "object",
        "description": "A calling window (see `CallingWindow`). Keys left out (or null) take the defaults `08:00`, `21:00` and every day, also on update: "
                       "the object replaces the whole window. A bad time is a 422 on `calling_window.start` or `calling_window.end`, an `end` not after "
                       "`start` a 422 on `calling_window.end`, a bad day a 422 on `calling_window.days.N`.",
        "properties": {
            "start": {"allOf": [sref("LocalTime")], "default": "08:00"},
            "end": {"allOf": [sref("LocalTime")], "default": "21:00", "description": "After `start`."},
            "days": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": SHORT_DAYS + WEEKDAYS},
                     "default": SHORT_DAYS,
                     "description": "A non-empty array of days: `mon` … `sun`, or the full names `monday` … `sunday`, compared case-insensitively; "
                                    "duplicates are dropped. Returned as `mon` … `sun` in week order."},
        },
        "example": {"start": "09:30", "end": "18:00", "days": ["mon", "tue", "wed", "thu", "fri"]},
    },
    "ExclusionReason": {
        "type": "string",
        "enum": EXCLUSION_REASONS,
        "description": "Why a contact of a campaign's audience is not called, in the order a contact with several reasons is counted under: "
                       "`do_not_contact` (the contact's status); `no_phone`; `invalid_phone` (a phone that cannot be dialled: country code 1 with "
                       "other than 10 national digits); `suppressed` (the phone is on the organization's suppression list); `duplicate_phone` "
                       "(another contact of the audience with the same phone is called: the earliest-created among those passing the earlier "
                       "checks); `no_consent` (the campaign has `require_consent` and the contact no `consent_at`); `contact_deleted` (deleted after "
                       "the start).",
    },
    "RetryRules": {
        "type": "object",
        "description": "Retries per outcome of an attempt, keyed by `missed`, `voicemail` or `failed` (no other key); `{}` when none. An outcome "
                       "without a rule keeps the campaign's `max_attempts` and `retry_delay_minutes` for `missed` and `voicemail`; `failed` without "
                       "a rule, and `completed`, are final.",
        "additionalProperties": False,
        "properties": {outcome: RETRY_RULE for outcome in ["missed", "voicemail", "failed"]},
        "example": EX_RETRY_RULES,
    },
    "CampaignStats": {
        "type": "object",
        "description": "Counts per contact of the audience (one campaign call each), not per attempt: the guide's six statistics, then the contacts in "
                       "each remaining status. All 0 before the campaign starts (the audience is snapshotted at the start).",
        "required": ["total_contacts", "calls_made", "calls_completed", "calls_missed", "voicemails_left", "completion_rate",
                     "skipped", "pending", "in_progress", "failed"],
        "properties": {
            "total_contacts": count("Contacts in the audience, `skipped` ones included."),
            "calls_made": count("Contacts called at least once (an attempt in progress included)."),
            "calls_completed": count("Contacts whose latest attempt was `completed`."),
            "calls_missed": count("Contacts whose latest attempt was `missed` (retries still to come included)."),
            "voicemails_left": count("Contacts whose latest attempt was `voicemail` (retries still to come included)."),
            "completion_rate": {"type": "number", "minimum": 0, "maximum": 1,
                                "description": "`calls_completed` / `calls_made`, rounded to 4 decimals; 0 before any call."},
            "skipped": count("Contacts " + SKIPPED_RULE + "."),
            "pending": count("Contacts waiting for their first attempt or for a retry."),
            "in_progress": count("Contacts being called now (leased to an agent)."),
            "failed": count("Contacts whose call `failed` (final)."),
        },
        "example": EX_CAMPAIGN_STATS,
    },
    "Campaign": {
        "type": "object",
        "description": "An outbound calling campaign: AI agents call the unique contacts of its contact lists, inside its calling window and "
                       "quiet hours (08:00 to 21:00 in each contact's zone, unless the organization sets `allow_calls_outside_quiet_hours`), at most "
                       "`max_concurrent_calls` at a time, never a suppressed phone, each contact at most the organization's "
                       "`max_daily_attempts_per_contact` times a local day across all campaigns, and retry missed calls and voicemails (or as "
                       "`retry_rules` say). `stats` are counted on every read. The `data` of `campaign.started` and `campaign.completed`.",
        "required": ["id", "organization_id", "name", "description", "contact_list_ids", "coordinator_id", "script", "scheduled_start", "status",
                     "max_concurrent_calls", "max_attempts", "retry_delay_minutes", "calling_window", "require_consent", "retry_rules", "metadata",
                     "stats", "started_at", "completed_at", "cancelled_at", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "organization_id": UUID,
            "name": {"type": "string"},
            "description": nullable("string"),
            "contact_list_ids": {"type": "array", "items": UUID, "description": "The contact lists whose contacts are the audience, as given."},
            "coordinator_id": nullable("string", format="uuid", description="The coordinator the agents call as (given to them with each call); null when none."),
            "script": nullable("string", description="What the agents say; given to them with each call."),
            "scheduled_start": nullable("string", format="date-time", description="When a started campaign begins calling; null to begin at the start."),
            "status": sref("CampaignStatus"),
            "max_concurrent_calls": {"type": "integer", "minimum": 1, "maximum": 100, "description": "How many of its calls may be in progress at once."},
            "max_attempts": {"type": "integer", "minimum": 1, "maximum": 10,
                             "description": "Attempts per contact: missed calls and voicemails are retried until this many were made (unless `retry_rules` has a rule for the outcome)."},
            "retry_delay_minutes": {"type": "integer", "minimum": 1, "maximum": 10080,
                                    "description": "How long after a missed call or voicemail the contact is called again (unless `retry_rules` has a rule for the outcome)."},
            "calling_window": sref("CallingWindow"),
            "require_consent": {"type": "boolean", "description": "Only contacts with `consent_at` are called; the others are `skipped` (`no_consent`)."},
            "retry_rules": sref("RetryRules"),
            "metadata": JSON_OBJECT,
            "stats": sref("CampaignStats"),
            "started_at": nullable("string", format="date-time", description="When it began calling (`campaign.started`)."),
            "completed_at": nullable("string", format="date-time", description="When every call had its final result (`campaign.completed`)."),
            "cancelled_at": nullable("string", format="date-time"),
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_CAMPAIGN_RUNNING,
    },
    "CampaignInput": {
        "type": "object",
        "description": "Campaign fields. On create `name` and `contact_list_ids` are required and the others take their defaults. `PUT` is a partial "
                       "update: fields left out keep their values, and `null` clears `description`, `coordinator_id`, `script`, `scheduled_start` or `retry_rules`. "
                       "`contact_list_ids` and `scheduled_start` may be sent only while the campaign is a `draft` (409 `CONFLICT` afterwards, even with "
                       "unchanged values); the other fields may change in any status, and a running campaign applies them from its next call. "
                       "Unknown fields are ignored.",
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255, "description": "Required on create; cannot be null or emptied. Trimmed."},
            "description": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8. `null` clears it."),
            "contact_list_ids": {"type": "array", "minItems": 1, "maxItems": 100, "items": UUID,
                                 "description": "Required on create: 1 to 100 contact lists of the organization (422 on `contact_list_ids.N` for an id that "
                                                "names none). The audience is the unique contacts of all of them, snapshotted when the campaign starts. "
                                                "Only while `draft`."},
            "coordinator_id": nullable("string", format="uuid", description="A coordinator of the organization (422 on `coordinator_id` otherwise). `null` clears it."),
            "script": nullable("string", maxLength=65536, description="At most 64 KB of UTF-8. `null` clears it."),
            "scheduled_start": nullable("string", format="date-time",
                                        description="RFC 3339 with any offset. When it is still ahead at the start, the campaign is `scheduled` and begins "
                                                    "calling by itself then; otherwise it begins at once. Only while `draft`; `null` clears it."),
            "metadata": {"type": "object", "additionalProperties": True, "description": "Free-form JSON object; on update it replaces the metadata.", "default": {}},
            "max_concurrent_calls": {"type": "integer", "minimum": 1, "maximum": 100, "default": 5},
            "max_attempts": {"type": "integer", "minimum": 1, "maximum": 10, "default": 3},
            "retry_delay_minutes": {"type": "integer", "minimum": 1, "maximum": 10080, "default": 60, "description": "Up to 7 days."},
            "calling_window": {"allOf": [sref("CallingWindowInput")], "default": EX_CALLING_WINDOW},
            "require_consent": {"type": "boolean", "default": False,
                                "description": "When true, only contacts with `consent_at` are called; the others are `skipped` (`no_consent`)."},
            "retry_rules": {"oneOf": [sref("RetryRules"), {"type": "null"}], "default": {},
                            "description": "Replaces the campaign's rules; `null` clears them. An unknown outcome key, a rule that is not an object, a "
                                           "missing or out-of-range `max_attempts` or `delay_minutes`, or an unknown key in a rule is a 422 on `retry_rules`."},
        },
        "example": EX_CAMPAIGN_INPUT,
    },
    "CampaignCallStatus": {
        "type": "string",
        "enum": CAMPAIGN_CALL_STATUSES,
        "description": "Where one contact of the audience stands: `pending`, waiting for its first attempt or a retry (due at `next_attempt_at`); "
                       "`in_progress`, leased to an agent (until `leased_until`); then final: `completed`, or `missed`, `voicemail` or `failed` "
                       "once no retry is left (see `retry_rules`; without a rule `failed` is final at once and `missed` and `voicemail` are "
                       "retried until `max_attempts`); `skipped`, " + SKIPPED_RULE + ".",
    },
    "CampaignCall": {
        "type": "object",
        "description": "One contact of a campaign's audience and its progress.",
        "required": ["id", "campaign_id", "contact_id", "contact", "status", "skip_reason", "attempts", "outcome", "next_attempt_at", "leased_until",
                     "completed_at", "calls", "created_at", "updated_at"],
        "properties": {
            "id": {"type": "string", "format": "uuid", "description": "The `campaign_call_id` agents lease and report."},
            "campaign_id": UUID,
            "contact_id": nullable("string", format="uuid", description="Null once the contact is deleted."),
            "contact": nullable_ref("ContactSummary", "The contact, embedded; null once it is deleted."),
            "status": sref("CampaignCallStatus"),
            "skip_reason": {"oneOf": [sref("ExclusionReason"), {"type": "null"}], "description": "Why it was `skipped`; null in every other status."},
            "attempts": {"type": "integer", "minimum": 0, "maximum": 10, "description": "Attempts made, the one in progress included (a lease that expired unreported does not count)."},
            "outcome": {"oneOf": [sref("CallStatus"), {"type": "null"}], "description": "The latest reported attempt's result; null before any."},
            "next_attempt_at": nullable("string", format="date-time", description="When it is due; only while `pending`, null otherwise."),
            "leased_until": nullable("string", format="date-time", description="While `in_progress`: when the agent's lease expires."),
            "completed_at": nullable("string", format="date-time", description="When it got its final result (or was skipped)."),
            "calls": {"type": "array", "items": sref("Call"), "description": "The call record of each reported attempt, oldest first."},
            "created_at": {"type": "string", "format": "date-time", "description": "When the audience was snapshotted (the start)."},
            "updated_at": TS,
        },
        "example": EX_CAMPAIGN_CALL,
    },
    "CampaignLeaseInput": {
        "type": "object",
        "description": "Optional: an empty body (or none) asks for a call of any running campaign.",
        "properties": {
            "campaign_id": nullable("string", format="uuid", description="Only a call of this campaign; one that names no running campaign of the business gets 204."),
        },
        "example": {"campaign_id": EX_CAMPAIGN_ID},
    },
    "CampaignLease": {
        "type": "object",
        "description": "A campaign call leased to the agent: call `contact.phone`, then report the result with `POST /api/internal/ai/interactions/{business_id}` "
                       "and this `campaign_call_id` before `lease_expires_at`.",
        "required": ["campaign_call_id", "attempt", "max_attempts", "lease_expires_at", "script", "campaign", "contact", "coordinator"],
        "properties": {
            "campaign_call_id": {"type": "string", "format": "uuid", "description": "Send it back as `campaign_call_id` with the result."},
            "attempt": {"type": "integer", "minimum": 1, "maximum": 10, "description": "1 for the first attempt, 2 for the first retry, and so on."},
            "max_attempts": {"type": "integer", "minimum": 1, "maximum": 10, "description": "The campaign's `max_attempts`."},
            "lease_expires_at": {"type": "string", "format": "date-time",
                                 "description": "15 minutes after the lease. A call not reported by then returns to the queue (the attempt does not count) "
                                                "and may go to another agent; a later report is still accepted while the call has no final result."},
            "script": nullable("string", description="The campaign's script (as in `campaign`)."),
            "campaign": {
                "type": "object",
                "description": "The campaign the call belongs to.",
                "required": ["id", "name", "description", "script", "metadata"],
                "properties": {
                    "id": UUID,
                    "name": {"type": "string"},
                    "description": nullable("string"),
                    "script": nullable("string"),
                    "metadata": JSON_OBJECT,
                },
            },
            "contact": {"allOf": [sref("Contact")], "description": "The contact to call."},
            "coordinator": nullable_ref("Coordinator", "The campaign's coordinator, with its templates; null when it has none."),
        },
        "example": EX_CAMPAIGN_LEASE,
    },
    "CampaignPreflight": {
        "type": "object",
        "description": "What starting the campaign would do, or, once started, who of its audience would still be called: a draft's contact lists "
                       "as they are now; a started campaign's snapshot, its contacts as they are now.",
        "required": ["total_contacts", "would_call", "excluded", "first_call_at"],
        "properties": {
            "total_contacts": count("Unique contacts of the audience."),
            "would_call": count("Contacts who would be called: `total_contacts` less the excluded."),
            "excluded": {
                "type": "object",
                "description": "Contacts not called, per reason (see `ExclusionReason`); every reason is present, zeros included. A contact with "
                               "several reasons counts once, under the first in this order.",
                "required": SCREENED_REASONS,
                "additionalProperties": False,
                "properties": {reason: COUNT for reason in SCREENED_REASONS},
            },
            "first_call_at": nullable("string", format="date-time",
                                      description="The earliest moment, from now (or the `scheduled_start` when later), the campaign's calling window within "
                                                  "quiet hours (unless the organization allows calls outside them) opens in the zone of any contact who "
                                                  "would be called; null when nobody would be called, when the window never opens, or when the campaign is "
                                                  "`completed` or `cancelled`."),
        },
        "example": EX_PREFLIGHT,
    },
})

CAMPAIGN_PAGE = page_of("Campaign", "A page of campaigns.")
CAMPAIGN_CALL_PAGE = page_of("CampaignCall", "A page of campaign calls.")

path_param("campaignId", "Campaign id.")

def status_filter_422(allowed):
    message = "The selected status is invalid. Allowed: " + ", ".join(allowed) + "."
    return {"422": err_resp("An out-of-range `page` or `per_page`, or an unknown `status` (`VALIDATION_ERROR`).", "VALIDATION_ERROR",
                            message, {"errors": {"status": [message]}})}

def campaign_409(desc, message):
    return {"409": err_resp(desc + " (`CONFLICT`).", "CONFLICT", message)}

CAMPAIGN_BODY_422 = {"422": {
    "description": "A field is missing or invalid (a bad `retry_rules` on `retry_rules`), or an id names no contact list or coordinator of the organization (`VALIDATION_ERROR`).",
    "content": json_content(sref("Error"), examples={
        "required": {"value": {"error": "The name field is required.", "code": "VALIDATION_ERROR",
                               "errors": {"name": ["The name field is required."], "contact_list_ids": ["The contact list ids field is required."]}}},
        "unknownList": {"value": {"error": "No contact list with this id in the organization.", "code": "VALIDATION_ERROR",
                                  "errors": {"contact_list_ids.1": ["No contact list with this id in the organization."]}}},
        "callingWindow": {"value": {"error": "The end time must be after the start time.", "code": "VALIDATION_ERROR",
                                    "errors": {"calling_window.end": ["The end time must be after the start time."]}}},
        "retryRules": {"value": {"error": "Unknown outcome \"busy\": retry rules may name missed, voicemail and failed.", "code": "VALIDATION_ERROR",
                                 "errors": {"retry_rules": ["Unknown outcome \"busy\": retry rules may name missed, voicemail and failed."]}}},
    })}}
CAMPAIGN_WRITE_BODY = merged(WRITE_BODY, CAMPAIGN_BODY_422)

campaign_paths = {
    coll("/campaigns"): {
        "parameters": [pref("orgId")],
        "get": op("listCampaigns", "Campaigns", "List campaigns", "Oldest first, each with its `stats`. Any member.",
                  params=PAGING + [qparam("status", "Only campaigns with this status (anything else is a 422 on `status`).", sref("CampaignStatus"))],
                  responses=merged({"200": ok("A page of campaigns.", CAMPAIGN_PAGE,
                                              {"data": [EX_CAMPAIGN_RUNNING], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})},
                                   READ, status_filter_422(CAMPAIGN_STATUSES))),
        "post": op("createCampaign", "Campaigns", "Create a campaign",
                   "Creates a `draft` campaign: nothing is called until `POST .../start`. Every id of `contact_list_ids` must name a contact list of the "
                   "organization (422 on `contact_list_ids.N` otherwise), and `coordinator_id` a coordinator of it (422 on `coordinator_id`). Defaults: "
                   "`max_concurrent_calls` 5, `max_attempts` 3, `retry_delay_minutes` 60, `calling_window` 08:00–21:00 every day, `require_consent` false, "
                   "`retry_rules` `{}`." + MEMBER,
                   body=json_content(create_of("CampaignInput", "name", "contact_list_ids"), example=EX_CAMPAIGN_INPUT),
                   responses=merged({"201": ok("Created, as a `draft` (its `stats` all 0).", sref("Campaign"), EX_CAMPAIGN)}, CAMPAIGN_WRITE_BODY)),
    },
    coll("/campaigns/{campaignId}"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "get": op("getCampaign", "Campaigns", "Show a campaign", "With its `stats`. Any member.",
                  responses=merged({"200": ok("The campaign.", sref("Campaign"), EX_CAMPAIGN_RUNNING)}, READ)),
        "put": op("updateCampaign", "Campaigns", "Update a campaign",
                  "Partial update: fields left out keep their values, `null` clears `description`, `coordinator_id`, `script` or `scheduled_start`, "
                  "and `calling_window` replaces the window. The audience (`contact_list_ids`) and `scheduled_start` change only while the campaign is "
                  "a `draft`: a body with either is 409 `CONFLICT` once it has left `draft`. The other fields may change in any status; a running "
                  "campaign applies them from its next call." + MEMBER,
                  body=json_content(sref("CampaignInput"), example={"max_concurrent_calls": 2,
                                                                    "calling_window": {"start": "09:30", "end": "18:00", "days": ["mon", "tue", "wed", "thu", "fri"]}}),
                  responses=merged({"200": ok("The updated campaign.", sref("Campaign"))}, CAMPAIGN_WRITE_BODY,
                                   campaign_409("`contact_list_ids` or `scheduled_start` was sent for a campaign that is no longer a `draft`",
                                                "The audience and start time change only while the campaign is a draft (it is running)."))),
        "delete": op("deleteCampaign", "Campaigns", "Delete a campaign",
                     "Deletes the campaign and the progress of its calls; the call records and interactions its calls made stay. A `running` "
                     "campaign is refused (409 `CONFLICT`): pause or cancel it first." + MEMBER,
                     responses=merged({"204": NO_CONTENT}, WRITE,
                                      campaign_409("The campaign is `running`", "A running campaign cannot be deleted: pause or cancel it first."))),
    },
    coll("/campaigns/{campaignId}/start"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "post": op("startCampaign", "Campaigns", "Start a campaign",
                   "From `draft` only (409 `CONFLICT` otherwise). Snapshots the audience: one campaign call per unique contact of the campaign's lists, "
                   "in the order they were added to the lists, with the contact's time zone (the organization's when it has none), in which the calling "
                   "window is read; contacts who may not be called are `skipped` with their `skip_reason` (`do_not_contact`, `no_phone`, "
                   "`invalid_phone`, `suppressed`, `duplicate_phone`, `no_consent`: see `GET .../preflight`). Contacts added to the lists later are "
                   "not called. The campaign then becomes `running` and fires `campaign.started`, or, when `scheduled_start` is still ahead, "
                   "`scheduled`: it starts by itself at that time (fired then). An audience nobody may be called (empty lists, or every contact "
                   "excluded) completes at once (`campaign.completed`). No body." + MEMBER,
                   responses=merged({
                       "200": {"description": "The campaign, `running` (or `scheduled`, or `completed` when nobody may be called), with its `stats`.",
                               "content": json_content(sref("Campaign"), examples={
                                   "scheduled": {"summary": "Started before its scheduled_start", "value": EX_CAMPAIGN_SCHEDULED},
                                   "running": {"summary": "Started with no scheduled_start", "value": dict(
                                       EX_CAMPAIGN, scheduled_start=None, status="running", started_at="2026-01-20T10:05:00Z", updated_at="2026-01-20T10:05:00Z",
                                       stats=dict(EX_CAMPAIGN_STATS_EMPTY, total_contacts=100, pending=100))},
                               })},
                   }, WRITE, campaign_409("The campaign is not a `draft`", "Only a draft campaign can be started (this one is running)."))),
    },
    coll("/campaigns/{campaignId}/pause"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "post": op("pauseCampaign", "Campaigns", "Pause a campaign",
                   "From `running` or `scheduled` (409 `CONFLICT` otherwise): no more calls are handed out, and a scheduled campaign does not start at "
                   "its time, until `POST .../resume`. Calls in progress may still report their results. No body." + MEMBER,
                   responses=merged({"200": ok("The paused campaign.", sref("Campaign"), EX_CAMPAIGN_PAUSED)}, WRITE,
                                    campaign_409("The campaign is not `running` or `scheduled`", "A completed campaign cannot be paused."))),
    },
    coll("/campaigns/{campaignId}/resume"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "post": op("resumeCampaign", "Campaigns", "Resume a campaign",
                   "From `paused` (409 `CONFLICT` otherwise): back to `running`, or to `scheduled` when it was paused before it began and its "
                   "`scheduled_start` is still ahead (one whose start has passed begins now, firing `campaign.started`). A campaign whose calls all "
                   "got their final results while it was paused completes at once (`campaign.completed`). No body." + MEMBER,
                   responses=merged({"200": ok("The resumed campaign.", sref("Campaign"), dict(EX_CAMPAIGN_RUNNING, updated_at="2026-01-25T17:00:00Z"))},
                                    WRITE, campaign_409("The campaign is not `paused`", "A running campaign cannot be resumed."))),
    },
    coll("/campaigns/{campaignId}/cancel"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "post": op("cancelCampaign", "Campaigns", "Cancel a campaign",
                   "From `draft`, `scheduled`, `running` or `paused` (409 `CONFLICT` from `completed` or `cancelled`): ends the campaign for good "
                   "(`cancelled_at`); no more calls are handed out, and calls in progress may still report their results. It does not fire "
                   "`campaign.completed`. No body." + MEMBER,
                   responses=merged({"200": ok("The cancelled campaign.", sref("Campaign"), EX_CAMPAIGN_CANCELLED)}, WRITE,
                                    campaign_409("The campaign is `completed` or already `cancelled`", "A completed campaign cannot be cancelled."))),
    },
    coll("/campaigns/{campaignId}/stats"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "get": op("getCampaignStats", "Campaigns", "Campaign statistics",
                  "The campaign's `stats` alone: the guide's six statistics (`total_contacts`, `calls_made`, `calls_completed`, `calls_missed`, "
                  "`voicemails_left`, `completion_rate`), then the contacts `skipped`, `pending`, `in_progress` and `failed`. Any member.",
                  responses=merged({"200": ok("The statistics.", sref("CampaignStats"), EX_CAMPAIGN_STATS)}, READ)),
    },
    coll("/campaigns/{campaignId}/calls"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "get": op("listCampaignCalls", "Campaigns", "List a campaign's calls",
                  "Each contact of the audience with its progress, in audience order: its status, attempts, latest outcome and the call record of each "
                  "reported attempt. Empty before the start. Any member.",
                  params=PAGING + [qparam("status", "Only campaign calls with this status (anything else is a 422 on `status`).", sref("CampaignCallStatus"))],
                  responses=merged({"200": ok("A page of campaign calls.", CAMPAIGN_CALL_PAGE,
                                              {"data": [EX_CAMPAIGN_CALL], "current_page": 1, "per_page": 25, "total": 1, "last_page": 1})},
                                   READ, status_filter_422(CAMPAIGN_CALL_STATUSES))),
    },
    coll("/campaigns/{campaignId}/preflight"): {
        "parameters": [pref("orgId"), pref("campaignId")],
        "get": op("getCampaignPreflight", "Campaigns", "Preflight a campaign",
                  "Who of the audience would be called and who not, and why, without starting anything. For a `draft` it reads the campaign's "
                  "contact lists as they are; for a started campaign, its snapshot's contacts as they are now. Each contact counts once, under "
                  "the first of its reasons in the order `do_not_contact`, `no_phone`, `invalid_phone` (a phone that cannot be dialled: "
                  "country code 1 with other than 10 national digits), `suppressed`, `duplicate_phone` (a phone shared with contacts passing the "
                  "earlier checks: the earliest-created of them is kept), `no_consent` (only with `require_consent`). `first_call_at` is the "
                  "earliest moment, from now or the `scheduled_start` when later, the campaign's window (within quiet hours, unless the organization "
                  "allows calls outside them) opens in the zone of "
                  "any contact who would be called; null when nobody would be called, when the window never opens, or for a `completed` or "
                  "`cancelled` campaign. Any member.",
                  responses=merged({"200": ok("The preflight.", sref("CampaignPreflight"), EX_PREFLIGHT)}, READ)),
    },

    AI_BASE + "/campaigns/{business_id}/calls/next": {
        "parameters": BUSINESS,
        "post": op("leaseNextCampaignCall", "Agent API", "Get the next campaign call",
                   "Leases the next campaign call due now to the calling agent. Among the business's `running` campaigns (or only `campaign_id`), "
                   "oldest started first, it takes the first one with fewer than `max_concurrent_calls` calls in progress and a `pending` call that is "
                   "due (`next_attempt_at` passed) and whose contact is inside the calling window in its own time zone; within a campaign, the call due "
                   "longest, then in audience order. The call becomes `in_progress` with a 15-minute lease (`lease_expires_at`), and the attempt is "
                   "counted. A call is never leased to two agents at once, also with several server instances. Scheduled campaigns whose start has "
                   "come begin first.\n\n"
                   "**Compliance.** Calls are leased " + QUIET_HOURS_RULE + ". A due call whose contact has since been deleted, marked "
                   "`do_not_contact` or left without a diallable phone, whose phone is suppressed, or (with `require_consent`) whose contact has "
                   "no `consent_at`, is `skipped` with that `skip_reason` instead of leased: a suppressed phone is never leased. Each contact is leased at most the "
                   "organization's `max_daily_attempts_per_contact` times per local calendar day of the contact, across all campaigns; a call over "
                   "the cap waits for the contact's next local day (its `next_attempt_at` moves there).\n\n"
                   "Call the contact, then report the result with `POST /api/internal/ai/interactions/{business_id}` and this `campaign_call_id` "
                   "(see **Campaign calls** there). A lease not reported by `lease_expires_at` returns to the queue. The body is optional.",
                   security=AGENT_SEC,
                   body=json_content(sref("CampaignLeaseInput"), example={"campaign_id": EX_CAMPAIGN_ID}), body_required=False,
                   responses=merged(AGENT_BODY_ERRS, {
                       "200": ok("The leased call: what to dial and say.", sref("CampaignLease"), EX_CAMPAIGN_LEASE),
                       "204": {"description": "No call is due now: no campaign is running, or every running campaign is at its `max_concurrent_calls`, "
                                              "outside its calling window or quiet hours for every waiting contact, waiting for retries, or left only "
                                              "calls skipped or over their contact's daily cap. Ask again later. No body."},
                       "422": agent_422("`campaign_id` is not a UUID", "The campaign id field must be a valid UUID.",
                                        {"campaign_id": ["The campaign id field must be a valid UUID."]}),
                   })),
    },
}
paths.update(campaign_paths)

# ---------------------------------------------------------------------------
# Outbound calling compliance (CONTRACT section 12): the suppression list of an
# organization (phones no campaign calls), by hand, by CSV and by opt-outs.
# ---------------------------------------------------------------------------

EX_SUPPRESSION = {
    "id": "8e1f4c2a-7b3d-4e5f-9a6b-1c2d3e4f5a6b",
    "phone": "+15551234567",
    "reason": "customer request",
    "contact_id": None,
    "call_id": None,
    "created_at": T0,
    "updated_at": T0,
}
# What an opt-out at the end of a call leaves: the contact's phone, the contact and the call.
EX_SUPPRESSION_OPT_OUT = {
    "id": "9f2a5d3b-8c4e-4f6a-8b7c-2d3e4f5a6b7c",
    "phone": EX_CONTACT["phone"],
    "reason": "opt_out",
    "contact_id": EX_CONTACT_ID,
    "call_id": EX_CALL_ID,
    "created_at": "2026-01-20T15:07:10Z",
    "updated_at": "2026-01-20T15:07:10Z",
}
EX_SUPPRESSION_IMPORT_CSV = "phone,reason\n+15559876543,customer request\n(234) 567-8901,\n+1234567890,opt_out\n12,\n"
EX_SUPPRESSION_IMPORT_REPORT = {
    "created": 2, "updated": 1, "failed": 1,
    "errors": [{"row": 5, "errors": {"phone": ["The phone field must be a valid phone number (E.164 such as +15551234567, or a national number)."]}}],
}
SUPPRESSION_PHONE_ERROR = "The phone field must be a valid phone number (E.164 such as +15551234567, or a national number)."

schemas.update({
    "Suppression": {
        "type": "object",
        "description": "A phone no campaign of the organization calls: a pending campaign call whose phone is suppressed is `skipped` "
                       "(`suppressed`) instead of leased.",
        "required": ["id", "phone", "reason", "contact_id", "call_id", "created_at", "updated_at"],
        "properties": {
            "id": UUID,
            "phone": {"type": "string", "pattern": "^\\+[0-9]{8,15}$", "description": "E.164; one entry per phone."},
            "reason": {"type": "string", "description": "Free text: `manual` by default, `opt_out` for an opt-out."},
            "contact_id": nullable("string", format="uuid", description="The contact an opt-out came from; null otherwise."),
            "call_id": nullable("string", format="uuid", description="The call whose outcome was an opt-out; null otherwise."),
            "created_at": TS,
            "updated_at": TS,
        },
        "example": EX_SUPPRESSION,
    },
    "SuppressionInput": {
        "type": "object",
        "required": ["phone"],
        "properties": {
            "phone": {"type": "string", "minLength": 1, "maxLength": 40,
                      "description": "In any common format, normalized to E.164 with the organization's `country_code` like a contact's phone; "
                                     "missing or malformed is a 422 on `phone`."},
            "reason": nullable("string", maxLength=255, default="manual", description="Free text; trimmed. Absent, null or blank: `manual`."),
        },
        "example": {"phone": "(555) 123-4567", "reason": "customer request"},
    },
})
schemas["ImportReport"]["description"] = (
    "What a CSV import (of contacts or of suppressed phones) did. Rows with errors are skipped and listed (the first 1,000; the counts stay "
    "exact), and nothing of them is written; the good rows are written in chunks of 500 rows, each in a transaction of its own.")
schemas["ImportReport"]["properties"]["updated"]["description"] = (
    "Contacts: rows that matched an existing contact by e-mail or phone (their tags are added to the contact's). Suppressions: rows whose "
    "phone was already suppressed (its reason replaced when the row gives one).")

SUPPRESSION_PAGE = page_of("Suppression", "A page of suppressed phones.")
path_param("phone", "The suppressed phone, in any format (e.g. `+15551234567`, `%2B15551234567` or `5551234567`), normalized to E.164 like the "
                    "`phone` of `POST .../suppressions`. A value that cannot be a phone is not suppressed (404).",
           schema={"type": "string", "minLength": 1}, example="+15551234567")

suppression_paths = {
    coll("/suppressions"): {
        "parameters": [pref("orgId")],
        "get": op("listSuppressions", "Suppressions", "List suppressed phones", "Oldest first. Any member.", params=PAGING,
                  responses=merged({"200": ok("A page of suppressed phones.", SUPPRESSION_PAGE,
                                              {"data": [EX_SUPPRESSION, EX_SUPPRESSION_OPT_OUT], "current_page": 1, "per_page": 25, "total": 2, "last_page": 1})},
                                   LIST_READ)),
        "post": op("createSuppression", "Suppressions", "Suppress a phone",
                   "Adds the phone (normalized to E.164 with the organization's `country_code`) to the suppression list, with `reason` "
                   "(`manual` when none is given): no campaign calls it from then on. A phone already suppressed is answered 200 with its "
                   "entry, unchanged." + MEMBER,
                   body=json_content(sref("SuppressionInput"), example={"phone": "(555) 123-4567", "reason": "customer request"}),
                   responses=merged({
                       "201": ok("Suppressed: the new entry.", sref("Suppression"), EX_SUPPRESSION),
                       "200": ok("The phone was already suppressed: its entry, unchanged.", sref("Suppression"), EX_SUPPRESSION_OPT_OUT),
                   }, WRITE_BODY, {
                       "422": err_resp("`phone` is missing or not a phone number, or `reason` is not a string of at most 255 characters (`VALIDATION_ERROR`).",
                                       "VALIDATION_ERROR", SUPPRESSION_PHONE_ERROR, {"errors": {"phone": [SUPPRESSION_PHONE_ERROR]}}),
                   })),
    },
    coll("/suppressions/{phone}"): {
        "parameters": [pref("orgId"), pref("phone")],
        "delete": op("deleteSuppression", "Suppressions", "Unsuppress a phone",
                     "Removes the phone, given in any format, from the suppression list: campaigns may call it again." + MEMBER,
                     responses=merged({"204": NO_CONTENT}, WRITE, {
                         "404": {"description": "The organization does not exist or the caller is not a member of it, or the phone is not "
                                                "suppressed (or cannot be a phone) (`NOT_FOUND`).",
                                 "content": json_content(sref("Error"), examples={
                                     "notSuppressed": {"value": {"error": "This phone is not suppressed.", "code": "NOT_FOUND"}},
                                     "organization": {"value": {"error": "Organization not found.", "code": "NOT_FOUND"}},
                                 })},
                     })),
    },
    coll("/suppressions/import"): {
        "parameters": [pref("orgId")],
        "post": op("importSuppressions", "Suppressions", "Import suppressed phones from CSV",
                   "The request body is the CSV file itself (RFC 4180, `Content-Type: text/csv`; `text/plain` and `application/csv` are accepted "
                   "too), up to 50 MiB. The header row names a `phone` column and optionally `reason`; other columns are ignored. Each row "
                   "suppresses its phone (normalized like `POST .../suppressions`; `created`), or, when the phone is already suppressed, counts "
                   "as `updated` (its reason replaced when the row gives one; a phone repeated in the file keeps its last reason). A bad row (a "
                   "missing or malformed phone, a reason over 255 characters) is reported with its line (the header is line 1) and nothing of it "
                   "is written. Rows are written in chunks of 500, each in a transaction of its own." + MEMBER,
                   body={"text/csv": {"schema": {"type": "string"}, "example": EX_SUPPRESSION_IMPORT_CSV}},
                   responses=merged({
                       "200": ok("The import report.", sref("ImportReport"), EX_SUPPRESSION_IMPORT_REPORT),
                       "400": err_resp("The `Content-Type` is not CSV (`BAD_REQUEST`).", "BAD_REQUEST",
                                       "Send the CSV file as the request body with Content-Type: text/csv."),
                       "413": err_resp("The CSV file is over 50 MiB (`PAYLOAD_TOO_LARGE`).", "PAYLOAD_TOO_LARGE", "The request body is too large."),
                       "422": {"description": "The file is empty or its header row has no `phone` column (`VALIDATION_ERROR`, on the field `file`).",
                               "content": json_content(sref("Error"), examples={
                                   "noPhoneColumn": {"value": {"error": "The header row must name a phone column (phone,reason).", "code": "VALIDATION_ERROR",
                                                               "errors": {"file": ["The header row must name a phone column (phone,reason)."]}}},
                                   "emptyFile": {"value": {"error": "The CSV file is empty: it needs a header row (phone,reason).", "code": "VALIDATION_ERROR",
                                                           "errors": {"file": ["The CSV file is empty: it needs a header row (phone,reason)."]}}},
                               })},
                   }, WRITE)),
    },
}
paths.update(suppression_paths)

SUPPRESSION_TAGS = [
    {"name": "Suppressions", "description": "The organization's suppression list: phones (E.164) no campaign calls, added by hand, by CSV import, "
                                            "or by an opt-out: an interaction or call with outcome " + OPT_OUTCOMES + " suppresses the contact's "
                                            "phone (else the call's number) with reason `opt_out`, records the call, and marks the contact "
                                            "`do_not_contact`, which fires `contact.updated`. Any member reads; members and up write."},
]

# ---------------------------------------------------------------------------
# Voice platforms and MCP (CONTRACT section 10): the tool catalogue through MCP, plain
# calls and manifests, and the call-start packet. Agents may send their API key directly.
# ---------------------------------------------------------------------------

TOOL_NAMES = ["get_call_context", "check_availability", "find_customer", "book_appointment", "reschedule_appointment",
              "cancel_appointment", "create_lead", "log_interaction"]
SERVER_TIMING = {"Server-Timing": {"description": "Where the request's time went, in milliseconds: `db;dur=` in the database, `total;dur=` in all.",
                                   "schema": {"type": "string"}, "example": "db;dur=1.84, total;dur=3.02"}}
EX_CALL_CONTEXT = {
    "business_id": EX_ORG_ID, "business_name": "Acme Corporation", "timezone": "America/New_York",
    "now": {"utc": "2027-03-16T13:05:00Z", "local": "2027-03-16T09:05:00-04:00", "spoken": "Tuesday, March 16 at 9:05 AM"},
    "open_now": True, "today_hours": {"open": "09:00", "close": "17:00", "spoken": "9:00 AM to 5:00 PM"}, "next_opening": None,
    "appointment_types": [{"id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f", "name": "Consultation", "duration_minutes": 30}],
    "coordinator": {"name": "Ava", "persona": "Friendly Professional", "tone": "warm, upbeat, concise", "greeting": "Thanks for calling Acme, this is Ava."},
    "faqs": [{"question": "Where do I park?", "answer": "Free parking behind the building."}],
    "next_free_slots": [{"start": "2027-03-16T13:30:00Z", "start_local": "2027-03-16T09:30:00-04:00", "spoken": "Tuesday, March 16 at 9:30 AM"}],
    "contact": None, "upcoming_appointments": [], "recent_calls": [],
}

schemas.update({
    "SpeakableTime": {
        "type": "object", "required": ["start", "start_local", "spoken"],
        "description": "A time as tools return it: `start` in UTC, `start_local` with the business's offset, and `spoken` in the business's time zone "
                       "(\"Weekday, Month D at h:mm AM/PM\").",
        "properties": {
            "start": TS,
            "start_local": {"type": "string", "format": "date-time", "description": "The same instant with the business's UTC offset."},
            "spoken": {"type": "string", "description": "What an agent can say.", "examples": ["Tuesday, March 16 at 2:30 PM"]},
        },
        "example": EX_SPEAKABLE,
    },
    "CallContext": {
        "type": "object",
        "description": "What an agent needs when a call starts, in at most 8 KB. Long lists and texts are cut to fit (FAQs, appointment types, tags; "
                       "texts end with `…`); the fields are always present.",
        "required": ["business_id", "business_name", "timezone", "now", "open_now", "today_hours", "next_opening", "appointment_types", "coordinator",
                     "faqs", "next_free_slots", "contact", "upcoming_appointments", "recent_calls"],
        "properties": {
            "business_id": UUID, "business_name": {"type": "string"}, "timezone": {"type": "string"},
            "now": {"type": "object", "required": ["utc", "local", "spoken"],
                    "properties": {"utc": TS, "local": {"type": "string", "format": "date-time"}, "spoken": {"type": "string"}}},
            "open_now": {"type": "boolean", "description": "Whether now is inside today's business hours."},
            "today_hours": {"type": ["object", "null"], "description": "Today's hours (`open`, `close` as HH:mm, `spoken`); null when closed today.",
                            "properties": {"open": {"type": "string"}, "close": {"type": "string"}, "spoken": {"type": "string"}}},
            "next_opening": {"description": "When the business next opens (within a week); null when open now.",
                             "oneOf": [sref("SpeakableTime"), {"type": "null"}]},
            "appointment_types": {"type": "array", "description": "By name; the first one's duration sizes `next_free_slots`.",
                                  "items": {"type": "object", "properties": {"id": UUID, "name": {"type": "string"}, "duration_minutes": {"type": "integer"}}}},
            "coordinator": {"type": ["object", "null"], "description": "The first active coordinator by name (else the first): `name`, `persona`, `tone`, `greeting`."},
            "faqs": {"type": "array", "items": {"type": "object", "properties": {"question": {"type": "string"}, "answer": {"type": "string"}}}},
            "next_free_slots": {"type": "array", "description": "The next 3 free slots in business hours (the first type's duration, else 30 minutes).",
                                "items": sref("SpeakableTime")},
            "contact": {"type": ["object", "null"], "description": "The caller when `phone` matches a contact (`id`, `name`, `phone`, `email`, `company`, "
                                                                "`status`, `tags`, `notes`); null otherwise."},
            "upcoming_appointments": {"type": "array", "description": "The caller's next 3 live appointments, with `id` and speakable times.",
                                      "items": {"type": "object"}},
            "recent_calls": {"type": "array", "description": "The caller's last 3 calls, newest first.", "items": {"type": "object"}},
        },
        "example": EX_CALL_CONTEXT,
    },
    "ToolManifest": {
        "type": "object", "required": ["tools"],
        "description": "The tool catalogue as one platform's tool definitions.",
        "properties": {"tools": {"type": "array", "items": {"type": "object"}}},
    },
    "ToolResult": {"type": "object", "description": "The tool's result (see the tool's result schema in `tools/list` of the MCP server)."},
    "ToolArguments": {"type": "object", "description": "The tool's arguments (see its `inputSchema` in `tools/list`, or a manifest's `parameters`)."},
})
schemas["Error"]["properties"]["message"] = {
    "type": "string", "description": "Refused bookings and moves of the agent API (`SLOT_UNAVAILABLE`): a sentence an agent can say."}
schemas["Error"]["properties"]["alternatives"] = {
    "type": "array", "items": sref("SpeakableTime"), "maxItems": 3,
    "description": "Refused bookings and moves of the agent API (`SLOT_UNAVAILABLE`): the next free slots after the time asked for (up to 3, within 14 days)."}

TOOL_DESCRIPTION = (
    "Tools: " + ", ".join(f"`{n}`" for n in TOOL_NAMES) + ". Their names, descriptions and JSON Schemas are listed by the MCP server's `tools/list` and by "
    "`GET /api/internal/ai/tools`. Every time they return is speakable (`start`, `start_local`, `spoken`); a `start` they take is the business's local "
    "time without offset (`2027-03-16T14:30`) or an ISO 8601 instant.")

tool_paths = {
    AI_BASE + "/mcp": {
        "post": op("mcp", "Agent API", "MCP server (streamable HTTP, stateless)",
                   "An MCP server over the streamable HTTP transport, stateless: each request stands alone and no session id is needed. Send JSON-RPC "
                   "with `Content-Type: application/json` and `Accept: application/json, text/event-stream`; answers are JSON. `initialize` answers protocol "
                   "versions 2025-03-26, 2025-06-18 and 2025-11-25; `tools/list` lists the catalogue (with input and output schemas); `tools/call` "
                   "answers the result as JSON text plus `structuredContent`, or `isError: true` with the error body (`code`, `errors` naming bad "
                   "arguments, `message` and `alternatives` for a refused booking). An unknown tool is JSON-RPC error -32602, an unknown method -32601. "
                   "`GET` and `DELETE` are 405. " + TOOL_DESCRIPTION,
                   security=AGENT_SEC,
                   body=json_content({"type": "object", "description": "A JSON-RPC 2.0 request or notification."},
                                     example={"jsonrpc": "2.0", "id": 1, "method": "tools/call",
                                              "params": {"name": "check_availability", "arguments": {"date": "2027-03-16"}}}),
                   responses=merged(AGENT_ERRS, {
                       "200": {"description": "The JSON-RPC response.", "headers": SERVER_TIMING,
                               "content": json_content({"type": "object"}, example={"jsonrpc": "2.0", "id": 1, "result": {
                                   "content": [{"type": "text", "text": "{\"date\":\"2027-03-16\",...}"}],
                                   "structuredContent": {"date": "2027-03-16", "timezone": "America/New_York", "duration_minutes": 30, "slots": []}}})},
                       "202": {"description": "A notification was accepted. No body."},
                       "400": {"description": "Not JSON-RPC (a batch, an empty body), or an unsupported `MCP-Protocol-Version`.",
                               "content": json_content({"type": "object"})},
                       "406": {"description": "`Accept` names neither `application/json` nor anything (`*/*` counts as JSON).", "content": json_content({"type": "object"})},
                       "413": rref("PayloadTooLarge"),
                       "415": {"description": "The body is not `application/json`.", "content": json_content({"type": "object"})},
                   })),
    },
    AI_BASE + "/tools": {
        "get": op("getToolManifest", "Agent API", "Tool definitions for a voice platform",
                  "The tool catalogue as the platform's tool definitions, ready to paste, with absolute URLs of this server (`APP_URL`, else the request's "
                  "host): `openai` Chat Completions tools, `openai-realtime` the flat form, `vapi` function tools whose `server.url` is "
                  "`/api/internal/ai/vapi`, `retell` custom functions posting to `/api/internal/ai/retell/functions/{name}`, `elevenlabs` webhook tools "
                  "posting to `/api/internal/ai/tools/{name}`. Asked for with the agent's API key, the definitions carry it in their `Authorization` "
                  "header; with an access token (which expires), a placeholder to replace.",
                  security=AGENT_SEC,
                  params=[{"name": "format", "in": "query", "required": True, "description": "The platform.",
                           "schema": {"type": "string", "enum": ["openai", "openai-realtime", "vapi", "retell", "elevenlabs"]}}],
                  responses=merged(AGENT_ERRS, {
                      "200": {"description": "The definitions.", "headers": SERVER_TIMING, "content": json_content(sref("ToolManifest"), example={"tools": [
                          {"type": "function", "name": "check_availability", "description": "Find free appointment slots on one day...",
                           "parameters": {"type": "object", "properties": {"date": {"type": "string", "format": "date"}}, "required": ["date"]}}]})},
                      "422": agent_422("`format` is missing or not one of the platforms", "The format must be one of openai, openai-realtime, vapi, retell, elevenlabs.",
                                       {"format": ["The format must be one of openai, openai-realtime, vapi, retell, elevenlabs."]}),
                  })),
    },
    AI_BASE + "/tools/{name}": {
        "parameters": [{"name": "name", "in": "path", "required": True, "description": "The tool.", "schema": {"type": "string", "enum": TOOL_NAMES}}],
        "post": op("callTool", "Agent API", "Call a tool",
                   "Runs the tool with the JSON body as its arguments (an empty body is no arguments) for the agent's own organization, and answers its "
                   "result: for ElevenLabs server tools, Bland and custom agents. " + TOOL_DESCRIPTION,
                   security=AGENT_SEC, body=json_content(sref("ToolArguments"), example={"date": "2027-03-16", "duration_minutes": 30}), body_required=False,
                   responses=merged(AGENT_ERRS, {
                       "200": {"description": "The tool's result.", "headers": SERVER_TIMING, "content": json_content(sref("ToolResult"))},
                       "400": rref("BadRequest"),
                       "404": err_resp("No tool has this name, or the appointment named does not exist (`NOT_FOUND`).", "NOT_FOUND",
                                       "Unknown tool 'book'. Tools: get_call_context, check_availability, find_customer, book_appointment, reschedule_appointment, cancel_appointment, create_lead, log_interaction."),
                       "409": {"description": "A booking or move refused (`SLOT_UNAVAILABLE`, with `message` and `alternatives`), or a cancel of an appointment "
                                              "that is no longer live (`CONFLICT`).",
                               "content": json_content(sref("Error"), example=EX_REFUSAL)},
                       "413": rref("PayloadTooLarge"),
                       "422": agent_422("The arguments are invalid: missing, of the wrong type, or ids naming no record of the business", "The date field is required.",
                                        {"date": ["The date field is required."]}),
                   })),
    },
    AI_BASE + "/call-context/{business_id}": {
        "parameters": BUSINESS,
        "get": op("getCallContext", "Agent API", "Get the call-start packet",
                  "What an agent needs when a call starts, in one packet of at most 8 KB (also the `get_call_context` tool): the business and its time "
                  "now, whether it is open, today's hours or the next opening, appointment types, the coordinator persona, FAQs, the next 3 free slots, "
                  "and for a caller whose `phone` matches a contact, the contact, its next appointments and its last 3 calls.",
                  security=AGENT_SEC,
                  params=[qparam("phone", "The caller's phone number, in any common format.", {"type": "string", "maxLength": 40})],
                  responses=merged(AGENT_ERRS, {
                      "200": {"description": "The packet.", "headers": SERVER_TIMING, "content": json_content(sref("CallContext"), example=EX_CALL_CONTEXT)},
                      "422": agent_422("`phone` is over 40 characters or has control characters", "The phone must be at most 40 characters.",
                                       {"phone": ["The phone must be at most 40 characters."]}),
                  })),
    },
}
PLATFORM_KEY = {"name": "key", "in": "query", "required": False, "schema": {"type": "string"},
                "description": "The agent's API key (`fc_ak_...`), for platforms that cannot send headers. Only on the platforms' endpoints; never logged."}
tool_paths[AI_BASE + "/vapi"] = {
    "post": op("vapiServerMessage", "Agent API", "Vapi server URL",
               "Vapi's server messages, `{\"message\": {\"type\": ...}}`. `tool-calls` runs each entry of `toolCallList` (`{id, type, function: {name, "
               "arguments}}`, `{id, name, arguments}` or `{id, name, parameters}`; arguments an object or a JSON string) and answers "
               "`{\"results\": [{toolCallId, name, result}]}` in order, `result` the tool's result as a JSON string, or `error` instead (the error body "
               "as a JSON string, or an unknown tool). `assistant-request` answers which assistant takes the call (`{\"error\": ...}` while none is "
               "set); `end-of-call-report` becomes one call record and one interaction (the call intake: the customer's number matched to a "
               "contact or made one, `endedReason` mapped to the status: voicemail reasons `voicemail`, no answer, busy and failures to connect "
               "`missed`, others `completed`; transcript, summary, recording URL, duration; the events of `POST /api/internal/ai/interactions/{business_id}`; "
               "a `campaign_call_id` in the call's metadata settles that campaign call), recorded once per Vapi call id however often and in "
               "whatever order it is reported (later reports only fill fields still empty), answered `{}`; every other type is acknowledged "
               "with `{}`. The key may come as a bearer credential, as `X-Vapi-Secret` or as `?key=`. " + TOOL_DESCRIPTION,
               security=AGENT_SEC,
               params=[PLATFORM_KEY, {"name": "X-Vapi-Secret", "in": "header", "required": False, "schema": {"type": "string"},
                                      "description": "The agent's API key, as Vapi's server secret."}],
               body=json_content({"type": "object", "required": ["message"], "properties": {"message": {"type": "object", "required": ["type"]}}},
                                 example={"message": {"type": "tool-calls", "toolCallList": [
                                     {"id": "call_1", "type": "function", "function": {"name": "check_availability", "arguments": {"date": "2027-03-16"}}}]}}),
               responses=merged({"401": rref("AgentUnauthenticated")}, BODY_ERRS, {
                   "200": {"description": "The answer to the message.", "headers": SERVER_TIMING, "content": json_content({"type": "object"}, example={
                       "results": [{"toolCallId": "call_1", "name": "check_availability", "result": "{\"date\":\"2027-03-16\",\"slots\":[]}"}]})},
                   "422": agent_422("The envelope lacks `message`, its `type`, for tool calls the `toolCallList` or an entry's `id` or name, "
                                    "or for an end-of-call report the call's id (`message.call.id`)",
                                    "The message field is required.", {"message": ["The message field is required."]}),
               })),
}
tool_paths[AI_BASE + "/retell/functions/{name}"] = {
    "parameters": [{"name": "name", "in": "path", "required": True, "description": "The tool.", "schema": {"type": "string", "enum": TOOL_NAMES}}],
    "post": op("retellFunction", "Agent API", "Retell custom function",
               "A Retell custom function: Retell posts `{name, call, args}` (or, with \"payload: args only\", the arguments as the body) and reads the "
               "answer as the tool's result; failures are answered as by `POST /api/internal/ai/tools/{name}`. The key may come as a bearer "
               "credential (the function's headers) or as `?key=`. " + TOOL_DESCRIPTION,
               security=AGENT_SEC, params=[PLATFORM_KEY],
               body=json_content({"type": "object"}, example={"name": "check_availability", "call": {"call_id": "retell-call-1"}, "args": {"date": "2027-03-16"}}),
               responses=merged({"401": rref("AgentUnauthenticated")}, BODY_ERRS, {
                   "200": {"description": "The tool's result.", "headers": SERVER_TIMING, "content": json_content(sref("ToolResult"))},
                   "404": err_resp("No tool has this name, or the appointment named does not exist (`NOT_FOUND`).", "NOT_FOUND", "Unknown tool 'book'."),
                   "409": {"description": "A booking or move refused (`SLOT_UNAVAILABLE`, with `message` and `alternatives`), or a cancel of an appointment "
                                          "that is no longer live (`CONFLICT`).", "content": json_content(sref("Error"), example=EX_REFUSAL)},
                   "422": agent_422("The arguments are invalid", "The date field is required.", {"date": ["The date field is required."]}),
               })),
}
WEBHOOK_204 = {"204": {"description": "Taken in (or, for an event not taken in, acknowledged). No body.", "headers": SERVER_TIMING}}
BAD_SIGNATURE = err_resp("Missing or bad credentials, or a signature that does not match (or is too old) when the agent has the secret set: "
                         "nothing is recorded (`UNAUTHENTICATED`).", "UNAUTHENTICATED", "The webhook signature does not match.")
tool_paths[AI_BASE + "/retell/webhook"] = {
    "post": op("retellWebhook", "Agent API", "Retell call webhook",
               "Retell's call webhooks (`{event, call}`). `call_inbound` is answered `{\"call_inbound\": {\"dynamic_variables\": {...}}}` from the "
               "call-start packet of `call_inbound.from_number` (string values: `business_name`, `current_time`, `open_now`, `caller_known`, "
               "`customer_name`, `next_appointment`, `next_free_slots`, `next_opening`). `call_started`, `call_ended` and `call_analyzed` go to the "
               "call intake (as for Vapi's end-of-call report: one call record per Retell `call_id`, in any order and any number of times; "
               "`call_started` alone records nothing; `call_analyzed` adds the summary; `disconnection_reason` gives the status), answered 204. "
               "When the agent has a `retell_api_key`, `X-Retell-Signature` (`v={ms},d={hex}`: HMAC-SHA256 of the body and the timestamp with "
               "the key) must match and be at most 5 minutes old. The key may come as `?key=`.",
               security=AGENT_SEC,
               params=[PLATFORM_KEY, {"name": "X-Retell-Signature", "in": "header", "required": False, "schema": {"type": "string"},
                                      "description": "Retell's signature of the body."}],
               body=json_content({"type": "object", "required": ["event"]},
                                 example={"event": "call_ended", "call": {"call_id": "retell-call-1", "direction": "inbound", "from_number": "+15550102030",
                                                                          "duration_ms": 150000, "disconnection_reason": "user_hangup"}}),
               responses=merged({"401": BAD_SIGNATURE, "400": rref("BadRequest"), "413": rref("PayloadTooLarge")}, WEBHOOK_204, {
                   "200": {"description": "`call_inbound`: the caller's dynamic variables.", "headers": SERVER_TIMING,
                           "content": json_content({"type": "object"}, example={"call_inbound": {"dynamic_variables": {"business_name": "Acme Corporation", "caller_known": "no"}}})},
                   "422": agent_422("No `event`, no `call` for a call event, or no `call.call_id`", "The event field is required (call_inbound, call_started, call_ended, call_analyzed).",
                                    {"event": ["The event field is required (call_inbound, call_started, call_ended, call_analyzed)."]}),
               })),
}
tool_paths[AI_BASE + "/elevenlabs/webhook"] = {
    "post": op("elevenLabsWebhook", "Agent API", "ElevenLabs post-call webhook",
               "ElevenLabs' post-call webhooks (`{type, event_timestamp, data}`). `post_call_transcription` goes to the call intake: one call record "
               "per `conversation_id` (the transcript turns as `role: message` lines, `analysis.transcript_summary`, `metadata.call_duration_secs`, "
               "`metadata.phone_call.external_number` and `direction`, `metadata.termination_reason` for the status), answered 204; other types "
               "are acknowledged with 204. When the agent has an `elevenlabs_webhook_secret`, `ElevenLabs-Signature` (`t={s},v0={hex}`: "
               "HMAC-SHA256 of `{t}.{body}` with the secret) must match and be at most 30 minutes old. The key may come as `?key=`.",
               security=AGENT_SEC,
               params=[PLATFORM_KEY, {"name": "ElevenLabs-Signature", "in": "header", "required": False, "schema": {"type": "string"},
                                      "description": "ElevenLabs' signature of the body."}],
               body=json_content({"type": "object", "required": ["type"]},
                                 example={"type": "post_call_transcription", "event_timestamp": 1804690400,
                                          "data": {"conversation_id": "conv_01", "transcript": [{"role": "agent", "message": "Hello."}]}}),
               responses=merged({"401": BAD_SIGNATURE, "400": rref("BadRequest"), "413": rref("PayloadTooLarge")}, WEBHOOK_204, {
                   "422": agent_422("No `type`, no `data`, or no `data.conversation_id`", "The type field is required (post_call_transcription).",
                                    {"type": ["The type field is required (post_call_transcription)."]}),
               })),
}
paths.update(tool_paths)

CAMPAIGN_TAGS = [
    {"name": "Campaigns", "description": "Outbound calling campaigns over contact lists, called by AI agents (see **Campaigns** in the introduction). "
                                         "Any member reads; members and up write."},
]

CAMPAIGN_DESCRIPTION = """

**Campaigns.** A campaign calls the unique contacts of its contact lists. Members create it as a `draft` (`POST /api/coordinator/organizations/{orgId}/campaigns`) and start it (`POST .../campaigns/{campaignId}/start`): the audience is snapshotted then, and the campaign is `running` at once, or `scheduled` until its `scheduled_start` (`campaign.started` fires when it begins calling). AI agents ask for work with `POST /api/internal/ai/campaigns/{business_id}/calls/next`, which leases one due call for 15 minutes (or answers 204 when none is due), respecting the campaign's `max_concurrent_calls` and its calling window in each contact's own time zone, within quiet hours (08:00 to 21:00 there, unless the organization sets `allow_calls_outside_quiet_hours`), never a suppressed phone (see **Suppressions**) and at most the organization's `max_daily_attempts_per_contact` leases of a contact per local day, and report each attempt with `POST /api/internal/ai/interactions/{business_id}` and `campaign_call_id`: outcomes are retried as the campaign's `retry_rules` say, else `missed` and `voicemail` after `retry_delay_minutes` until `max_attempts`, and `completed` and `failed` are final. `GET .../campaigns/{campaignId}/preflight` tells beforehand who would be called and who not, and why. Once every call has its final result the campaign is `completed` (`campaign.completed`). Progress is in the campaign's `stats` (`GET .../stats`) and per contact in `GET .../calls`."""

description = """4Calls is the REST API of the AI calling coordinators server: organizations, their members, coordinators (AI virtual assistants), contacts, appointments, calls, campaigns and webhooks, plus an internal API for AI voice agents.

**Versioning.** The API is versioned in the URL. Every `/api/...` path except the internal AI agent API (`/api/internal/ai/...`) is also served under `/api/v1/...` (for example `/api/v1/coordinator/organizations`); v1 is the current and default version. The aliases are not listed separately in this document.

**Format.** Requests and responses are JSON (`Content-Type: application/json`). Ids are lowercase UUID strings; timestamps are RFC 3339 in UTC (`2026-01-20T10:00:00Z`). A single resource is returned as a bare object; create returns 201, delete 204 without a body. Unknown request fields are ignored. Query strings are `application/x-www-form-urlencoded`, as browsers and HTTP clients write them: `+` is a space and `%2B` a plus (a `phone` whose leading `+` arrived as a space, as in `?phone=+1234567890` typed literally, keeps its `+`). A date (`YYYY-MM-DD`, or the date of a timestamp) must be on the calendar and in the years 1900 to 9998: `2026-02-30` is a 422, never rolled over. `HEAD` works wherever `GET` does. Every response carries `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.

**Text limits.** Names, titles and other single-line fields hold at most 255 characters (e-mails 254, tags 64) and at most four UTF-8 bytes a character, and no control characters; notes, descriptions, scripts, prompts and summaries at most 64 KB of UTF-8, transcripts 1 MB, with tabs and line breaks as their only control characters. Values are trimmed. Anything over a limit is a 422 naming the field. E-mail addresses are compared case-insensitively after Unicode NFC normalization.

**Authentication.** Send a personal access token from register or login as `Authorization: Bearer {token}`. AI voice agents use their own access tokens on `/api/internal/ai` (see **AI agents** below).

**Errors.** Every error has the body `{"error": "human message", "code": "MACHINE_CODE"}`, plus `"errors": {"field": ["message"]}` on 422. Malformed JSON, a non-JSON body or broken HTTP framing (a bad chunked encoding) is 400 `BAD_REQUEST`; bodies over 1 MiB are 413 `PAYLOAD_TOO_LARGE`; an organization the caller does not belong to, or any resource of it, is 404 `NOT_FOUND`; a role that is too low, or a read-only token on a write, is 403 `FORBIDDEN`; an unknown route is 404 and a known path with the wrong method is 405 `METHOD_NOT_ALLOWED`.

**Pagination.** Lists take `?page=` (from 1) and `?per_page=` (1 to 100, default 25) and return `{"data": [...], "current_page": 1, "per_page": 25, "total": 130, "last_page": 6}`. Out-of-range values are a 422."""
description += WEBHOOK_DESCRIPTION
description += AGENT_DESCRIPTION
description += CAMPAIGN_DESCRIPTION

# Rate limits and idempotency (CONTRACT section 8): RateLimitMiddleware, IdempotencyMiddleware and
# RequestLimits in the Swift sources. Applied to the finished `paths`, so that the operations above
# stay as they are.
import copy

def href(name): return ref("headers", name)

headers = {
    "X-RateLimit-Limit": {
        "description": "How many requests the operation's tier allows in a one-minute window for this key (user token, agent token or client address).",
        "schema": {"type": "integer", "minimum": 1}, "example": 100,
    },
    "X-RateLimit-Remaining": {
        "description": "How many requests are left in the current window (0 once the limit is reached).",
        "schema": {"type": "integer", "minimum": 0}, "example": 99,
    },
    "X-RateLimit-Reset": {
        "description": "When the current one-minute window ends and the count starts again, in unix seconds. Windows are fixed, aligned to whole minutes.",
        "schema": {"type": "integer"}, "example": 1768903260,
    },
    "Retry-After": {
        "description": "Seconds to wait before retrying: until the current window ends (at least 1).",
        "required": True, "schema": {"type": "integer", "minimum": 1}, "example": 42,
    },
    "Idempotent-Replayed": {
        "description": "`true` when this response is the stored first response to the request's `Idempotency-Key`, replayed byte for byte (status and body) "
                       "without running the request again. Absent on a response that was produced now.",
        "schema": {"type": "string", "enum": ["true"]}, "example": "true",
    },
}
RATE_HEADERS = {name: href(name) for name in ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"]}

def with_rate_headers(resp):
    resp["headers"] = {**resp.get("headers", {}), **RATE_HEADERS}
    return resp

RATE_TIERS = {
    "standard": {"limit": 100, "key": "user token", "setting": "RATE_LIMIT_STANDARD"},
    "bulk": {"limit": 10, "key": "user token", "setting": "RATE_LIMIT_BULK"},
    "agent": {"limit": 200, "key": "agent token", "setting": "RATE_LIMIT_AI"},
    "auth": {"limit": 10, "key": "client address", "setting": "RATE_LIMIT_AUTH"},
}
BY_ADDRESS = {"/api/auth/register", "/api/auth/login", AI_BASE + "/auth"}
BULK_ACTIONS = {"bulk-tag", "bulk-untag", "bulk-delete", "import"}

def rate_tier(path, method):
    """The tier of an operation (RequestLimits: byAddress, byUserToken, byAgentToken), or None when it is not limited."""
    if path in BY_ADDRESS: return "auth"
    if path.startswith(AI_BASE + "/"): return "agent"
    if path.startswith("/api/coordinator/"):
        return "bulk" if method == "post" and path.rsplit("/", 1)[-1] in BULK_ACTIONS else "standard"
    if path.startswith("/api/auth/"): return "standard"
    return None

def idempotent(path, method):
    """POSTs behind idempotentForUser / idempotentForAgent."""
    if method != "post": return False
    return (path.startswith("/api/coordinator/") or path in ("/api/auth/logout", "/api/auth/logout-all", "/api/auth/tokens", "/api/auth/invitations/accept")
            or (path.startswith(AI_BASE + "/") and path != AI_BASE + "/auth"))

parameters["IdempotencyKey"] = {
    "name": "Idempotency-Key", "in": "header", "required": False,
    "description": "Makes the request safe to retry. The first response to the key (status and body, error responses included) is stored for 24 hours "
                   "per token (per agent on the agent API) and returned again, byte for byte and with `Idempotent-Replayed: true`, to every later "
                   "request with the same key, without running it again. The key belongs to its request (method, path and query, `Content-Type` and "
                   "body): the same key with a different request is 422 `IDEMPOTENCY_KEY_REUSED`; while the first request is still running, 409 "
                   "`IDEMPOTENCY_KEY_IN_USE`. Server errors (5xx) are not stored, so the request can be retried with the same key. An empty key or "
                   "one over 255 characters is 422 `VALIDATION_ERROR`.",
    "schema": {"type": "string", "minLength": 1, "maxLength": 255},
    "example": "5d41c7a2-8f3e-4b6a-9c1d-2e7f0a9b8c3d",
}

EX_IN_USE = {"error": "A request with this Idempotency-Key is still being processed.", "code": "IDEMPOTENCY_KEY_IN_USE"}
EX_REUSED = {"error": "This Idempotency-Key was used with a different request.", "code": "IDEMPOTENCY_KEY_REUSED"}
EX_BAD_KEY = {"error": "The Idempotency-Key header must be 1 to 255 characters.", "code": "VALIDATION_ERROR",
              "errors": {"Idempotency-Key": ["The Idempotency-Key header must be 1 to 255 characters."]}}
IN_USE_DESC = ("`IDEMPOTENCY_KEY_IN_USE`: a request with the same `Idempotency-Key` is still being processed; retry once it has finished "
               "to get its stored response.")
REUSED_DESC = ("`IDEMPOTENCY_KEY_REUSED`: the `Idempotency-Key` was already used, within 24 hours, with a different request (method, path and "
               "query, `Content-Type` or body); or `VALIDATION_ERROR` on the field `Idempotency-Key` when the header is empty or over 255 characters.")
IN_USE_EXAMPLES = {"idempotencyKeyInUse": {"summary": "The first request with this key is still running", "value": EX_IN_USE}}
REUSED_EXAMPLES = {
    "idempotencyKeyReused": {"summary": "The key was used with a different request", "value": EX_REUSED},
    "idempotencyKeyInvalid": {"summary": "The key is empty or too long", "value": EX_BAD_KEY},
}

responses["RateLimited"] = {
    "description": "Too many requests (`RATE_LIMITED`): the operation's tier allows no more requests for this token (or client address) in the "
                   "current one-minute window. `Retry-After` says how many seconds remain until the window ends.",
    "headers": {"Retry-After": href("Retry-After"), **RATE_HEADERS},
    "content": json_content(sref("Error"), example={"error": "Too many requests: the limit is 100 a minute. Try again in 42 seconds.", "code": "RATE_LIMITED"}),
}
responses["IdempotencyKeyInUse"] = {"description": IN_USE_DESC, "content": json_content(sref("Error"), examples=IN_USE_EXAMPLES)}
responses["IdempotencyKeyReused"] = {"description": REUSED_DESC, "content": json_content(sref("Error"), examples=REUSED_EXAMPLES)}

def example_name(value, taken):
    code = value.get("code", "error") if isinstance(value, dict) else "error"
    base = "".join(w.capitalize() for w in code.lower().split("_"))
    name, n = base[0].lower() + base[1:], 2
    while name in taken or name in ("idempotencyKeyInUse", "idempotencyKeyReused", "idempotencyKeyInvalid"):
        name, n = f"{base[0].lower() + base[1:]}{n}", n + 1
    return name

def merge_error(existing, extra_desc, extra_examples):
    """An error response that describes both its own cases and the idempotency one, keeping its examples."""
    resp = copy.deepcopy(existing)
    resp["description"] = resp["description"].rstrip() + " Or " + extra_desc
    c = resp.setdefault("content", json_content(sref("Error")))["application/json"]
    examples = c.pop("examples", None) or {}
    if "example" in c:
        value = c.pop("example")
        examples = {example_name(value, examples): {"value": value}, **examples}
    c["examples"] = {**examples, **copy.deepcopy(extra_examples)}
    return resp

def component_name(r): return r["$ref"].rsplit("/", 1)[-1]

def merge_idempotency(resps, status, component, extra_desc, extra_examples):
    """Adds the idempotency case of `status` (409 or 422), merged with what the operation already answers with it."""
    current = resps.get(status)
    if current is None:
        resps[status] = rref(component)
    elif "$ref" in current:
        base = component_name(current)
        name = f"{base}Or{component}"
        if name not in responses: responses[name] = merge_error(responses[base], extra_desc, extra_examples)
        resps[status] = rref(name)
    else:
        resps[status] = merge_error(current, extra_desc, extra_examples)

# Refused before the request is counted (the token is checked first), so without rate-limit headers.
PRE_LIMIT_COMPONENTS = {"Unauthenticated", "AgentUnauthenticated"}

limited_components = set()
unlimited_components = set()
for path, item in paths.items():
    for method, operation in item.items():
        if method not in ("get", "post", "put", "patch", "delete"): continue
        tier = rate_tier(path, method)
        resps = copy.deepcopy(operation["responses"])  # inline responses are shared between operations
        if tier is None:
            unlimited_components.update(component_name(r) for r in resps.values() if "$ref" in r)
            continue
        if idempotent(path, method):
            operation["parameters"] = operation.get("parameters", []) + [pref("IdempotencyKey")]
            for status, resp in resps.items():
                if status.startswith("2") and "$ref" not in resp:
                    resp["headers"] = {**resp.get("headers", {}), "Idempotent-Replayed": href("Idempotent-Replayed")}
            merge_idempotency(resps, "409", "IdempotencyKeyInUse", IN_USE_DESC, IN_USE_EXAMPLES)
            merge_idempotency(resps, "422", "IdempotencyKeyReused", REUSED_DESC, REUSED_EXAMPLES)
        for status, resp in resps.items():
            if "$ref" in resp: limited_components.add(component_name(resp))
            else: with_rate_headers(resp)
        resps["429"] = rref("RateLimited")
        operation["responses"] = dict(sorted(resps.items()))
        t = RATE_TIERS[tier]
        operation["x-rate-limit"] = {"tier": tier, "limit": t["limit"], "per": t["key"], "window_seconds": 60, "setting": t["setting"]}
        if tier in ("bulk", "auth"):
            note = (f"Rate limit: the {tier} tier, {t['limit']} requests a minute per {t['key']} (`{t['setting']}`)"
                    + (", counted apart from the standard tier." if tier == "bulk" else "."))
            operation["description"] = (operation["description"].rstrip() + "\n\n" + note) if operation.get("description") else note

assert not (limited_components & unlimited_components), "a response component is shared by limited and unlimited operations"
# Every error component answers only limited operations (and past the rate limiter), except those refused before it,
# and `MethodNotAllowed` (the router's answer, used by no operation).
for name in sorted(set(responses) - PRE_LIMIT_COMPONENTS - {"MethodNotAllowed", "RateLimited"}):
    responses[name] = with_rate_headers(copy.deepcopy(responses[name]))
responses["Forbidden"]["description"] += (" On `/api/coordinator` a read-only token is refused before the request is counted, so that 403 has no "
                                          "`X-RateLimit-*` headers.")

LIMITS_DESCRIPTION = """

**Rate limits and idempotency.** Requests are counted in fixed one-minute windows, per tier and key: `POST /api/auth/register`, `POST /api/auth/login` and `POST /api/internal/ai/auth` allow 10 a minute per client address (auth tier), and logins also 10 a minute per account, whatever the address (a 429 without `X-RateLimit-*` headers of its own); the other `/api/auth` operations and every `/api/coordinator` operation allow 100 a minute per user token (standard tier), except `POST .../contacts/bulk-tag`, `.../contacts/bulk-untag`, `.../contacts/bulk-delete`, `.../contacts/import` and `.../suppressions/import`, which share a bulk tier of 10 a minute per token; the other `/api/internal/ai` operations allow 200 a minute per agent token. `/health`, `/ready` and `/api/docs/openapi.json` are not limited, and a request through an `/api/v1` alias counts like one to its path. Every response of a limited operation, error responses included, carries `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset` (unix seconds when the window ends), except the 401 for a missing or invalid token and, on `/api/coordinator`, the 403 for a read-only token on a write, which are refused before the request is counted. Past the limit the request is refused with 429 `RATE_LIMITED` and `Retry-After` (seconds until the window ends). The limits are configurable (`RATE_LIMIT_STANDARD`, `RATE_LIMIT_BULK`, `RATE_LIMIT_AI`, `RATE_LIMIT_AUTH`; `RATE_LIMIT_ENABLED=false` turns limiting and its headers off). On PostgreSQL they are counted in the database, so all server instances sharing it share the counts; with SQLite the single server process counts in memory.

The `POST`s of `/api/coordinator`, `POST /api/auth/logout`, `POST /api/auth/tokens` and the agent API's `POST`s (not `POST /api/internal/ai/auth`) accept an optional `Idempotency-Key` header (1 to 255 characters). The first response to a key (status and body, error responses included) is stored for 24 hours per token (per agent on the agent API) and replayed byte for byte, with the header `Idempotent-Replayed: true`, to every retry with the same key, without running the request again. The same key with a different request (method, path and query, `Content-Type` or body) is 422 `IDEMPOTENCY_KEY_REUSED`; while the first request is still running it is 409 `IDEMPOTENCY_KEY_IN_USE`. Server errors (5xx) are not stored, so the request can be retried with the same key. Replays count against the rate limit."""
description += LIMITS_DESCRIPTION

doc = {
    "openapi": "3.1.0",
    "info": {"title": "4Calls API", "version": "1.0.0", "description": description},
    "servers": [{"url": "http://localhost:8000", "description": "Local development"}],
    "tags": [
        {"name": "System", "description": "Health, readiness and this document."},
        {"name": "Auth", "description": "Users, login and personal access tokens."},
        {"name": "Organizations", "description": "The caller's organizations."},
        {"name": "Members", "description": "Who belongs to an organization, in which role."},
    ] + CRM_TAGS + CAMPAIGN_TAGS + SUPPRESSION_TAGS + WEBHOOK_TAGS + AGENT_TAGS,
    "paths": paths,
    "webhooks": outgoing_webhooks,
    "components": {
        "securitySchemes": {
            "userToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "{id}|{secret}",
                "description": "Sanctum-style personal access token from register or login (or `POST /api/auth/tokens`), sent as `Authorization: Bearer {id}|{secret}`. Read-only tokens (abilities `[\"read\"]`) get 403 `FORBIDDEN` on writes.",
            },
            "agentToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "{id}|{secret}",
                "description": "An AI agent's access token from `POST /api/internal/ai/auth`, sent as `Authorization: Bearer {access_token}`. It is valid one hour, "
                               "and only for its own organization: any other `business_id` is 403 `FORBIDDEN`. User tokens are refused on the internal API "
                               "(401 `UNAUTHENTICATED`), and agent tokens on `/api/coordinator` (401). Deleting the agent revokes its tokens.",
            },
            "agentKey": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "fc_ak_...",
                "description": "An AI agent's API key (from `POST /api/coordinator/organizations/{orgId}/ai-agents`), sent directly as "
                               "`Authorization: Bearer fc_ak_...`: voice platforms store one static secret. It works wherever an access token does, "
                               "for the agent's own organization; deleting the agent stops it at once.",
            }
        },
        "schemas": schemas,
        "parameters": parameters,
        "responses": responses,
        "headers": headers,
    },
}

import os
_out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Sources", "FourCalls", "Resources", "openapi.json")
with open(_out, "w") as f:
    json.dump(doc, f, indent=2, ensure_ascii=False)
    f.write("\n")
