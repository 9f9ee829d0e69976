import Foundation

/// What `fourcalls demo` made, to print for the newcomer.
public struct DemoSummary: Sendable {
    public let email: String
    public let password: String
    public let token: String
    public let organizationID: String
    public let agentID: String
    public let agentKey: String
    public let contacts: Int
    public let appointments: Int
    public let calls: Int
    public let campaignCallsMade: Int
}

extension OperatorTools {
    /// Fills the database with a believable dental clinic: three coordinators, 500
    /// contacts, appointments over the next three weeks, a month of calls, a recall campaign
    /// under way, FAQs, a poll, an AI agent and a webhook to a local URL. Everything goes
    /// through the application's services, with their rules and events.
    public func seedDemo(webhookURL: String = "http://127.0.0.1:9000/webhooks/4calls") async throws -> DemoSummary {
        let now = clock.now()
        var random = DemoRandom(seed: 4_2026)
        let password = "demo-\(UUID.random().api.prefix(8))"
        let email = "demo-\(UUID.random().api.prefix(6))@brightsmiles.example"
        let (userID, token) = try await createUser(name: "Dana Whitfield", email: email, password: password)
        guard let ownerID = UUID(text: userID) else { throw APIError.internalError }

        // The clinic: open weekdays 08:00–18:00 and Saturday mornings.
        let weekday = DayHours(start: LocalTime("08:00")!, end: LocalTime("18:00")!)
        var days: [Weekday: DayHours] = [.monday: weekday, .tuesday: weekday, .wednesday: weekday, .thursday: weekday, .friday: weekday]
        days[.saturday] = DayHours(start: LocalTime("09:00")!, end: LocalTime("13:00")!)
        let organization = try await OrganizationService(storage: storage, clock: clock).create(
            by: ownerID,
            .init(name: "Bright Smiles Dental", industry: .some("dental"), timezone: "America/New_York", countryCode: "1",
                  businessHours: BusinessHours(days: days), bookingCapacity: 2,
                  metadata: .object(["source": .string("demo")])))
        let zone = organization.timeZone

        // Coordinators from the template catalogue.
        let (roles, personas) = try await storage.read { db in
            let templates = TemplateRepository(db: db)
            return (try await templates.roles(), try await templates.personas())
        }
        func role(_ slug: String) -> String { roles.first { $0.slug == slug }?.id.api ?? roles[0].id.api }
        func persona(_ slug: String) -> String { personas.first { $0.slug == slug }?.id.api ?? personas[0].id.api }
        var coordinators: [UUID] = []
        for (name, roleSlug, personaSlug, greeting) in [
            ("Sarah", "receptionist", "friendly_professional", "Thank you for calling Bright Smiles Dental, this is Sarah. How can I help?"),
            ("Mike", "appointment_scheduler", "warm_caring", "Hi, this is Mike from Bright Smiles. Let's find a time that works for you."),
            ("Ava", "appointment_confirmer", "calm_reassuring", "Hello, this is Ava from Bright Smiles Dental calling about your appointment."),
        ] {
            var fields = FieldReader([
                "role_template_id": .string(role(roleSlug)), "persona_template_id": .string(persona(personaSlug)),
                "display_name": .string(name), "custom_greeting": .string(greeting),
            ])
            let input = CoordinatorInput.read(&fields, creating: true)
            try fields.validate()
            coordinators.append(try await CoordinatorService(storage: storage, clock: clock).create(in: organization, input).coordinator.id)
        }

        // 500 patients, imported like a CSV export from a practice system.
        let first = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Elijah", "Sophia", "James", "Isabella", "William", "Mia", "Benjamin",
                     "Charlotte", "Lucas", "Amelia", "Henry", "Harper", "Theodore", "Evelyn", "Jack", "Abigail", "Levi", "Emily", "Mateo", "Ella"]
        let last = ["Garcia", "Smith", "Johnson", "Nguyen", "Patel", "Brown", "Davis", "Miller", "Wilson", "Moore", "Taylor", "Anderson",
                    "Thomas", "Jackson", "White", "Harris", "Martin", "Lee", "Clark", "Lewis"]
        var csv = "name,email,phone,company,tags\n"
        for index in 0..<500 {
            let (given, family) = (first[index % first.count], last[index / first.count])
            let tags = index % 4 == 0 ? "patient;recall-due" : (index % 7 == 0 ? "new-patient" : "patient")
            csv += "\(given) \(family),\(given.lowercased()).\(family.lowercased())@example.com,+1555\(String(format: "%07d", 100_000 + index)),,\(tags)\n"
        }
        let imported = try await ContactImport(storage: storage, clock: clock).run(csv: csv, organization: organization)
        let contacts = try await ContactService(storage: storage, clock: clock)
            .list(organization.id, filter: ContactFilter(), page: PageRequest(page: 1, perPage: 500)).items.map(\.contact)
        let recallDue = try await ContactService(storage: storage, clock: clock)
            .list(organization.id, filter: ContactFilter(tags: ["recall-due"]), page: PageRequest(page: 1, perPage: 500)).items.map(\.contact.id)

