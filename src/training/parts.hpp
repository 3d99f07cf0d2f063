#pragma once
// The parts a worker studies a unit in, and the hours a course is worth. A part is what fits one sitting on a
// phone, at most kMaxPartMinutes; parts are studied in order over the unit's credited seconds: part k spans
// [start, end) of them and is done once the unit's seconds reach its end. A unit stored without parts (an
// institution gave only a length and one text) is read as split evenly into parts of at most
// kMaxPartMinutes, each showing the unit's text. A course's hours (学时, 60 minutes each) are the sum of its
// units, never a number typed apart from them.
#include <vector>

#include "training/model.hpp"

namespace jz::training {

inline constexpr int kMaxPartMinutes = 15;

// `minutes` split into the fewest parts of at most kMaxPartMinutes, as even as can be (the longer first):
// 45 → 15 15 15, 40 → 14 13 13, 1 → 1. Empty for minutes < 1.
std::vector<int> split_minutes(int minutes);

// The parts of `u` as studied: its stored parts, else its length split by split_minutes.
std::vector<Part> study_parts(const Unit& u);

struct Span {
  int start = 0;  // seconds into the unit
  int end = 0;
};
// The span of the part at `position` (1-based) among `parts`; {0, 0} when there is no such part.
Span part_span(const std::vector<Part>& parts, int position);

// The part to study next at `seconds` into the unit: the first whose end is beyond them; the last one when all
// are done.
int current_part(const std::vector<Part>& parts, int seconds);

// 学时 of `minutes`, to one decimal: 105 → 1.8, 2400 → 40; a short course is at least 0.1 (not 0, which the
// credit file reads as "no hours").
double hours_of(int minutes);

}  // namespace jz::training
