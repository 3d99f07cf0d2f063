#include "common/error_catalog.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace jz {
namespace {

TEST(ErrorCatalog, MessagesFollowTheLanguageAndFillPlaceholders) {
  Error e = make_error("missing_field", "password");
  EXPECT_EQ(error_message(e, Lang::zh), "缺少必填字段：password");
  EXPECT_EQ(error_message(e, Lang::en), "Missing required field: password");
  EXPECT_EQ(error_spec("missing_field").http_status, 400);
  EXPECT_EQ(error_spec("no_such_code").http_status, 500);
}

TEST(ErrorCatalog, ReasonCodesInDetailsAreSaidInWords) {
  Error e = make_error("invalid_id_number", "id_number", "bad_checksum");
  EXPECT_EQ(error_message(e, Lang::zh), "身份证号码无效：校验位不正确");
  EXPECT_EQ(error_message(e, Lang::en), "Invalid ID number: the check character is wrong");
  EXPECT_EQ(error_message(make_error("conflict", "", "already revoked"), Lang::en), "Conflict: already revoked");
}

TEST(ErrorCatalog, AcceptLanguagePrefersTheHighestQuality) {
  EXPECT_EQ(parse_accept_language(""), Lang::zh);
  EXPECT_EQ(parse_accept_language("en"), Lang::en);
  EXPECT_EQ(parse_accept_language("en-US,en;q=0.9"), Lang::en);
  EXPECT_EQ(parse_accept_language("zh-CN,zh;q=0.9,en;q=0.8"), Lang::zh);
  EXPECT_EQ(parse_accept_language("fr-FR, en;q=0.5, zh;q=0.7"), Lang::zh);
  EXPECT_EQ(parse_accept_language("de, en;q=0.3"), Lang::en);
  EXPECT_EQ(parse_accept_language("english"), Lang::zh);
}

// Every error code that the sources construct has a row (status and both languages) in the catalogue.
TEST(ErrorCatalog, EveryCodeUsedInTheSourcesIsCatalogued) {
  std::set<std::string> codes;
  std::regex use(R"((?:make_error|Error\{)\(?\s*"([a-z_]+)\")");
  for (const auto& f : std::filesystem::recursive_directory_iterator(JZ_SOURCE_DIR "/src")) {
    if (!f.is_regular_file() || f.path().extension() != ".cpp") continue;
    if (f.path().filename().string().find("_test") != std::string::npos) continue;
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    std::string text = ss.str();
    for (auto it = std::sregex_iterator(text.begin(), text.end(), use); it != std::sregex_iterator(); ++it)
      codes.insert((*it)[1]);
  }
  ASSERT_GT(codes.size(), 20u);
  for (const auto& code : codes) EXPECT_TRUE(error_code_known(code)) << code;
}

}  // namespace
}  // namespace jz
