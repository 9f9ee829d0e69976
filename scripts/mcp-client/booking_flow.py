"""A booking flow through the official Python MCP client (`pip install mcp`), as a voice
platform would run it against 4Calls: initialize, tools/list, then tools/call
check_availability, book_appointment (twice: the second is refused with alternatives),
find_customer and cancel_appointment, authenticated with the agent's API key as a bearer
credential. Usage: booking_flow.py BASE_URL API_KEY. Prints one line per step; exits
non-zero on the first failure."""
import asyncio
import datetime
import json
import sys

import httpx2
from mcp.client.session import ClientSession
from mcp.client.streamable_http import streamable_http_client

BASE, KEY = sys.argv[1], sys.argv[2]
EXPECTED_TOOLS = ["get_call_context", "check_availability", "find_customer", "book_appointment",
                  "reschedule_appointment", "cancel_appointment", "create_lead", "log_interaction"]


def check(condition, message):
    if not condition:
        print(f"mcp client: FAILED {message}")
        sys.exit(1)
    print(f"mcp client: ok {message}")


def structured(result):
    """The tool's structured result, checked against its JSON text block."""
    text = json.loads(result.content[0].text)
    check(text == result.structured_content, "the text block is the structured content")
    return result.structured_content


async def main():
    headers = {"Authorization": f"Bearer {KEY}"}
    async with httpx2.AsyncClient(headers=headers, timeout=30) as http:
        async with streamable_http_client(f"{BASE}/api/internal/ai/mcp", http_client=http, terminate_on_close=False) as streams:
            read, write = streams[0], streams[1]
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                check(init.server_info.name == "4calls", f"initialize: {init.server_info.name} {init.protocol_version}")

                tools = await session.list_tools()
                names = [tool.name for tool in tools.tools]
                check(names == EXPECTED_TOOLS, f"tools/list: {', '.join(names)}")

                context = structured(await session.call_tool("get_call_context", {}))
                check(context["timezone"] == "America/New_York", f"get_call_context: {context['business_name']}, {context['now']['spoken']}")

                # The next weekday with free slots.
                day = datetime.date.today()
                slots = []
                for _ in range(10):
                    day += datetime.timedelta(days=1)
                    available = structured(await session.call_tool("check_availability", {"date": day.isoformat()}))
                    slots = available["slots"]
                    if slots:
                        break
                check(len(slots) >= 2, f"check_availability {day}: {len(slots)} slots, first {slots[0]['spoken'] if slots else None}")

                first = slots[0]
                local = first["start_local"][:16]  # local wall-clock time, no offset
                booked = await session.call_tool("book_appointment", {"start": local, "name": "Ada Caller", "phone": "+15550109999"})
                check(not booked.is_error, f"book_appointment {local}: {booked.structured_content.get('spoken')}")
                appointment = structured(booked)
                check(appointment["start"] == first["start"], "booked at the slot's instant")

                again = await session.call_tool("book_appointment", {"start": first["start"], "name": "Bo Caller", "phone": "+15550108888"})
                refusal = structured(again)
                check(again.is_error and refusal["code"] == "SLOT_UNAVAILABLE", f"the same slot again is refused: {refusal.get('message')}")
                check(len(refusal["alternatives"]) == 3 and refusal["alternatives"][0]["start"] == slots[1]["start"],
                      "the refusal offers the next 3 free slots")

                bad = await session.call_tool("book_appointment", {"name": "No Time"})
                check(bad.is_error and "start" in structured(bad)["errors"], "a booking without start names the field")

                found = structured(await session.call_tool("find_customer", {"phone": "(555) 010-9999"}))
                check(found["found"] and found["upcoming_appointments"][0]["id"] == appointment["id"], "find_customer sees the appointment")

                cancelled = structured(await session.call_tool("cancel_appointment", {"appointment_id": appointment["id"], "reason": "test"}))
                check(cancelled["status"] == "cancelled", "cancel_appointment")

                try:
                    await session.call_tool("no_such_tool", {})
                    unknown = False
                except Exception as error:  # a JSON-RPC error
                    unknown = "Unknown tool" in str(error)
                check(unknown, "an unknown tool is a JSON-RPC error")


asyncio.run(main())
print("mcp client: booking flow passed")
