import Foundation
import Hummingbird

struct CallResponse: ResponseEncodable, Sendable {
    let id: String
    let organization_id: String
    @Nullable var coordinator_id: String?
    @Nullable var contact_id: String?
    let direction: CallDirection
    let status: CallStatus
    @Nullable var from_number: String?
    @Nullable var to_number: String?
    let started_at: Date
    let duration_seconds: Int
    @Nullable var transcript: String?
    @Nullable var summary: String?
    @Nullable var outcome: String?
    @Nullable var recording_url: String?
    let metadata: JSONValue
    let created_at: Date

    init(_ call: Call) {
        id = call.id.api
        organization_id = call.organizationId.api
        coordinator_id = call.coordinatorId?.api
        contact_id = call.contactId?.api
        direction = call.direction
        status = call.status
        from_number = call.fromNumber
        to_number = call.toNumber
        started_at = call.startedAt
        duration_seconds = call.durationSeconds
        transcript = call.transcript
        summary = call.summary
        outcome = call.outcome
        recording_url = call.recordingUrl
        metadata = JSONValue.parse(call.metadata)
        created_at = call.createdAt
    }
}

extension CallStats: ResponseEncodable {}
