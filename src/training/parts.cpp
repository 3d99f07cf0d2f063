#include "training/parts.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace jz::training {

std::vector<int> split_minutes(int minutes) {
  std::vector<int> out;
  if (minutes < 1) return out;
  int n = (minutes + kMaxPartMinutes - 1) / kMaxPartMinutes;
  for (int i = 0; i < n; ++i) out.push_back(minutes / n + (i < minutes % n ? 1 : 0));
  return out;
}

std::vector<Part> study_parts(const Unit& u) {
  if (!u.parts.empty()) return u.parts;
  std::vector<Part> out;
  auto lengths = split_minutes(u.minutes);
  for (size_t i = 0; i < lengths.size(); ++i) {
    Part p;
    p.position = static_cast<int>(i + 1);
    p.title = lengths.size() == 1 ? u.title : fmt::format("{}（{}/{}）", u.title, i + 1, lengths.size());
    p.minutes = lengths[i];
    p.body = u.content;
    out.push_back(std::move(p));
  }
  return out;
}

Span part_span(const std::vector<Part>& parts, int position) {
  int start = 0;
  for (const auto& p : parts) {
    if (p.position == position) return {start, start + p.minutes * 60};
    start += p.minutes * 60;
  }
  return {};
}

int current_part(const std::vector<Part>& parts, int seconds) {
  int end = 0;
  for (const auto& p : parts) {
    end += p.minutes * 60;
    if (end > seconds) return p.position;
  }
  return parts.empty() ? 1 : parts.back().position;
}

double hours_of(int minutes) {
  if (minutes <= 0) return 0;
  return std::max(1.0, std::round(minutes / 6.0)) / 10.0;
}

}  // namespace jz::training
