// XLSX: ZIP directory and inflating bounds, shared strings, worksheet XML. Small bounds, so a bomb the
// fuzzer builds is refused quickly instead of exhausting the fuzzer's memory.
#include <cstddef>
#include <cstdint>
#include <string>

#include "registry/spreadsheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  jz::registry::XlsxLimits limits;
  limits.max_inflated_bytes = 16u << 20;
  limits.max_cells = 100000;
  limits.max_shared_string_bytes = 4u << 20;
  limits.max_cell_text_bytes = 8u << 20;
  (void)jz::registry::read_xlsx(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  return 0;
}
