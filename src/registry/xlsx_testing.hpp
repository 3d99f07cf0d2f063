#pragma once
// For tests and fuzz seeds only: a hand-made .xlsx (a ZIP of the XML parts the reader needs), so a test can
// build the files an attacker would send: a shared string that inflates a thousandfold, a worksheet whose
// every cell names the same huge shared string, more cells than any roster has.
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <unistd.h>

namespace jz::registry::testing {

// A ZIP archive of the given parts (name, content), deflated at the best level.
inline std::string make_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  static int counter = 0;
  auto path = std::filesystem::temp_directory_path() /
              ("jz-zip-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + ".zip");
  zipFile z = zipOpen64(path.c_str(), APPEND_STATUS_CREATE);
  if (!z) return {};
  for (const auto& [name, content] : parts) {
    zip_fileinfo info{};
    zipOpenNewFileInZip64(z, name.c_str(), &info, nullptr, 0, nullptr, 0, nullptr, Z_DEFLATED, 9,
                          content.size() >= 0xffffffffu ? 1 : 0);
    zipWriteInFileInZip(z, content.data(), static_cast<unsigned>(content.size()));
    zipCloseFileInZip(z);
  }
  zipClose(z, nullptr);
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::filesystem::remove(path);
  return ss.str();
}

// An .xlsx whose shared-string table holds `shared` (one string per entry) and whose first worksheet has
// `rows` rows of `cols` cells, each cell naming shared string 0.
inline std::string make_xlsx(const std::vector<std::string>& shared, size_t rows, size_t cols) {
  std::string sst = R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  for (const auto& s : shared) sst += "<si><t>" + s + "</t></si>";
  sst += "</sst>";
  std::string ws = R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  for (size_t r = 1; r <= rows; ++r) {
    ws += "<row r=\"" + std::to_string(r) + "\">";
    for (size_t c = 0; c < cols; ++c) ws += "<c t=\"s\"><v>0</v></c>";
    ws += "</row>";
  }
  ws += "</sheetData></worksheet>";
  return make_zip({
      {"[Content_Types].xml", R"(<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>)"},
      {"xl/workbook.xml", R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels", R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
      {"xl/sharedStrings.xml", sst},
      {"xl/worksheets/sheet1.xml", ws},
  });
}

}  // namespace jz::registry::testing
