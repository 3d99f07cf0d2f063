#include "access_table.hpp"

namespace jz::test {

std::map<std::string, std::string>& access_rules() {
  static std::map<std::string, std::string> rules;
  return rules;
}

std::map<std::string, std::string>& access_path_samples() {
  static std::map<std::string, std::string> samples;
  return samples;
}

}  // namespace jz::test
