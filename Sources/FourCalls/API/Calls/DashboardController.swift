import Foundation
import Hummingbird

/// `/organizations/{orgId}/dashboard/metrics`.
struct DashboardController {
    let storage: any Storage
    let clock: any AppClock

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("dashboard/metrics") { _, context in
            try await DashboardMetrics.compute(for: context.organization, now: clock.now(), storage: storage)
        }
    }
}

extension DashboardMetrics: ResponseEncodable {}
