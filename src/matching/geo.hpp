#pragma once
// Where places are: the centroids (county seats) of Gansu's counties and the big cities of partner
// provinces, from data/divisions/centroids.csv (embedded), and great-circle distances between them.
// Immutable after construction; safe to share between threads.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jz::matching {

struct LatLon {
  double lat = 0, lon = 0;
};

// "天津市" → "天津", trimmed: the one spelling of a city name the engine compares.
std::string normalize_city(std::string_view name);

class Geo final {
 public:
  // Loads the embedded data file; throws if it is missing or malformed (a build error, not a user one).
  static const Geo& instance();

  // A Gansu county (6 digits) or 市州 (4 digits, the mean of its counties).
  std::optional<LatLon> division(std::string_view code) const;
  // A city outside Gansu by normalised name.
  std::optional<LatLon> city(std::string_view name) const;
  // The province code of a known city, or "".
  std::string city_province(std::string_view name) const;
  const std::vector<std::string>& county_codes() const { return counties_; }
  static double distance_km(LatLon a, LatLon b);

 private:
  std::map<std::string, LatLon, std::less<>> divisions_;
  std::map<std::string, std::pair<std::string, LatLon>, std::less<>> cities_;
  std::vector<std::string> counties_;
};

}  // namespace jz::matching
