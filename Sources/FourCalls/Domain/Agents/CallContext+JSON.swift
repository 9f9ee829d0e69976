import Foundation

// The call-start packet written by hand (`JSONWriter`): byte for byte what
// `JSONCoding.encoder` writes (keys sorted, nil as null), which cost a sixth of a call
// start's CPU. `JSONWriterTests` holds the two side by side.

extension CallContext: JSONWritable {
    /// The packet's JSON.
    func json() throws -> Data {
        var json = JSONWriter(capacity: 4096)
        try write(to: &json)
        return Data(json.buffer.readableBytesView)
    }

    func write(to json: inout JSONWriter) throws {
        json.raw("{\"appointment_types\":")
        try json.write(appointment_types)
        json.raw(",\"business_id\":")
        json.write(business_id)
        json.raw(",\"business_name\":")
        json.write(business_name)
        json.raw(",\"contact\":")
        try json.write(contact)
        json.raw(",\"coordinator\":")
        try json.write(coordinator)
        json.raw(",\"faqs\":")
        try json.write(faqs)
        json.raw(",\"next_free_slots\":")
        try json.write(next_free_slots)
        json.raw(",\"next_opening\":")
        try json.write(next_opening)
        json.raw(",\"now\":")
        try now.write(to: &json)
        json.raw(",\"open_now\":")
        json.raw(open_now ? "true" : "false")
        json.raw(",\"recent_calls\":")
        try json.write(recent_calls)
        json.raw(",\"timezone\":")
        json.write(timezone)
        json.raw(",\"today_hours\":")
        try json.write(today_hours)
        json.raw(",\"upcoming_appointments\":")
        try json.write(upcoming_appointments)
        json.raw("}")
    }
}

extension CallContext.Now: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"local\":")
        json.write(local)
        json.raw(",\"spoken\":")
        json.write(spoken)
        json.raw(",\"utc\":")
        try json.write(utc)
        json.raw("}")
    }
}

extension CallContext.Hours: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"close\":")
        json.write(close)
        json.raw(",\"open\":")
        json.write(open)
        json.raw(",\"spoken\":")
        json.write(spoken)
        json.raw("}")
    }
}

extension CallContext.TypeSummary: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"duration_minutes\":")
        json.write(duration_minutes)
        json.raw(",\"id\":")
        json.write(id)
        json.raw(",\"name\":")
        json.write(name)
        json.raw("}")
    }
}

extension CallContext.CoordinatorSummary: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"greeting\":")
        json.write(greeting)
        json.raw(",\"name\":")
        json.write(name)
        json.raw(",\"persona\":")
        json.write(persona)
        json.raw(",\"tone\":")
        json.write(tone)
        json.raw("}")
    }
}

extension CallContext.FAQSummary: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"answer\":")
        json.write(answer)
        json.raw(",\"question\":")
        json.write(question)
        json.raw("}")
    }
}

extension CallContext.ContactSummary: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"company\":")
        json.write(company)
        json.raw(",\"email\":")
        json.write(email)
        json.raw(",\"id\":")
        json.write(id)
        json.raw(",\"name\":")
        json.write(name)
        json.raw(",\"notes\":")
        json.write(notes)
        json.raw(",\"phone\":")
        json.write(phone)
        json.raw(",\"status\":")
        json.write(status)
        json.raw(",\"tags\":")
        json.write(tags)
        json.raw("}")
    }
}

extension SpeakableTime: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"spoken\":")
        json.write(spoken)
        json.raw(",\"start\":")
        try json.write(start)
        json.raw(",\"start_local\":")
        json.write(start_local)
        json.raw("}")
    }
}

extension SpokenAppointment: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"appointment_type\":")
        json.write(appointment_type)
        json.raw(",\"appointment_type_id\":")
        json.write(appointment_type_id)
        json.raw(",\"cancellation_reason\":")
        json.write(cancellation_reason)
        json.raw(",\"contact_id\":")
        json.write(contact_id)
        json.raw(",\"contact_name\":")
        json.write(contact_name)
        json.raw(",\"coordinator_id\":")
        json.write(coordinator_id)
        json.raw(",\"duration_minutes\":")
        json.write(duration_minutes)
        json.raw(",\"end\":")
        try json.write(end)
        json.raw(",\"id\":")
        json.write(id)
        json.raw(",\"notes\":")
        json.write(notes)
        json.raw(",\"spoken\":")
        json.write(spoken)
        json.raw(",\"start\":")
        try json.write(start)
        json.raw(",\"start_local\":")
        json.write(start_local)
        json.raw(",\"status\":")
        json.write(status)
        json.raw("}")
    }
}

extension SpokenCall: JSONWritable {
    func write(to json: inout JSONWriter) throws {
        json.raw("{\"direction\":")
        json.write(direction)
        json.raw(",\"duration_seconds\":")
        json.write(duration_seconds)
        json.raw(",\"id\":")
        json.write(id)
        json.raw(",\"outcome\":")
        json.write(outcome)
        json.raw(",\"spoken\":")
        json.write(spoken)
        json.raw(",\"start\":")
        try json.write(start)
        json.raw(",\"start_local\":")
        json.write(start_local)
        json.raw(",\"status\":")
        json.write(status)
        json.raw(",\"summary\":")
        json.write(summary)
        json.raw("}")
    }
}