        // Appointment types and the next three weeks of appointments.
        let types = [("Cleaning", 60, 10), ("Check-up", 30, 5), ("Consultation", 45, 0)].map { name, minutes, after in
            AppointmentType(
                id: UUID.random(), organizationId: organization.id, name: name, durationMinutes: minutes, bufferBeforeMinutes: 0,
                bufferAfterMinutes: after, createdAt: now, updatedAt: now)
        }
        try await storage.transaction { db in try await TenantRows<AppointmentType>(db: db).insert(types) }
        let calendar = LocalDay.calendar(zone)
        let appointments = AppointmentService(storage: storage, clock: clock)
        var booked = 0
        var day = LocalDay(containing: now, in: zone).next
        for _ in 0..<21 {
            let start = day.start(in: zone)
            day = day.next
            guard (2...6).contains(calendar.component(.weekday, from: start)) else { continue }
            for (hour, minute) in [(9, 0), (10, 30), (13, 0), (14, 30), (16, 0)] {
                guard let at = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: start) else { continue }
                let type = types[random.next(types.count)]
                do {
                    _ = try await appointments.book(
                        in: organization.id,
                        .init(contactID: contacts[random.next(contacts.count)].id, appointmentTypeID: type.id,
                              coordinatorID: coordinators[random.next(coordinators.count)], scheduledAt: at, durationMinutes: nil,
                              notes: "Booked by the demo.", metadata: nil))
                    booked += 1
                } catch let error as APIError where error.code == "SLOT_UNAVAILABLE" {
                    continue
                }
            }
        }

        // A month of calls.
        let callService = CallService(storage: storage, clock: clock)
        var calls = 0
        for daysAgo in 1...30 {
            for _ in 0..<(5 + random.next(5)) {
                let contact = contacts[random.next(contacts.count)]
                let roll = random.next(100)
                let status: CallStatus = roll < 70 ? .completed : roll < 85 ? .missed : roll < 95 ? .voicemail : .failed
                let inbound = random.next(3) > 0
                let startedAt = now.addingTimeInterval(-Double(daysAgo * 86_400 - random.next(8 * 3600)))
                _ = try await callService.log(
                    Call(
                        id: UUID.random(), organizationId: organization.id, coordinatorId: coordinators[random.next(coordinators.count)],
                        contactId: contact.id, direction: inbound ? .inbound : .outbound, status: status,
                        fromNumber: inbound ? contact.phone : "+15550000100", toNumber: inbound ? "+15550000100" : contact.phone,
                        startedAt: startedAt, durationSeconds: status == .completed ? 60 + random.next(420) : 0,
                        transcript: nil, summary: status == .completed ? "Discussed scheduling and insurance questions." : nil,
                        outcome: status == .completed ? (random.next(2) == 0 ? "appointment_booked" : "question_answered") : nil,
                        recordingUrl: nil, metadata: "{}", createdAt: now))
                calls += 1
            }
        }

        // What the AI agents know and ask.
        let knowledge = KnowledgeService(storage: storage, clock: clock)
        for (question, answer, category) in [
            ("What are your opening hours?", "Weekdays 8am to 6pm and Saturdays 9am to 1pm.", "general"),
            ("Do you accept my insurance?", "We accept most PPO plans, including Delta Dental, Cigna and Aetna.", "billing"),
            ("How often should I have a cleaning?", "Every six months for most patients.", "care"),
            ("Where do I park?", "Free parking behind the building, entrance on Maple Street.", "general"),
            ("What should I do in a dental emergency?", "Call us right away; we keep same-day slots for emergencies.", "care"),
        ] {
            _ = try await knowledge.createFAQ(in: organization.id, .init(question: question, answer: answer, category: .some(category), keywords: []))
        }
        _ = try await knowledge.createPoll(
            in: organization.id, .init(question: "How did you hear about us?", options: ["Friend or family", "Online search", "Insurance directory", "Other"], active: true))

        // An AI agent, and a recall campaign it has started calling.
        let box = SecretBox(key: try AppKey.resolve(configured: configuration.appKey, database: DatabaseURL(parsing: configuration.databaseURL)))
        let (agent, agentKey) = try await AgentService(storage: storage, clock: clock, box: box)
            .create(in: organization.id, AgentChanges(name: "Front desk voice agent"))
        let lists = ContactListService(storage: storage, clock: clock)
        let recallList = try await lists.create(in: organization.id, name: "Recall due", description: "Patients due for their six-month visit")
        _ = try await lists.changeMembers(of: recallList.list.id, in: organization.id, contactIDs: recallDue, add: true)
        let campaigns = CampaignService(storage: storage, clock: clock)
        let campaign = try await campaigns.create(
            in: organization.id,
            .init(name: "Six-month recall", description: .some("Invite patients due for a cleaning to book a visit."),
                  script: .some("Hi, this is Ava from Bright Smiles Dental. You're due for your six-month cleaning; would you like to book a visit?"),
                  contactListIDs: [recallList.list.id], coordinatorID: .some(coordinators[2]),
                  maxConcurrentCalls: 3, retryDelayMinutes: 120, metadata: .object(["source": .string("demo")])))
        _ = try await campaigns.start(campaign.campaign.id, in: organization.id)
        let dialer = CampaignDialer(storage: storage, clock: clock)
        let operations = AgentOperations(storage: storage, clock: clock)
        var made = 0
        while made < 40, let lease = try await dialer.leaseNext(in: organization, agentID: agent.id, campaignID: campaign.campaign.id) {
            let roll = random.next(10)
            let status: CallStatus = roll < 6 ? .completed : roll < 8 ? .missed : .voicemail
            var report = AgentOperations.InteractionRequest(
                type: "call", durationSeconds: status == .completed ? 90 + random.next(200) : 0, metadata: .object([:]), pollResponses: [])
            report.campaignCallID = lease.call.id
            report.status = status
            report.summary = status == .completed ? "Patient asked to be booked next week." : nil
            _ = try await operations.log(in: organization, agentID: agent.id, report)
            made += 1
        }

        // A webhook to a local receiver (deliveries are retried until something listens there).
        _ = try await WebhookService(storage: storage, clock: clock, box: box, urlGuard: WebhookURLGuard(allowPrivateNetworks: true))
            .create(in: organization.id, .init(name: "Local receiver", url: webhookURL, secret: nil, events: ["*"], active: true))

        return DemoSummary(
            email: email, password: password, token: token, organizationID: organization.id.api, agentID: agent.id.api,
            agentKey: agentKey, contacts: imported.created, appointments: booked, calls: calls, campaignCallsMade: made)
    }
}

/// A small deterministic generator (SplitMix64), so every demo database looks alike.
struct DemoRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<bound`.
    mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Int(z % UInt64(max(bound, 1)))
    }
}
