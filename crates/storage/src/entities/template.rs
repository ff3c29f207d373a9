//! `templates` rows.
use sea_orm::entity::prelude::*;

/// A `templates` row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "templates")]
pub struct Model {
    /// Template name.
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    /// Source.
    pub source: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
