//! Geography: great-circle distance and the loss-of-strength gradient.

/// Mean Earth radius in km used by MODEL.md (haversine, R = 6371 km).
pub const EARTH_RADIUS_KM: f64 = 6371.0;

/// A point in degrees.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LatLon {
    /// Latitude, −90..90.
    pub lat: f64,
    /// Longitude, −180..180.
    pub lon: f64,
}

impl LatLon {
    /// A point from `[lat, lon]` degrees.
    pub const fn new(lat: f64, lon: f64) -> Self {
        LatLon { lat, lon }
    }

    /// Great-circle distance in km (haversine).
    ///
    /// ```
    /// use casus_core::geo::LatLon;
    /// let islamabad = LatLon::new(33.69, 73.06);
    /// let delhi = LatLon::new(28.61, 77.21);
    /// let d = islamabad.distance_km(delhi);
    /// assert!((d - 680.0).abs() < 10.0, "{d}");
    /// ```
    pub fn distance_km(self, other: LatLon) -> f64 {
        let (p1, p2) = (self.lat.to_radians(), other.lat.to_radians());
        let dp = p2 - p1;
        let dl = (other.lon - self.lon).to_radians();
        let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
    }
}

/// The loss-of-strength gradient `g = reach / (reach + d)`: the share of a
/// state's power that arrives at distance `d` km.
///
/// ```
/// assert_eq!(casus_core::geo::gradient(1000.0, 1000.0), 0.5);
/// assert_eq!(casus_core::geo::gradient(1000.0, 0.0), 1.0);
/// ```
pub fn gradient(reach_km: f64, distance_km: f64) -> f64 {
    reach_km / (reach_km + distance_km)
}
