import Foundation
import HTTPTypes
import Testing
@testable import FourCalls

@Suite("Organizations")
struct OrganizationTests {
    @Test(arguments: Engine.enabled)
    func guideExampleCreatesWithDefaults(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, userID) = try await api.register()
            let response = try await api.call(
                .post, "/api/coordinator/organizations", token: token,
                json: """
                    {"name": "Acme Corporation", "industry": "Technology", "timezone": "America/New_York",
                     "metadata": {"website": "https://acme.com", "phone": "+1234567890"}}
                    """)
            #expect(response.status == .created)
            #expect(response["name"]?.string == "Acme Corporation")
            #expect(response["industry"]?.string == "Technology")
            #expect(response["timezone"]?.string == "America/New_York")
            #expect(response["user_id"]?.string == userID)
            #expect(response["role"]?.string == "owner")
            #expect(response["country_code"]?.string == "1")
            #expect(response["booking_capacity"]?.int == 1)
            #expect(response["metadata"]?["website"]?.string == "https://acme.com")
            #expect(response.text.contains(#""website":"https://acme.com""#))
            let hours = try #require(response["business_hours"])
            #expect(hours.keys == ["monday", "tuesday", "wednesday", "thursday", "friday"])
            #expect(hours["monday"]?["start"]?.string == "09:00")
            #expect(hours["friday"]?["end"]?.string == "17:00")
            let id = try #require(response["id"]?.string)
            #expect(id == id.lowercased() && UUID(uuidString: id) != nil)
            #expect(response["created_at"]?.string?.hasSuffix("Z") == true)

