#include "supervision/painpoints.hpp"

#include <algorithm>
#include <cstring>
#include <set>

#include "common/csv.hpp"
#include "common/embedded.hpp"
#include "supervision/segmenter.hpp"

namespace jz::supervision {

const std::vector<Category>& categories() {
  static const std::vector<Category> kCategories = {
      {"service_quality", "服务质量", "Service quality", Side::household},
      {"attitude", "服务态度", "Attitude", Side::household},
      {"price_fees", "价格与收费", "Prices and fees", Side::household},
      {"agency_fee_refund", "中介费退费", "Agency-fee refunds", Side::household},
      {"contract_terms", "合同条款", "Contract terms", Side::household},
      {"replacement_empty_post", "频繁换人与空岗", "Frequent replacement, empty post", Side::household},
      {"certificate_fraud", "证书造假", "Certificate fraud", Side::household},
      {"false_advertising", "虚假宣传", "False advertising", Side::household},
      {"safety_theft", "安全与财物", "Safety and theft", Side::household},
      {"punctuality", "守时", "Punctuality", Side::household},
      {"health", "健康", "Health", Side::household},
      {"privacy", "隐私", "Privacy", Side::household},
      {"wages", "工资", "Wages", Side::worker},
      {"rest_days", "休息休假", "Rest days", Side::worker},
      {"unpaid_fees", "押金与费用", "Deposits and fees owed", Side::worker},
  };
  return kCategories;
}

const Category* find_category(std::string_view code) {
  for (const auto& c : categories())
    if (c.code == code) return &c;
  return nullptr;
}

Side side_of_source(std::string_view source) {
  return source == "survey" || source == "dispute" ? Side::worker : Side::household;
}

PainPointClassifier::PainPointClassifier() {
  auto rows = parse_csv(embedded_file("data/supervision/painpoint_lexicon.csv").value_or(""));
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() < 3 || rows[i][0].empty()) continue;  // segmentation-only words
    cues_[rows[i][1]].emplace_back(rows[i][0], std::atoi(rows[i][2].c_str()));
  }
}

const PainPointClassifier& PainPointClassifier::instance() {
  static const PainPointClassifier c;
  return c;
}

Classified PainPointClassifier::classify(std::string_view text, Side side) const {
  return classify_words(Segmenter::instance().segment(text), side);
}

Classified PainPointClassifier::classify_words(std::vector<std::string> words, Side side) const {
  Classified out;
  std::map<std::string, int> score;
  std::map<std::string, std::vector<std::string>> found;
  std::set<std::string> seen;  // each cue counts once per text
  for (size_t i = 0; i < words.size(); ++i) {
    std::string run;
    for (size_t n = 0; n < 3 && i + n < words.size(); ++n) {
      run += words[i + n];
      auto it = cues_.find(run);
      if (it == cues_.end() || !seen.insert(run).second) continue;
      for (const auto& [category, weight] : it->second) {
        score[category] += weight;
        found[category].push_back(run);
      }
    }
  }
  // The other side's categories count half (a worker rarely writes about a household's contract terms).
  std::string best = "none";
  int best_score = score["none"] * 2;
  for (const auto& c : categories()) {
    int s = score[std::string(c.code)] * (c.side == side ? 2 : 1);
    if (s > best_score) {
      best = std::string(c.code);
      best_score = s;
    }
  }
  if (best != "none" && best_score < 2 * kMinScore) best = "none";
  out.category = best;
  out.score = best_score / 2;
  out.cues = found[best];
  out.words = std::move(words);
  return out;
}

std::string mask_text(std::string_view text) {
  std::string out;
  // Digits first: a run of 7 or more keeps its last 4.
  for (size_t i = 0; i < text.size();) {
    if (std::isdigit(static_cast<unsigned char>(text[i]))) {
      size_t j = i;
      while (j < text.size() && (std::isdigit(static_cast<unsigned char>(text[j])) || text[j] == 'X' || text[j] == 'x')) ++j;
      if (j - i >= 7) out += std::string(j - i - 4, '*') + std::string(text.substr(j - 4, 4));
      else out += text.substr(i, j - i);
      i = j;
    } else {
      out += text[i++];
    }
  }
  // A surname before a form of address: one CJK character (3 bytes in UTF-8) right before it.
  static const char* kTitles[] = {"阿姨", "师傅", "大姐", "女士", "先生", "老师", "姐"};
  static const std::set<std::string> kNotSurnames = {"的", "个", "位", "这", "那", "新", "老", "小", "大", "该", "是", "找", "请", "让", "和", "跟", "给", "被", "家", "名", "保", "月", "育", "嫂"};
  std::string masked;
  for (size_t i = 0; i < out.size();) {
    bool done = false;
    if (i + 3 <= out.size() && (static_cast<unsigned char>(out[i]) & 0xF0) == 0xE0) {
      std::string ch = out.substr(i, 3);
      for (const char* t : kTitles) {
        if (out.compare(i + 3, std::strlen(t), t) == 0 && !kNotSurnames.count(ch)) {
          masked += "某";
          masked += t;
          i += 3 + std::strlen(t);
          done = true;
          break;
        }
      }
    }
    if (!done) {
      size_t len = 1;
      unsigned char c = static_cast<unsigned char>(out[i]);
      if ((c & 0xE0) == 0xC0) len = 2;
      else if ((c & 0xF0) == 0xE0) len = 3;
      else if ((c & 0xF8) == 0xF0) len = 4;
      masked += out.substr(i, len);
      i += len;
    }
  }
  return masked;
}

}  // namespace jz::supervision
