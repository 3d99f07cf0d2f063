// Validators: ID numbers (GB 11643 with GB/T 2260 area codes), USCCs (GB 32100), mobile numbers. Each
// result is checked against the rules it claims, so a wrong "valid" is a finding, not only a crash.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/id_number.hpp"
#include "common/mobile.hpp"
#include "common/uscc.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto id = jz::check_id_number(text, "2026-12-04");
  if (id.valid) {
    const std::string& n = id.info.normalized;
    if (n.size() != 18 || n[17] != jz::id_number_check_char(std::string_view(n).substr(0, 17))) __builtin_trap();
    if (id.info.birth_date > "2026-12-04") __builtin_trap();
  }
  auto u = jz::check_uscc(text);
  if (u.valid) {
    if (u.normalized.size() != 18 || u.normalized[17] != jz::uscc_check_char(std::string_view(u.normalized).substr(0, 17)))
      __builtin_trap();
    for (char c : u.division_code)
      if (c < '0' || c > '9') __builtin_trap();
  }
  (void)jz::check_mobile(text);
  return 0;
}
