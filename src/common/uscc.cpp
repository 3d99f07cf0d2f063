#include "common/uscc.hpp"

#include <algorithm>
#include <array>

#include "common/text.hpp"

namespace jz {
namespace {

// The 31 characters of GB 32100 in value order: digits, then Latin capitals without I, O, Z, S, V
// (too easily read as 1, 0, 2, 5, U).
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kWeights = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

// Value of `c` in the alphabet, or -1.
int value_of(char c) {
  const auto pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// GB 32100-2015 table 1: the registration authority (1st character) and the entity types (2nd) it
// registers. 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教, 8 工会, 9 市场监管 (工商),
// A 中央军委改革和编制办公室, N 农业, Y 其他.
std::string_view entity_types(char authority) {
  switch (authority) {
    case '1': return "1239";     // 机关, 事业单位, 中央编办直管群众团体, 其他
    case '2': return "19";       // 外国常驻新闻机构, 其他
    case '3': return "123459";   // 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    case '4': return "19";       // 外国在华文化中心, 其他
    case '5': return "1239";     // 社会团体, 民办非企业单位, 基金会, 其他
    case '6': return "129";      // 外国旅游部门常驻代表机构, 港澳台旅游部门常驻代表机构, 其他
    case '7': return "129";      // 宗教活动场所, 宗教院校, 其他
    case '8': return "19";       // 基层工会, 其他
    case '9': return "123";      // 企业, 个体工商户, 农民专业合作社
    case 'A': return "19";       // 军队事业单位, 其他
    case 'N': return "1239";     // 组级, 村级, 乡镇级集体经济组织, 其他
    case 'Y': return "1";        // 其他
    default: return "";
  }
}

}  // namespace

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const int v = value_of(first17[i]);
    if (v < 0) return '\0';
    sum += v * kWeights[i];
  }
  const int check = 31 - sum % 31;
  return kAlphabet[check == 31 ? 0 : check];
}

UsccCheck check_uscc(std::string_view input) {
  UsccCheck check;
  std::string s = normalize_input(input);
  if (s.empty()) {
    check.reason = "empty";
    return check;
  }
  std::transform(s.begin(), s.end(), s.begin(),
                 [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  if (!std::all_of(s.begin(), s.end(), [](char c) { return value_of(c) >= 0; })) {
    check.reason = "bad_characters";
    return check;
  }
  if (s.size() != 18) {
    check.reason = "bad_length";
    return check;
  }
  // Structure (GB 32100 §4): authority, an entity type that authority registers, six digits of division.
  if (entity_types(s[0]).empty()) {
    check.reason = "bad_authority";
    return check;
  }
  if (entity_types(s[0]).find(s[1]) == std::string_view::npos) {
    check.reason = "bad_entity_type";
    return check;
  }
  if (!std::all_of(s.begin() + 2, s.begin() + 8, [](char c) { return c >= '0' && c <= '9'; })) {
    check.reason = "bad_division";
    return check;
  }
  check.division_code = s.substr(2, 6);
  check.checksum_ok = s[17] == uscc_check_char(std::string_view(s).substr(0, 17));
  check.normalized = std::move(s);
  check.valid = check.checksum_ok;
  if (!check.checksum_ok) check.reason = "bad_checksum";
  return check;
}

}  // namespace jz
