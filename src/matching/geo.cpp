#include "matching/geo.hpp"

#include <cmath>
#include <stdexcept>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "common/text.hpp"

namespace jz::matching {

std::string normalize_city(std::string_view name) {
  std::string s(trim_ascii(name));
  static const std::string kShi = "市";
  if (s.size() > kShi.size() && s.compare(s.size() - kShi.size(), kShi.size(), kShi) == 0)
    s.resize(s.size() - kShi.size());
  return s;
}

const Geo& Geo::instance() {
  static const Geo geo = [] {
    Geo g;
    auto text = embedded_file("data/divisions/centroids.csv");
    if (!text) throw std::runtime_error("data/divisions/centroids.csv is not embedded");
    std::map<std::string, std::pair<LatLon, int>> sums;
    auto rows = parse_csv(*text);
    for (size_t i = 1; i < rows.size(); ++i) {  // row 0 is the header
      const CsvRow& f = rows[i];
      if (f.size() != 5) throw std::runtime_error("centroids.csv: bad line");
      LatLon ll{std::stod(f[3]), std::stod(f[4])};
      if (f[0] == "county") {
        g.divisions_[f[1]] = ll;
        g.counties_.push_back(f[1]);
        auto& s = sums[f[1].substr(0, 4)];
        s.first.lat += ll.lat;
        s.first.lon += ll.lon;
        s.second += 1;
      } else {
        g.cities_[normalize_city(f[2])] = {f[1], ll};
      }
    }
    for (const auto& [pref, s] : sums) g.divisions_[pref] = LatLon{s.first.lat / s.second, s.first.lon / s.second};
    return g;
  }();
  return geo;
}

std::optional<LatLon> Geo::division(std::string_view code) const {
  auto it = divisions_.find(code);
  if (it == divisions_.end()) return std::nullopt;
  return it->second;
}

std::optional<LatLon> Geo::city(std::string_view name) const {
  auto it = cities_.find(name);
  if (it == cities_.end()) return std::nullopt;
  return it->second.second;
}

std::string Geo::city_province(std::string_view name) const {
  auto it = cities_.find(name);
  return it == cities_.end() ? std::string() : it->second.first;
}

double Geo::distance_km(LatLon a, LatLon b) {
  constexpr double kR = 6371.0, kRad = M_PI / 180.0;
  double dlat = (b.lat - a.lat) * kRad, dlon = (b.lon - a.lon) * kRad;
  double h = std::sin(dlat / 2) * std::sin(dlat / 2) +
             std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kR * std::asin(std::min(1.0, std::sqrt(h)));
}

}  // namespace jz::matching
