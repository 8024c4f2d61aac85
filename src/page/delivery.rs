//! The logistics office's pages: the dispatch board, the courier's day, and the tariff.

use crate::domain::{
    catalog::Localized,
    delivery::{GeoPoint, Tariff},
    dispatch::{Delivery, Depot, Round, Suggestion},
    tariff::TariffField,
};
use serde::{Deserialize, Serialize};

/// The dispatch board of one city.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CityBoard {
    pub depot: Depot,
    /// Ready orders nobody carries yet, by the vehicle they need.
    pub motorbike: Vec<Delivery>,
    pub van: Vec<Delivery>,
    /// Every courier of the city with their round.
    pub rounds: Vec<Round>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub cities: Vec<CityBoard>,
    pub suggestions: Vec<Suggestion>,
}

/// The courier's phone: their round, the depot and the map's places.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CourierDay {
    pub round: Round,
    pub depot: Depot,
    /// The districts of the depot's city, for the map.
    pub districts: Vec<(Localized, GeoPoint)>,
    /// Deliveries finished today (delivered or failed), newest first.
    pub done: Vec<Delivery>,
}

/// One row of the tariff page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffRow {
    pub field: TariffField,
    pub value: String,
}

/// The tariff page: every value, and when and by whom it last changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TariffPage {
    pub rows: Vec<TariffRow>,
    pub updated_at: Option<i64>,
    pub editable: bool,
}

impl TariffPage {
    pub fn of(t: &Tariff, updated_at: Option<i64>, editable: bool) -> TariffPage {
        TariffPage {
            rows: TariffField::ALL
                .into_iter()
                .map(|field| TariffRow {
                    field,
                    value: field.get(t),
                })
                .collect(),
            updated_at,
            editable,
        }
    }
}
