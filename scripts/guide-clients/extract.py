#!/usr/bin/env python3
"""Takes the integration guide's example clients out of INTEGRATION_GUIDE.md, verbatim,
and writes them as runnable files for scripts/guide-clients-check.

    extract.py login-body GUIDE
        prints the guide's login request body ("Getting an API Token") as JSON
    extract.py build GUIDE OUTDIR BASE_URL JS_TOKEN PY_TOKEN WEBHOOK_URL
        writes OUTDIR/js/*.mjs, OUTDIR/py/fourcalls_client.py and OUTDIR/bodies.json

Each block is found by the heading it sits under and copied as written. The only changes are
the ones a reader makes (the guide's host becomes BASE_URL, 'your_token_here' the token,
myapp.com's webhook URL a local receiver), the TypeScript annotations are stripped so node
runs the class, a line `export {...}` is appended to each module so the harness can call
what the block declares, and the guide's one bug that no server can satisfy (Pattern 4
stringifies the payload twice) is corrected in place with a comment. Every change is
printed, and a change whose text is no longer in the guide fails the build: the check must
not silently run something other than the guide.
"""
import json
import re
import sys
from pathlib import Path

GUIDE_HOST = "https://api.taskjuggler.com"


def sections(text):
    """[(heading, lang, code)] for every fenced block, with the nearest heading above it."""
    out, heading, fence = [], None, None
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        if fence is None:
            if stripped.startswith("```"):
                fence = {"lang": stripped[3:].strip(), "indent": len(line) - len(line.lstrip()), "lines": []}
            elif line.startswith("#"):
                heading = stripped
        elif stripped == "```":
            code = "".join(l[fence["indent"]:] if l[: fence["indent"]].strip() == "" else l for l in fence["lines"])
            out.append((heading, fence["lang"], code))
            fence = None
        else:
            fence["lines"].append(line)
    return out


def block(blocks, heading, lang=None):
    found = [code for h, l, code in blocks if h == heading and (lang is None or l == lang)]
    if not found:
        sys.exit(f"extract: no {lang or ''} code block under '{heading}' in the guide")
    return found[0]


def json_body(code, after=None):
    """The JSON object of an http/bash block: from the first line that is '{' (after the
    line containing `after`, when given) to its matching '}'."""
    lines = code.splitlines()
    start = 0
    if after:
        start = next(i for i, l in enumerate(lines) if after in l)
    begin = next(i for i in range(start, len(lines)) if lines[i].strip() == "{")
    depth, body = 0, []
    for l in lines[begin:]:
        body.append(l)
        depth += l.count("{") - l.count("}")
        if depth == 0:
            break
    return json.loads("\n".join(body))


class Changes:
    def __init__(self):
        self.log = []

    def sub(self, name, code, old, new, why, count=None, shown=None):
        n = code.count(old)
        if n == 0 or (count is not None and n != count):
            sys.exit(f"extract: {name}: expected {count or 'some'} occurrence(s) of {old!r}, found {n}; "
                     "the guide changed, update scripts/guide-clients")
        if shown is None:
            shown = new.splitlines()[-1].strip() + " (with a comment above it)" if "\n" in new else new
        self.log.append(f"{name}: {old!r} -> {shown!r} ({n}x): {why}")
        return code.replace(old, new)


