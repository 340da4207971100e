//! Validation results. Validation never fails: it returns these. Codes are stable
//! (tools and tests match on them); messages are for people and may change.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// Blocks test mode and publishing.
    Error,
    /// Shown, never blocking.
    Warning,
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $severity:ident;)*) => {
        /// Every diagnostic code, with the severity it always has.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
        pub enum Code {
            $(#[serde(rename = $text)] $variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text,)* }
            }

            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }
        }
    };
}

codes! {
    // Names and configurations.
    InvalidName = "E_INVALID_NAME", Error;
    DuplicateName = "E_DUPLICATE_NAME", Error;
    DuplicateField = "E_DUPLICATE_FIELD", Error;
    FieldShape = "E_FIELD_SHAPE", Error;
    ProfileIdMissing = "E_PROFILE_ID_MISSING", Error;
    EventIdFieldMissing = "E_EVENT_ID_FIELD_MISSING", Error;
    InvalidUrl = "E_INVALID_URL", Error;
    PathParamUndeclared = "E_PATH_PARAM_UNDECLARED", Error;
    PayloadPathMissing = "E_PAYLOAD_PATH_MISSING", Error;
    TimeoutRange = "E_TIMEOUT_RANGE", Error;
    RetriesRange = "E_RETRIES_RANGE", Error;
    CapRange = "E_CAP_RANGE", Error;
    TokenTtlRange = "E_TOKEN_TTL_RANGE", Error;
    DynamicPathUnused = "E_DYNAMIC_PATH", Error;
    // Journey structure.
    NoEntry = "E_NO_ENTRY", Error;
    MultipleEntries = "E_MULTIPLE_ENTRIES", Error;
    EntryNotFirst = "E_ENTRY_NOT_FIRST", Error;
    DuplicateNodeId = "E_DUPLICATE_NODE_ID", Error;
    DuplicatePort = "E_DUPLICATE_PORT", Error;
    Cycle = "E_CYCLE", Error;
    OpenPort = "E_OPEN_PORT", Error;
    PortReused = "E_PORT_REUSED", Error;
    UnknownPort = "E_UNKNOWN_PORT", Error;
    DanglingEdge = "E_DANGLING_EDGE", Error;
    Unreachable = "E_UNREACHABLE", Error;
    EmptyCondition = "E_EMPTY_CONDITION", Error;
    // References.
    UnknownEvent = "E_UNKNOWN_EVENT", Error;
    UnknownAction = "E_UNKNOWN_ACTION", Error;
    UnknownDataSource = "E_UNKNOWN_DATA_SOURCE", Error;
    DataParamUnmapped = "E_DATA_PARAM_UNMAPPED", Error;
    DataParamUnknown = "E_DATA_PARAM_UNKNOWN", Error;
    JumpTargetUnknown = "E_JUMP_TARGET_UNKNOWN", Error;
    JumpLoop = "E_JUMP_LOOP", Error;
    JumpIdentityMismatch = "E_JUMP_IDENTITY_MISMATCH", Error;
    ReactionIdentityMismatch = "E_REACTION_IDENTITY_MISMATCH", Error;
    // Expressions.
    ExprSyntax = "E_EXPR_SYNTAX", Error;
    ExprUnknownField = "E_EXPR_UNKNOWN_FIELD", Error;
    ExprUnknownFunction = "E_EXPR_UNKNOWN_FUNCTION", Error;
    ExprType = "E_EXPR_TYPE", Error;
    // Actions.
    ActionParamUnmapped = "E_ACTION_PARAM_UNMAPPED", Error;
    ActionParamUnknown = "E_ACTION_PARAM_UNKNOWN", Error;
    ActionParamType = "E_ACTION_PARAM_TYPE", Error;
    // Timing.
    WaitExceedsTimeout = "E_WAIT_EXCEEDS_TIMEOUT", Error;
    WaitRange = "E_WAIT_RANGE", Error;
    ReactionTimeoutRange = "E_REACTION_TIMEOUT_RANGE", Error;
    SplitWeights = "E_SPLIT_WEIGHTS", Error;
    TimeWindow = "E_TIME_WINDOW", Error;
    DateWindow = "E_DATE_WINDOW", Error;
    TimeZone = "E_TIME_ZONE", Error;
    GlobalTimeoutRange = "E_GLOBAL_TIMEOUT_RANGE", Error;
    // Test data.
    FixtureTarget = "E_FIXTURE_TARGET", Error;
    FixtureStatus = "E_FIXTURE_STATUS", Error;
    FixtureRate = "E_FIXTURE_RATE", Error;
    ProfileValueType = "E_PROFILE_VALUE_TYPE", Error;
    ProfileFieldUnknown = "W_PROFILE_FIELD_UNKNOWN", Warning;
    // Guardrails: reported, never blocking.
    TooManyActivities = "W_TOO_MANY_ACTIVITIES", Warning;
    LargeExample = "W_LARGE_EXAMPLE", Warning;
    JumpTargetUnpublished = "W_JUMP_TARGET_UNPUBLISHED", Warning;
    ErrorPathUnused = "W_ERROR_PATH_UNUSED", Warning;
    // A credential typed in clear would be stored, exported and published with the
    // configuration: an error (it was a warning, W_SECRET_IN_CONSTANT, before secrets
    // were bound to origins).
    SecretInConstant = "E_SECRET_IN_CONSTANT", Error;
}

/// One problem, located: which object (`journey:welcome`, `event:signup`), which node,
/// which field of it (`activity.paths[1].expression`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub object: String,
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub path: String,
    pub code: Code,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    pub fn new(code: Code, object: &str, path: &str, message: impl Into<String>) -> Self {
        Diagnostic {
            object: object.to_string(),
            node: None,
            path: path.to_string(),
            code,
            severity: code.severity(),
            message: message.into(),
        }
    }

    pub fn at_node(mut self, node: &str) -> Self {
        self.node = Some(node.to_string());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{severity}[{}] {}", self.code.as_str(), self.object)?;
        if let Some(node) = &self.node {
            write!(f, " node `{node}`")?;
        }
        if !self.path.is_empty() {
            write!(f, " at {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}
