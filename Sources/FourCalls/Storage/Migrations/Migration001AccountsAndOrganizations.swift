extension Migration {
    /// Users, their API tokens, organizations and their members.
    /// SQLite stores UUIDs as TEXT and times as REAL unix seconds (the driver's encodings).
    static let accountsAndOrganizations = Migration(
        version: 1,
        name: "accounts_and_organizations",
        sqlite: [
            """
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                abilities TEXT NOT NULL,
                expires_at REAL,
                created_at REAL NOT NULL
            )
            """,
            "CREATE INDEX api_tokens_user_id ON api_tokens(user_id)",
            """
            CREATE TABLE organizations (
                id TEXT PRIMARY KEY,
                user_id TEXT REFERENCES users(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                industry TEXT,
                timezone TEXT NOT NULL,
                country_code TEXT NOT NULL,
                business_hours TEXT NOT NULL,
                booking_capacity INTEGER NOT NULL,
                metadata TEXT NOT NULL,
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL
            )
            """,
            """
            CREATE TABLE organization_members (
                organization_id TEXT NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
                created_at REAL NOT NULL,
                updated_at REAL NOT NULL,
                PRIMARY KEY (organization_id, user_id)
            )
            """,
            "CREATE INDEX organization_members_user_id ON organization_members(user_id)",
        ],
        postgres: [
            """
            CREATE TABLE users (
                id UUID PRIMARY KEY,
                name TEXT NOT NULL,
                email TEXT NOT NULL,
                email_normalized TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE api_tokens (
                id UUID PRIMARY KEY,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                token_hash TEXT NOT NULL,
                abilities TEXT NOT NULL,
                expires_at TIMESTAMPTZ,
                created_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX api_tokens_user_id ON api_tokens(user_id)",
            """
            CREATE TABLE organizations (
                id UUID PRIMARY KEY,
                user_id UUID REFERENCES users(id) ON DELETE SET NULL,
                name TEXT NOT NULL,
                industry TEXT,
                timezone TEXT NOT NULL,
                country_code TEXT NOT NULL,
                business_hours TEXT NOT NULL,
                booking_capacity INTEGER NOT NULL,
                metadata TEXT NOT NULL,
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE organization_members (
                organization_id UUID NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
                user_id UUID NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                role TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'member', 'viewer')),
                created_at TIMESTAMPTZ NOT NULL,
                updated_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (organization_id, user_id)
            )
            """,
            "CREATE INDEX organization_members_user_id ON organization_members(user_id)",
        ]
    )
}
