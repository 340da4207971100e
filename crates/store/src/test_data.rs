//! Test data rows: fixtures (canned responses, keyed by their target) and test
//! profiles (keyed by name). Kept apart from configurations because deleting them
//! never breaks a journey.

use parcours_model::{Fixture, FixtureTarget, TestProfile};
use rusqlite::{Transaction, params};

use crate::records::{decode, encode, now};
use crate::{Store, StoreError};

pub(crate) fn put_fixture(tx: &Transaction, fixture: &Fixture) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO fixtures (target, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(target) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![encode(&fixture.target), encode(fixture), now()],
    )?;
    Ok(())
}

pub(crate) fn put_test_profile(tx: &Transaction, profile: &TestProfile) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO test_profiles (name, body, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
        params![profile.name, encode(profile), now()],
    )?;
    Ok(())
}

impl Store {
    /// Simulation fixtures, in canonical order.
    pub fn list_fixtures(&self) -> Result<Vec<Fixture>, StoreError> {
        let mut stmt = self.conn.prepare_cached("SELECT target, body FROM fixtures")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        let mut out = rows
            .map(|row| {
                let (target, body) = row?;
                decode::<Fixture>("fixture", &target, &body)
            })
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by(|a, b| a.target.cmp(&b.target));
        Ok(out)
    }

    pub fn save_fixture(&mut self, fixture: &Fixture) -> Result<(), StoreError> {
        self.write(|tx| put_fixture(tx, fixture))
    }

    pub fn delete_fixture(&mut self, target: &FixtureTarget) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM fixtures WHERE target = ?1", [encode(target)])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    kind: "fixture",
                    name: target.label(),
                });
            }
            Ok(())
        })
    }

    /// Test profiles, by name.
    pub fn list_test_profiles(&self) -> Result<Vec<TestProfile>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT name, body FROM test_profiles ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
        rows.map(|row| {
            let (name, body) = row?;
            decode("test profile", &name, &body)
        })
        .collect()
    }

    pub fn save_test_profile(&mut self, profile: &TestProfile) -> Result<(), StoreError> {
        self.write(|tx| put_test_profile(tx, profile))
    }

    pub fn delete_test_profile(&mut self, name: &str) -> Result<(), StoreError> {
        self.write(|tx| {
            let n = tx.execute("DELETE FROM test_profiles WHERE name = ?1", [name])?;
            if n == 0 {
                return Err(StoreError::NotFound {
                    kind: "test profile",
                    name: name.to_string(),
                });
            }
            Ok(())
        })
    }
}
