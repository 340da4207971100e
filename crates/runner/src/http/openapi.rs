//! The OpenAPI 3.1 document, generated from the handlers' annotations (utoipa) and
//! served at `/openapi.json`; docs/runner-api.md explains what it cannot say.

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::{ingest, journeys, ops, segment};

#[derive(OpenApi)]
#[openapi(
    info(title = "Parcours runner", description = "Published journeys on live events. See docs/runner-api.md."),
    paths(
        journeys::publish, journeys::control, journeys::list, journeys::one, journeys::report, journeys::audit,
        ingest::events, segment::track, segment::identify, segment::batch,
        ops::token, ops::healthz, ops::readyz, ops::metrics,
    ),
    components(schemas(crate::error::ApiError, crate::error::Code, crate::writer::IngestAck)),
    modifiers(&Security)
)]
struct Doc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Basic).build()),
        );
    }
}

pub fn document() -> String {
    Doc::openapi().to_pretty_json().unwrap_or_default()
}
