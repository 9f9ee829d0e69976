extension Migration {
    /// The event log, templates, coordinators, contacts and lists, appointment types and
    /// appointments, calls, FAQs and polls. Every row of a tenant carries `organization_id`.
    static let crm = Migration.portable(
        version: 2, name: "crm",
        [
            """
            CREATE TABLE events (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                event TEXT NOT NULL,
                payload TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX events_organization_created ON events(organization_id, created_at)",
            """
            CREATE TABLE role_templates (
                id $UUID PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                goals TEXT NOT NULL,
                default_prompts TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            """
            CREATE TABLE persona_templates (
                id $UUID PRIMARY KEY,
                slug TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                description TEXT NOT NULL,
                tone TEXT NOT NULL,
                example_greeting TEXT NOT NULL,
                traits TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            """
            CREATE TABLE coordinators (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                role_template_id $UUID NOT NULL REFERENCES role_templates(id),
                persona_template_id $UUID NOT NULL REFERENCES persona_templates(id),
                display_name TEXT NOT NULL,
                voice_id TEXT,
                custom_greeting TEXT,
                custom_prompts TEXT NOT NULL,
                availability TEXT NOT NULL,
                status TEXT NOT NULL,
                metadata TEXT NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX coordinators_organization ON coordinators(organization_id, created_at)",
            """
            CREATE TABLE contacts (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                name_search TEXT NOT NULL,
                email TEXT,
                email_normalized TEXT,
                phone TEXT,
                company TEXT,
                timezone TEXT,
                status TEXT NOT NULL,
                notes TEXT,
                metadata TEXT NOT NULL,
                source TEXT,
                source_id TEXT,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX contacts_organization_created ON contacts(organization_id, created_at)",
            "CREATE INDEX contacts_organization_updated ON contacts(organization_id, updated_at)",
            "CREATE INDEX contacts_organization_email ON contacts(organization_id, email_normalized)",
            "CREATE INDEX contacts_organization_phone ON contacts(organization_id, phone)",
            "CREATE INDEX contacts_organization_source ON contacts(organization_id, source_id, source)",
            """
            CREATE TABLE contact_tags (
                contact_id $UUID NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                organization_id $UUID NOT NULL,
                tag TEXT NOT NULL,
                PRIMARY KEY (contact_id, tag)
            )
            """,
            "CREATE INDEX contact_tags_organization_tag ON contact_tags(organization_id, tag)",
            """
            CREATE TABLE contact_lists (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                description TEXT,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX contact_lists_organization ON contact_lists(organization_id, created_at)",
            """
            CREATE TABLE contact_list_members (
                contact_list_id $UUID NOT NULL REFERENCES contact_lists(id) ON DELETE CASCADE,
                contact_id $UUID NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                added_at $TIME NOT NULL,
                PRIMARY KEY (contact_list_id, contact_id)
            )
            """,
            "CREATE INDEX contact_list_members_contact ON contact_list_members(contact_id)",
            """
            CREATE TABLE appointment_types (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                duration_minutes INTEGER NOT NULL,
                buffer_before_minutes INTEGER NOT NULL,
                buffer_after_minutes INTEGER NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            """
            CREATE TABLE appointments (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                contact_id $UUID NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
                appointment_type_id $UUID REFERENCES appointment_types(id) ON DELETE SET NULL,
                coordinator_id $UUID REFERENCES coordinators(id) ON DELETE SET NULL,
                scheduled_at $TIME NOT NULL,
                ends_at $TIME NOT NULL,
                duration_minutes INTEGER NOT NULL,
                busy_from $TIME NOT NULL,
                busy_until $TIME NOT NULL,
                status TEXT NOT NULL,
                notes TEXT,
                cancellation_reason TEXT,
                metadata TEXT NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX appointments_organization_scheduled ON appointments(organization_id, scheduled_at)",
            "CREATE INDEX appointments_organization_busy ON appointments(organization_id, busy_from)",
            "CREATE INDEX appointments_contact ON appointments(contact_id, scheduled_at)",
            """
            CREATE TABLE calls (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                coordinator_id $UUID REFERENCES coordinators(id) ON DELETE SET NULL,
                contact_id $UUID REFERENCES contacts(id) ON DELETE SET NULL,
                direction TEXT NOT NULL,
                status TEXT NOT NULL,
                from_number TEXT,
                to_number TEXT,
                started_at $TIME NOT NULL,
                duration_seconds INTEGER NOT NULL,
                transcript TEXT,
                summary TEXT,
                outcome TEXT,
                recording_url TEXT,
                metadata TEXT NOT NULL,
                created_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX calls_organization_started ON calls(organization_id, started_at)",
            "CREATE INDEX calls_contact ON calls(contact_id, started_at)",
            """
            CREATE TABLE faqs (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                question TEXT NOT NULL,
                answer TEXT NOT NULL,
                category TEXT,
                keywords TEXT NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX faqs_organization ON faqs(organization_id, created_at)",
            """
            CREATE TABLE polls (
                id $UUID PRIMARY KEY,
                organization_id $UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                question TEXT NOT NULL,
                options TEXT NOT NULL,
                active $BOOL NOT NULL,
                created_at $TIME NOT NULL,
                updated_at $TIME NOT NULL
            )
            """,
            "CREATE INDEX polls_organization ON polls(organization_id, created_at)",
        ])
}
