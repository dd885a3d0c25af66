//! `[economics]` in backlog.toml: the scale of the WSJF components, the units of debt
//! economics, and the knobs of the forecast and the economics rules.

use serde::{Deserialize, Serialize};

/// A unit of work: what `cost_per_week` and `fix_effort` are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    #[default]
    Hours,
    Days,
    Points,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hours => "hours",
            Unit::Days => "days",
            Unit::Points => "points",
        }
    }
}

/// What the forecast counts: items finished per week, or their estimate points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ForecastUnit {
    #[default]
    Items,
    Points,
}

/// `Default` is only the filler of the first, type-checking pass of `Config::parse` (as for
/// `Ready` and `Done`): the real defaults are `Config::default().economics`, read from
/// `default_config.toml`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Economics {
    pub scale: Vec<f64>,
    pub cost_unit: Unit,
    pub effort_unit: Unit,
    pub hours_per_point: f64,
    pub hours_per_day: f64,
    pub break_even_weeks: f64,
    pub break_even_top: usize,
    pub clock_states: Vec<String>,
    pub forecast_unit: ForecastUnit,
    pub min_history_weeks: usize,
    pub spike_widening: f64,
}

impl Economics {
    /// `amount` of `unit` in hours, with the team's conversions.
    pub fn hours(&self, amount: f64, unit: Unit) -> f64 {
        match unit {
            Unit::Hours => amount,
            Unit::Days => amount * self.hours_per_day,
            Unit::Points => amount * self.hours_per_point,
        }
    }

    /// Problems as (keys, message, help) for `Config::validate`.
    pub(super) fn problems(&self) -> Vec<(&'static [&'static str], String, &'static str)> {
        let mut out: Vec<(&'static [&'static str], String, &'static str)> = Vec::new();
        let positive: [(&'static [&'static str], f64); 3] = [
            (&["economics", "hours_per_point"], self.hours_per_point),
            (&["economics", "hours_per_day"], self.hours_per_day),
            (&["economics", "break_even_weeks"], self.break_even_weeks),
        ];
        for (keys, n) in positive {
            if !(n.is_finite() && n > 0.0) {
                out.push((
                    keys,
                    format!("`{}` must be a number above 0", keys[1]),
                    "write a positive number",
                ));
            }
        }
        if !(self.spike_widening.is_finite() && self.spike_widening >= 0.0) {
            out.push((
                &["economics", "spike_widening"],
                "`spike_widening` must be a number from 0 up".into(),
                "0 turns the widening off; 0.5 lets each open spike add up to half again",
            ));
        }
        if self.scale.is_empty() || self.scale.iter().any(|n| !(n.is_finite() && *n >= 0.0)) {
            out.push((
                &["economics", "scale"],
                "`scale` must list the numbers from 0 up that the WSJF components may take".into(),
                "for example [1, 2, 3, 5, 8, 13, 20]",
            ));
        }
        out
    }
}
