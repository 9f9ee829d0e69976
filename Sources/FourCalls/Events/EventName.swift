/// The events of the integration guide's list, which webhooks subscribe to.
public enum EventName: String, CaseIterable, Sendable, Codable {
    case organizationCreated = "organization.created"
    case coordinatorCreated = "coordinator.created"
    case coordinatorActivated = "coordinator.activated"
    case contactCreated = "contact.created"
    case contactUpdated = "contact.updated"
    case appointmentCreated = "appointment.created"
    case appointmentConfirmed = "appointment.confirmed"
    case appointmentCancelled = "appointment.cancelled"
    case callCompleted = "call.completed"
    case callMissed = "call.missed"
    case campaignStarted = "campaign.started"
    case campaignCompleted = "campaign.completed"
    case aiInteractionLogged = "ai_interaction.logged"
}
