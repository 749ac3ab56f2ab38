//! The schema: the migrations this build carries (`migrations/`, embedded by refinery), the
//! version they bring a database to, and migrating at open. Instances that open one database
//! together take turns on an advisory lock: the first migrates, the others find it done; a
//! schema newer than this build is refused, naming both versions.

use deadpool_postgres::Pool;

use super::StoreError;

pub(super) mod embedded {
    refinery::embed_migrations!("src/store/postgres/migrations");
}

/// The schema version this build writes (the newest migration it carries).
pub fn schema_version() -> i32 {
    embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .max()
        .unwrap_or(0)
}

/// The SQL of every migration this build carries, oldest first, each under a comment naming
/// it (`feedpush store schema`).
pub fn schema_sql() -> String {
    let runner = embedded::migrations::runner();
    let mut migrations: Vec<_> = runner.get_migrations().iter().collect();
    migrations.sort_by_key(|m| m.version());
    migrations
        .iter()
        .map(|m| {
            format!(
                "-- migration V{}__{}\n{}\n",
                m.version(),
                m.name(),
                m.sql().unwrap_or_default()
            )
        })
        .collect()
}

/// The newest migration applied to the database, if any.
pub(super) async fn applied_version(c: &tokio_postgres::Client) -> Result<Option<i32>, StoreError> {
    let exists: bool = c
        .query_one(
            "SELECT to_regclass('refinery_schema_history') IS NOT NULL",
            &[],
        )
        .await?
        .get(0);
    if !exists {
        return Ok(None);
    }
    Ok(
        c.query_one("SELECT max(version) FROM refinery_schema_history", &[])
            .await?
            .get(0),
    )
}

/// Refuse a newer schema; bring an older one (or none) up to this build's.
pub(super) async fn migrate(pool: &Pool) -> Result<(), StoreError> {
    let mut c = pool.get().await?;
    let ours = schema_version();
    if applied_version(&c).await? == Some(ours) {
        return Ok(());
    }
    // Instances that start together take turns (a session lock, given back with the
    // connection's session below): the first migrates, the others find it done.
    c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))
        .await?;
    let migrated = migrate_locked(&mut c, ours).await;
    let unlocked = c
        .batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))
        .await;
    migrated?;
    Ok(unlocked?)
}

/// The advisory lock that instances migrating one database take turns on (any number that
/// nothing else on the database uses: "feedpush" in ASCII).
const MIGRATION_LOCK: i64 = 0x6665_6564_7075_7368;

/// [`migrate`] under the migration lock.
async fn migrate_locked(c: &mut deadpool_postgres::Object, ours: i32) -> Result<(), StoreError> {
    let theirs = applied_version(c).await?;
    if let Some(v) = theirs.filter(|v| *v > ours) {
        return Err(StoreError::NewerSchema { found: v, ours });
    }
    if theirs == Some(ours) {
        return Ok(());
    }
    let client: &mut tokio_postgres::Client = c;
    let report = embedded::migrations::runner()
        .run_async(client)
        .await
        .map_err(|e| StoreError::Task(format!("migrating the database's schema: {e}")))?;
    for m in report.applied_migrations() {
        tracing::info!(
            from = theirs.unwrap_or(0),
            version = m.version(),
            name = m.name(),
            "the database's schema was migrated"
        );
    }
    Ok(())
}
