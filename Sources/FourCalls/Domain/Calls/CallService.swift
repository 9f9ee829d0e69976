import Foundation
import SQLKit

/// Call logging, listing and statistics.
struct CallService: Sendable {
    let storage: any Storage
    let clock: any AppClock

    static let notFound = APIError.notFound("Call not found.")

    func log(_ call: Call) async throws -> Call {
        let now = clock.now()
        return try await storage.transaction { db in
            try await Self.insert(call, now: now, on: db)
        }
    }

    /// Checks the contact and coordinator belong to the organization, inserts the call and
    /// records `call.completed` or `call.missed`. Used by the REST API and AI interactions.
    static func insert(_ call: Call, now: Date, on db: any SQLDatabase) async throws -> Call {
        var errors = FieldErrors()
        if let contactID = call.contactId,
            try await TenantRows<Contact>(db: db).find(id: contactID, organizationID: call.organizationId) == nil
        {
            errors.add("contact_id", "The selected contact id is invalid.")
        }
        if let coordinatorID = call.coordinatorId,
            try await TenantRows<Coordinator>(db: db).find(id: coordinatorID, organizationID: call.organizationId) == nil
        {
            errors.add("coordinator_id", "The selected coordinator id is invalid.")
        }
        if !errors.isEmpty { throw APIError.validation(errors.messages) }
        try await TenantRows<Call>(db: db).insert(call)
        try await CallTotals.add(call, on: db)
        if let event = call.status.event {
            try await EventRecorder.record(event, organizationID: call.organizationId, data: .call(call), at: now, on: db)
        }
        if SuppressionService.isOptOut(call.outcome) {
            try await SuppressionService.optOut(
                contactID: call.contactId, number: call.direction == .outbound ? call.toNumber : call.fromNumber, callID: call.id,
                organizationID: call.organizationId, now: now, on: db)
        }
        return call
    }

    struct Filter: Sendable {
        var range = DateRangeFilter()
        var status: CallStatus?
        var direction: CallDirection?
        var coordinatorID: UUID?
        var contactID: UUID?
    }

    /// Newest first.
    func list(_ organizationID: UUID, filter: Filter, page: PageRequest) async throws -> Paged<Call> {
        try await storage.read { db in try await CallRepository(db: db).list(organizationID: organizationID, filter: filter, page: page) }
    }

    func find(_ id: UUID, in organizationID: UUID) async throws -> Call {
        let call = try await storage.read { db in try await TenantRows<Call>(db: db).find(id: id, organizationID: organizationID) }
        guard let call else { throw Self.notFound }
        return call
    }

    /// Counts by status, the mean length of completed calls, and calls per local day. Days
    /// come from 15-minute buckets counted in SQL (every time zone's offset is a multiple of
    /// 15 minutes), so the database returns at most 96 rows a day, not one per call.
    /// Counts by status and by local day. Without a coordinator or contact filter they come
    /// from the daily totals; with one, from the calls themselves.
    func stats(_ organization: Organization, filter: Filter) async throws -> CallStats {
        let organizationID = organization.id
        let timeZone = organization.timeZone
        let (byStatus, byDate) = try await storage.heavyRead { db -> ([String: (Int, Int)], [String: Int]) in
            if filter.coordinatorID == nil, filter.contactID == nil {
                // The range's bounds are local midnights: their days are exact.
                let days = (filter.range.from.map { LocalDay(containing: $0, in: timeZone).text },
                            filter.range.until.map { LocalDay(containing: $0, in: timeZone).text })
                return try await CallTotals.read(
                    organizationID: organizationID, days: days, status: filter.status, direction: filter.direction, on: db)
            }
            let calls = CallRepository(db: db)
            let byStatus = try await calls.countsByStatus(organizationID: organizationID, filter: filter).mapValues { ($0.calls, $0.seconds) }
            var byDate: [String: Int] = [:]
            for (start, count) in try await calls.countsByQuarterHour(organizationID: organizationID, filter: filter) {
                byDate[LocalDay(containing: start, in: timeZone).text, default: 0] += count
            }
            return (byStatus, byDate)
        }
        let completed = byStatus[CallStatus.completed.rawValue] ?? (0, 0)
        let average = completed.0 == 0 ? 0 : (Double(completed.1) / Double(completed.0) * 100).rounded() / 100
        return CallStats(
            total_calls: byStatus.values.reduce(0) { $0 + $1.0 },
            completed_calls: completed.0,
            missed_calls: byStatus[CallStatus.missed.rawValue]?.0 ?? 0,
            voicemails: byStatus[CallStatus.voicemail.rawValue]?.0 ?? 0,
            failed_calls: byStatus[CallStatus.failed.rawValue]?.0 ?? 0,
            average_duration_seconds: average,
            calls_by_date: byDate)
    }
}
