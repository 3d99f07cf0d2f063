// Subsidy policy rules: the TOML rule file and its condition language (src/subsidy/rule).
#include <cstddef>
#include <cstdint>
#include <string>

#include "subsidy/rule.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)jz::subsidy::parse_rule_toml(text);
  std::vector<jz::subsidy::RuleProblem> problems;
  (void)jz::subsidy::parse_condition(text, 1, &problems);
  return 0;
}