# --- TypeScript -> JavaScript -------------------------------------------------------------
# A narrow, mechanical stripper for the TypeScript the guide uses: accessibility modifiers on
# methods, parameter properties (`constructor(private baseUrl: string)`), and type annotations
# on parameters and return types of method/function signatures. Anything else TypeScript-only
# is left alone, so node fails on it with a SyntaxError and the check fails: nothing is
# guessed.
SIGNATURE = re.compile(
    r"^(?P<indent>\s*)(?P<mods>(?:(?:private|public|protected|readonly)\s+)*)"
    r"(?P<head>(?:async\s+)?(?:function\s+)?(?P<name>[A-Za-z_$][\w$]*))\s*"
    r"\((?P<params>[^()]*)\)\s*(?P<ret>:\s*[^{=]+?)?\s*\{(?P<rest>.*)$"
)
KEYWORDS = {"if", "for", "while", "switch", "catch", "with", "return", "function"}
PARAM = re.compile(
    r"^\s*(?P<mod>(?:(?:private|public|protected|readonly)\s+)*)(?P<name>\.{0,3}[A-Za-z_$][\w$]*)\??"
    r"\s*(?::\s*(?P<type>[^=]+?))?\s*(?:=\s*(?P<default>.+?))?\s*$"
)


def split_params(params):
    parts, depth, cur = [], 0, ""
    for ch in params:
        if ch in "{[<":
            depth += 1
        elif ch in "}]>":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur)
    return parts


def strip_types(ts, changes):
    out = []
    for line in ts.splitlines(keepends=True):
        m = SIGNATURE.match(line)
        if not m or m.group("name") in KEYWORDS or ("=" in line.split("(")[0]):
            out.append(line)
            continue
        params, assigns = [], []
        for p in split_params(m.group("params")):
            pm = PARAM.match(p)
            if not pm:
                sys.exit(f"extract: cannot strip the types of parameter {p!r} in {line.strip()!r}")
            js = pm.group("name") + (f" = {pm.group('default')}" if pm.group("default") else "")
            params.append(js)
            if pm.group("mod").strip():
                assigns.append(f"this.{pm.group('name')} = {pm.group('name')};")
        rest = m.group("rest").rstrip("\n")
        if assigns:
            rest = " " + " ".join(assigns) + (" " + rest.strip() if rest.strip() else " ")
        new = f"{m.group('indent')}{m.group('head')}({', '.join(params)}) {{{rest}\n"
        if new != line:
            changes.log.append(f"typescript: {line.strip()!r} -> {new.strip()!r}")
        out.append(new)
    return "".join(out)


def top_level_names(js):
    names = re.findall(r"^(?:export\s+)?(?:async\s+)?(?:function\s*\*?\s*|class\s+|const\s+|let\s+|var\s+)([A-Za-z_$][\w$]*)", js, re.M)
    return list(dict.fromkeys(names))


def module(js):
    names = top_level_names(js)
    return js + (f"\n// appended by scripts/guide-clients/extract.py so the harness can call the block\nexport {{ {', '.join(names)} }};\n" if names else "")


