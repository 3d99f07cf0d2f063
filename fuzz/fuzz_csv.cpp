// CSV: the data-file reader (common/csv), the import's reader with its UTF-8/GB18030 detection, the
// header finder, and the writer (formula neutralising) round trip.
#include <cstddef>
#include <cstdint>
#include <string>

#include "common/csv.hpp"
#include "registry/spreadsheet.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto rows = jz::parse_csv(text);
  for (const auto& row : rows)
    for (const auto& cell : row) (void)jz::csv_escape(cell);
  if (auto sheet = jz::registry::read_csv(text)) {
    static const jz::registry::ColumnSpec specs[] = {{"name", {"姓名"}, true}, {"id_number", {"身份证号"}, true},
                                                     {"phone", {"手机号"}, false}};
    (void)jz::registry::find_header(*sheet, specs);
    for (const auto& row : sheet->rows)
      for (const auto& cell : row) (void)jz::registry::is_scientific_notation(cell);
  }
  return 0;
}
