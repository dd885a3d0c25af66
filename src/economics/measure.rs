//! One item's economics from its fields: cost of delay, job size, WSJF, debt break-even.

use super::finite;
use crate::config::{Economics, Unit};
use crate::load::Item;

/// Cost of delay: `cost_of_delay` when given, else the sum of the three WSJF components when
/// all three are given. `None` when the item does not say.
pub fn cost_of_delay(item: &Item) -> Option<f64> {
    let f = &item.parsed.fields;
    if let Some(direct) = &f.cost_of_delay {
        return Some(direct.value);
    }
    let parts = [&f.business_value, &f.time_criticality, &f.risk_reduction];
    if parts.iter().all(|p| p.is_some()) {
        return finite(
            parts
                .iter()
                .filter_map(|p| p.as_ref())
                .map(|p| p.value)
                .sum(),
        );
    }
    None
}

/// Job size: the estimate, when above 0 (a zero estimate is reported by ECO001).
pub fn size(item: &Item) -> Option<f64> {
    let estimate = item.parsed.fields.estimate.as_ref()?.value;
    #[allow(clippy::cast_precision_loss)]
    let estimate = estimate as f64;
    (estimate > 0.0).then_some(estimate)
}

/// Weighted shortest job first: cost of delay ÷ job size.
pub fn wsjf(item: &Item) -> Option<f64> {
    finite(cost_of_delay(item)? / size(item)?)
}

/// Weeks until fixing a debt pays for itself: fix effort ÷ cost per week, both in hours
/// with the team's conversions. `None` without both fields or with a zero cost.
pub fn break_even_weeks(item: &Item, economics: &Economics) -> Option<f64> {
    let f = &item.parsed.fields;
    let cost = economics.hours(f.cost_per_week.as_ref()?.value, economics.cost_unit);
    let effort = economics.hours(f.fix_effort.as_ref()?.value, economics.effort_unit);
    (cost > 0.0).then(|| finite(effort / cost)).flatten()
}

/// "6 hours" / "2.5 points" for a debt line.
pub fn amount(n: f64, unit: Unit) -> String {
    format!("{} {}", number(n), unit.as_str())
}

/// A number for people: whole numbers without a point, others with up to two decimals.
pub fn number(n: f64) -> String {
    if !n.is_finite() {
        return "-".into();
    }
    if (n - n.round()).abs() < 1e-9 {
        format!("{}", n.round())
    } else {
        let text = format!("{n:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}
