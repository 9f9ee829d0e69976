import Foundation
import Hummingbird

/// `/organizations/{orgId}/dashboard/metrics`.
struct DashboardController {
    let storage: any Storage
    let clock: any AppClock
    let cache: DashboardCache

    func addRoutes(to organization: RouterGroup<OrganizationContext>) {
        organization.get("dashboard/metrics") { _, context in
            try await DashboardMetrics.current(for: context.organization, now: clock.now(), storage: storage, cache: cache)
        }
    }
}

extension DashboardMetrics: ResponseEncodable {}