def build(guide_path, outdir, base_url, js_token, py_token, webhook_url):
    blocks = sections(Path(guide_path).read_text())
    out = Path(outdir)
    (out / "js").mkdir(parents=True, exist_ok=True)
    (out / "py").mkdir(parents=True, exist_ok=True)
    ch = Changes()
    host_why = "the guide's placeholder host becomes the local server"

    # CODE EXAMPLES: the TypeScript class and its usage
    ts = block(blocks, "### JavaScript/TypeScript Example", "typescript")
    ts = ch.sub("ts client", ts, GUIDE_HOST, base_url, host_why, 1)
    ts = ch.sub("ts client", ts, "'your_token_here'", json.dumps(js_token), "the reader's token", 1,
               shown="<token of the guide's example user>")
    (out / "js" / "client.mjs").write_text(module(strip_types(ts, ch)))

    # CODE EXAMPLES: the Python class and its usage
    py = block(blocks, "### Python Example", "python")
    py = ch.sub("python client", py, GUIDE_HOST, base_url, host_why, 1)
    py = ch.sub("python client", py, "'your_token_here'", repr(py_token), "the reader's token", 1,
               shown="<token of the guide's example user>")
    (out / "py" / "fourcalls_client.py").write_text(py)

    # WEBHOOKS: the signature verification function
    verify = block(blocks, "### Webhook Signature Verification", "javascript")
    (out / "js" / "verify-webhook.mjs").write_text(module(verify))

    # INTEGRATION PATTERNS 1-3 (fetch calls against the guide's host)
    for n, heading in [(1, "### Pattern 1: Contact Sync"), (2, "### Pattern 2: Appointment Booking"),
                       (3, "### Pattern 3: Campaign Integration")]:
        code = ch.sub(f"pattern {n}", block(blocks, heading, "javascript"), GUIDE_HOST, base_url, host_why)
        (out / "js" / f"pattern{n}.mjs").write_text(module(code))

    # INTEGRATION PATTERNS 4: the receiving endpoint
    p4 = block(blocks, "### Pattern 4: Webhook Integration", "javascript")
    wrong = "if (!verifyWebhook(payload, signature, webhookSecret)) {"
    if wrong in p4:
        p4 = ch.sub(
            "pattern 4", p4, wrong,
            "// guide-clients-check correction. The guide has\n"
            "  //   const payload = JSON.stringify(req.body);\n"
            "  //   if (!verifyWebhook(payload, signature, webhookSecret)) {\n"
            "  // but verifyWebhook (\"Webhook Signature Verification\") runs JSON.stringify(payload)\n"
            "  // itself, so the string is stringified twice (quoted and escaped) and no signature of\n"
            "  // the delivered body can ever match: every genuine delivery would get 401. The\n"
            "  // parsed body is passed instead, as CONTRACT.md section 6 and the README say.\n"
            "  if (!verifyWebhook(req.body, signature, webhookSecret)) {",
            "guide bug: verifyWebhook stringifies an already stringified payload (CONTRACT.md section 6)", 1)
    else:
        ch.log.append("pattern 4: the double JSON.stringify is no longer in the guide; run as written")
    (out / "js" / "pattern4.mjs").write_text(module(p4))

    # BEST PRACTICES 1 (register a webhook) and 4 (retry on rate limits)
    bp1 = block(blocks, "### 1. Use Webhooks for Real-Time Updates", "javascript")
    bp1 = ch.sub("best practice 1", bp1, GUIDE_HOST, base_url, host_why, 1)
    bp1 = ch.sub("best practice 1", bp1, "'https://myapp.com/webhooks/4calls'", json.dumps(webhook_url),
                 "the reader's own endpoint: a local receiver running Pattern 4", 1)
    (out / "js" / "bp-webhook.mjs").write_text(module(bp1))
    (out / "js" / "bp-retry.mjs").write_text(module(block(blocks, "### 4. Handle Rate Limits", "javascript")))

    # The guide's example request bodies the classes' other methods are called with
    bodies = {
        "login": login_body(blocks),
        "organization": json_body(block(blocks, "#### Create Organization", "http")),
        "coordinator": json_body(block(blocks, "#### Create Coordinator", "http")),
        "contact": json_body(block(blocks, "#### Create Contact", "http")),
        "appointment": json_body(block(blocks, "#### Create Appointment", "http")),
        "campaign": json_body(block(blocks, "#### Create Campaign", "http")),
        "webhook": json_body(block(blocks, "### Registering a Webhook", "http")),
    }
    (out / "bodies.json").write_text(json.dumps(bodies, indent=2))
    for line in ch.log:
        print(f"  adapted {line}")


def login_body(blocks):
    """The body of the guide's `POST /api/auth/login` example ("Getting an API Token")."""
    for heading, _, code in blocks:
        if heading == "### Getting an API Token" and "POST /api/auth/login" in code and "\n{" in code:
            return json_body(code, after="POST /api/auth/login")
    sys.exit("extract: no login example with a body under '### Getting an API Token'")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "login-body":
        print(json.dumps(login_body(sections(Path(sys.argv[2]).read_text()))))
    elif len(sys.argv) == 8 and sys.argv[1] == "build":
        build(*sys.argv[2:])
    else:
        sys.exit(__doc__)
