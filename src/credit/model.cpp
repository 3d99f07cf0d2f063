#include "credit/model.hpp"

namespace jz::credit {
namespace {

struct KindRow {
  EntryKind kind;
  std::string_view name;
  std::string_view label_zh;
  std::string_view label_en;
};
constexpr KindRow kKinds[] = {
    {EntryKind::identity_verification, "identity_verification", "实名认证", "Identity verification"},
    {EntryKind::background_check, "background_check", "背景核查", "Background check"},
    {EntryKind::health_check, "health_check", "健康体检", "Health check"},
    {EntryKind::training, "training", "技能培训", "Training"},
    {EntryKind::employment, "employment", "从业记录", "Employment"},
    {EntryKind::review, "review", "消费者评价", "Consumer review"},
    {EntryKind::complaint, "complaint", "投诉（成立）", "Complaint (upheld)"},
    {EntryKind::insurance, "insurance", "保险", "Insurance"},
    {EntryKind::competition, "competition", "技能大赛", "Skills competition"},
};

constexpr std::pair<SourceType, std::string_view> kSources[] = {
    {SourceType::self, "self"},
    {SourceType::enterprise, "enterprise"},
    {SourceType::institution, "institution"},
    {SourceType::hospital, "hospital"},
    {SourceType::official, "official"},
    {SourceType::consumer, "consumer"},
    {SourceType::platform, "platform"},
    {SourceType::insurer, "insurer"},
};

constexpr std::pair<EntryStatus, std::string_view> kStatuses[] = {{EntryStatus::active, "active"},
                                                                  {EntryStatus::disputed, "disputed"},
                                                                  {EntryStatus::withdrawn, "withdrawn"}};

}  // namespace

std::string_view kind_name(EntryKind k) {
  for (const auto& r : kKinds)
    if (r.kind == k) return r.name;
  return "training";
}

std::optional<EntryKind> parse_kind(std::string_view s) {
  for (const auto& r : kKinds)
    if (r.name == s) return r.kind;
  return std::nullopt;
}

std::string_view kind_label_zh(EntryKind k) {
  for (const auto& r : kKinds)
    if (r.kind == k) return r.label_zh;
  return "";
}

std::string_view kind_label(EntryKind k, Lang lang) {
  for (const auto& r : kKinds)
    if (r.kind == k) return lang == Lang::en ? r.label_en : r.label_zh;
  return "";
}

std::string_view source_type_name(SourceType s) {
  for (const auto& [v, n] : kSources)
    if (v == s) return n;
  return "self";
}

std::optional<SourceType> parse_source_type(std::string_view s) {
  for (const auto& [v, n] : kSources)
    if (n == s) return v;
  return std::nullopt;
}

std::string_view status_name(EntryStatus s) {
  for (const auto& [v, n] : kStatuses)
    if (v == s) return n;
  return "active";
}

std::optional<EntryStatus> parse_status(std::string_view s) {
  for (const auto& [v, n] : kStatuses)
    if (n == s) return v;
  return std::nullopt;
}

}  // namespace jz::credit
