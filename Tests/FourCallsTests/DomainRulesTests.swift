import Foundation
import Testing
@testable import FourCalls

@Suite("Domain rules")
struct DomainRulesTests {
    @Test(arguments: [
        (Role.owner, [true, true, true, true]),
        (Role.admin, [true, true, true, false]),
        (Role.member, [true, true, false, false]),
        (Role.viewer, [true, false, false, false]),
    ])
    func rolesAllowWhatTheContractSays(role: Role, expected: [Bool]) {
        let actions: [OrganizationAction] = [.read, .writeRecords, .manage, .delete]
        #expect(actions.map(role.allows) == expected)
    }

    @Test(arguments: [
        ("09:00", 540), ("00:00", 0), ("24:00", 1440), ("17:30", 1050),
    ])
    func localTimesParse(text: String, minutes: Int) {
        #expect(LocalTime(text)?.minutes == minutes)
        #expect(LocalTime(text)?.text == text)
    }

    @Test(arguments: ["9:00", "24:01", "12:60", "noon", "12-00", "", "1200", "-1:00"])
    func badLocalTimesAreRefused(text: String) {
        #expect(LocalTime(text) == nil)
    }

    @Test func businessHoursRoundTripInWeekOrder() throws {
        let value = JSONValue.parse(#"{"friday": {"start": "10:00", "end": "14:00"}, "monday": {"start": "08:00", "end": "18:00"}}"#)
        let hours = try BusinessHours.parse(value, field: "business_hours").get()
        #expect(hours.jsonText() == #"{"monday":{"end":"18:00","start":"08:00"},"friday":{"end":"14:00","start":"10:00"}}"#
            || hours.jsonText() == #"{"friday":{"end":"14:00","start":"10:00"},"monday":{"end":"18:00","start":"08:00"}}"#)
        #expect(BusinessHours.stored(hours.jsonText()) == hours)
        #expect(BusinessHours.stored(BusinessHours.standard.jsonText()).days.count == 5)
    }

    @Test(arguments: [
        (JSONValue.string("1"), "1"), (.string("+44"), "44"), (.int(353), "353"),
    ])
    func countryCodesParse(value: JSONValue, code: String) {
        #expect(CountryCode.parse(value) == code)
    }

    @Test(arguments: [JSONValue.string("0044"), .string("1234"), .string(""), .int(0), .bool(true), .string("4a")])
    func badCountryCodesAreRefused(value: JSONValue) {
        #expect(CountryCode.parse(value) == nil)
    }

    @Test func tokensParseAndCompare() throws {
        let id = UUID()
        let secret = TokenSecret.generate()
        #expect(secret.count == 48)
        let plain = TokenSecret.plainText(id: id, secret: secret)
        let parsed = try #require(TokenSecret.parse(plain))
        #expect(parsed.id == id)
        #expect(parsed.secret == secret)
        #expect(TokenSecret.parse("no-bar") == nil)
        #expect(TokenSecret.parse("\(id.api)|") == nil)
        #expect(TokenSecret.constantTimeEquals(TokenSecret.hash(secret), TokenSecret.hash(secret)))
        #expect(!TokenSecret.constantTimeEquals(TokenSecret.hash(secret), TokenSecret.hash(secret + "x")))
        #expect(TokenSecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test(arguments: [
        ("ada@example.com", true), ("a.b+c@sub.example.co.uk", true), ("no-at.example.com", false),
        ("two@@example.com", false), ("space @example.com", false), ("a@localhost", false), ("a@.com", false),
    ])
    func emailAddresses(text: String, valid: Bool) {
        #expect(EmailAddress.isValid(text) == valid)
    }

    @Test(arguments: [("America/New_York", true), ("Europe/London", true), ("UTC", true), ("Mars/Olympus", false), ("EST5EDT ", false)])
    func timeZones(name: String, valid: Bool) {
        #expect(TimeZones.isValidIdentifier(name) == valid)
    }

    @Test func hexIsLowercaseTwoDigitsPerByte() {
        #expect(Hex.lowercase([0x00, 0x0f, 0xab, 0xff]) == "000fabff")
        #expect(Hex.lowercase([UInt8]()) == "")
        // SHA-256 of "abc", as every reference lists it.
        #expect(TokenSecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func columnNamesAreTheSnakeCaseOfProperties() {
        let expected = ["id": "id", "organizationId": "organization_id", "nextAttemptAt": "next_attempt_at",
                        "durationMs": "duration_ms", "emailNormalized": "email_normalized", "recordingUrl": "recording_url"]
        for (property, column) in expected {
            #expect(SnakeCaseColumns.snakeCase(property) == column)
            #expect(SnakeCaseColumns.column(for: property) == column)
            #expect(SnakeCaseColumns.column(for: property) == column, "cached")
        }
    }

    @Test func idsAreFoundationsUUIDStringLowercased() {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.api == id.uuidString.lowercased())
        }
        #expect(UUID(uuidString: "F47AC10B-58CC-4372-A567-0E02B2C3D479")!.api == "f47ac10b-58cc-4372-a567-0e02b2c3d479")
    }
}