            let shown = try await api.call(.get, "/api/coordinator/organizations/\(id)", token: token)
            #expect(shown.status == .ok)
            #expect(shown.json == response.json)
            let viaV1 = try await api.call(.get, "/api/v1/coordinator/organizations/\(id)", token: token)
            #expect(viaV1.json == response.json)
        }
    }

    @Test(arguments: Engine.enabled)
    func minimalCreateUsesContractDefaults(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let response = try await api.call(.post, "/api/coordinator/organizations", token: token, json: #"{"name": "Bright Smiles"}"#)
            #expect(response.status == .created)
            #expect(response["timezone"]?.string == "America/New_York")
            #expect(response["industry"] == .null)
            #expect(response["metadata"] == .object([:]))
            #expect(response["business_hours"]?.keys.count == 5)
        }
    }

    @Test(arguments: Engine.enabled)
    func createValidatesEveryField(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let response = try await api.call(
                .post, "/api/coordinator/organizations", token: token,
                json: """
                    {"timezone": "Mars/Olympus", "country_code": "0044", "booking_capacity": 0, "metadata": [1],
                     "business_hours": {"funday": {"start": "09:00", "end": "17:00"},
                                        "monday": {"start": "9am", "end": "17:00"},
                                        "tuesday": {"start": "18:00", "end": "17:00"}}}
                    """)
            #expect(response.status == .unprocessableContent)
            #expect(response["code"]?.string == "VALIDATION_ERROR")
            #expect(fieldErrors(response, "name") == ["The name field is required."])
            #expect(fieldErrors(response, "timezone").count == 1)
            #expect(fieldErrors(response, "country_code").count == 1)
            #expect(fieldErrors(response, "booking_capacity") == ["The booking capacity field must be between 1 and 1000."])
            #expect(fieldErrors(response, "metadata") == ["The metadata field must be an object."])
            #expect(fieldErrors(response, "business_hours.funday").count == 1)
            #expect(fieldErrors(response, "business_hours.monday.start").count == 1)
            #expect(fieldErrors(response, "business_hours.tuesday.end") == ["The end time must be after the start time."])
            let list = try await api.call(.get, "/api/coordinator/organizations", token: token)
            #expect(list["total"]?.int == 0)
        }
    }

    @Test(arguments: Engine.enabled)
    func businessHoursAndCountryCodeAreStoredAsGiven(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let response = try await api.call(
                .post, "/api/coordinator/organizations", token: token,
                json: """
                    {"name": "Late Clinic", "timezone": "Europe/London", "country_code": 44, "booking_capacity": 3,
                     "business_hours": {"saturday": {"start": "10:00", "end": "24:00"}, "sunday": null}}
                    """)
            #expect(response.status == .created)
            #expect(response["country_code"]?.string == "44")
            #expect(response["booking_capacity"]?.int == 3)
            #expect(response["business_hours"] == .object(["saturday": .object(["start": .string("10:00"), "end": .string("24:00")])]))
        }
    }

    @Test(arguments: Engine.enabled)
    func listIsPaginatedLaravelStyle(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            var ids: [String] = []
            for name in ["One", "Two", "Three"] {
                ids.append(try await api.createOrganization(token: token, json: #"{"name": "\#(name)"}"#))
            }
            let (otherToken, _) = try await api.register(email: "other@example.com")
            _ = try await api.createOrganization(token: otherToken, json: #"{"name": "Not yours"}"#)

            let first = try await api.call(.get, "/api/coordinator/organizations?per_page=2", token: token)
            #expect(first.status == .ok)
            #expect(first.json.keys == ["data", "current_page", "per_page", "total", "last_page"])
            #expect(first["current_page"]?.int == 1)
            #expect(first["per_page"]?.int == 2)
            #expect(first["total"]?.int == 3)
            #expect(first["last_page"]?.int == 2)
            #expect(first["data"]?.array?.compactMap { $0["id"]?.string } == Array(ids.prefix(2)))
            let second = try await api.call(.get, "/api/coordinator/organizations?per_page=2&page=2", token: token)
            #expect(second["data"]?.array?.compactMap { $0["id"]?.string } == [ids[2]])
            let beyond = try await api.call(.get, "/api/coordinator/organizations?page=9", token: token)
            #expect(beyond["data"]?.array?.isEmpty == true)
            #expect(beyond["per_page"]?.int == 25)

            let bad = try await api.call(.get, "/api/coordinator/organizations?per_page=101&page=0", token: token)
            #expect(bad.status == .unprocessableContent)
            #expect(fieldErrors(bad, "per_page").count == 1)
            #expect(fieldErrors(bad, "page").count == 1)
            // A page so far out that page × per_page would overflow is refused, not a crash.
            for page in ["9223372036854775807", "742100054221709312", "10000001"] {
                let huge = try await api.call(.get, "/api/coordinator/organizations?per_page=100&page=\(page)", token: token)
                #expect(huge.status == .unprocessableContent)
                #expect(fieldErrors(huge, "page").count == 1)
            }
            #expect(try await api.call(.get, "/api/coordinator/organizations?per_page=100&page=10000000", token: token).status == .ok)
        }
    }

    @Test(arguments: Engine.enabled)
    func nonMembersGet404(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (owner, _) = try await api.register()
            let orgID = try await api.createOrganization(token: owner)
            let (stranger, _) = try await api.register(email: "eve@example.com")
            let attempts: [(HTTPRequest.Method, String?)] = [(.get, nil), (.put, #"{"name": "Mine"}"#), (.delete, nil)]
            for (method, body) in attempts {
                let response = try await api.call(method, "/api/coordinator/organizations/\(orgID)", token: stranger, json: body)
                #expect(response.status == .notFound)
                #expect(response["code"]?.string == "NOT_FOUND")
                #expect(!response.text.contains("Acme"))
            }
            let members = try await api.call(.get, "/api/coordinator/organizations/\(orgID)/members", token: stranger)
            #expect(members.status == .notFound)
            let notAnID = try await api.call(.get, "/api/coordinator/organizations/not-a-uuid", token: owner)
            #expect(notAnID.status == .notFound)
            let missing = try await api.call(.get, "/api/coordinator/organizations/\(UUID().api)", token: owner)
            #expect(missing.status == .notFound)
        }
    }

    @Test(arguments: Engine.enabled)
    func updateIsPartial(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (token, _) = try await api.register()
            let orgID = try await api.createOrganization(
                token: token, json: #"{"name": "Acme", "industry": "Technology", "metadata": {"a": 1}}"#)
            let updated = try await api.call(
                .put, "/api/coordinator/organizations/\(orgID)", token: token,
                json: #"{"timezone": "America/Los_Angeles", "business_hours": {"monday": {"start": "08:00", "end": "12:00"}}}"#)
            #expect(updated.status == .ok)
            #expect(updated["name"]?.string == "Acme")
            #expect(updated["industry"]?.string == "Technology")
            #expect(updated["metadata"]?["a"]?.int == 1)
            #expect(updated["timezone"]?.string == "America/Los_Angeles")
            #expect(updated["business_hours"]?.keys == ["monday"])

            let cleared = try await api.call(.put, "/api/coordinator/organizations/\(orgID)", token: token, json: #"{"industry": null}"#)
            #expect(cleared["industry"] == .null)
            let emptyName = try await api.call(.put, "/api/coordinator/organizations/\(orgID)", token: token, json: #"{"name": ""}"#)
            #expect(emptyName.status == .unprocessableContent)
            #expect(fieldErrors(emptyName, "name").count == 1)
            let shown = try await api.call(.get, "/api/coordinator/organizations/\(orgID)", token: token)
            #expect(shown["name"]?.string == "Acme")
        }
    }

    @Test(arguments: Engine.enabled)
    func onlyTheOwnerDeletes(on engine: Engine) async throws {
        try await withTestApp(engine) { api in
            let (owner, _) = try await api.register()
            let orgID = try await api.createOrganization(token: owner)
            let (admin, _) = try await api.register(email: "admin@example.com")
            try await api.addMember("/api/coordinator/organizations/\(orgID)", adminToken: owner, email: "admin@example.com", role: "admin", inviteeToken: admin)

            let refused = try await api.call(.delete, "/api/coordinator/organizations/\(orgID)", token: admin)
            #expect(refused.status == .forbidden)
            #expect(refused["code"]?.string == "FORBIDDEN")
            let renamed = try await api.call(.put, "/api/coordinator/organizations/\(orgID)", token: admin, json: #"{"name": "Renamed"}"#)
            #expect(renamed.status == .ok)
            #expect(renamed["role"]?.string == "admin")

            let deleted = try await api.call(.delete, "/api/coordinator/organizations/\(orgID)", token: owner)
            #expect(deleted.status == .noContent)
            #expect(try await api.call(.get, "/api/coordinator/organizations/\(orgID)", token: owner).status == .notFound)
            #expect(try await api.call(.get, "/api/coordinator/organizations/\(orgID)", token: admin).status == .notFound)
        }
    }
}
