#pragma once
// SQL of the pain-point analysis: the texts households and workers wrote, with where and what the worker is.
// Reads the credit module's reviews, complaints and disputes and the training module's survey answers; never
// writes. Complaints are read from the complaints table as it is (the household-services module ties its
// complaints to orders there; nothing here depends on that).
#include <cstdint>
#include <string>
#include <vector>

#include "db/database.hpp"

namespace jz::supervision::painpoints_store {

struct Text {
  std::string source;  // review, complaint, survey, dispute
  int64_t id = 0;
  std::string text;
  std::string day;         // YYYY-MM-DD of writing
  std::string division;    // the worker's current division (county code)
  std::string occupation;  // the worker's first occupation code ("" none)
};

// Non-empty texts written between `from` and `to` (dates, inclusive) about workers whose current division starts
// with `prefix` ("62" the province, "6201" a 市州).
std::vector<Text> texts(db::Connection& conn, const std::string& from, const std::string& to, const std::string& prefix);

// code → Chinese name of every occupation.
std::vector<std::pair<std::string, std::string>> occupation_names(db::Connection& conn);

}  // namespace jz::supervision::painpoints_store
