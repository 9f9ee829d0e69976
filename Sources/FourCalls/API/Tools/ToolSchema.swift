/// Small builders for the JSON Schemas of the tool catalogue (arguments and results).
enum ToolSchema {
    static func object(_ properties: [String: JSONValue], required: [String] = [], description: String? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "object", "properties": .object(properties)]
        if !required.isEmpty { schema["required"] = .array(required.map(JSONValue.string)) }
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    static func string(_ description: String, format: String? = nil, nullable: Bool = false, values: [String]? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": type("string", nullable), "description": .string(description)]
        if let format { schema["format"] = .string(format) }
        if let values { schema["enum"] = .array(values.map(JSONValue.string)) }
        return .object(schema)
    }

    static func integer(_ description: String, minimum: Int? = nil, maximum: Int? = nil) -> JSONValue {
        var schema: [String: JSONValue] = ["type": "integer", "description": .string(description)]
        if let minimum { schema["minimum"] = .int(Int64(minimum)) }
        if let maximum { schema["maximum"] = .int(Int64(maximum)) }
        return .object(schema)
    }

    static func boolean(_ description: String) -> JSONValue { ["type": "boolean", "description": .string(description)] }

    static func array(_ items: JSONValue, description: String) -> JSONValue {
        ["type": "array", "items": items, "description": .string(description)]
    }

    /// Any JSON object (free-form `metadata`, records described in words).
    static func anyObject(_ description: String, nullable: Bool = false) -> JSONValue {
        ["type": type("object", nullable), "description": .string(description)]
    }

    /// A result object: the listed properties are always present.
    static func result(_ properties: [String: JSONValue], description: String? = nil, nullable: Bool = false) -> JSONValue {
        var schema: [String: JSONValue] = [
            "type": type("object", nullable), "properties": .object(properties), "required": .array(properties.keys.sorted().map(JSONValue.string)),
        ]
        if let description { schema["description"] = .string(description) }
        return .object(schema)
    }

    private static func type(_ name: String, _ nullable: Bool) -> JSONValue {
        nullable ? [.string(name), "null"] : .string(name)
    }

    // MARK: Shared shapes

    static func uuid(_ description: String) -> JSONValue { string(description, format: "uuid") }

    /// `start`, `start_local`, `spoken`: every time a tool returns.
    static func speakable(_ description: String, nullable: Bool = false, end: Bool = false) -> JSONValue {
        var properties: [String: JSONValue] = [
            "start": string("The instant in UTC (ISO 8601 with Z).", format: "date-time"),
            "start_local": string("The same instant in the business's time zone, with its offset (ISO 8601).", format: "date-time"),
            "spoken": string("The time to say, in the business's time zone, e.g. \"Tuesday, March 16 at 2:30 PM\"."),
        ]
        if end { properties["end"] = string("When it ends, in UTC.", format: "date-time") }
        return result(properties, description: description, nullable: nullable)
    }

    static let appointment = anyObject(
        "An appointment: id, contact_id, contact_name, start, start_local, spoken, end, duration_minutes, status, appointment_type_id, coordinator_id, notes.")
    static let call = anyObject("A call: id, direction, status, start, start_local, spoken, duration_seconds, summary, outcome.")
    static let contact = anyObject("A contact: id, name, email, phone, company, status, tags, notes, metadata.", nullable: true)
}
