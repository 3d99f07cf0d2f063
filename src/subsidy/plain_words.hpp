#pragma once
// Conditions of a subsidy rule in plain words, for the people they are about: "worker.graduate or
// worker.new_entrant" → "是高校毕业生，或是新进入家政行业的人员". One label table per field of field_types()
// (also served as the fact catalogue of the structured rule editor: GET /api/v1/subsidy/facts).
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "subsidy/rule.hpp"

namespace jz::subsidy {

struct FieldLabel {
  std::string_view field;
  std::string_view zh, en;          // a noun ("年龄") or, for a yes/no field, the statement when true
  std::string_view zh_not, en_not;  // for a yes/no field: the statement when false
};

// The label of every field of field_types(), in that order (a unit test checks none is missing).
const std::vector<FieldLabel>& field_labels();
const FieldLabel* field_label(std::string_view field);
// The words for a text value of a field with fixed values (employment.place: cross_province → 跨省).
std::string value_words(std::string_view field, std::string_view value, Lang lang);

// The condition as a sentence; a condition that does not parse is returned as written.
std::string describe_condition(std::string_view condition, Lang lang);
std::string describe(const Expr& e, Lang lang);

// A problem message of parse_rule_toml (English, precise) in the reader's language: the Chinese of every
// message rule.cpp writes, with field names kept and types named in words. Unknown messages pass unchanged.
std::string problem_words(std::string_view message, Lang lang);

}  // namespace jz::subsidy
