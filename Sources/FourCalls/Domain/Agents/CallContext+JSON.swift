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
        json.raw("{\"appointment_types\":[")
        for (index, type) in appointment_types.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"duration_minutes\":")
            json.write(type.duration_minutes)
            json.raw(",\"id\":")
            json.write(type.id)
            json.raw(",\"name\":")
            json.write(type.name)
            json.raw("}")
        }
        json.raw("],\"business_id\":")
        json.write(business_id)
        json.raw(",\"business_name\":")
        json.write(business_name)
        json.raw(",\"contact\":")
        if let contact {
            json.raw("{\"company\":")
            json.write(contact.company)
            json.raw(",\"email\":")
            json.write(contact.email)
            json.raw(",\"id\":")
            json.write(contact.id)
            json.raw(",\"name\":")
            json.write(contact.name)
            json.raw(",\"notes\":")
            json.write(contact.notes)
            json.raw(",\"phone\":")
            json.write(contact.phone)
            json.raw(",\"status\":")
            json.write(contact.status)
            json.raw(",\"tags\":")
            json.write(contact.tags)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"coordinator\":")
        if let coordinator {
            json.raw("{\"greeting\":")
            json.write(coordinator.greeting)
            json.raw(",\"name\":")
            json.write(coordinator.name)
            json.raw(",\"persona\":")
            json.write(coordinator.persona)
            json.raw(",\"tone\":")
            json.write(coordinator.tone)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"faqs\":[")
        for (index, faq) in faqs.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{\"answer\":")
            json.write(faq.answer)
            json.raw(",\"question\":")
            json.write(faq.question)
            json.raw("}")
        }
        json.raw("],\"next_free_slots\":[")
        for (index, slot) in next_free_slots.enumerated() {
            if index > 0 { json.raw(",") }
            try slot.write(to: &json)
        }
        json.raw("],\"next_opening\":")
        if let next_opening { try next_opening.write(to: &json) } else { json.raw("null") }
        json.raw(",\"now\":{\"local\":")
        json.write(now.local)
        json.raw(",\"spoken\":")
        json.write(now.spoken)
        json.raw(",\"utc\":")
        try json.write(now.utc)
        json.raw("},\"open_now\":")
        json.raw(open_now ? "true" : "false")
        json.raw(",\"recent_calls\":[")
        for (index, call) in recent_calls.enumerated() {
            if index > 0 { json.raw(",") }
            try call.write(to: &json)
        }
        json.raw("],\"timezone\":")
        json.write(timezone)
        json.raw(",\"today_hours\":")
        if let today_hours {
            json.raw("{\"close\":")
            json.write(today_hours.close)
            json.raw(",\"open\":")
            json.write(today_hours.open)
            json.raw(",\"spoken\":")
            json.write(today_hours.spoken)
            json.raw("}")
        } else {
            json.raw("null")
        }
        json.raw(",\"upcoming_appointments\":[")
        for (index, appointment) in upcoming_appointments.enumerated() {
            if index > 0 { json.raw(",") }
            try appointment.write(to: &json)
        }
        json.raw("]}")
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
