#pragma once
// SQL of the pain-point analysis: the texts households and workers wrote, with where and what the worker is.
// Reads the credit module's reviews, complaints and disputes and the training module's survey answers; never
// writes. Complaints are read from the complaints table as it is (the household-services module ties its
// complaints to orders there; nothing here depends on that).
#include <cstdint>
#include <functional>
#include <optional>
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

// ---- The pain-point index's loaders (painpoints_index.hpp) ----

struct TextRow {
  int64_t id = 0, worker_id = 0;
  std::string text;  // "" : a survey answer emptied since (the index drops it)
  std::string day;   // YYYY-MM-DD of writing
};
using Stop = std::function<bool()>;  // as store::Stop

// Non-empty texts of `source` (review, complaint, dispute: never changed once written) with an id above
// `after_id`, in pages by id.
void load_texts(db::Connection& conn, const std::string& source, int64_t after_id,
                const std::function<void(const TextRow&)>& fn, const Stop& stop);
// Survey answers: every non-empty one (`since` empty), or those (re)written at or after `since`, emptied ones too.
void load_survey_texts(db::Connection& conn, const std::string& since, const std::function<void(const TextRow&)>& fn,
                       const Stop& stop);
// Workers' current division and first occupation: all (`since` empty, in pages) or those changed since.
void load_text_workers(db::Connection& conn, const std::string& since,
                       const std::function<void(int64_t id, const std::string& division, const std::string& occupation)>& fn,
                       const Stop& stop);
// The text of one row of `source`, or nullopt when it is gone.
std::optional<std::string> text_of(db::Connection& conn, const std::string& source, int64_t id);

// code → Chinese name of every occupation.
std::vector<std::pair<std::string, std::string>> occupation_names(db::Connection& conn);

}  // namespace jz::supervision::painpoints_store
