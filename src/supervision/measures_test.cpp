// The measures table against the plan itself (../shared/seed/): every measure's title and its departments,
// in the plan's order and spelling.
#include "supervision/measures.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jz::supervision {
namespace {

std::string seed_text() {
  for (const char* rel : {"/../shared/seed", "/../../shared/seed"}) {
    std::filesystem::path dir = std::string(JZ_SOURCE_DIR) + rel;
    if (!std::filesystem::is_directory(dir)) continue;
    for (const auto& f : std::filesystem::directory_iterator(dir)) {
      std::ifstream in(f.path());
      std::stringstream ss;
      ss << in.rdbuf();
      if (ss.str().find("家政兴农行动实施方案") != std::string::npos) return ss.str();
    }
  }
  return "";
}

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t end = s.find(sep, pos);
    out.push_back(s.substr(pos, end - pos));
    if (end == std::string::npos) return out;
    pos = end + sep.size();
  }
}

TEST(Measures, MatchThePlanTitleAndDepartmentsInOrder) {
  const std::string text = seed_text();
  ASSERT_FALSE(text.empty()) << "the plan (../shared/seed) is not beside the source tree";
  const char* numerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三"};
  ASSERT_EQ(measures().size(), 13u);
  for (int i = 0; i < 13; ++i) {
    const auto& m = measures()[static_cast<size_t>(i)];
    EXPECT_EQ(m.number, i + 1);
    std::string open = std::string("（") + numerals[i] + "）";
    size_t at = text.find(open);
    ASSERT_NE(at, std::string::npos) << open;
    size_t title_end = text.find("。", at);
    EXPECT_EQ(text.substr(at + open.size(), title_end - at - open.size()), std::string(m.title));
    const std::string tail = "按职责分工负责）";
    size_t close = text.find(tail, at);
    size_t paren = text.rfind("（", close);
    std::string list = text.substr(paren + std::string("（").size(), close - paren - std::string("（").size());
    auto named = split(list, "、");
    ASSERT_EQ(named.size(), m.departments.size()) << m.title;
    for (size_t k = 0; k < named.size(); ++k) {
      EXPECT_EQ(named[k], std::string(m.departments[k])) << m.title;
      EXPECT_TRUE(is_department(named[k])) << named[k];
    }
  }
}

TEST(Measures, EveryDepartmentLeadsOrPartnersSomeMeasure) {
  for (const auto& d : departments()) {
    bool named = false;
    for (const auto& m : measures()) named = named || m.names(d.name);
    EXPECT_TRUE(named) << d.name;
  }
  EXPECT_FALSE(is_department("省卫健委"));
  EXPECT_EQ(find_measure(0), nullptr);
  EXPECT_EQ(find_measure(14), nullptr);
  EXPECT_EQ(find_measure(12)->lead(), "中国人民银行甘肃省分行");
}

}  // namespace
}  // namespace jz::supervision
