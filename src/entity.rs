//! The entity names: the strings below are a contract (the report schema,
//! `docs/report.schema.json`, lists them too):
//! the report, the CLI, the page and users' pipelines rely on them.

use serde::{Serialize, Serializer};

/// How a column of this entity matters for privacy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Identifies a person on its own.
    Direct,
    /// Identifies in combination with other quasi-identifiers.
    Quasi,
    /// The attribute an attacker wants to learn (PIPL Art. 28, GDPR Art. 9).
    Sensitive,
    /// Not personal data.
    None,
}

impl Kind {
    /// The report string.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Direct => "direct",
            Kind::Quasi => "quasi",
            Kind::Sensitive => "sensitive",
            Kind::None => "none",
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

macro_rules! entities {
    ($($variant:ident => $name:literal, $kind:ident;)*) => {
        /// One entity of the report contract.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Entity {
            $(
                #[doc = $name]
                $variant,
            )*
        }

        impl Entity {
            /// Every entity, in spec order.
            pub const ALL: &'static [Entity] = &[$(Entity::$variant),*];

            /// The stable name used in reports.
            pub fn name(self) -> &'static str {
                match self { $(Entity::$variant => $name,)* }
            }

            /// The kind a column of this entity has. (FREE_TEXT is
            /// `direct` only when it carries identifiers; the column verdict
            /// decides that.)
            pub fn kind(self) -> Kind {
                match self { $(Entity::$variant => Kind::$kind,)* }
            }

            /// Parses a report name.
            pub fn from_name(name: &str) -> Option<Entity> {
                match name { $($name => Some(Entity::$variant),)* _ => None }
            }
        }
    };
}

entities! {
    PersonName => "PERSON_NAME", Direct;
    CnResidentId => "CN_RESIDENT_ID", Direct;
    CnPassport => "CN_PASSPORT", Direct;
    CnTravelPermit => "CN_TRAVEL_PERMIT", Direct;
    HkId => "HK_ID", Direct;
    TwNationalId => "TW_NATIONAL_ID", Direct;
    Passport => "PASSPORT", Direct;
    PhoneNumber => "PHONE_NUMBER", Direct;
    EmailAddress => "EMAIL_ADDRESS", Direct;
    BankCard => "BANK_CARD", Direct;
    Iban => "IBAN", Direct;
    UsSsn => "US_SSN", Direct;
    CnUscc => "CN_USCC", Direct;
    LicensePlate => "LICENSE_PLATE", Direct;
    Vin => "VIN", Direct;
    IpAddress => "IP_ADDRESS", Direct;
    MacAddress => "MAC_ADDRESS", Direct;
    Imei => "IMEI", Direct;
    StreetAddress => "STREET_ADDRESS", Direct;
    GpsCoordinates => "GPS_COORDINATES", Direct;
    AccountId => "ACCOUNT_ID", Direct;
    Url => "URL", Direct;
    MedicalRecordNumber => "MEDICAL_RECORD_NUMBER", Direct;
    DateOfBirth => "DATE_OF_BIRTH", Quasi;
    Age => "AGE", Quasi;
    Gender => "GENDER", Quasi;
    PostalCode => "POSTAL_CODE", Quasi;
    Region => "REGION", Quasi;
    Ethnicity => "ETHNICITY", Quasi;
    Nationality => "NATIONALITY", Quasi;
    Occupation => "OCCUPATION", Quasi;
    Education => "EDUCATION", Quasi;
    MaritalStatus => "MARITAL_STATUS", Quasi;
    Date => "DATE", Quasi;
    Employer => "EMPLOYER", Quasi;
    Health => "HEALTH", Sensitive;
    Financial => "FINANCIAL", Sensitive;
    Religion => "RELIGION", Sensitive;
    Political => "POLITICAL", Sensitive;
    SexualOrientation => "SEXUAL_ORIENTATION", Sensitive;
    CriminalRecord => "CRIMINAL_RECORD", Sensitive;
    Biometric => "BIOMETRIC", Sensitive;
    FreeText => "FREE_TEXT", None;
    None => "NONE", None;
}

/// Entities that may stand for one another when a header names one and
/// the values validate as another (a 证件号码 column of passports).
const FAMILIES: &[&[Entity]] = {
    use Entity::*;
    &[
        &[
            CnResidentId,
            CnPassport,
            Passport,
            CnTravelPermit,
            HkId,
            TwNationalId,
        ],
        &[DateOfBirth, Date],
        &[Region, StreetAddress, PostalCode],
        &[Nationality, Region, Ethnicity],
        &[BankCard, Iban],
        &[Occupation, Employer],
        &[AccountId, EmailAddress, PhoneNumber],
        &[GpsCoordinates, Region],
        &[Imei, AccountId],
    ]
};

impl Entity {
    /// Whether a header naming `self` is compatible with values of
    /// `other` (the same entity, or one family).
    pub fn compatible(self, other: Entity) -> bool {
        self == other
            || FAMILIES
                .iter()
                .any(|f| f.contains(&self) && f.contains(&other))
    }

    /// Identity document numbers: sensitive under GB/T 35273 Annex B.
    pub fn is_identity_document(self) -> bool {
        FAMILIES[0].contains(&self)
    }
}

impl Serialize for Entity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for &e in Entity::ALL {
            assert_eq!(Entity::from_name(e.name()), Some(e));
        }
        assert_eq!(Entity::ALL.len(), 44);
        assert_eq!(Entity::CnResidentId.kind(), Kind::Direct);
        assert_eq!(Entity::Health.kind(), Kind::Sensitive);
    }
}
