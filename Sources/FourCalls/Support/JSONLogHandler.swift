import Foundation
import Logging
import NIOConcurrencyHelpers

/// Writes each log record as one JSON object on a line (`LOG_FORMAT=json`):
/// `{"timestamp", "level", "label", "message", ...metadata}`, for log collectors.
public struct JSONLogHandler: LogHandler {
    /// Where the lines go: standard output by default; tests collect them.
    public typealias Sink = @Sendable (String) -> Void

    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    let label: String
    let sink: Sink

    public init(label: String, sink: @escaping Sink = JSONLogHandler.standardOutput) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONValue] = [:]
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        for (key, value) in merged { fields[key] = Self.json(value) }
        fields["timestamp"] = .string(Timestamps.formatMilliseconds(Date()))
        fields["level"] = .string(event.level.rawValue)
        fields["label"] = .string(label)
        fields["message"] = .string(event.message.description)
        sink(JSONValue.object(fields).jsonText())
    }

    private static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): .string(text)
        case .stringConvertible(let value): .string(value.description)
        case .array(let values): .array(values.map(json))
        case .dictionary(let values): .object(values.mapValues(json))
        }
    }

    private static let outputLock = NIOLock()

    /// One whole line at a time, even from many threads.
    public static let standardOutput: Sink = { line in
        outputLock.withLock {
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
    }
}
